//! `/_sandbox/authorizations`: act as the merchant's administrator.

use axum::extract::State;
use serde::Deserialize;
use serde_json::json;

use super::{Body, CtlErr, CtlResult, reply};
use crate::Sandbox;
use crate::state::{AuthzError, LinkRestrictions, redirect_with};

/// `GET /_sandbox/authorizations`.
pub(crate) async fn list(State(sb): State<Sandbox>) -> CtlResult {
    let list: Vec<_> = sb.world().authorizations.values().cloned().collect();
    reply(list)
}

/// `GET /_sandbox/authorizations/pending`: live pre-auth codes with what their link asked for.
pub(crate) async fn pending(State(sb): State<Sandbox>) -> CtlResult {
    let list = sb.world().pending_pre_auth(sb.now_ms());
    reply(list)
}

#[derive(Deserialize)]
pub(crate) struct ConfirmBody {
    pre_auth_code: String,
    appid: String,
    /// Default: every set the link offers to this account.
    #[serde(default)]
    func_ids: Option<Vec<u32>>,
    /// The link's parameters, for a link whose page was never opened.
    #[serde(default)]
    redirect_uri: Option<String>,
    #[serde(default)]
    auth_type: Option<u8>,
    #[serde(default)]
    biz_appid: Option<String>,
    #[serde(default)]
    category_ids: Option<Vec<u32>>,
}

fn authz_error(e: &AuthzError) -> CtlErr {
    match e {
        AuthzError::UnknownCode | AuthzError::UnknownComponent => CtlErr::not_found(e.en()),
        AuthzError::CodeExpired | AuthzError::CodeUsed => CtlErr::conflict(e.en()),
        e if e.is_refusal() => CtlErr::refused(e.zh(), e.en()),
        _ => CtlErr::bad(e.en()),
    }
}

/// `POST /_sandbox/authorizations/confirm`: the same as submitting the authorization page,
/// without a browser, so without the Referer check; the redirect_uri (given or recorded) must
/// still be on the component's `auth_domain`.
pub(crate) async fn confirm(State(sb): State<Sandbox>, Body(b): Body<ConfirmBody>) -> CtlResult {
    let funcs = {
        let mut world = sb.world();
        let pre = world
            .pre_auth
            .get(&b.pre_auth_code)
            .cloned()
            .ok_or_else(|| authz_error(&AuthzError::UnknownCode))?;
        if let Some(uri) = &b.redirect_uri {
            if redirect_with(uri, &[]).is_none() {
                return Err(authz_error(&AuthzError::MissingRedirect));
            }
            world.record_link(
                &b.pre_auth_code,
                LinkRestrictions {
                    redirect_uri: uri.clone(),
                    auth_type: b.auth_type,
                    biz_appid: b.biz_appid.clone(),
                    category_ids: b.category_ids.clone().unwrap_or_default(),
                },
            );
        }
        match &b.func_ids {
            Some(ids) => ids.clone(),
            None => {
                let link = world
                    .pre_auth
                    .get(&b.pre_auth_code)
                    .and_then(|p| p.link.clone())
                    .unwrap_or_default();
                let types: Vec<_> = world
                    .accounts
                    .get(&b.appid)
                    .map(|a| a.account_type)
                    .into_iter()
                    .collect();
                // "All offered" leaves out the exclusive sets held by another component.
                let offered = world.offered_funcs(&pre.component_appid, &link, &types);
                world.without_held(&pre.component_appid, &b.appid, offered)
            }
        }
    };
    let (confirmed, redirect, record) =
        crate::pages::confirm(&sb, &b.pre_auth_code, &b.appid, &funcs)
            .await
            .map_err(|e| authz_error(&e))?;
    reply(json!({
        "redirect_url": redirect,
        "auth_code": confirmed.auth_code,
        "event": confirmed.event,
        "authorizer_appid": confirmed.authorizer_appid,
        "func_ids": funcs,
        "push": record,
    }))
}

#[derive(Deserialize)]
pub(crate) struct RevokeBody {
    component_appid: String,
    authorizer_appid: String,
}

/// `POST /_sandbox/authorizations/revoke`: pushes `unauthorized`; tokens and the refresh token
/// stop working.
pub(crate) async fn revoke(State(sb): State<Sandbox>, Body(b): Body<RevokeBody>) -> CtlResult {
    let job = sb
        .world()
        .revoke(&b.component_appid, &b.authorizer_appid, sb.now_ms())
        .ok_or_else(|| CtlErr::not_found("no such authorization"))?;
    let record = crate::push::push_event(&sb, job).await;
    reply(json!({"revoked": true, "push": record}))
}
