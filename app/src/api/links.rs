//! Authorization links: pages on this console that merchants open (their every click takes a
//! fresh pre_auth_code), their QR codes, what came of them, and the permission sets a link can
//! ask for.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::shared::{Bi, FuncScopeInfo};
use crate::error::AppError;
use console_types::{AuthorizerId, LinkId, LinkTarget, PlatformId};

/// Where a link stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkState {
    /// Merchants can open it.
    Active,
    Expired,
    Revoked,
    /// A single-use link that was used.
    UsedUp,
    /// Made before links were pages on the console (a spent pre_auth_code, history only).
    Legacy,
}

impl LinkState {
    /// The `data-state` attribute and filter value.
    pub fn code(self) -> &'static str {
        match self {
            LinkState::Active => "active",
            LinkState::Expired => "expired",
            LinkState::Revoked => "revoked",
            LinkState::UsedUp => "used",
            LinkState::Legacy => "legacy",
        }
    }
}

/// An account that authorized through a link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkAuthorizer {
    pub appid: String,
    pub nick_name: String,
    pub head_img: Option<String>,
    /// An `updateauthorized` (the account had authorized before and changed its permission sets).
    pub updated: bool,
    /// The authorizer's page, when the console knows the account.
    pub authorizer_id: Option<AuthorizerId>,
    pub at: String,
    /// Sets the link asked for that the account did not grant, and whether each is exclusive
    /// (then another platform may hold it).
    pub not_granted: Vec<(Bi, bool)>,
}

/// A link, its page URL and QR code while it can be used, and what came of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkInfo {
    pub id: LinkId,
    pub platform_id: PlatformId,
    /// The merchant page to send (empty for legacy links).
    pub url: String,
    /// SVG markup of the page URL; empty unless the link is active.
    pub qr_svg: String,
    /// Which accounts may authorize.
    pub target: Bi,
    /// The permission sets asked for (empty: every set the platform has).
    pub func_names: Vec<Bi>,
    pub single_use: bool,
    pub created_at: String,
    pub expires_at: String,
    /// "in 6 days" / "expired 3 min ago".
    pub expires_in: Bi,
    pub revoked_at: Option<String>,
    pub state: LinkState,
    /// How often a merchant pressed the button (each press takes a fresh pre_auth_code).
    pub clicks: u64,
    /// Every authorization through the link, newest first.
    pub authorizations: Vec<LinkAuthorizer>,
}

/// How long a new link stays valid, as the form offers it.
pub const LINK_LIFETIMES_HOURS: [u32; 4] = [1, 24, 7 * 24, 30 * 24];

#[cfg(feature = "ssr")]
mod convert {
    use console_core::Services;
    use console_core::authorization::{LinkState as CoreState, LinkView};
    use console_core::authorizers::store;

    use super::{LinkAuthorizer, LinkInfo, LinkState};
    use crate::api::format_time;
    use crate::api::shared::server::{func_name, until};
    use crate::error::AppError;

