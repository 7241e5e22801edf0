//! Tokens for a tenant's services: the account's state is checked before a token is handed out
//! (an account that must authorize again is a distinct answer, not a WeChat error), and a token a
//! service reports as refused is expired only if it is still the stored one.

use subtle::ConstantTimeEq;

use crate::AuthorizerStatus;
use crate::authorizers::entity::authorizer;
use crate::authorizers::store as authorizers;
use crate::error::CoreResult;
use crate::platforms::entity as component;
use crate::services::Services;
use crate::tokens::{self, AccessToken, TokenKey};

/// Why an authorizer's token is not handed out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenRefusal {
    /// The platform has no such authorizer.
    UnknownAuthorizer,
    /// The account revoked its authorization or lost its refresh token: only the merchant can
    /// fix it, by authorizing again.
    NeedsReauthorization(AuthorizerStatus),
}

/// The authorizer `appid` of `platform` if its tokens can be used.
pub async fn authorizer_for_api(
    svc: &Services,
    platform: &component::Model,
    appid: &str,
) -> CoreResult<Result<authorizer::Model, TokenRefusal>> {
    Ok(match authorizers::find(svc, platform.id, appid).await? {
        None => Err(TokenRefusal::UnknownAuthorizer),
        Some(a) if a.status != AuthorizerStatus::Authorized => {
            Err(TokenRefusal::NeedsReauthorization(a.status))
        }
        Some(a) => Ok(a),
    })
}

/// The platform's component token (refreshed first if needed).
pub async fn component_token(
    svc: &Services,
    platform: &component::Model,
) -> CoreResult<AccessToken> {
    tokens::component_token(svc, platform.id).await
}

/// An authorizer's token (refreshed first if needed). A refresh that finds the authorization
/// gone (61003, a lost refresh token) answers as [`TokenRefusal::NeedsReauthorization`].
pub async fn authorizer_token(
    svc: &Services,
    platform: &component::Model,
    appid: &str,
) -> CoreResult<Result<AccessToken, TokenRefusal>> {
    if let Err(refusal) = authorizer_for_api(svc, platform, appid).await? {
        return Ok(Err(refusal));
    }
    match tokens::authorizer_token(svc, platform.id, appid).await {
        Ok(t) => Ok(Ok(t)),
        Err(e) => match authorizer_for_api(svc, platform, appid).await? {
            Err(refusal) => Ok(Err(refusal)),
            Ok(_) => Err(e),
        },
    }
}

/// What became of a token a service reported as refused by WeChat.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvalidReport {
    /// It was the stored token: it is expired now, and the next request gets a fresh one.
    Expired,
    /// It is no longer the stored token (already refreshed, or never ours): nothing was changed;
    /// ask for the token again.
    NotCurrent,
}

/// Compare-and-expire: expires the token of `key` only if `presented` is the stored token and it
/// has not been replaced meanwhile. Never refreshes blindly: hundreds of services reporting the
/// same token cause one expiry, and a report of an old token changes nothing.
pub async fn report_invalid(
    svc: &Services,
    key: &TokenKey,
    presented: &str,
) -> CoreResult<InvalidReport> {
    let Some(current) = tokens::stored_token(svc, key).await? else {
        return Ok(InvalidReport::NotCurrent);
    };
    // Compared without an early exit, so that the time taken says nothing about the stored token.
    let same = current
        .token
        .expose()
        .as_bytes()
        .ct_eq(presented.trim().as_bytes());
    if !bool::from(same) {
        return Ok(InvalidReport::NotCurrent);
    }
    Ok(
        if tokens::expire_if_current(svc, key, current.version).await? {
            tracing::info!(
                component_id = %key.component_id,
                authorizer = %key.authorizer_appid,
                "a service reported the stored token as refused by WeChat; expired it"
            );
            InvalidReport::Expired
        } else {
            InvalidReport::NotCurrent
        },
    )
}
