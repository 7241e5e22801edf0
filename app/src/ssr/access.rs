//! The staff-access settings of one server process: how long a session may last, the sign-in
//! gate, where a client's address comes from, and the throttle of the anonymous page WeChat
//! redirects merchants to. Built by the server from its configuration.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::client::ClientAddrSource;
use super::login_gate::{FailureQuota, LoginGate, LoginLimits, address_key};

/// How long a session lasts after signing in unless configured: 12 hours, however active.
pub const DEFAULT_SESSION_LIFETIME: Duration = Duration::from_secs(12 * 3600);

/// Staff-access settings and state.
#[derive(Debug)]
pub struct AccessPolicy {
    /// The absolute lifetime of a session, counted from signing in (the session store's own
    /// expiry only slides with activity, so a busy session would otherwise live forever).
    pub session_lifetime: Duration,
    /// Sign-in throttling and password-check slots.
    pub login: LoginGate,
    /// Where a client's address comes from.
    pub client_addr: ClientAddrSource,
    /// Requests per client address to the page WeChat redirects merchants to.
    pub redirects: AddressLimiter,
}

impl AccessPolicy {
    /// The policy with these settings and the default sign-in limits.
    pub fn new(session_lifetime: Duration, client_addr: ClientAddrSource) -> Self {
        Self {
            session_lifetime,
            login: LoginGate::new(LoginLimits::default()),
            client_addr,
            redirects: AddressLimiter::new(REDIRECT_QUOTA),
        }
    }
}

/// The redirect page (`/wechat/{appid}/authorized`) per client address: 20 at once, then one
/// every 6 seconds. Anyone may call it and each well-formed code costs a claim row and a WeChat
/// call; a merchant opens it once per authorization (and perhaps reloads it), and an office
/// behind one address authorizing a few accounts stays far below this.
pub const REDIRECT_QUOTA: FailureQuota = FailureQuota {
    burst: 20,
    per: Duration::from_secs(6),
};

/// Counts every request of a client address (an IPv6 client's /64) in a GCRA bucket
/// (`governor`, as the sign-in gate) and refuses those beyond the quota. Per process, like the
/// sign-in gate: several instances each allow their share.
#[derive(Debug)]
pub struct AddressLimiter {
    limiter: DefaultKeyedRateLimiter<String>,
    requests: AtomicU32,
}

impl AddressLimiter {
    pub fn new(q: FailureQuota) -> Self {
        let burst = NonZeroU32::new(q.burst.max(1)).unwrap_or(NonZeroU32::MIN);
        let quota = Quota::with_period(q.per.max(Duration::from_millis(1)))
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
            .allow_burst(burst);
        Self {
            limiter: RateLimiter::keyed(quota),
            requests: AtomicU32::new(0),
        }
    }

    /// Takes a request of `address` into account: `Err(wait)` when it is over its quota and
    /// may try again after `wait`. A request whose address is unknown is not limited.
    pub fn check(&self, address: Option<IpAddr>) -> Result<(), Duration> {
        let Some(ip) = address else {
            return Ok(());
        };
        // Every 1024 requests, forget the addresses whose bucket is full again (memory stays
        // bounded by the recent clients).
        if self.requests.fetch_add(1, Ordering::Relaxed) % 1024 == 1023 {
            self.limiter.retain_recent();
        }
        self.limiter
            .check_key(&address_key(ip))
            .map_err(|not_until| {
                use governor::clock::Clock;
                not_until.wait_time_from(self.limiter.clock().now())
            })
    }
}

impl Default for AccessPolicy {
    fn default() -> Self {
        Self::new(DEFAULT_SESSION_LIFETIME, ClientAddrSource::default())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn an_address_beyond_its_burst_waits_and_others_do_not() {
        let l = AddressLimiter::new(FailureQuota {
            burst: 3,
            per: Duration::from_secs(10),
        });
        let ip: IpAddr = "198.51.100.4".parse().unwrap();
        for _ in 0..3 {
            l.check(Some(ip)).unwrap();
        }
        let wait = l.check(Some(ip)).unwrap_err();
        assert!(wait > Duration::from_secs(8) && wait <= Duration::from_secs(10));
        assert!(l.check(Some("198.51.100.5".parse().unwrap())).is_ok());
        assert!(l.check(None).is_ok(), "an unknown address is not limited");
    }
}
