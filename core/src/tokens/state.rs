//! Per-process token state: refresh policy, single-flight locks and a short-lived cache.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use wxopen::Secret;

use super::key::TokenKey;

/// Refresh policy. The defaults follow WeChat's 7200-second tokens.
#[derive(Clone, Debug)]
pub struct TokenConfig {
    /// Refresh at this fraction of `expires_in` (before jitter).
    pub refresh_ratio: f64,
    /// Refresh up to this fraction of `expires_in` earlier still, at random, so that tokens
    /// issued together are not refreshed together.
    pub jitter_ratio: f64,
    /// A token this close to expiry is no longer handed out.
    pub grace_ms: i64,
    /// How long a refresher holds its lease.
    pub lease_ms: i64,
    /// How long a process trusts its cached copy before re-reading the database (another
    /// instance may have refreshed; WeChat keeps the old token valid 5 minutes).
    pub cache_ttl_ms: i64,
    /// First backoff after a failure; doubles per failure.
    pub backoff_base_ms: i64,
    /// Longest backoff.
    pub backoff_max_ms: i64,
    /// How long a reader without a usable token waits for another process's refresh.
    pub wait_for_other_ms: i64,
    /// Tokens claimed per sweep.
    pub sweep_batch: u64,
    /// Refreshes running at once in a sweep.
    pub sweep_concurrency: usize,
    /// Time between sweeps.
    pub sweep_interval: Duration,
}

impl Default for TokenConfig {
    fn default() -> Self {
        Self {
            refresh_ratio: 0.8,
            jitter_ratio: 0.05,
            grace_ms: 60_000,
            lease_ms: 30_000,
            cache_ttl_ms: 60_000,
            backoff_base_ms: 5_000,
            backoff_max_ms: 600_000,
            wait_for_other_ms: 10_000,
            sweep_batch: 100,
            sweep_concurrency: 8,
            sweep_interval: Duration::from_secs(2),
        }
    }
}

#[derive(Clone)]
pub(crate) struct Cached {
    pub token: Secret,
    pub expires_at: i64,
    pub version: i64,
    pub loaded_at: i64,
    /// Once due, another process may refresh at any moment: re-read from then on.
    pub refresh_due_at: Option<i64>,
}

/// In-process state: one refresh at a time per token, and recently read tokens.
#[derive(Default)]
pub struct TokenState {
    pub(crate) config: TokenConfig,
    flights: Mutex<HashMap<TokenKey, Arc<tokio::sync::Mutex<()>>>>,
    cache: Mutex<HashMap<TokenKey, Cached>>,
}

impl std::fmt::Debug for TokenState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenState")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl TokenState {
    /// Empty state with `config`.
    pub fn new(config: TokenConfig) -> Self {
        Self {
            config,
            ..Default::default()
        }
    }

    /// The single-flight lock of `key`.
    pub(crate) fn flight(&self, key: &TokenKey) -> Arc<tokio::sync::Mutex<()>> {
        let mut flights = self.flights.lock().unwrap_or_else(|p| p.into_inner());
        flights.entry(key.clone()).or_default().clone()
    }

    /// Forgets locks nobody holds (keeps the map from growing with every authorizer).
    pub(crate) fn release_flight(&self, key: &TokenKey) {
        let mut flights = self.flights.lock().unwrap_or_else(|p| p.into_inner());
        if flights.get(key).is_some_and(|l| Arc::strong_count(l) == 1) {
            flights.remove(key);
        }
    }

    pub(crate) fn cached(&self, key: &TokenKey) -> Option<Cached> {
        let cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        cache.get(key).cloned()
    }

    pub(crate) fn remember(&self, key: &TokenKey, value: Cached) {
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        cache.insert(key.clone(), value);
    }

    pub(crate) fn forget(&self, key: &TokenKey) {
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        cache.remove(key);
    }
}
