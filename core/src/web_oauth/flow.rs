//! The two legs of web OAuth on behalf: `start` (checks, a one-time `state`, WeChat's address)
//! and `callback` (the state consumed once, the code exchanged, the result sealed behind a
//! one-time ticket, the user sent back).

use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use url::Url;
use wxopen::AppId;
use wxopen::api::{OAuthScope, oauth_authorize_url};

use super::entity as oauth_state;
use super::origins::ReturnOrigins;
use super::result::{OAuthResult, OAuthUser, result_context};
use super::{OAuthRefused, RESULT_TTL_MS, STATE_TTL_MS};
use crate::authorizers::entity::authorizer;
use crate::authorizers::{self, web_oauth};
use crate::error::CoreError;
use crate::platforms;
use crate::secrets::random_token;
use crate::services::Services;
use crate::{page_token, tokens};

/// The longest `state` a tenant's page may pass through (WeChat's own limit is 128 bytes).
pub const MAX_TENANT_STATE: usize = 128;

/// What a tenant's page asks for (`GET /oauth/{component_appid}/{authorizer_appid}/start`).
#[derive(Clone, Debug, Default)]
pub struct StartRequest {
    pub component_appid: String,
    pub authorizer_appid: String,
    /// `snsapi_base` or `snsapi_userinfo`.
    pub scope: String,
    pub return_to: String,
    /// The tenant page's own state, handed back as `state` on the return address.
    pub state: Option<String>,
}

/// What WeChat's redirect brings (`GET /oauth/callback`).
#[derive(Clone, Debug, Default)]
pub struct CallbackQuery {
    /// Absent when the user refused.
    pub code: Option<String>,
    pub state: Option<String>,
    pub appid: Option<String>,
}

/// The console's callback address, which WeChat checks against the platform's 公众号开发域名
/// (10003, reference B17).
pub fn callback_url(svc: &Services) -> String {
    format!(
        "{}/oauth/callback",
        svc.public_base_url.trim_end_matches('/')
    )
}

/// `url` with `name=value` as its only `name` parameter.
fn with_param(mut url: Url, name: &str, value: &str) -> Url {
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| k != name)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    url.set_query(None);
    {
        let mut q = url.query_pairs_mut();
        for (k, v) in &kept {
            q.append_pair(k, v);
        }
        q.append_pair(name, value);
    }
    url
}

fn scope_of(s: &str) -> Option<OAuthScope> {
    match s {
        "snsapi_base" => Some(OAuthScope::Base),
        "snsapi_userinfo" => Some(OAuthScope::UserInfo),
        _ => None,
    }
}

/// Whether `code` could be a WeChat code (printable ASCII without separators, as the
/// authorization redirect checks): anything else never reaches WeChat.
fn code_shaped(code: &str) -> bool {
    (1..=512).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"@-_.~+/=".contains(&b))
}

/// Checks a start request and records its one-time state; returns WeChat's authorization
/// address to send the user to. Nothing is redirected to an address that was not checked.
pub async fn start(svc: &Services, req: &StartRequest) -> Result<String, OAuthRefused> {
    let scope = scope_of(&req.scope).ok_or(OAuthRefused::BadScope)?;
    let platform = platforms::by_appid(svc, &req.component_appid)
        .await?
        .filter(|p| p.enabled)
        .ok_or(OAuthRefused::UnknownAccount)?;
    let origins = ReturnOrigins::stored(&platform.oauth_return_hosts);
    let mut return_to = origins
        .check(&req.return_to)
        .ok_or(OAuthRefused::ReturnNotAllowed)?;
    if let Some(state) = req.state.as_deref().filter(|s| !s.is_empty()) {
        if state.len() > MAX_TENANT_STATE || state.chars().any(char::is_control) {
            return Err(OAuthRefused::BadTenantState);
        }
        return_to = with_param(return_to, "state", state);
    }
    let account = authorizer::Entity::find()
        .filter(authorizer::Column::ComponentId.eq(platform.id))
        .filter(authorizer::Column::Appid.eq(req.authorizer_appid.as_str()))
        .one(svc.db.conn())
        .await
        .map_err(CoreError::from)?
        .ok_or(OAuthRefused::UnknownAccount)?;
    let detail = authorizers::get(svc, platform.tenant_id, account.id).await?;
    web_oauth(&detail).map_err(OAuthRefused::NotEligible)?;
    let (appid, component_appid) =
        match (AppId::parse(&account.appid), AppId::parse(&platform.appid)) {
            (Ok(a), Ok(c)) => (a, c),
            _ => return Err(OAuthRefused::UnknownAccount),
        };
    let token = random_token();
    let now = svc.now();
    oauth_state::ActiveModel {
        tenant_id: Set(platform.tenant_id),
        component_id: Set(platform.id),
        authorizer_appid: Set(account.appid.clone()),
        state_hash: Set(page_token::hash(&token)),
        scope: Set(scope.as_str().to_string()),
        return_to: Set(return_to.to_string()),
        created_at: Set(now),
        expires_at: Set(now + STATE_TTL_MS),
        ..Default::default()
    }
    .insert(svc.db.conn())
    .await
    .map_err(CoreError::from)?;
    Ok(oauth_authorize_url(
        &svc.endpoints,
        &appid,
        &callback_url(svc),
        scope,
        &token,
        &component_appid,
    ))
}

