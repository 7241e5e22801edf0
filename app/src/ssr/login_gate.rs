//! What stands between an anonymous client and a password check: failed sign-ins are throttled
//! per account and per client address, and only a few password checks run at once.
//!
//! Every check runs Argon2 (about 19 MiB and tens of milliseconds of one core), so unbounded
//! parallel sign-ins could take gigabytes and every core. Excess attempts are refused at once
//! (HTTP 429) instead of waiting in the blocking pool's queue.
//!
//! Throttling counts failures only (a colleague signing in ten times a day is never slowed): a
//! failure takes a cell of a GCRA bucket (`governor`) keyed by the account or the address; when
//! the bucket refuses, the key is blocked until the next cell is due, and attempts before then
//! are refused without checking the password. The state is per process: several instances each
//! allow their own share, which still bounds guessing to a handful of tries a minute per instance.

use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use console_types::Bi;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::AppError;

/// How many failures a key may have before it is throttled, and how fast they are forgiven.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FailureQuota {
    /// Failures allowed in a burst.
    pub burst: u32,
    /// One more failure is allowed per this period.
    pub per: Duration,
}

/// The gate's settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoginLimits {
    /// Per account (the normalised username, whether or not it exists).
    pub account: FailureQuota,
    /// Per client address (an IPv6 client's /64 network).
    pub address: FailureQuota,
    /// Password checks that may run at once; more are refused.
    pub concurrent_checks: usize,
}

impl Default for LoginLimits {
    /// 5 failures per account, then one a minute; 20 per address, then one every 10 seconds; as
    /// many password checks at once as the machine has cores.
    fn default() -> Self {
        Self {
            account: FailureQuota {
                burst: 5,
                per: Duration::from_secs(60),
            },
            address: FailureQuota {
                burst: 20,
                per: Duration::from_secs(10),
            },
            concurrent_checks: std::thread::available_parallelism().map_or(2, usize::from),
        }
    }
}

/// Why an attempt was refused before its password was checked (or after, for the failure that
/// used up the quota).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Too many failures for this account or address: try again after this long.
    Throttled(Duration),
    /// Every password-check slot is busy right now.
    Busy,
}

impl Refusal {
    /// Whole seconds to wait, at least one.
    pub fn retry_after_secs(self) -> u64 {
        match self {
            Refusal::Throttled(wait) => wait.as_secs() + u64::from(wait.subsec_nanos() > 0),
            Refusal::Busy => 1,
        }
        .max(1)
    }

    /// The answer to the client: 429 with `Retry-After` and a message saying when.
    pub fn into_error(self) -> AppError {
        let secs = self.retry_after_secs();
        if let Some(res) = use_context::<ResponseOptions>()
            && let Ok(v) = http::HeaderValue::from_str(&secs.to_string())
        {
            res.insert_header(http::header::RETRY_AFTER, v);
        }
        let message = match self {
            Refusal::Throttled(_) => Bi::new(
                format!("登录失败次数过多，请在 {secs} 秒后重试"),
                format!("Too many failed sign-ins; try again in {secs} seconds"),
            ),
            Refusal::Busy => Bi::new(
                format!("服务器正忙于处理其他登录，请在 {secs} 秒后重试"),
                format!("The server is busy with other sign-ins; try again in {secs} seconds"),
            ),
        };
        super::respond(AppError::Throttled(message))
    }
}

/// The throttles and the password-check slots of one server process.
#[derive(Debug)]
pub struct LoginGate {
    accounts: Throttle,
    addresses: Throttle,
    checks: Arc<Semaphore>,
}

/// Held while a password is checked; dropping it frees the slot.
#[derive(Debug)]
pub struct CheckSlot {
    _permit: OwnedSemaphorePermit,
}

impl LoginGate {
    pub fn new(limits: LoginLimits) -> Self {
        Self {
            accounts: Throttle::new(limits.account),
            addresses: Throttle::new(limits.address),
            checks: Arc::new(Semaphore::new(limits.concurrent_checks.max(1))),
        }
    }

    /// Before a password check: refuses a throttled account or address, or takes a check slot.
    pub fn admit(&self, account: &str, address: Option<IpAddr>) -> Result<CheckSlot, Refusal> {
        let waits = [
            self.accounts.blocked_for(&account_key(account)),
            address.and_then(|a| self.addresses.blocked_for(&address_key(a))),
        ];
        if let Some(wait) = waits.into_iter().flatten().max() {
            return Err(Refusal::Throttled(wait));
        }
        Arc::clone(&self.checks)
            .try_acquire_owned()
            .map(|permit| CheckSlot { _permit: permit })
            .map_err(|_| Refusal::Busy)
    }

