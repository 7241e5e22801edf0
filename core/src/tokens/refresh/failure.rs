//! A failed refresh: why it failed, what is recorded on the token (the message, and a backoff or
//! the end of its refreshes) and on its account, and the error the caller gets.

use rand::Rng;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use wxopen::ApiError;

use crate::authorizers::store as authorizers;
use crate::error::{CoreError, CoreResult};
use crate::message::Bi;
use crate::platforms::{self, entity as component};
use crate::services::Services;
use crate::tokens::entity as access_token;
use crate::tokens::errors::{
    CallError, api_error_message, api_error_to_core, egress_ip_from, encode_message,
    no_ticket_message,
};
use crate::tokens::key::TokenKey;
use crate::tokens::lease;
use crate::tokens::state::TokenConfig;

/// Why a refresh failed, and so what to do next.
pub(super) enum Failure {
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
            // Stored as `last_error` and shown on the pages: a reference, never the internals.
            Failure::Core(e) => e.public_message(),
            Failure::NeedsReauth => needs_reauth_message(),
            Failure::NotAuthorized => not_authorized_message(),
            Failure::Revoked => revoked_message(),
        }
    }

    /// The error the caller gets.
    pub(super) fn into_core(self) -> CoreError {
        match self {
            Failure::Core(e) => e,
            Failure::Api(e) => api_error_to_core(&e),
            other => CoreError::Upstream(other.message()),
        }
    }
}

/// The wait before the next attempt after `failures` failures in a row: `backoff_base_ms`
/// doubled per failure, at most `backoff_max_ms`, ±20 % at random.
fn backoff_ms(cfg: &TokenConfig, failures: i32) -> i64 {
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

/// Records `failure` on the token's `row`: retryable failures back off; a lost refresh token or a
/// revocation also changes the account and ends the token's refreshes. (The refresher gives its
/// lease back afterwards, as after a success.)
pub(super) async fn record(
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
    // A refresh that outlived its lease records nothing: the process that took the lease over
    // decides (a stale 61023 must not end an account another process just refreshed).
    if !lease::renew(svc, svc.db.conn(), key).await? {
        tracing::warn!(
            authorizer = %key.authorizer_appid,
            "token lease lost during the refresh; its failure is not recorded"
        );
        return Ok(());
    }
    let failures = row.failures.saturating_add(1);
    let mut update = access_token::Entity::update_many()
        .col_expr(access_token::Column::Failures, Expr::value(failures))
        .col_expr(
            access_token::Column::LastError,
            Expr::value(Some(encode_message(&message))),
        )
        .col_expr(access_token::Column::LastErrorAt, Expr::value(now))
        .filter(access_token::Column::Id.eq(row.id))
        .filter(access_token::Column::LeaseOwner.eq(svc.instance_id.clone()));
    let backoff = || now + backoff_ms(&svc.tokens.config, failures);
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
            authorizers::revoke(
                svc,
                key.component_id,
                &key.authorizer_appid,
                authorizers::Revocation::Now,
            )
            .await?;
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
            update = update.col_expr(access_token::Column::NextAttemptAt, Expr::value(backoff()));
        }
        Failure::NoTicket | Failure::Core(_) => {
            update = update.col_expr(access_token::Column::NextAttemptAt, Expr::value(backoff()));
        }
    }
    update.exec(svc.db.conn()).await?;
    Ok(())
}
