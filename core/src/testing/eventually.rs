//! Waiting for what happens in the background (a push processed, a delivery finished), by
//! polling: never a fixed sleep.

use std::future::Future;
use std::time::{Duration, Instant};

/// How long [`eventually`] waits: generous for a loaded 2-core machine; a condition that already
/// holds returns at the first poll.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);

/// The pause between two polls.
const POLL_INTERVAL: Duration = Duration::from_millis(50);

/// Polls `check` until it gives a value, for at most [`DEFAULT_TIMEOUT`]; panics naming `what`
/// when it never does. `check` may act as well as look (process pending pushes, move a clock).
///
/// ```no_run
/// # async fn example(svc: console_core::Services, tenant: console_core::TenantId, id: console_core::PlatformId) {
/// use console_core::testing::eventually;
/// let at = eventually("the first ticket", || async {
///     console_core::platforms::get(&svc, tenant, id).await.unwrap().ticket_received_at
/// })
/// .await;
/// # }
/// ```
pub async fn eventually<T, F, Fut>(what: &str, check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    eventually_within(what, DEFAULT_TIMEOUT, check).await
}

/// [`eventually`] with its own timeout.
pub async fn eventually_within<T, F, Fut>(what: &str, timeout: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(
            Instant::now() < deadline,
            "timed out after {timeout:?} waiting for {what}"
        );
        tokio::time::sleep(POLL_INTERVAL).await;
    }
}
