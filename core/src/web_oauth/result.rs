//! The result of a web OAuth, read once by the tenant's own server with the ticket its page was
//! given: a browser only ever carries the ticket, never the openid or the profile.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};

use super::entity as oauth_state;
use crate::error::{CoreError, CoreResult};
use crate::page_token;
use crate::services::Services;
use crate::{PlatformId, TenantId};

/// Who the user is, as WeChat said.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OAuthResult {
    /// The official account the openid belongs to.
    pub authorizer_appid: String,
    /// `snsapi_base` or `snsapi_userinfo`.
    pub scope: String,
    /// The user's openid under that account.
    pub openid: String,
    /// The user's unionid, when WeChat gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unionid: Option<String>,
    /// The profile (`snsapi_userinfo` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<OAuthUser>,
}

/// The profile a user agreed to share (`sns/userinfo`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OAuthUser {
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

impl From<wxopen::api::OAuthUserInfo> for OAuthUser {
    fn from(u: wxopen::api::OAuthUserInfo) -> Self {
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

/// The sealing context of a result (`oauth_states.result_enc`, row key `id`).
pub(crate) fn result_context(id: i64) -> String {
    format!("oauth_states.result:{id}")
}

const NOT_FOUND: CoreError = CoreError::NotFound("web OAuth result");

/// The result behind `ticket`, for `tenant_id` only, once: a second read, an expired ticket, an
/// unknown one and another tenant's are all "not found". Reading erases the sealed result.
pub async fn oauth_result(
    svc: &Services,
    tenant_id: TenantId,
    ticket: &str,
) -> CoreResult<OAuthResult> {
    oauth_result_within(svc, tenant_id, None, ticket).await
}

/// [`oauth_result`] for a caller limited to some platforms (an API key): another platform's
/// result is "not found" too, and stays readable by a caller that may see it.
pub async fn oauth_result_within(
    svc: &Services,
    tenant_id: TenantId,
    platforms: Option<&[PlatformId]>,
    ticket: &str,
) -> CoreResult<OAuthResult> {
    if !page_token::well_formed(ticket) {
        return Err(NOT_FOUND);
    }
    let mut find = oauth_state::Entity::find()
        .filter(oauth_state::Column::ResultHash.eq(page_token::hash(ticket)))
        .filter(oauth_state::Column::TenantId.eq(tenant_id));
    if let Some(ids) = platforms {
        find = find.filter(oauth_state::Column::ComponentId.is_in(ids.iter().copied()));
    }
    let row = find.one(svc.db.conn()).await?.ok_or(NOT_FOUND)?;
    let sealed = row.result_enc.clone().ok_or(NOT_FOUND)?;
    let now = svc.now();
    let won = oauth_state::Entity::update_many()
        .col_expr(oauth_state::Column::ResultReadAt, Expr::value(now))
        .col_expr(
            oauth_state::Column::ResultEnc,
            Expr::value(Option::<String>::None),
        )
        .filter(oauth_state::Column::Id.eq(row.id))
        .filter(oauth_state::Column::ResultReadAt.is_null())
        .filter(oauth_state::Column::ResultExpiresAt.gt(now))
        .exec(svc.db.conn())
        .await?;
    if won.rows_affected != 1 {
        return Err(NOT_FOUND);
    }
    let json = svc.secrets.open(&result_context(row.id), &sealed)?;
    serde_json::from_str(json.expose())
        .map_err(|e| CoreError::Internal(format!("web OAuth result: {e}")))
}
