//! Tokens for a tenant's services: the component token, an authorizer's token and JS-SDK ticket,
//! the tenant's platforms and authorizers, and the report of a token WeChat refused
//! (compare-and-expire, never a blind refresh).

use axum::Json;
use axum::extract::{Path, Query, State};
use console_core::authorizers::{self, AuthorizerFilter};
use console_core::platform_api::{self, InvalidReport};
use console_core::platforms::entity as component;
use console_core::tokens::{AccessToken, TokenKey};
use console_core::{AccountKind, ApiScope, AuthorizerStatus, Bi, CoreError};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::auth::{ApiState, Caller};
use super::error::{ApiError, ApiResult};

/// A token handed out.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenBody {
    pub access_token: String,
    /// When it expires, Unix ms (refreshed well before; ask again rather than keeping it).
    pub expires_at: i64,
    /// Seconds left.
    pub expires_in: i64,
}

impl TokenBody {
    fn of(svc: &console_core::Services, t: &AccessToken) -> Self {
        Self {
            access_token: t.token.expose().to_string(),
            expires_at: t.expires_at,
            expires_in: ((t.expires_at - svc.now()) / 1000).max(0),
        }
    }
}

/// A JS-SDK ticket.
#[derive(Debug, Serialize, ToSchema)]
pub struct TicketBody {
    pub ticket: String,
    /// Unix ms.
    pub expires_at: i64,
    pub expires_in: i64,
}

/// The token a service says WeChat refused (40001, 40014, 42001).
#[derive(Debug, Deserialize, ToSchema)]
pub struct InvalidTokenBody {
    pub access_token: String,
}

/// What became of a reported token.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvalidTokenResult {
    /// `expired`: it was the stored token and is expired now (ask for the token again to get a
    /// fresh one); `not_current`: it had already been replaced, nothing changed.
    #[schema(value_type = String, example = "expired")]
    pub result: InvalidReport,
}

/// A platform the key may reach.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlatformItem {
    pub appid: String,
    pub name: String,
    pub enabled: bool,
}

/// One authorizer.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuthorizerItem {
    pub appid: String,
    /// `official_account`, `mini_program` or `unknown`.
    #[schema(value_type = String)]
    pub kind: AccountKind,
    pub nick_name: String,
    pub principal_name: Option<String>,
    /// `authorized`, `revoked` or `needs_reauth`.
    #[schema(value_type = String)]
    pub status: AuthorizerStatus,
    /// The permission sets (funcscope ids) it granted.
    pub permissions: Vec<i32>,
    /// When its token expires, Unix ms.
    pub token_expires_at: Option<i64>,
}

/// A page of authorizers.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuthorizerPage {
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
    pub items: Vec<AuthorizerItem>,
}

/// Filters of the authorizer list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuthorizerQuery {
    /// Name, appid, principal or user name (substring).
    pub q: Option<String>,
    /// `official_account` or `mini_program`.
    pub kind: Option<String>,
    /// `authorized`, `revoked` or `needs_reauth`.
    pub status: Option<String>,
    /// Has this permission set (funcscope id).
    pub func_id: Option<i32>,
    /// 1-based (default 1).
    pub page: Option<u64>,
    /// 1 to 200 (default 50).
    pub per_page: Option<u64>,
}

fn bad_filter(field: &str, zh: &str, en: &str) -> ApiError {
    CoreError::Invalid(Bi::new(zh, en).on_field(field)).into()
}

/// The platform of `appid` the caller may reach with `scope`.
async fn platform(
    state: &ApiState,
    caller: &Caller,
    scope: ApiScope,
    appid: &str,
) -> ApiResult<component::Model> {
    Ok(caller
        .require(scope)?
        .platform(&state.services, appid)
        .await?)
}

/// The platforms the key may reach.
#[utoipa::path(get, path = "/api/v1/platforms", tag = "tokens",
    responses((status = 200, body = [PlatformItem]), (status = 401, body = super::error::ErrorBody)),
    security(("api_key" = [])))]
