//! This process's memory of recently authenticated keys and the platforms they reached, kept for
//! [`TTL`]: the platform API answers a busy service's token requests without three database reads
//! each (issue 13's token-API figure).
//!
//! Why this is safe: an entry lives one second. A key revoked or a tenant suspended in this
//! process forgets everything at once ([`forget_all`]); another instance refuses the key within
//! one second. The cache is per process (a static), like the tokens it guards: keys are SHA-256
//! hashes of 256 random bits, so nothing of one tenant can be served to another.

use std::sync::LazyLock;
use std::time::Duration;

use super::principal::ApiPrincipal;
use crate::expiring::Expiring;
use crate::platforms::entity as component;
use crate::{PlatformId, TenantId};

/// How long an entry is believed.
pub const TTL: Duration = Duration::from_secs(1);
/// Past this many entries a map starts again from empty (a bound, not a working size).
const MAX_ENTRIES: usize = 50_000;

/// Principals by the SHA-256 of their key.
static CALLERS: LazyLock<Expiring<String, ApiPrincipal>> =
    LazyLock::new(|| Expiring::new(TTL, MAX_ENTRIES));
/// Platforms by tenant and appid.
static PLATFORMS: LazyLock<Expiring<(TenantId, String), component::Model>> =
    LazyLock::new(|| Expiring::new(TTL, MAX_ENTRIES));

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