/// Consumes the state WeChat brought back (once, before expiry) and returns its row.
async fn consume(svc: &Services, state: Option<&str>) -> Result<oauth_state::Model, OAuthRefused> {
    let state = state
        .filter(|s| page_token::well_formed(s))
        .ok_or(OAuthRefused::StateInvalid)?;
    let row = oauth_state::Entity::find()
        .filter(oauth_state::Column::StateHash.eq(page_token::hash(state)))
        .one(svc.db.conn())
        .await
        .map_err(CoreError::from)?
        .ok_or(OAuthRefused::StateInvalid)?;
    let now = svc.now();
    // The compare-and-set: of two redirects with the same state, one wins.
    let won = oauth_state::Entity::update_many()
        .col_expr(oauth_state::Column::UsedAt, Expr::value(now))
        .filter(oauth_state::Column::Id.eq(row.id))
        .filter(oauth_state::Column::UsedAt.is_null())
        .filter(oauth_state::Column::ExpiresAt.gt(now))
        .exec(svc.db.conn())
        .await
        .map_err(CoreError::from)?;
    if won.rows_affected == 1 {
        Ok(row)
    } else if row.used_at.is_some() || row.expires_at > now {
        Err(OAuthRefused::StateUsed)
    } else {
        Err(OAuthRefused::StateExpired)
    }
}

/// Exchanges the code (and, for `snsapi_userinfo`, reads the profile).
async fn exchange(
    svc: &Services,
    row: &oauth_state::Model,
    code: &str,
) -> Result<OAuthResult, CoreError> {
    let platform = platforms::entity::Entity::find_by_id(row.component_id)
        .one(svc.db.conn())
        .await?
        .ok_or(CoreError::NotFound("platform"))?;
    let (component_appid, appid) = match (
        AppId::parse(&platform.appid),
        AppId::parse(&row.authorizer_appid),
    ) {
        (Ok(c), Ok(a)) => (c, a),
        _ => return Err(CoreError::NotFound("authorizer")),
    };
    let code = wxopen::Secret::new(code.to_string());
    let grant = tokens::with_component_token(svc, platform.id, |cat| {
        let (component_appid, appid, code) = (&component_appid, &appid, &code);
        async move {
            svc.wechat
                .oauth_access_token(&cat, component_appid, appid, code)
                .await
        }
    })
    .await?;
    let user = if row.scope == OAuthScope::UserInfo.as_str() {
        let info = svc
            .wechat
            .sns_userinfo(&grant.access_token, &grant.openid)
            .await
            .map_err(|e| CoreError::from(tokens::CallError::Api(e)))?;
        Some(info)
    } else {
        None
    };
    // The user's own OAuth tokens are not kept: the tenant asked for who the user is, not for a
    // standing grant.
    Ok(OAuthResult {
        authorizer_appid: row.authorizer_appid.clone(),
        scope: row.scope.clone(),
        unionid: user
            .as_ref()
            .and_then(|u| u.unionid.clone())
            .or(grant.unionid.clone()),
        openid: grant.openid,
        user: user.map(OAuthUser::from),
    })
}

/// Handles WeChat's redirect: returns where to send the user. A forged, replayed or expired
/// state is refused (an error page, never a redirect); once the state is consumed, the user goes
/// back to the checked return address with `wxopen_result=<ticket>`, or `wxopen_error=denied`
/// (the user refused) or `wxopen_error=failed` (WeChat refused the code or was unreachable;
/// details logged).
pub async fn callback(svc: &Services, q: &CallbackQuery) -> Result<String, OAuthRefused> {
    let row = consume(svc, q.state.as_deref()).await?;
    if q.appid
        .as_deref()
        .is_some_and(|a| a != row.authorizer_appid)
    {
        return Err(OAuthRefused::StateInvalid);
    }
    let return_to = Url::parse(&row.return_to).map_err(|_| OAuthRefused::StateInvalid)?;
    let Some(code) = q.code.as_deref().filter(|c| !c.is_empty()) else {
        return Ok(with_param(return_to, "wxopen_error", "denied").to_string());
    };
    if !code_shaped(code) {
        return Ok(with_param(return_to, "wxopen_error", "failed").to_string());
    }
    let result = match exchange(svc, &row, code).await {
        Ok(r) => r,
        Err(e) => {
            tracing::warn!(
                component_id = %row.component_id,
                authorizer = %row.authorizer_appid,
                "web OAuth code exchange failed: {e}"
            );
            return Ok(with_param(return_to, "wxopen_error", "failed").to_string());
        }
    };
    let json = serde_json::to_string(&result).map_err(|e| CoreError::Internal(e.to_string()))?;
    let sealed = svc
        .secrets
        .seal(&result_context(row.id), &json)
        .map_err(CoreError::from)?;
    let ticket = random_token();
    let id = row.id;
    let mut am: oauth_state::ActiveModel = row.into();
    am.result_hash = Set(Some(page_token::hash(&ticket)));
    am.result_enc = Set(Some(sealed));
    am.result_expires_at = Set(Some(svc.now() + RESULT_TTL_MS));
    am.update(svc.db.conn()).await.map_err(CoreError::from)?;
    tracing::info!(state_id = id, "web OAuth result ready");
    Ok(with_param(return_to, "wxopen_result", &ticket).to_string())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn parameters_are_replaced_not_repeated() {
        let u = Url::parse("https://shop.example.com/back?state=old&x=1#top").unwrap();
        let u = with_param(u, "state", "new&=");
        assert_eq!(
            u.as_str(),
            "https://shop.example.com/back?x=1&state=new%26%3D#top"
        );
        assert!(code_shaped("061abcDEF@@@x-_.~+/="));
        assert!(!code_shaped(""));
        assert!(!code_shaped("a b"));
        assert!(!code_shaped(&"a".repeat(513)));
    }
}
