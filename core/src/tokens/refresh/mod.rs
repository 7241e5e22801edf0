//! Refreshing tokens, and the entry points that hand one out: the current token if it is usable,
//! else a refresh. One refresh per token at a time, inside the process (single-flight) and across
//! processes (the lease); a reader holding a usable token never waits.
//!
//! Getting, calling with and refreshing a token are one recursion (an authorizer's refresh needs
//! the component token, which may need a refresh in turn), so the calls to WeChat for a new token
//! ([`fetch`], [`recover`]) are this module's children; recording a failure is [`failure`]'s job,
//! reading and storing are the sibling modules'.

mod failure;
mod fetch;
mod recover;

use std::future::Future;
use std::time::Duration;

use sea_orm::EntityTrait;
use wxopen::{ApiError, Secret};

use self::fetch::Fresh;
use crate::PlatformId;
use crate::authorizers::store as authorizers;
use crate::error::{CoreError, CoreResult};
use crate::message::Bi;
use crate::platforms::entity as component;
use crate::services::Services;
use crate::tokens::entity as access_token;
use crate::tokens::errors::CallError;
use crate::tokens::key::TokenKey;
use crate::tokens::lease;
use crate::tokens::read::{self, AccessToken};
use crate::tokens::store::{self, expire_if_current};

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Refresh only if the stored token is due, expired, or missing.
    IfNeeded,
    /// Refresh now (an operator asked).
    Force,
}

/// The platform's component access token (refreshed first if needed).
pub async fn component_token(svc: &Services, component_id: PlatformId) -> CoreResult<AccessToken> {
    get(svc, &TokenKey::component(component_id)).await
}

/// An authorizer's access token (refreshed first if needed).
pub async fn authorizer_token(
    svc: &Services,
    component_id: PlatformId,
    authorizer_appid: &str,
) -> CoreResult<AccessToken> {
    get(svc, &TokenKey::authorizer(component_id, authorizer_appid)).await
}

/// Refreshes now, whatever the stored token's age ("refresh token now").
pub async fn refresh_now(svc: &Services, key: &TokenKey) -> CoreResult<AccessToken> {
    refresh(svc, key, Mode::Force).await
}

/// Calls WeChat with the component token; if WeChat says the token is invalid or expired,
/// expires it (compare-and-expire), refreshes, and retries once.
pub async fn with_component_token<T, F, Fut>(
    svc: &Services,
    component_id: PlatformId,
    call: F,
) -> Result<T, CallError>
where
    F: Fn(Secret) -> Fut,
    Fut: Future<Output = Result<T, ApiError>>,
{
    with_token(svc, &TokenKey::component(component_id), call).await
}

/// [`with_component_token`] for an authorizer's calls (customer-service messages, the proxy).
pub async fn with_authorizer_token<T, F, Fut>(
    svc: &Services,
    component_id: PlatformId,
    authorizer_appid: &str,
    call: F,
) -> Result<T, CallError>
where
    F: Fn(Secret) -> Fut,
    Fut: Future<Output = Result<T, ApiError>>,
{
    with_token(
        svc,
        &TokenKey::authorizer(component_id, authorizer_appid),
        call,
    )
    .await
}

async fn with_token<T, F, Fut>(svc: &Services, key: &TokenKey, call: F) -> Result<T, CallError>
where
    F: Fn(Secret) -> Fut,
    Fut: Future<Output = Result<T, ApiError>>,
{
    let token = get(svc, key).await?;
    match call(token.token.clone()).await {
        Err(e) if e.is_access_token_invalid() => {
            tracing::info!(
                component_id = %key.component_id,
                authorizer = %key.authorizer_appid,
                "access token rejected by WeChat; refreshing once"
            );
            expire_if_current(svc, key, token.version).await?;
            let token = refresh(svc, key, Mode::IfNeeded).await?;
            Ok(call(token.token).await?)
        }
        other => Ok(other?),
    }
}

/// The current token if it is usable, else a refresh.
async fn get(svc: &Services, key: &TokenKey) -> CoreResult<AccessToken> {
    match read::current(svc, key).await? {
        Some(t) => Ok(t),
        None => refresh(svc, key, Mode::IfNeeded).await,
    }
}

/// One refresh per token in this process at a time; see [`refresh_locked`].
pub(crate) async fn refresh(svc: &Services, key: &TokenKey, mode: Mode) -> CoreResult<AccessToken> {
    let flight = svc.tokens.flight(key);
    let result = {
        let _guard = flight.lock().await;
        refresh_locked(svc, key, mode).await
    };
    drop(flight);
    svc.tokens.release_flight(key);
    result
}

