//! Time as the domain sees it: Unix milliseconds from a clock that tests can move.
//!
//! Every instant core reads comes from a [`Clock`] passed in: the one [`Services`] holds
//! (`svc.now()`), or, for the account functions that work on a bare database, the caller's. There
//! is no free "now" function, so that a test moving its clock moves every time the console records.
//!
//! [`Services`]: crate::Services

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// A source of "now" in Unix milliseconds.
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now_ms(&self) -> i64;
}

/// The wall clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        chrono::Utc::now().timestamp_millis()
    }
}

/// A clock that only moves when told to; for tests of expiry and refresh timing.
#[derive(Clone, Debug)]
pub struct ManualClock(Arc<AtomicI64>);

impl ManualClock {
    /// A clock standing at `now_ms`.
    pub fn at(now_ms: i64) -> Self {
        Self(Arc::new(AtomicI64::new(now_ms)))
    }

    /// Moves the clock forward by `ms` milliseconds.
    pub fn advance_ms(&self, ms: i64) {
        self.0.fetch_add(ms, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// The wall clock, shared.
pub fn system() -> Arc<dyn Clock> {
    Arc::new(SystemClock)
}

/// Formats Unix ms as China Standard Time (UTC+8, WeChat's and the users' time zone):
/// `2026-11-21 20:30:00`.
pub fn format_time_cst(ms: i64) -> String {
    use chrono::{FixedOffset, TimeZone};
    let Some(cst) = FixedOffset::east_opt(8 * 3600) else {
        return ms.to_string();
    };
    match cst.timestamp_millis_opt(ms).single() {
        Some(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
        None => ms.to_string(),
    }
}