pub async fn list_platforms(
    State(state): State<ApiState>,
    caller: Caller,
) -> ApiResult<Json<Vec<PlatformItem>>> {
    let p = caller.require(ApiScope::Tokens)?;
    let all = console_core::platforms::list(&state.services, p.tenant_id).await?;
    Ok(Json(
        all.into_iter()
            .filter(|v| p.platforms.as_ref().is_none_or(|ids| ids.contains(&v.id)))
            .map(|v| PlatformItem {
                appid: v.appid,
                name: v.name,
                enabled: v.enabled,
            })
            .collect(),
    ))
}

/// The platform's component access token.
#[utoipa::path(get, path = "/api/v1/platforms/{component_appid}/component-token", tag = "tokens",
    params(("component_appid" = String, Path, description = "The platform's appid")),
    responses((status = 200, body = TokenBody), (status = 401, body = super::error::ErrorBody),
        (status = 403, body = super::error::ErrorBody), (status = 404, body = super::error::ErrorBody),
        (status = 503, body = super::error::ErrorBody)),
    security(("api_key" = [])))]
pub async fn component_token(
    State(state): State<ApiState>,
    caller: Caller,
    Path(component_appid): Path<String>,
) -> ApiResult<Json<TokenBody>> {
    let c = platform(&state, &caller, ApiScope::Tokens, &component_appid).await?;
    let t = platform_api::component_token(&state.services, &c).await?;
    Ok(Json(TokenBody::of(&state.services, &t)))
}

/// Reports the component token as refused by WeChat: expired only if it is still the stored one.
#[utoipa::path(post, path = "/api/v1/platforms/{component_appid}/component-token/invalid", tag = "tokens",
    params(("component_appid" = String, Path)),
    request_body = InvalidTokenBody,
    responses((status = 200, body = InvalidTokenResult), (status = 404, body = super::error::ErrorBody)),
    security(("api_key" = [])))]
pub async fn component_token_invalid(
    State(state): State<ApiState>,
    caller: Caller,
    Path(component_appid): Path<String>,
    Json(body): Json<InvalidTokenBody>,
) -> ApiResult<Json<InvalidTokenResult>> {
    let c = platform(&state, &caller, ApiScope::Tokens, &component_appid).await?;
    let result = platform_api::report_invalid(
        &state.services,
        &TokenKey::component(c.id),
        &body.access_token,
    )
    .await?;
    Ok(Json(InvalidTokenResult { result }))
}

/// The platform's authorizers, paged and filtered like the console's list.
#[utoipa::path(get, path = "/api/v1/platforms/{component_appid}/authorizers", tag = "tokens",
    params(("component_appid" = String, Path), AuthorizerQuery),
    responses((status = 200, body = AuthorizerPage), (status = 422, body = super::error::ErrorBody)),
    security(("api_key" = [])))]
pub async fn list_authorizers(
    State(state): State<ApiState>,
    caller: Caller,
    Path(component_appid): Path<String>,
    Query(q): Query<AuthorizerQuery>,
) -> ApiResult<Json<AuthorizerPage>> {
    let c = platform(&state, &caller, ApiScope::Tokens, &component_appid).await?;
    let kind = q
        .kind
        .as_deref()
        .map(AccountKind::parse)
        .transpose()
        .map_err(|_| {
            bad_filter(
                "kind",
                "kind 只能是 official_account 或 mini_program",
                "kind must be official_account or mini_program",
            )
        })?;
    let status = q
        .status
        .as_deref()
        .map(AuthorizerStatus::parse)
        .transpose()
        .map_err(|_| {
            bad_filter(
                "status",
                "status 只能是 authorized、revoked 或 needs_reauth",
                "status must be authorized, revoked or needs_reauth",
            )
        })?;
    let filter = AuthorizerFilter {
        q: q.q.filter(|s| !s.trim().is_empty()),
        component_id: Some(c.id),
        kind,
        status,
        func_id: q.func_id,
        page: q.page.unwrap_or(1),
        per_page: q.per_page.unwrap_or(50),
    };
    let page = authorizers::list(&state.services, c.tenant_id, &filter).await?;
    Ok(Json(AuthorizerPage {
        total: page.page.total,
        page: page.page.page,
        per_page: page.page.per_page,
        items: page
            .items
            .into_iter()
            .map(|a| AuthorizerItem {
                appid: a.appid,
                kind: a.kind,
                nick_name: a.nick_name,
                principal_name: a.principal_name,
                status: a.status,
                permissions: a.permissions.iter().map(|p| p.id).collect(),
                token_expires_at: a.token_expires_at,
            })
            .collect(),
    }))
}

