//! The official accounts and mini programs that authorized the tenant's platforms: a filtered,
//! server-side paginated list, one account's detail and history, refreshing its token and
//! re-reading it from WeChat.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::events::EventItem;
use super::shared::{Bi, FuncBadge, ListPage, TokenHealth};
use crate::error::AppError;
use console_types::{AccountKind, AuthorizerId, AuthorizerStatus, PlatformId};

/// Authorizers per page.
pub const AUTHORIZERS_PER_PAGE: u64 = 20;

/// An authorizer's token at a glance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenSummary {
    pub health: TokenHealth,
    /// "in 1 h 20 min", "expired 3 min ago", "failed 3 times".
    pub text: Option<Bi>,
}

/// One line of the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorizerItem {
    pub id: AuthorizerId,
    pub platform_id: PlatformId,
    pub platform_name: String,
    pub appid: String,
    pub kind: AccountKind,
    pub nick_name: String,
    pub head_img: Option<String>,
    pub principal_name: Option<String>,
    pub status: AuthorizerStatus,
    pub funcs: Vec<FuncBadge>,
    pub token: TokenSummary,
    pub authorized_at: String,
}

/// Everything about one authorizer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorizerInfo {
    pub item: AuthorizerItem,
    pub platform_appid: String,
    pub user_name: String,
    pub alias: Option<String>,
    pub qrcode_url: Option<String>,
    pub signature: Option<String>,
    pub service_type: Option<Bi>,
    pub verify_type: Option<Bi>,
    pub account_status: Option<Bi>,
    pub has_refresh_token: bool,
    pub token_expires_at: Option<String>,
    pub token_refreshed_at: Option<String>,
    pub token_refresh_due_at: Option<String>,
    pub token_failures: i32,
    pub token_last_error: Option<Bi>,
    pub info_synced_at: Option<String>,
    pub revoked_at: Option<String>,
    pub updated_at: String,
    /// The pushes about this account, newest first.
    pub events: Vec<EventItem>,
    /// The registration task that created this mini program, if one did.
    pub task_id: Option<console_types::TaskId>,
    /// Whether web OAuth on its behalf works (`Ok`), or why not (`Err`).
    pub web_oauth: Result<Bi, Bi>,
}

#[cfg(feature = "ssr")]
mod convert {
    use console_core::AccountKind;
    use console_core::authorizers::{AuthorizerDetail, AuthorizerRow};

    use super::{AuthorizerInfo, AuthorizerItem, TokenSummary};
    use crate::api::events::EventItem;
    use crate::api::format_time;
    use crate::api::shared::server::{func_badge, stored_message, token_health, until};
    use crate::api::shared::{Bi, TokenHealth};

    fn unknown(v: i32) -> Bi {
        Bi::new(format!("未知（{v}）"), format!("unknown ({v})"))
    }

    /// `service_type_info.id`, by account kind.
    fn service_type(kind: AccountKind, v: i32) -> Bi {
        match (kind == AccountKind::MiniProgram, v) {
            (false, 0) => Bi::new("订阅号", "Subscription account"),
            (false, 1) => Bi::new(
                "由历史老账号升级后的订阅号",
                "Subscription account (upgraded legacy account)",
            ),
            (false, 2) => Bi::new("服务号", "Service account"),
            (true, 0) => Bi::new("普通小程序", "Mini program"),
            (true, 2 | 3) => Bi::new("门店小程序", "Store mini program"),
            (true, 4) => Bi::new("小游戏", "Mini game"),
            (true, 10) => Bi::new("小商店", "Mini store"),
            (true, 12) => Bi::new("试用小程序", "Beta mini program"),
            _ => unknown(v),
        }
    }

    /// `verify_type_info.id`.
    fn verify_type(v: i32) -> Bi {
        match v {
            -1 => Bi::new("未认证", "Not verified"),
            0 => Bi::new("微信认证", "WeChat verified"),
            1 => Bi::new("新浪微博认证", "Sina Weibo verified"),
            2 => Bi::new("腾讯微博认证", "Tencent Weibo verified"),
            3 => Bi::new(
                "已资质认证通过但还未通过名称认证",
                "Qualification verified, name not yet verified",
            ),
            4 => Bi::new(
                "已资质认证通过、还未通过名称认证，但通过了新浪微博认证",
                "Qualification verified, name not yet verified, Sina Weibo verified",
            ),
            5 => Bi::new(
                "已资质认证通过、还未通过名称认证，但通过了腾讯微博认证",
                "Qualification verified, name not yet verified, Tencent Weibo verified",
            ),
            _ => unknown(v),
        }
    }

