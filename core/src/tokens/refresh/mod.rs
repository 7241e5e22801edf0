//! Getting and refreshing tokens.

use std::future::Future;
use std::time::Duration;

use rand::Rng;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use wxopen::{ApiError, AppId, Secret};

use super::errors::{CallError, api_error_message, egress_ip_from, encode_message};
use super::state::Cached;
use super::{AccessToken, TokenKey, entity as access_token, lease, recover};
use crate::PlatformId;
use crate::authorizers::store as authorizers;
use crate::error::{CoreError, CoreResult};
use crate::message::Bi;
use crate::platforms::{self, entity as component};
use crate::services::Services;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Refresh only if the stored token is due, expired, or missing.
    IfNeeded,
    /// Refresh now (an operator asked).
    Force,
}

/// What WeChat handed out.
struct Fresh {
    token: Secret,
    expires_in: u64,
    refresh_token: Option<Secret>,
}

/// Why a refresh failed, and so what to do next.
enum Failure {
    /// No valid ticket yet: wait for WeChat's next push.
    NoTicket,
    /// WeChat refused or could not be reached.
    Api(ApiError),
    /// Something of ours failed (database, the component token for an authorizer refresh).
    Core(CoreError),
    /// The refresh token is gone for good: the merchant must authorize again.
    NeedsReauth,
    /// The authorizer is not (or no longer) authorized: stop refreshing it.
    NotAuthorized,
    /// WeChat says the account revoked its authorization (61003): the same as an
    /// `unauthorized` push, which may have been lost.
    Revoked,
}

impl From<CallError> for Failure {
    fn from(e: CallError) -> Self {
        match e {
            CallError::Api(e) => Failure::Api(e),
            CallError::Token(e) => Failure::Core(e),
        }
    }
}

impl From<CoreError> for Failure {
    fn from(e: CoreError) -> Self {
        Failure::Core(e)
    }
}

fn no_ticket_message() -> Bi {
    Bi::new(
        "尚未收到有效的 component_verify_ticket：请确认微信开放平台中“授权事件接收 URL”填写正确，或点击“重新推送 ticket”",
        "No valid component_verify_ticket yet: check the authorization event URL on open.weixin.qq.com, or press \"Push ticket now\"",
    )
}

fn needs_reauth_message() -> Bi {
    Bi::new(
        "刷新令牌已失效且无法从微信恢复：需要商户重新授权",
        "The refresh token is invalid and could not be recovered from WeChat: the merchant must authorize again",
    )
}

fn revoked_message() -> Bi {
    Bi::new(
        "微信答复该账号已取消对本平台的授权（61003）：已标记为已取消授权，不再刷新令牌；如需恢复，请商户重新授权",
        "WeChat says the account revoked its authorization of this platform (61003): marked revoked and no longer refreshed; the merchant must authorize again to restore it",
    )
}

fn not_authorized_message() -> Bi {
    Bi::new("该账号已取消授权", "This account is no longer authorized")
}

impl Failure {
    fn message(&self) -> Bi {
        match self {
            Failure::NoTicket => no_ticket_message(),
            Failure::Api(e) => api_error_message(e),
            Failure::Core(e) if e.message().is_some() => {
                e.message().cloned().unwrap_or_else(no_ticket_message)
            }
            Failure::Core(e) => Bi::new(format!("内部错误：{e}"), format!("Internal error: {e}")),
            Failure::NeedsReauth => needs_reauth_message(),
            Failure::NotAuthorized => not_authorized_message(),
            Failure::Revoked => revoked_message(),
        }
    }