async fn refresh_locked(svc: &Services, key: &TokenKey, mode: Mode) -> CoreResult<AccessToken> {
    let first = read::load(svc, key).await?;
    let now = svc.now();
    let current = read::usable(svc, key, &first, now)?;
    if mode == Mode::IfNeeded
        && let Some(answer) = read::not_refreshing(&first, current.as_ref(), now)
    {
        return answer;
    }
    if !lease::acquire(svc, key).await? {
        // Another process is refreshing. Serve the current token if there is one.
        if let Some(t) = current {
            return Ok(t);
        }
        return wait_for_other(svc, key, first.version).await;
    }
    // Boxed: an authorizer refresh needs the component token, which may refresh in turn.
    let result = Box::pin(refresh_with_lease(svc, key, mode, &first)).await;
    if let Err(e) = lease::release(svc, key).await {
        tracing::warn!("releasing a token lease failed: {e}");
    }
    result
}

/// Waits for another process's refresh of a token we have no usable copy of.
async fn wait_for_other(svc: &Services, key: &TokenKey, version: i64) -> CoreResult<AccessToken> {
    let deadline = svc.now() + svc.tokens.config.wait_for_other_ms;
    loop {
        tokio::time::sleep(Duration::from_millis(150)).await;
        let row = read::load(svc, key).await?;
        let now = svc.now();
        if row.version != version
            && let Some(t) = read::usable(svc, key, &row, now)?
        {
            read::remember(svc, key, &t, row.refresh_due_at);
            return Ok(t);
        }
        let lease_free = row.lease_until.is_none_or(|u| u < now);
        if lease_free || now > deadline {
            if lease_free && row.next_attempt_at.is_none_or(|t| t <= now) {
                // The other process gave up without a token; try ourselves.
                return Box::pin(refresh(svc, key, Mode::IfNeeded)).await;
            }
            return Err(read::last_failure(&row));
        }
    }
}

async fn refresh_with_lease(
    svc: &Services,
    key: &TokenKey,
    mode: Mode,
    first: &access_token::Model,
) -> CoreResult<AccessToken> {
    let row = read::load(svc, key).await?;
    let now = svc.now();
    if mode == Mode::IfNeeded
        && row.version != first.version
        && row.refresh_due_at.is_none_or(|d| d > now)
        && let Some(t) = read::usable(svc, key, &row, now)?
    {
        // Refreshed by another process between our first read and our lease.
        return Ok(t);
    }
    let component = component::Entity::find_by_id(key.component_id)
        .one(svc.db.conn())
        .await?
        .ok_or_else(|| read::not_found(key))?;
    if !component.enabled {
        return Err(CoreError::Invalid(Bi::new(
            "该第三方平台已停用",
            "This platform is disabled",
        )));
    }
    let outcome = if key.is_component() {
        fetch::component(svc, &component).await
    } else {
        fetch::authorizer(svc, &component, &key.authorizer_appid).await
    };
    let result = match outcome {
        Ok(fresh) => store_fresh(svc, key, &row, fresh).await,
        Err(failure) => {
            failure::record(svc, key, &row, &component, &failure).await?;
            Err(failure.into_core())
        }
    };
    crate::metrics::token_refreshed(key.is_component(), result.is_ok());
    let metric = if result.is_ok() {
        crate::activity::Metric::RefreshOk
    } else {
        crate::activity::Metric::RefreshFailed
    };
    let counted = crate::activity::count(
        svc.db.conn(),
        component.tenant_id,
        component.id,
        metric,
        svc.now(),
    )
    .await;
    if let Err(e) = counted {
        tracing::error!("counting a token refresh by the hour failed: {e}");
    }
    result
}

/// Stores what WeChat handed out, in one transaction: the refresh token first (if it rotated, the
/// old one no longer works, and losing the new one would cost a re-authorization), then the
/// access token. Caches the new token. Only while this process still holds the lease, checked in
/// the same transaction: a refresh that outlived its lease leaves the row to the process that
/// took it over (the token it got is still handed to its caller, not stored).
async fn store_fresh(
    svc: &Services,
    key: &TokenKey,
    row: &access_token::Model,
    fresh: Fresh,
) -> CoreResult<AccessToken> {
    let txn = svc.db.begin_write().await?;
    if !lease::renew(svc, &txn, key).await? {
        drop(txn);
        tracing::warn!(
            component_id = %key.component_id,
            authorizer = %key.authorizer_appid,
            "token lease lost during the refresh; its result is not stored"
        );
        return Ok(AccessToken {
            token: fresh.token,
            expires_at: svc.now()
                + i64::try_from(fresh.expires_in)
                    .unwrap_or(0)
                    .saturating_mul(1000),
            version: row.version,
        });
    }
    if let Some(rt) = &fresh.refresh_token {
        authorizers::store_refresh_token(svc, &txn, key.component_id, &key.authorizer_appid, rt)
            .await?;
    }
    let stored = store::store_token(svc, &txn, key, fresh.issued()).await?;
    txn.commit().await?;
    let version = read::find(svc, key)
        .await?
        .map(|r| r.version)
        .unwrap_or(row.version + 1);
    let t = AccessToken {
        token: fresh.token,
        expires_at: stored.expires_at,
        version,
    };
    read::remember(svc, key, &t, Some(stored.refresh_due_at));
    tracing::info!(
        component_id = %key.component_id,
        authorizer = %key.authorizer_appid,
        "token refreshed"
    );
    Ok(t)
}