    /// `account_status`.
    fn account_status(v: i32) -> Bi {
        match v {
            1 => Bi::new("正常", "Normal"),
            14 => Bi::new("已注销", "Deregistered"),
            16 => Bi::new("已封禁", "Banned"),
            18 => Bi::new("已告警", "Warned"),
            19 => Bi::new("已冻结", "Frozen"),
            _ => unknown(v),
        }
    }

    fn token(now: i64, r: &AuthorizerRow) -> TokenSummary {
        let health = token_health(now, r.token_expires_at, r.token_failures);
        let text = match health {
            TokenHealth::Valid | TokenHealth::Expired => r.token_expires_at.map(|t| until(now, t)),
            TokenHealth::Failing => Some(Bi::new(
                format!("刷新失败 {} 次", r.token_failures),
                format!("failed {} times", r.token_failures),
            )),
            TokenHealth::Missing => None,
        };
        TokenSummary { health, text }
    }

    pub fn item(now: i64, r: AuthorizerRow) -> AuthorizerItem {
        AuthorizerItem {
            token: token(now, &r),
            funcs: r.permissions.iter().map(func_badge).collect(),
            id: r.id,
            platform_id: r.component_id,
            platform_name: r.component_name,
            appid: r.appid,
            kind: r.kind,
            nick_name: r.nick_name,
            head_img: r.head_img,
            principal_name: r.principal_name,
            status: r.status,
            authorized_at: format_time(r.authorized_at),
        }
    }

    pub fn info(now: i64, d: AuthorizerDetail, events: Vec<EventItem>) -> AuthorizerInfo {
        let kind = d.row.kind;
        let token_expires_at = d.row.token_expires_at;
        let token_failures = d.row.token_failures;
        let token_last_error = d
            .row
            .token_last_error
            .as_deref()
            .filter(|m| !m.is_empty())
            .map(stored_message);
        let platform_appid = d.row.component_appid.clone();
        let web_oauth = console_core::authorizers::web_oauth(&d);
        AuthorizerInfo {
            item: item(now, d.row),
            platform_appid,
            user_name: d.user_name,
            alias: d.alias.filter(|a| !a.is_empty()),
            qrcode_url: d.qrcode_url.filter(|a| !a.is_empty()),
            signature: d.signature.filter(|a| !a.is_empty()),
            service_type: d.service_type.map(|v| service_type(kind, v)),
            verify_type: d.verify_type.map(verify_type),
            account_status: d.account_status.map(account_status),
            has_refresh_token: d.has_refresh_token,
            token_expires_at: token_expires_at.map(format_time),
            token_refreshed_at: d.token_refreshed_at.map(format_time),
            token_refresh_due_at: d.token_refresh_due_at.map(format_time),
            token_failures,
            token_last_error,
            info_synced_at: d.info_synced_at.map(format_time),
            revoked_at: d.revoked_at.map(format_time),
            updated_at: format_time(d.updated_at),
            web_oauth,
            events,
            task_id: None,
        }
    }
}

crate::list_query! {
    /// The authorizer list's filters, as in its URL (`?q=&platform=&kind=&status=&func=&page=`).
    pub struct AuthorizerQuery at "/authorizers" {
        /// Name, appid or principal.
        pub q: String = "q",
        pub platform: PlatformId = "platform",
        pub kind: AccountKind = "kind",
        pub status: AuthorizerStatus = "status",
        /// Has this permission set.
        pub func: i32 = "func",
    }
}

/// One page of the tenant's authorizers, filtered as the page's URL says; only the page's rows
/// are read.
#[server(prefix = "/api", endpoint = "authorizers/list")]
pub async fn list_authorizers(
    #[server(default)] query: AuthorizerQuery,
) -> Result<ListPage<AuthorizerItem>, AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::authorizers::{self, AuthorizerFilter};

    let ctx = require(Permission::View).await?;
    let svc = &ctx.state.services;
    let filter = AuthorizerFilter {
        q: query
            .q
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
        component_id: query.platform,
        kind: query.kind,
        status: query.status,
        func_id: query.func,
        page: query.page.unwrap_or(1),
        per_page: AUTHORIZERS_PER_PAGE,
    };
    let p = authorizers::list(svc, ctx.tenant_id, &filter).await?;
    let now = svc.now();
    Ok(p.map(|r| convert::item(now, r)))
}