    fn into_core(self) -> CoreError {
        match self {
            Failure::Core(e) => e,
            Failure::Api(e) => super::errors::api_error_to_core(&e),
            other => CoreError::Upstream(other.message()),
        }
    }
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

/// Marks the token expired, but only if `version` is still the stored one: a token another
/// process just refreshed is left alone (WeChat's 40001 "not latest" storms come from expiring
/// blindly). Returns whether it was expired.
pub async fn expire_if_current(svc: &Services, key: &TokenKey, version: i64) -> CoreResult<bool> {
    let now = svc.now();
    let res = access_token::Entity::update_many()
        .col_expr(access_token::Column::ExpiresAt, Expr::value(now - 1))
        .col_expr(access_token::Column::RefreshDueAt, Expr::value(now))
        .col_expr(
            access_token::Column::NextAttemptAt,
            Expr::value(Option::<i64>::None),
        )
        .col_expr(
            access_token::Column::Version,
            Expr::col(access_token::Column::Version).add(1),
        )
        .filter(access_token::Column::ComponentId.eq(key.component_id))
        .filter(access_token::Column::AuthorizerAppid.eq(key.authorizer_appid.clone()))
        .filter(access_token::Column::Version.eq(version))
        .exec(svc.db.conn())
        .await?;
    svc.tokens.forget(key);
    if res.rows_affected > 0 {
        svc.token_notify.notify_one();
    }
    Ok(res.rows_affected > 0)
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

fn token_context(key: &TokenKey) -> String {
    format!(
        "access_tokens.token:{}:{}",
        key.component_id, key.authorizer_appid
    )
}

async fn load(svc: &Services, key: &TokenKey) -> CoreResult<Option<access_token::Model>> {
    Ok(access_token::Entity::find()
        .filter(access_token::Column::ComponentId.eq(key.component_id))
        .filter(access_token::Column::AuthorizerAppid.eq(key.authorizer_appid.clone()))
        .one(svc.db.conn())
        .await?)
}

/// The stored token if it is usable now (not within the grace period of its expiry).
fn usable(
    svc: &Services,
    key: &TokenKey,
    row: &access_token::Model,
    now: i64,
) -> CoreResult<Option<AccessToken>> {
    match (&row.token_enc, row.expires_at) {
        (Some(enc), Some(exp)) if exp > now + svc.tokens.config.grace_ms => Ok(Some(AccessToken {
            token: svc.secrets.open(&token_context(key), enc)?,
            expires_at: exp,
            version: row.version,
        })),
        _ => Ok(None),
    }
}

fn remember(svc: &Services, key: &TokenKey, t: &AccessToken, refresh_due_at: Option<i64>) {
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

fn not_found(key: &TokenKey) -> CoreError {
    if key.is_component() {
        CoreError::NotFound("platform")
    } else {
        CoreError::NotFound("authorizer")
    }
}

/// Cache, then database, then refresh. A usable token is returned even if it is due: the
/// scheduler refreshes due tokens ahead of expiry, and readers never wait on it.
async fn get(svc: &Services, key: &TokenKey) -> CoreResult<AccessToken> {
    let now = svc.now();
    let cfg = &svc.tokens.config;
    if let Some(c) = svc.tokens.cached(key)
        && c.loaded_at + cfg.cache_ttl_ms > now
        && c.expires_at > now + cfg.grace_ms
        && c.refresh_due_at.is_none_or(|d| d > now)
    {
        return Ok(AccessToken {
            token: c.token,
            expires_at: c.expires_at,
            version: c.version,
        });
    }
    let row = load(svc, key).await?.ok_or_else(|| not_found(key))?;
    if let Some(t) = usable(svc, key, &row, now)? {
        remember(svc, key, &t, row.refresh_due_at);
        return Ok(t);
    }
    refresh(svc, key, Mode::IfNeeded).await
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
    let first = load(svc, key).await?.ok_or_else(|| not_found(key))?;
    let now = svc.now();
    let current = usable(svc, key, &first, now)?;
    if mode == Mode::IfNeeded {
        let due = first.refresh_due_at.is_some_and(|d| d <= now);
        if let Some(t) = &current
            && !due
        {
            return Ok(t.clone());
        }
        if first.next_attempt_at.is_some_and(|t| t > now) {
            return match current {
                Some(t) => Ok(t),
                None => Err(last_failure(&first)),
            };
        }
    }
    if !lease::acquire(svc, first.id).await? {
        // Another process is refreshing. Serve the current token if there is one.
        if let Some(t) = current {
            return Ok(t);
        }
        return wait_for_other(svc, key, first.version).await;
    }
    // Boxed: an authorizer refresh needs the component token, which may refresh in turn.
    let result = Box::pin(refresh_with_lease(svc, key, mode, &first)).await;
    if let Err(e) = lease::release(svc, first.id).await {
        tracing::warn!("releasing a token lease failed: {e}");
    }
    result
}

fn last_failure(row: &access_token::Model) -> CoreError {
    let msg = row
        .last_error
        .as_deref()
        .map(super::errors::decode_message)
        .unwrap_or_else(no_ticket_message);
    CoreError::Upstream(msg)
}

/// Waits for another process's refresh of a token we have no usable copy of.
async fn wait_for_other(svc: &Services, key: &TokenKey, version: i64) -> CoreResult<AccessToken> {
    let deadline = svc.now() + svc.tokens.config.wait_for_other_ms;
    loop {
        tokio::time::sleep(Duration::from_millis(150)).await;
        let row = load(svc, key).await?.ok_or_else(|| not_found(key))?;
        let now = svc.now();
        if row.version != version
            && let Some(t) = usable(svc, key, &row, now)?
        {
            remember(svc, key, &t, row.refresh_due_at);
            return Ok(t);
        }
        let lease_free = row.lease_until.is_none_or(|u| u < now);
        if lease_free || now > deadline {
            if lease_free && row.next_attempt_at.is_none_or(|t| t <= now) {
                // The other process gave up without a token; try ourselves.
                return Box::pin(refresh(svc, key, Mode::IfNeeded)).await;
            }
            return Err(last_failure(&row));
        }
    }
}

async fn refresh_with_lease(
    svc: &Services,
    key: &TokenKey,
    mode: Mode,
    first: &access_token::Model,
) -> CoreResult<AccessToken> {
    let row = load(svc, key).await?.ok_or_else(|| not_found(key))?;
    let now = svc.now();
    if mode == Mode::IfNeeded
        && row.version != first.version
        && row.refresh_due_at.is_none_or(|d| d > now)
        && let Some(t) = usable(svc, key, &row, now)?
    {
        // Refreshed by another process between our first read and our lease.
        return Ok(t);
    }
    let component = component::Entity::find_by_id(key.component_id)
        .one(svc.db.conn())
        .await?
        .ok_or_else(|| not_found(key))?;
    if !component.enabled {
        return Err(CoreError::Invalid(Bi::new(
            "该第三方平台已停用",
            "This platform is disabled",
        )));
    }
    let outcome = if key.is_component() {
        fetch_component(svc, &component).await
    } else {
        fetch_authorizer(svc, &component, &key.authorizer_appid).await
    };
    match outcome {
        Ok(fresh) => persist_success(svc, key, &row, fresh).await,
        Err(failure) => {
            persist_failure(svc, key, &row, &component, &failure).await?;
            Err(failure.into_core())
        }
    }
}

async fn fetch_component(svc: &Services, component: &component::Model) -> Result<Fresh, Failure> {
    let Some(ticket) = platforms::ticket(svc, component)? else {
        return Err(Failure::NoTicket);
    };
    let (appid, secret) = platforms::credentials(svc, component)?;
    let t = svc
        .wechat
        .component_token(&appid, &secret, &ticket)
        .await
        .map_err(Failure::Api)?;
    Ok(Fresh {
        token: t.component_access_token,
        expires_in: t.expires_in,
        refresh_token: None,
    })
}

async fn call_authorizer_token(
    svc: &Services,
    component_id: PlatformId,
    component_appid: &AppId,
    authorizer_appid: &AppId,
    refresh_token: &Secret,
) -> Result<Fresh, CallError> {
    let t = with_component_token(svc, component_id, |cat| async move {
        svc.wechat
            .authorizer_token(&cat, component_appid, authorizer_appid, refresh_token)
            .await
    })
    .await?;
    Ok(Fresh {
        token: t.authorizer_access_token,
        expires_in: t.expires_in,
        refresh_token: t.authorizer_refresh_token,
    })
}

async fn fetch_authorizer(
    svc: &Services,
    component: &component::Model,
    appid: &str,
) -> Result<Fresh, Failure> {
    let Some(auth) = authorizers::find(svc, component.id, appid).await? else {
        return Err(Failure::NotAuthorized);
    };
    if auth.status != crate::AuthorizerStatus::Authorized {
        return Err(Failure::NotAuthorized);
    }
    let Some(refresh_token) = authorizers::refresh_token(svc, &auth)? else {
        return Err(Failure::NeedsReauth);
    };
    let (component_appid, _) = platforms::credentials(svc, component)?;
    let authorizer_appid = AppId::parse(appid)
        .map_err(|e| Failure::Core(CoreError::Internal(format!("stored authorizer appid: {e}"))))?;
    match call_authorizer_token(
        svc,
        component.id,
        &component_appid,
        &authorizer_appid,
        &refresh_token,
    )
    .await
    {
        Err(CallError::Api(e)) if e.is_not_authorized() => Err(Failure::Revoked),
        Err(CallError::Api(e)) if e.is_refresh_token_invalid() => {
            tracing::warn!(
                authorizer = appid,
                "refresh token rejected (61023); recovering from the authorizer list"
            );
            let recovered = recover::refresh_token_from_list(
                svc,
                component.id,
                &component_appid,
                &authorizer_appid,
            )
            .await?;
            match recovered {
                Some(found) if found.expose() != refresh_token.expose() => {
                    authorizers::set_refresh_token(svc, &auth, &found).await?;
                    match call_authorizer_token(
                        svc,
                        component.id,
                        &component_appid,
                        &authorizer_appid,
                        &found,
                    )
                    .await
                    {
                        Err(CallError::Api(e)) if e.is_refresh_token_invalid() => {
                            Err(Failure::NeedsReauth)
                        }
                        other => Ok(other?),
                    }
                }
                _ => Err(Failure::NeedsReauth),
            }
        }
        other => Ok(other?),
    }
}

/// When to refresh a token that lives `expires_in` seconds: at `refresh_ratio` of its life,
/// minus a random share of up to `jitter_ratio`.
fn refresh_due(svc: &Services, now: i64, expires_in: u64) -> i64 {
    let cfg = &svc.tokens.config;
    let life = i64::try_from(expires_in)
        .unwrap_or(7200)
        .saturating_mul(1000);
    let jitter_max = (life as f64 * cfg.jitter_ratio) as i64;
    let jitter = if jitter_max > 0 {
        rand::thread_rng().gen_range(0..=jitter_max)
    } else {
        0
    };
    now + ((life as f64 * cfg.refresh_ratio) as i64 - jitter).max(1000)
}

async fn persist_success(
    svc: &Services,
    key: &TokenKey,
    row: &access_token::Model,
    fresh: Fresh,
) -> CoreResult<AccessToken> {
    let now = svc.now();
    let life_ms = i64::try_from(fresh.expires_in)
        .unwrap_or(7200)
        .saturating_mul(1000);
    let expires_at = now + life_ms;
    let sealed = svc
        .secrets
        .seal(&token_context(key), fresh.token.expose())?;
    let due = refresh_due(svc, now, fresh.expires_in);
    let txn = svc.db.begin_write().await?;
    // The refresh token first: if it rotated, the old one no longer works, and losing the new
    // one would cost a re-authorization.
    if let Some(rt) = &fresh.refresh_token {
        authorizers::store_refresh_token(svc, &txn, key.component_id, &key.authorizer_appid, rt)
            .await?;
    }
    access_token::Entity::update_many()
        .col_expr(access_token::Column::TokenEnc, Expr::value(Some(sealed)))
        .col_expr(access_token::Column::ExpiresAt, Expr::value(expires_at))
        .col_expr(access_token::Column::RefreshDueAt, Expr::value(due))
        .col_expr(
            access_token::Column::Version,
            Expr::col(access_token::Column::Version).add(1),
        )
        .col_expr(access_token::Column::RefreshedAt, Expr::value(now))
        .col_expr(access_token::Column::Failures, Expr::value(0))
        .col_expr(
            access_token::Column::NextAttemptAt,
            Expr::value(Option::<i64>::None),
        )
        .col_expr(
            access_token::Column::LastError,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            access_token::Column::LeaseOwner,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            access_token::Column::LeaseUntil,
            Expr::value(Option::<i64>::None),
        )
        .filter(access_token::Column::Id.eq(row.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    let version = load(svc, key)
        .await?
        .map(|r| r.version)
        .unwrap_or(row.version + 1);
    let t = AccessToken {
        token: fresh.token,
        expires_at,
        version,
    };
    remember(svc, key, &t, Some(due));
    tracing::info!(
        component_id = %key.component_id,
        authorizer = %key.authorizer_appid,
        "token refreshed"
    );
    Ok(t)
}

fn backoff_ms(svc: &Services, failures: i32) -> i64 {
    let cfg = &svc.tokens.config;
    let exp = u32::try_from(failures.saturating_sub(1).clamp(0, 16)).unwrap_or(16);
    let base = cfg
        .backoff_base_ms
        .saturating_mul(1i64 << exp)
        .min(cfg.backoff_max_ms);
    let spread = base / 5;
    base + if spread > 0 {
        rand::thread_rng().gen_range(-spread..=spread)
    } else {
        0
    }
}

async fn persist_failure(
    svc: &Services,
    key: &TokenKey,
    row: &access_token::Model,
    component: &component::Model,
    failure: &Failure,
) -> CoreResult<()> {
    let now = svc.now();
    let message = failure.message();
    tracing::warn!(
        component = %component.appid,
        authorizer = %key.authorizer_appid,
        "token refresh failed: {message}"
    );
    let failures = row.failures.saturating_add(1);
    let mut update = access_token::Entity::update_many()
        .col_expr(access_token::Column::Failures, Expr::value(failures))
        .col_expr(
            access_token::Column::LastError,
            Expr::value(Some(encode_message(&message))),
        )
        .col_expr(access_token::Column::LastErrorAt, Expr::value(now))
        .col_expr(
            access_token::Column::LeaseOwner,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            access_token::Column::LeaseUntil,
            Expr::value(Option::<i64>::None),
        )
        .filter(access_token::Column::Id.eq(row.id));
    match failure {
        Failure::NeedsReauth => {
            authorizers::mark_needs_reauth(svc, key.component_id, &key.authorizer_appid).await?;
            update = access_token::cleared(update);
            svc.tokens.forget(key);
        }
        Failure::NotAuthorized => {
            update = update.col_expr(
                access_token::Column::RefreshDueAt,
                Expr::value(Option::<i64>::None),
            );
        }
        Failure::Revoked => {
            authorizers::revoke(svc, key.component_id, &key.authorizer_appid).await?;
            update = access_token::cleared(update);
            svc.tokens.forget(key);
        }
        Failure::Api(e) => {
            if let Some(w) = e.wechat()
                && e.is_ip_not_whitelisted()
                && let Some(ip) = egress_ip_from(&w.errmsg)
            {
                platforms::record_egress_ip(svc, component.id, &ip).await?;
            }
            update = update.col_expr(
                access_token::Column::NextAttemptAt,
                Expr::value(now + backoff_ms(svc, failures)),
            );
        }
        Failure::NoTicket | Failure::Core(_) => {
            update = update.col_expr(
                access_token::Column::NextAttemptAt,
                Expr::value(now + backoff_ms(svc, failures)),
            );
        }
    }
    update.exec(svc.db.conn()).await?;
    Ok(())
}
