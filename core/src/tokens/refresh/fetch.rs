//! Asking WeChat for a new token: a platform's with its ticket and secret, an authorizer's with its
//! refresh token, recovering a rejected refresh token (61023) from the authorizer list.

use wxopen::{AppId, Secret};

use super::failure::Failure;
use super::{recover, with_component_token};
use crate::PlatformId;
use crate::authorizers::store as authorizers;
use crate::error::{CoreError, CoreResult};
use crate::platforms::{self, entity as component};
use crate::services::Services;
use crate::tokens::errors::CallError;
use crate::tokens::key::TokenKey;
use crate::tokens::lease;
use crate::tokens::store::Issued;

/// What WeChat handed out.
pub(super) struct Fresh {
    pub token: Secret,
    pub expires_in: u64,
    /// A new refresh token came with an authorizer's access token.
    pub refresh_token: Option<Secret>,
}

impl Fresh {
    /// The access token, to store.
    pub(super) fn issued(&self) -> Issued<'_> {
        Issued {
            token: &self.token,
            expires_in: self.expires_in,
        }
    }
}

/// The platform's token, from its ticket and secret.
pub(super) async fn component(
    svc: &Services,
    component: &component::Model,
) -> Result<Fresh, Failure> {
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

/// Authorizer `appid`'s token, from its refresh token. A refresh token WeChat rejects (61023) is
/// looked up in the authorizer list, which carries every account's current one; if it differs, it
/// is stored and tried once.
pub(super) async fn authorizer(
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
    match authorizer_token(
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
            let key = TokenKey::authorizer(component.id, appid);
            let recovered =
                recover::refresh_token_from_list(svc, &key, &component_appid, &authorizer_appid)
                    .await?;
            match recovered {
                Some(found) if found.expose() != refresh_token.expose() => {
                    if !store_recovered(svc, &key, &found).await? {
                        return Err(Failure::Core(CoreError::Unavailable(lease::lost_message())));
                    }
                    match authorizer_token(
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

/// Stores the refresh token found in the authorizer list, only while this process holds the
/// lease of `key` (checked in the same transaction); returns whether it did.
async fn store_recovered(svc: &Services, key: &TokenKey, found: &Secret) -> CoreResult<bool> {
    let txn = svc.db.begin_write().await?;
    if !lease::renew(svc, &txn, key).await? {
        return Ok(false);
    }
    authorizers::store_refresh_token(svc, &txn, key.component_id, &key.authorizer_appid, found)
        .await?;
    txn.commit().await?;
    Ok(true)
}

/// One `api_authorizer_token` call with `refresh_token`.
async fn authorizer_token(
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
