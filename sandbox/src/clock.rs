//! The sandbox's clock: real time, shifted and sped up on demand, so tests can make hours pass.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tokio::sync::Notify;

/// A clock every expiry of the sandbox reads (tokens, codes, tickets, tasks, quotas, the ticket
/// timer). Cheap to clone; all clones share one time line.
#[derive(Clone)]
pub struct SandboxClock {
    inner: Arc<Inner>,
}

struct Inner {
    line: Mutex<TimeLine>,
    changed: Notify,
}

/// Virtual time = `anchor_virtual + (Instant::now() - anchor_real) * speed`.
struct TimeLine {
    anchor_real: Instant,
    anchor_virtual_ms: i64,
    speed: f64,
}

impl TimeLine {
    fn now_ms(&self) -> i64 {
        let elapsed = self.anchor_real.elapsed().as_secs_f64() * 1000.0 * self.speed;
        self.anchor_virtual_ms + elapsed as i64
    }
}

impl Default for SandboxClock {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for SandboxClock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxClock")
            .field("now_ms", &self.now_millis())
            .field("speed", &self.speed())
            .finish()
    }
}

impl SandboxClock {
    /// A clock at the real time, running at real speed.
    pub fn new() -> Self {
        let now_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64);
        Self {
            inner: Arc::new(Inner {
                line: Mutex::new(TimeLine {
                    anchor_real: Instant::now(),
                    anchor_virtual_ms: now_ms,
                    speed: 1.0,
                }),
                changed: Notify::new(),
            }),
        }
    }

    fn line(&self) -> std::sync::MutexGuard<'_, TimeLine> {
        self.inner
            .line
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The sandbox's current time.
    pub fn now(&self) -> SystemTime {
        let ms = self.now_millis();
        UNIX_EPOCH + Duration::from_millis(ms.max(0) as u64)
    }

    /// The current time in unix milliseconds.
    pub fn now_millis(&self) -> i64 {
        self.line().now_ms()
    }

    /// The current time in unix seconds.
    pub fn unix(&self) -> i64 {
        self.now_millis().div_euclid(1000)
    }

    /// Moves the clock forward (expiries happen, timers become due).
    pub fn advance(&self, by: Duration) {
        {
            let mut line = self.line();
            let now = line.now_ms();
            line.anchor_real = Instant::now();
            line.anchor_virtual_ms = now + by.as_millis() as i64;
        }
        self.inner.changed.notify_waiters();
    }

    /// Sets how many virtual seconds pass per real second (1.0 is real time). Values that are not
    /// finite and positive are ignored; the result says whether the speed was taken.
    pub fn set_speed(&self, factor: f64) -> bool {
        if !(factor.is_finite() && factor > 0.0) {
            return false;
        }
        {
            let mut line = self.line();
            let now = line.now_ms();
            line.anchor_real = Instant::now();
            line.anchor_virtual_ms = now;
            line.speed = factor;
        }
        self.inner.changed.notify_waiters();
        true
    }

    /// The current speed factor.
    pub fn speed(&self) -> f64 {
        self.line().speed
    }

    /// How long in real time until `virtual_ms` is reached (zero when already past).
    pub fn real_time_until(&self, virtual_ms: i64) -> Duration {
        let line = self.line();
        let remaining = (virtual_ms - line.now_ms()).max(0) as f64 / line.speed;
        Duration::from_secs_f64(remaining / 1000.0)
    }

    /// Resolves on the next `advance` or `set_speed`.
    pub(crate) async fn changed(&self) {
        self.inner.changed.notified().await;
    }
}

/// The calendar day in China (UTC+8), WeChat's quota day.
pub(crate) fn china_day(unix: i64) -> i64 {
    (unix + 8 * 3600).div_euclid(86_400)
}

/// The calendar month in China (UTC+8), as `year * 12 + month0`, for monthly limits.
pub(crate) fn china_month(unix: i64) -> i64 {
    use chrono::Datelike as _;
    let offset = chrono::FixedOffset::east_opt(8 * 3600);
    match (chrono::DateTime::from_timestamp(unix, 0), offset) {
        (Some(t), Some(offset)) => {
            let local = t.with_timezone(&offset);
            i64::from(local.year()) * 12 + i64::from(local.month0())
        }
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advance_and_speed() {
        let clock = SandboxClock::new();
        let before = clock.unix();
        clock.advance(Duration::from_secs(7200));
        assert!(clock.unix() >= before + 7200);
        assert!(clock.unix() < before + 7200 + 5);
        assert!(!clock.set_speed(0.0));
        assert!(!clock.set_speed(f64::NAN));
        assert!(clock.set_speed(60.0));
        assert_eq!(clock.speed(), 60.0);
        let target = clock.now_millis() + 60_000;
        assert!(clock.real_time_until(target) <= Duration::from_secs(1));
    }

    #[test]
    fn china_calendar() {
        // 2024-01-01 16:00 UTC is 2024-01-02 00:00 in UTC+8.
        let t = 1_704_124_800;
        assert_eq!(china_day(t), china_day(t - 1) + 1);
        assert_eq!(china_month(t), 2024 * 12);
        // 2024-01-31 16:00 UTC is February in China.
        assert_eq!(china_month(1_706_716_800), 2024 * 12 + 1);
    }
}
