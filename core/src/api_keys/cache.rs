//! This process's memory of recently authenticated keys and the platforms they reached, kept for
//! [`TTL`]: the platform API answers a busy service's token requests without three database reads
//! each (issue 13's token-API figure).
//!
//! Why this is safe: an entry lives one second. A key revoked or a tenant suspended in this
//! process forgets everything at once ([`forget_all`]); another instance refuses the key within
//! one second. The cache is per process (a static), like the tokens it guards: keys are SHA-256
//! hashes of 256 random bits, so nothing of one tenant can be served to another.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

use super::principal::ApiPrincipal;
use crate::platforms::entity as component;
use crate::{PlatformId, TenantId};

/// How long an entry is believed.
pub const TTL: Duration = Duration::from_secs(1);
/// Past this many entries a map starts again from empty (a bound, not a working size).
const MAX_ENTRIES: usize = 50_000;

/// A map whose entries expire.
struct Expiring<K, V> {
    entries: Mutex<HashMap<K, (V, Instant)>>,
}

impl<K: Eq + Hash, V: Clone> Expiring<K, V> {
    fn new() -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
        }
    }

    fn get<Q: Eq + Hash + ?Sized>(&self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries
            .get(key)
            .filter(|(_, at)| at.elapsed() < TTL)
            .map(|(v, _)| v.clone())
    }

    fn put(&self, key: K, value: V) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(key, (value, Instant::now()));
    }

    fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }
}

/// Principals by the SHA-256 of their key.
static CALLERS: LazyLock<Expiring<String, ApiPrincipal>> = LazyLock::new(Expiring::new);
/// Platforms by tenant and appid.
static PLATFORMS: LazyLock<Expiring<(TenantId, String), component::Model>> =
    LazyLock::new(Expiring::new);

pub(super) fn caller(hash: &str) -> Option<ApiPrincipal> {
    CALLERS.get(hash)
}

pub(super) fn remember_caller(hash: String, p: &ApiPrincipal) {
    CALLERS.put(hash, p.clone());
}

pub(super) fn platform(tenant_id: TenantId, appid: &str) -> Option<component::Model> {
    PLATFORMS.get(&(tenant_id, appid.to_string()))
}

pub(super) fn remember_platform(p: &component::Model) {
    PLATFORMS.put((p.tenant_id, p.appid.clone()), p.clone());
}

/// Forgets everything: a key was revoked, a tenant suspended, a platform changed.
pub fn forget_all() {
    CALLERS.clear();
    PLATFORMS.clear();
}

/// Whether `id` is among `allowed` (`None`: all), for cached and fresh lookups alike.
pub(super) fn reaches(allowed: &Option<Vec<PlatformId>>, id: PlatformId) -> bool {
    allowed.as_ref().is_none_or(|a| a.contains(&id))
}