    /// After a wrong password: counts the failure; `Err` when it used up the quota (this attempt
    /// is then answered as throttled too).
    pub fn failed(&self, account: &str, address: Option<IpAddr>) -> Result<(), Refusal> {
        let waits = [
            self.accounts.fail(account_key(account)),
            address.and_then(|a| self.addresses.fail(address_key(a))),
        ];
        match waits.into_iter().flatten().max() {
            Some(wait) => Err(Refusal::Throttled(wait)),
            None => Ok(()),
        }
    }
}

/// The account key: the username as sign-in normalises it, cut to its allowed length (so that
/// any spelling of one name is one key).
fn account_key(username: &str) -> String {
    username.trim().to_lowercase().chars().take(64).collect()
}

/// The address key: the IPv4 address, or an IPv6 client's /64 (one customer's network).
pub(super) fn address_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// Failures of one kind of key: a GCRA bucket per key, and the keys blocked until a given time.
#[derive(Debug)]
struct Throttle {
    limiter: DefaultKeyedRateLimiter<String>,
    blocked: Mutex<HashMap<String, Instant>>,
    failures: AtomicU32,
}

impl Throttle {
    fn new(q: FailureQuota) -> Self {
        let burst = NonZeroU32::new(q.burst.max(1)).unwrap_or(NonZeroU32::MIN);
        let quota = Quota::with_period(q.per.max(Duration::from_millis(1)))
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
            .allow_burst(burst);
        Self {
            limiter: RateLimiter::keyed(quota),
            blocked: Mutex::new(HashMap::new()),
            failures: AtomicU32::new(0),
        }
    }

    /// How long `key` stays blocked, if it is.
    fn blocked_for(&self, key: &str) -> Option<Duration> {
        let blocked = self.blocked.lock().unwrap_or_else(|e| e.into_inner());
        let until = blocked.get(key)?;
        until.checked_duration_since(Instant::now())
    }

    /// Counts a failure of `key`; blocks it and returns the wait when the bucket is empty.
    fn fail(&self, key: String) -> Option<Duration> {
        self.forget_old_keys();
        match self.limiter.check_key(&key) {
            Ok(()) => None,
            Err(not_until) => {
                use governor::clock::Clock;
                let wait = not_until.wait_time_from(self.limiter.clock().now());
                self.blocked
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(key, Instant::now() + wait);
                Some(wait)
            }
        }
    }

    /// Every 256 failures, drops the keys whose state is back to fresh (memory stays bounded by
    /// the recent failures, not by every name ever tried).
    fn forget_old_keys(&self) {
        if self.failures.fetch_add(1, Ordering::Relaxed) % 256 != 255 {
            return;
        }
        self.limiter.retain_recent();
        let now = Instant::now();
        self.blocked
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|_, until| *until > now);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn gate(concurrent_checks: usize) -> LoginGate {
        LoginGate::new(LoginLimits {
            account: FailureQuota {
                burst: 3,
                per: Duration::from_secs(60),
            },
            address: FailureQuota {
                burst: 5,
                per: Duration::from_secs(30),
            },
            concurrent_checks,
        })
    }

    #[test]
    fn an_account_is_blocked_after_its_failures_and_others_are_not() {
        let g = gate(4);
        let ip: Option<IpAddr> = None;
        for _ in 0..3 {
            drop(g.admit("Alice", ip).unwrap());
            g.failed("alice ", ip).unwrap();
        }
        drop(g.admit("alice", ip).unwrap());
        let Err(Refusal::Throttled(wait)) = g.failed("ALICE", ip) else {
            panic!("the fourth failure is refused");
        };
        assert!(wait > Duration::from_secs(50) && wait <= Duration::from_secs(60));
        assert!(matches!(g.admit("alice", ip), Err(Refusal::Throttled(_))));
        assert!(
            g.admit("bob", ip).is_ok(),
            "another account is not throttled"
        );
    }

    #[test]
    fn an_address_is_blocked_across_accounts() {
        let g = gate(4);
        let ip = Some("203.0.113.9".parse().unwrap());
        for i in 0..5 {
            g.failed(&format!("user{i}"), ip).unwrap();
        }
        assert!(g.failed("user5", ip).is_err());
        assert!(matches!(g.admit("user6", ip), Err(Refusal::Throttled(_))));
        let other = Some("203.0.113.10".parse().unwrap());
        assert!(g.admit("user6", other).is_ok());
    }

    #[test]
    fn one_ipv6_network_is_one_address() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        assert_eq!(address_key(a), address_key(b));
        let mapped: IpAddr = "::ffff:192.0.2.1".parse().unwrap();
        assert_eq!(address_key(mapped), "192.0.2.1");
    }

    #[test]
    fn checks_beyond_the_slots_are_refused_at_once() {
        let g = gate(2);
        let first = g.admit("a1", None).unwrap();
        let _second = g.admit("a2", None).unwrap();
        assert_eq!(g.admit("a3", None).unwrap_err(), Refusal::Busy);
        drop(first);
        assert!(g.admit("a3", None).is_ok());
    }
}
