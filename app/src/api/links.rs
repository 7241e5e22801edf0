//! Authorization links (PC and H5) with their QR codes, each with a fresh pre_auth_code, and the
//! permission sets a link can ask for.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::shared::{Bi, FuncScopeInfo};
use crate::error::AppError;

/// PC (scanned with WeChat) or H5 (opened inside WeChat on a phone).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkKindName {
    Pc,
    H5,
}

/// Where a link stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkState {
    Pending,
    Expired,
    Authorized,
}

/// The account that used a link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkAuthorizer {
    pub appid: String,
    pub nick_name: String,
    pub head_img: Option<String>,
    /// An `updateauthorized` (the account had authorized before and changed its permission sets).
    pub updated: bool,
    /// The authorizer's page, when the console knows the account.
    pub authorizer_id: Option<i64>,
}

/// A link, its QR code while it can be used, and what became of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkInfo {
    pub id: i64,
    pub platform_id: i64,
    pub kind: LinkKindName,
    pub url: String,
    /// SVG markup; empty once the link is used or expired.
    pub qr_svg: String,
    /// The permission sets asked for (empty: every set the platform has).
    pub func_names: Vec<Bi>,
    pub created_at: String,
    pub expires_at: String,
    /// "in 9 min" / "expired 3 min ago".
    pub expires_in: Bi,
    pub state: LinkState,
    pub authorizer: Option<LinkAuthorizer>,
}

/// Parses the permission-set ids of a link: ids separated by commas, spaces or `|`.
pub fn parse_func_ids(s: &str) -> Result<Vec<u32>, String> {
    s.split([',', '|', ' '])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| p.parse::<u32>().map_err(|_| p.to_string()))
        .collect()
}

#[cfg(feature = "ssr")]
mod convert {
    use console_core::Services;
    use console_core::authorization::{LinkKind, LinkStatus, LinkView};
    use console_core::authorizers::{self, AuthorizerFilter};

    use super::{LinkAuthorizer, LinkInfo, LinkKindName, LinkState};
    use crate::api::format_time;
    use crate::api::shared::server::{func_name, until};
    use crate::error::AppError;

    /// A link as the page shows it; `find_authorizer` looks up the authorizer's page (one indexed
    /// query) for a single link, not for lists.
    pub async fn link(
        svc: &Services,
        tenant_id: i64,
        v: LinkView,
        find_authorizer: bool,
    ) -> Result<LinkInfo, AppError> {
        let (state, authorizer) = match v.status {
            LinkStatus::Pending => (LinkState::Pending, None),
            LinkStatus::Expired => (LinkState::Expired, None),
            LinkStatus::Authorized {
                appid,
                nick_name,
                head_img,
                outcome,
            } => {
                let authorizer_id = if find_authorizer {
                    let filter = AuthorizerFilter {
                        q: Some(appid.clone()),
                        component_id: Some(v.component_id),
                        page: 1,
                        per_page: 1,
                        ..Default::default()
                    };
                    authorizers::list(svc, tenant_id, &filter)
                        .await?
                        .items
                        .first()
                        .map(|a| a.id)
                } else {
                    None
                };
                (
                    LinkState::Authorized,
                    Some(LinkAuthorizer {
                        appid,
                        nick_name,
                        head_img,
                        updated: outcome.as_deref() == Some("updateauthorized"),
                        authorizer_id,
                    }),
                )
            }
        };
        Ok(LinkInfo {
            id: v.id,
            platform_id: v.component_id,
            kind: match v.kind {
                LinkKind::Pc => LinkKindName::Pc,
                LinkKind::H5 => LinkKindName::H5,
            },
            url: v.url,
            qr_svg: v.qr_svg,
            func_names: v
                .category_ids
                .iter()
                .map(|id| func_name(i64::from(*id)))
                .collect(),
            created_at: format_time(v.created_at),
            expires_at: format_time(v.expires_at),
            expires_in: until(svc.now(), v.expires_at),
            state,
            authorizer,
        })
    }
}

/// Every permission set WeChat knows (the link form's checkboxes).
#[server(prefix = "/api", endpoint = "links/func-scopes")]
pub async fn get_func_scopes() -> Result<Vec<FuncScopeInfo>, AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;

    require(Permission::View).await?;
    Ok(crate::api::shared::server::func_scopes())
}