/// An authorizer's access token.
#[utoipa::path(get, path = "/api/v1/platforms/{component_appid}/authorizers/{authorizer_appid}/access-token", tag = "tokens",
    params(("component_appid" = String, Path), ("authorizer_appid" = String, Path)),
    responses((status = 200, body = TokenBody), (status = 404, body = super::error::ErrorBody),
        (status = 409, body = super::error::ErrorBody, description = "needs_reauthorization"),
        (status = 503, body = super::error::ErrorBody)),
    security(("api_key" = [])))]
pub async fn authorizer_token(
    State(state): State<ApiState>,
    caller: Caller,
    Path((component_appid, authorizer_appid)): Path<(String, String)>,
) -> ApiResult<Json<TokenBody>> {
    let c = platform(&state, &caller, ApiScope::Tokens, &component_appid).await?;
    let t = platform_api::authorizer_token(&state.services, &c, &authorizer_appid)
        .await?
        .map_err(ApiError::token)?;
    Ok(Json(TokenBody::of(&state.services, &t)))
}

/// Reports an authorizer's token as refused by WeChat: expired only if it is still the stored one.
#[utoipa::path(post, path = "/api/v1/platforms/{component_appid}/authorizers/{authorizer_appid}/access-token/invalid", tag = "tokens",
    params(("component_appid" = String, Path), ("authorizer_appid" = String, Path)),
    request_body = InvalidTokenBody,
    responses((status = 200, body = InvalidTokenResult), (status = 404, body = super::error::ErrorBody)),
    security(("api_key" = [])))]
pub async fn authorizer_token_invalid(
    State(state): State<ApiState>,
    caller: Caller,
    Path((component_appid, authorizer_appid)): Path<(String, String)>,
    Json(body): Json<InvalidTokenBody>,
) -> ApiResult<Json<InvalidTokenResult>> {
    let c = platform(&state, &caller, ApiScope::Tokens, &component_appid).await?;
    if let Err(r) = platform_api::authorizer_for_api(&state.services, &c, &authorizer_appid).await?
    {
        return Err(ApiError::token(r));
    }
    let key = TokenKey::authorizer(c.id, authorizer_appid);
    let result = platform_api::report_invalid(&state.services, &key, &body.access_token).await?;
    Ok(Json(InvalidTokenResult { result }))
}

/// An authorizer's JS-SDK ticket (official accounts).
#[utoipa::path(get, path = "/api/v1/platforms/{component_appid}/authorizers/{authorizer_appid}/jsapi-ticket", tag = "tokens",
    params(("component_appid" = String, Path), ("authorizer_appid" = String, Path)),
    responses((status = 200, body = TicketBody), (status = 409, body = super::error::ErrorBody),
        (status = 502, body = super::error::ErrorBody)),
    security(("api_key" = [])))]
pub async fn jsapi_ticket(
    State(state): State<ApiState>,
    caller: Caller,
    Path((component_appid, authorizer_appid)): Path<(String, String)>,
) -> ApiResult<Json<TicketBody>> {
    let c = platform(&state, &caller, ApiScope::Tokens, &component_appid).await?;
    if let Err(r) = platform_api::authorizer_for_api(&state.services, &c, &authorizer_appid).await?
    {
        return Err(ApiError::token(r));
    }
    let key = TokenKey::authorizer(c.id, authorizer_appid);
    let t = platform_api::jsapi_ticket(&state.services, &key).await?;
    Ok(Json(TicketBody {
        ticket: t.ticket.expose().to_string(),
        expires_at: t.expires_at,
        expires_in: ((t.expires_at - state.services.now()) / 1000).max(0),
    }))
}