    /// A link as the page shows it; `find_authorizers` looks up each authorizer's page (one
    /// indexed query each) for a single link, not for lists.
    pub async fn link(
        svc: &Services,
        v: LinkView,
        find_authorizers: bool,
    ) -> Result<LinkInfo, AppError> {
        let mut authorizations = Vec::with_capacity(v.authorizations.len());
        for a in v.authorizations {
            let authorizer_id = if find_authorizers {
                store::find(svc, v.component_id, &a.appid)
                    .await?
                    .map(|m| m.id)
            } else {
                None
            };
            authorizations.push(LinkAuthorizer {
                not_granted: a
                    .not_granted
                    .iter()
                    .map(|id| {
                        (
                            func_name(i64::from(*id)),
                            wxopen::funcscope::by_id(*id).is_some_and(|f| f.exclusive),
                        )
                    })
                    .collect(),
                updated: a.outcome == "updateauthorized",
                appid: a.appid,
                nick_name: a.nick_name,
                head_img: a.head_img,
                authorizer_id,
                at: format_time(a.at),
            });
        }
        Ok(LinkInfo {
            id: v.id,
            platform_id: v.component_id,
            url: v.url,
            qr_svg: v.qr_svg,
            target: v.target.describe(),
            func_names: v
                .category_ids
                .iter()
                .map(|id| func_name(i64::from(*id)))
                .collect(),
            single_use: v.single_use,
            created_at: format_time(v.created_at),
            expires_at: format_time(v.expires_at),
            expires_in: until(svc.now(), v.expires_at),
            revoked_at: v.revoked_at.map(format_time),
            state: match v.state {
                CoreState::Active => LinkState::Active,
                CoreState::Expired => LinkState::Expired,
                CoreState::Revoked => LinkState::Revoked,
                CoreState::UsedUp => LinkState::UsedUp,
                CoreState::Legacy => LinkState::Legacy,
            },
            clicks: v.clicks,
            authorizations,
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

/// Creates an authorization link: a page on this console that merchants open.
///
/// `target` says who may authorize (any account, accounts of some types, or one account);
/// `funcs` lists the permission-set ids to ask for (empty: all). `valid_hours` is how long the
/// link works (default 7 days, at most 30); `single_use` ends it after the first authorization.
#[server(prefix = "/api", endpoint = "links/create")]
pub async fn create_link(
    platform_id: PlatformId,
    target: LinkTarget,
    #[server(default)] funcs: Vec<u32>,
    valid_hours: Option<u32>,
    #[server(default)] single_use: bool,
) -> Result<LinkInfo, AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::authorization::{self, LinkLifetime, LinkRequest};

    let ctx = require(Permission::Operate).await?;
    let lifetime = match valid_hours {
        None => LinkLifetime::default(),
        Some(h) => LinkLifetime::hours(h).map_err(AppError::from)?,
    };
    let req = LinkRequest {
        component_id: platform_id,
        target,
        category_ids: funcs,
        lifetime,
        single_use,
    };
    let svc = &ctx.state.services;
    let v = authorization::create_link(svc, ctx.tenant_id, Some(ctx.user.id), &req).await?;
    let platform = ctx.platform_label(platform_id).await;
    let hours = (v.expires_at - v.created_at) / 3_600_000;
    let detail = console_types::Bi::new(
        format!(
            "平台 {platform}，有效 {hours} 小时{}",
            if single_use { "，仅限一次" } else { "" }
        ),
        format!(
            "Platform {platform}, valid {hours} h{}",
            if single_use { ", single use" } else { "" }
        ),
    );
    ctx.audit(
        console_core::AuditAction::LinkCreated,
        format!("#{}", v.id),
        detail,
    )
    .await;
    convert::link(svc, v, false).await
}

/// One link of the tenant (the link page polls it to follow authorizations live).
#[server(prefix = "/api", endpoint = "links/get")]
pub async fn get_link(id: LinkId) -> Result<LinkInfo, AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::authorization;

    let ctx = require(Permission::View).await?;
    let svc = &ctx.state.services;
    let v = authorization::link(svc, ctx.tenant_id, id).await?;
    convert::link(svc, v, true).await
}

/// Revokes a link of the tenant: its page then tells merchants it is no longer valid.
#[server(prefix = "/api", endpoint = "links/revoke")]
pub async fn revoke_link(id: LinkId) -> Result<LinkInfo, AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::authorization;

    let ctx = require(Permission::Operate).await?;
    let svc = &ctx.state.services;
    let v = authorization::revoke_link(svc, ctx.tenant_id, id, Some(ctx.user.id)).await?;
    let platform = ctx.platform_label(v.component_id).await;
    let detail = console_types::Bi::new(format!("平台 {platform}"), format!("Platform {platform}"));
    ctx.audit(
        console_core::AuditAction::LinkRevoked,
        format!("#{id}"),
        detail,
    )
    .await;
    convert::link(svc, v, true).await
}

/// The latest links of one of the tenant's platforms (without QR codes).
#[server(prefix = "/api", endpoint = "links/recent")]
pub async fn list_links(platform_id: PlatformId) -> Result<Vec<LinkInfo>, AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::{authorization, platforms};

    let ctx = require(Permission::View).await?;
    let svc = &ctx.state.services;
    // Another tenant's platform is "not found", not an empty list.
    platforms::get_model(svc, ctx.tenant_id, platform_id).await?;
    let mut out = Vec::new();
    for v in authorization::recent_links(svc, ctx.tenant_id, platform_id, 20).await? {
        out.push(convert::link(svc, v, false).await?);
    }
    Ok(out)
}