/// Creates an authorization link with a fresh pre_auth_code.
///
/// `target` is `any`, `type` (with `auth_type`: 1 official accounts, 2 mini programs, 3 both,
/// 6 all) or `biz` (with `biz_appid`: only that account); the three are exclusive. `funcs` lists
/// the permission-set ids to ask for (empty: all).
#[server(prefix = "/api", endpoint = "links/create")]
pub async fn create_link(
    platform_id: i64,
    kind: String,
    target: String,
    auth_type: Option<String>,
    biz_appid: Option<String>,
    funcs: Option<String>,
) -> Result<LinkInfo, AppError> {
    use crate::ssr::{require, respond};
    use console_core::accounts::Permission;
    use console_core::authorization::{self, LinkKind, LinkRequest, LinkTarget};

    let ctx = require(Permission::Operate).await?;
    let invalid = |zh: &str, en: &str| respond(AppError::invalid(zh, en));
    let kind = match kind.as_str() {
        "pc" => LinkKind::Pc,
        "h5" => LinkKind::H5,
        _ => {
            return Err(invalid(
                "链接类型只能是 PC 或 H5",
                "The link kind must be PC or H5",
            ));
        }
    };
    let auth_type = auth_type.filter(|v| !v.trim().is_empty());
    let biz_appid = biz_appid.filter(|v| !v.trim().is_empty());
    let target = match (target.as_str(), auth_type, biz_appid) {
        ("any", None, None) => LinkTarget::Any,
        ("type", Some(t), None) => LinkTarget::Type(t.trim().parse().map_err(|_| {
            invalid(
                "auth_type 只能为 1、2、3 或 6",
                "auth_type must be 1, 2, 3 or 6",
            )
        })?),
        ("biz", None, Some(a)) => LinkTarget::BizAppid(a),
        ("type", None, _) => {
            return Err(invalid(
                "请选择可授权的账号类型",
                "Choose which account types may authorize",
            ));
        }
        ("biz", _, None) => {
            return Err(invalid(
                "请填写指定账号的 AppID",
                "Enter the AppID of the account",
            ));
        }
        ("any" | "type" | "biz", _, _) => {
            return Err(invalid(
                "“任意账号”、“按账号类型”和“指定账号”只能选择一项",
                "Choose only one of \"any account\", \"by account type\" and \"one account\"",
            ));
        }
        _ => {
            return Err(invalid("未知的授权对象", "Unknown choice of accounts"));
        }
    };
    let category_ids = parse_func_ids(funcs.as_deref().unwrap_or_default()).map_err(|bad| {
        respond(AppError::invalid(
            format!("权限集 ID “{bad}” 无效"),
            format!("Invalid permission set id \"{bad}\""),
        ))
    })?;
    let req = LinkRequest {
        component_id: platform_id,
        kind,
        target,
        category_ids,
    };
    let svc = &ctx.state.services;
    let v = authorization::create_link(svc, ctx.tenant_id, Some(ctx.user.id), &req).await?;
    convert::link(svc, ctx.tenant_id, v, false).await
}

/// One link of the tenant (the link page polls it while the merchant authorizes).
#[server(prefix = "/api", endpoint = "links/get")]
pub async fn get_link(id: i64) -> Result<LinkInfo, AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::authorization;

    let ctx = require(Permission::View).await?;
    let svc = &ctx.state.services;
    let v = authorization::link(svc, ctx.tenant_id, id).await?;
    convert::link(svc, ctx.tenant_id, v, true).await
}

/// The latest links of one of the tenant's platforms (without QR codes).
#[server(prefix = "/api", endpoint = "links/recent")]
pub async fn list_links(platform_id: i64) -> Result<Vec<LinkInfo>, AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::{authorization, platforms};

    let ctx = require(Permission::View).await?;
    let svc = &ctx.state.services;
    // Another tenant's platform is "not found", not an empty list.
    platforms::get_model(svc, ctx.tenant_id, platform_id).await?;
    let mut out = Vec::new();
    for v in authorization::recent_links(svc, ctx.tenant_id, 100).await? {
        if v.component_id == platform_id && out.len() < 20 {
            out.push(convert::link(svc, ctx.tenant_id, v, false).await?);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::parse_func_ids;

    #[test]
    fn permission_set_ids_accept_commas_bars_and_spaces() {
        assert_eq!(parse_func_ids("1, 2|3 11"), Ok(vec![1, 2, 3, 11]));
        assert_eq!(parse_func_ids(""), Ok(vec![]));
        assert_eq!(parse_func_ids("1,x"), Err("x".to_string()));
    }
}
