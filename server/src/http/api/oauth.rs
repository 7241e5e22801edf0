//! Web OAuth results (scope `oauth`): the tenant's server redeems the one-time ticket its page
//! was sent back with (`wxopen_result`) for the user's openid and, for `snsapi_userinfo`, profile.
//! Once, within 5 minutes, for the key's tenant and platforms only (see
//! `console_core::web_oauth`).

use axum::Json;
use axum::extract::{Path, State};
use console_core::ApiScope;
use console_core::web_oauth::{self, OAuthResult, OAuthUser};
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::{ApiState, Caller};
use super::error::ApiResult;

/// The profile a user agreed to share (`snsapi_userinfo`).
#[derive(Debug, Serialize, ToSchema)]
pub struct OAuthUserBody {
    pub nickname: String,
    /// Avatar URL (may be empty).
    pub headimgurl: String,
    /// 0 unknown, 1 male, 2 female (WeChat now always says 0).
    pub sex: i64,
    pub province: String,
    pub city: String,
    pub country: String,
    pub privilege: Vec<String>,
}

/// Who the user is.
#[derive(Debug, Serialize, ToSchema)]
pub struct OAuthResultBody {
    /// The official account the openid belongs to.
    pub authorizer_appid: String,
    /// `snsapi_base` or `snsapi_userinfo`.
    pub scope: String,
    pub openid: String,
    pub unionid: Option<String>,
    /// `snsapi_userinfo` only.
    pub user: Option<OAuthUserBody>,
}

impl From<OAuthUser> for OAuthUserBody {
    fn from(u: OAuthUser) -> Self {
        Self {
            nickname: u.nickname,
            headimgurl: u.headimgurl,
            sex: u.sex,
            province: u.province,
            city: u.city,
            country: u.country,
            privilege: u.privilege,
        }
    }
}

impl From<OAuthResult> for OAuthResultBody {
    fn from(r: OAuthResult) -> Self {
        Self {
            authorizer_appid: r.authorizer_appid,
            scope: r.scope,
            openid: r.openid,
            unionid: r.unionid,
            user: r.user.map(Into::into),
        }
    }
}

/// Redeems a web OAuth result ticket (`wxopen_result` on the return address), once.
#[utoipa::path(get, path = "/api/v1/oauth/results/{ticket}", tag = "oauth",
    params(("ticket" = String, Path, description = "The `wxopen_result` of the return address")),
    responses((status = 200, body = OAuthResultBody), (status = 401, body = super::error::ErrorBody),
        (status = 403, body = super::error::ErrorBody), (status = 404, body = super::error::ErrorBody)),
    security(("api_key" = [])))]
pub async fn result(
    State(state): State<ApiState>,
    caller: Caller,
    Path(ticket): Path<String>,
) -> ApiResult<Json<OAuthResultBody>> {
    let p = caller.require(ApiScope::OAuth)?;
    let r = web_oauth::oauth_result_within(
        &state.services,
        p.tenant_id,
        p.platforms.as_deref(),
        &ticket,
    )
    .await?;
    Ok(Json(r.into()))
}
