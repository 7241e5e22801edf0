//! The refresh scheduler: every few seconds (or when woken), claim the tokens that are due and
//! refresh them with bounded concurrency.

use std::future::Future;

use futures::StreamExt;

use super::lease;
use super::refresh::{Mode, refresh};
use crate::error::CoreResult;
use crate::services::Services;

/// What one sweep did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SweepReport {
    /// Due tokens this process claimed.
    pub claimed: usize,
    /// Of those, refreshed successfully.
    pub refreshed: usize,
    /// Of those, failed (they back off and are retried later).
    pub failed: usize,
}

/// Claims the due tokens and refreshes them.
pub async fn sweep_once(svc: &Services) -> CoreResult<SweepReport> {
    let cfg = &svc.tokens.config;
    let claimed = lease::claim_due(svc, cfg.sweep_batch).await?;
    let mut report = SweepReport {
        claimed: claimed.len(),
        ..Default::default()
    };
    let results: Vec<bool> = futures::stream::iter(claimed)
        .map(|key| async move {
            let ok = refresh(svc, &key, Mode::IfNeeded).await.is_ok();
            if let Err(e) = lease::release(svc, &key).await {
                tracing::warn!("releasing a token lease failed: {e}");
            }
            ok
        })
        .buffer_unordered(cfg.sweep_concurrency.max(1))
        .collect()
        .await;
    report.refreshed = results.iter().filter(|ok| **ok).count();
    report.failed = results.len() - report.refreshed;
    Ok(report)
}

/// Sweeps until `shutdown` resolves.
pub async fn run_scheduler(svc: Services, shutdown: impl Future<Output = ()>) {
    tokio::pin!(shutdown);
    loop {
        let full = match sweep_once(&svc).await {
            Ok(r) => r.claimed as u64 >= svc.tokens.config.sweep_batch,
            Err(e) => {
                tracing::error!("token sweep failed: {e}");
                false
            }
        };
        if full {
            // More are due: go on at once, but let shutdown in.
            tokio::select! {
                () = &mut shutdown => return,
                () = tokio::task::yield_now() => continue,
            }
        }
        tokio::select! {
            () = &mut shutdown => return,
            () = tokio::time::sleep(svc.tokens.config.sweep_interval) => {}
            () = svc.token_notify.notified() => {}
        }
    }
}
