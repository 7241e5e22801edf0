//! Reading a token: this process's short-lived cache, then the database; whether the stored token
//! can be handed out, and whether its refresh is due. Nothing here calls WeChat or writes.

use sea_orm::{EntityTrait, QueryFilter};
use wxopen::Secret;

use super::entity as access_token;
use super::errors::{decode_message, no_ticket_message};
use super::key::TokenKey;
use super::state::Cached;
use super::store;
use crate::error::{CoreError, CoreResult};
use crate::services::Services;

/// A usable access token.
#[derive(Clone, Debug)]
pub struct AccessToken {
    pub token: Secret,
    /// Unix ms.
    pub expires_at: i64,
    /// The stored version; pass it back to [`expire_if_current`] when WeChat rejects the token.
    ///
    /// [`expire_if_current`]: super::expire_if_current
    pub version: i64,
}

/// The stored row of `key`, if there is one.
pub(crate) async fn find(
    svc: &Services,
    key: &TokenKey,
) -> CoreResult<Option<access_token::Model>> {
    Ok(access_token::Entity::find()
        .filter(access_token::by_key(key))
        .one(svc.db.conn())
        .await?)
}

/// The stored row of `key`; without one, its platform or authorizer does not exist.
pub(crate) async fn load(svc: &Services, key: &TokenKey) -> CoreResult<access_token::Model> {
    find(svc, key).await?.ok_or_else(|| not_found(key))
}

/// A token without a row: its platform or authorizer does not exist.
pub(super) fn not_found(key: &TokenKey) -> CoreError {
    if key.is_component() {
        CoreError::NotFound("platform")
    } else {
        CoreError::NotFound("authorizer")
    }
}

/// The stored token if it is usable at `now` (not within the grace period of its expiry).
pub(crate) fn usable(
    svc: &Services,
    key: &TokenKey,
    row: &access_token::Model,
    now: i64,
) -> CoreResult<Option<AccessToken>> {
    match (&row.token_enc, row.expires_at) {
        (Some(sealed), Some(exp)) if exp > now + svc.tokens.config.grace_ms => {
            Ok(Some(AccessToken {
                token: store::open(svc, key, sealed)?,
                expires_at: exp,
                version: row.version,
            }))
        }
        _ => Ok(None),
    }
}

/// Keeps `t` in this process's cache; it is read again from the database once `refresh_due_at`
/// has passed, since another process may refresh it from then on.
pub(crate) fn remember(
    svc: &Services,
    key: &TokenKey,
    t: &AccessToken,
    refresh_due_at: Option<i64>,
) {
    svc.tokens.remember(
        key,
        Cached {
            token: t.token.clone(),
            expires_at: t.expires_at,
            version: t.version,
            loaded_at: svc.now(),
            refresh_due_at,
        },
    );
}

/// A usable token without refreshing: the cached copy while it is recent, not due and not near
/// its expiry, else the stored one (then cached). A usable token is returned even if it is due:
/// the scheduler refreshes due tokens ahead of expiry, and readers never wait on it.
pub(crate) async fn current(svc: &Services, key: &TokenKey) -> CoreResult<Option<AccessToken>> {
    let now = svc.now();
    let cfg = &svc.tokens.config;
    if let Some(c) = svc.tokens.cached(key)
        && c.loaded_at + cfg.cache_ttl_ms > now
        && c.expires_at > now + cfg.grace_ms
        && c.refresh_due_at.is_none_or(|d| d > now)
    {
        return Ok(Some(AccessToken {
            token: c.token,
            expires_at: c.expires_at,
            version: c.version,
        }));
    }
    let row = load(svc, key).await?;
    let t = usable(svc, key, &row, now)?;
    if let Some(t) = &t {
        remember(svc, key, t, row.refresh_due_at);
    }
    Ok(t)
}

/// Whether a token asked for (not forced) is left alone for now, and what the caller gets then:
/// the current token while it is usable and not due; while refreshes back off after a failure,
/// the current token or else that failure. `None`: refresh now.
pub(crate) fn not_refreshing(
    row: &access_token::Model,
    current: Option<&AccessToken>,
    now: i64,
) -> Option<CoreResult<AccessToken>> {
    let due = row.refresh_due_at.is_some_and(|d| d <= now);
    match current {
        Some(t) if !due => Some(Ok(t.clone())),
        _ if row.next_attempt_at.is_some_and(|t| t > now) => {
            Some(current.cloned().ok_or_else(|| last_failure(row)))
        }
        _ => None,
    }
}

/// The failure recorded on the row, as the error a caller without a token gets (before any
/// failure: the missing ticket, the usual reason).
pub(crate) fn last_failure(row: &access_token::Model) -> CoreError {
    let msg = row
        .last_error
        .as_deref()
        .map(decode_message)
        .unwrap_or_else(no_ticket_message);
    CoreError::Upstream(msg)
}

/// The stored token of `key` with its version, whatever its age (none before the first one, or
/// once WeChat handed none out): what a reported token is compared with.
pub async fn stored_token(svc: &Services, key: &TokenKey) -> CoreResult<Option<AccessToken>> {
    let row = load(svc, key).await?;
    match (&row.token_enc, row.expires_at) {
        (Some(sealed), Some(exp)) => Ok(Some(AccessToken {
            token: store::open(svc, key, sealed)?,
            expires_at: exp,
            version: row.version,
        })),
        _ => Ok(None),
    }
}