/// One authorizer of the tenant, with its latest 50 pushes.
#[server(prefix = "/api", endpoint = "authorizers/get")]
pub async fn get_authorizer(id: AuthorizerId) -> Result<AuthorizerInfo, AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::authorizers;
    use console_core::events::{self, EventFilter};

    let ctx = require(Permission::View).await?;
    let svc = &ctx.state.services;
    let d = authorizers::get(svc, ctx.tenant_id, id).await?;
    let history = events::list(
        svc,
        ctx.tenant_id,
        &EventFilter {
            component_id: Some(d.row.component_id),
            authorizer_appid: Some(d.row.appid.clone()),
            page: 1,
            per_page: 50,
            ..Default::default()
        },
    )
    .await?;
    let events = history
        .items
        .into_iter()
        .map(crate::api::events::convert::event)
        .collect();
    let task_id =
        console_core::registrations::task_of_authorizer(svc, ctx.tenant_id, d.row.id).await?;
    let mut info = convert::info(svc.now(), d, events);
    info.task_id = task_id;
    Ok(info)
}

/// Refreshes an authorizer's access token now; answers when the new token expires.
#[server(prefix = "/api", endpoint = "authorizers/refresh-token")]
pub async fn refresh_authorizer_token(id: AuthorizerId) -> Result<Bi, AppError> {
    use crate::api::format_time;
    use crate::api::shared::server::until;
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::{authorizers, tokens};

    let ctx = require(Permission::Operate).await?;
    let svc = &ctx.state.services;
    let d = authorizers::get(svc, ctx.tenant_id, id).await?;
    let target = format!("{} ({})", d.row.nick_name, d.row.appid);
    let key = tokens::TokenKey::authorizer(d.row.component_id, d.row.appid);
    let refreshed = tokens::refresh_now(svc, &key).await;
    let detail = match &refreshed {
        Ok(_) => Bi::new("手动刷新令牌：成功", "Token refreshed by hand: done"),
        Err(_) => Bi::new("手动刷新令牌：失败", "Token refreshed by hand: failed"),
    };
    ctx.audit(console_core::AuditAction::TokenRefreshed, target, detail)
        .await;
    let t = refreshed?;
    let (at, left) = (format_time(t.expires_at), until(svc.now(), t.expires_at));
    Ok(Bi::new(
        format!("令牌已刷新，有效期至 {at}（{}）", left.zh),
        format!("Token refreshed; valid until {at} ({})", left.en),
    ))
}

/// Re-reads an authorizer from WeChat (`api_get_authorizer_info`). If WeChat says the account no
/// longer authorizes the platform, it is marked revoked and the error says so.
#[server(prefix = "/api", endpoint = "authorizers/sync")]
pub async fn sync_authorizer(id: AuthorizerId) -> Result<(), AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::authorizers;

    let ctx = require(Permission::Operate).await?;
    let synced = authorizers::sync_one(&ctx.state.services, ctx.tenant_id, id).await;
    if !matches!(synced, Err(console_core::CoreError::NotFound(_))) {
        let target = match authorizers::get(&ctx.state.services, ctx.tenant_id, id).await {
            Ok(d) => format!("{} ({})", d.row.nick_name, d.row.appid),
            Err(_) => format!("#{id}"),
        };
        let detail = match &synced {
            Ok(()) => Bi::new("从微信重新读取：成功", "Re-read from WeChat: done"),
            Err(_) => Bi::new("从微信重新读取：失败", "Re-read from WeChat: failed"),
        };
        ctx.audit(console_core::AuditAction::SyncStarted, target, detail)
            .await;
    }
    synced?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use leptos_router::params::{Params, ParamsError, ParamsMap};

    use super::AuthorizerQuery;
    use crate::api::query::{BadParam, ListQuery};
    use console_types::AuthorizerStatus;

    fn map(pairs: &[(&'static str, &str)]) -> ParamsMap {
        let mut m = ParamsMap::new();
        for (k, v) in pairs {
            m.insert(*k, v.to_string());
        }
        m
    }

    #[test]
    fn blank_filters_are_no_filter_and_page_links_keep_the_others() {
        let q = AuthorizerQuery::from_map(&map(&[
            ("q", "鲜果"),
            ("kind", ""),
            ("status", "revoked"),
            ("page", "2"),
        ]))
        .unwrap();
        assert_eq!(q.kind, None);
        assert_eq!(q.status, Some(AuthorizerStatus::Revoked));
        assert_eq!(
            q.href(1),
            "/authorizers?q=%E9%B2%9C%E6%9E%9C&status=revoked"
        );
        assert_eq!(
            q.href(3),
            "/authorizers?q=%E9%B2%9C%E6%9E%9C&status=revoked&page=3"
        );
    }

    #[test]
    fn a_malformed_filter_names_its_key() {
        let Err(ParamsError::Params(e)) = AuthorizerQuery::from_map(&map(&[("status", "gone")]))
        else {
            panic!("accepted");
        };
        let bad = e.downcast_ref::<BadParam>().unwrap();
        assert_eq!((bad.key, bad.value.as_str()), ("status", "gone"));
    }
}
