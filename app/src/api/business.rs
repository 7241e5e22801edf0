//! Business calls on behalf of an authorizer from its page (seed 001, issue 12): look up a user,
//! send a customer-service text, and the proxied-call counts. The media download is an HTTP route
//! of the server (`/authorizers/{id}/media/{media_id}`), since a file is not a server function's
//! answer. Each call goes through the same proxy as the platform API and is counted.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use console_types::AuthorizerId;

/// One row of "proxied calls".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallRow {
    pub path: String,
    pub today: i64,
    pub week: i64,
    pub week_failures: i64,
    pub last_errcode: Option<i64>,
    pub last_at: String,
}

/// A user's fields as WeChat answered `cgi-bin/user/info`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserFields {
    pub fields: Vec<(String, String)>,
}

/// `cgi-bin/user/info` for `openid`, on behalf of authorizer `id`.
#[server(prefix = "/api", endpoint = "business/user-info")]
pub async fn lookup_user(id: AuthorizerId, openid: String) -> Result<UserFields, AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;

    let ctx = require(Permission::Operate).await?;
    let info =
        console_core::business::user_info(&ctx.state.services, ctx.tenant_id, id, &openid).await?;
    Ok(UserFields {
        fields: info.fields,
    })
}

/// Sends a customer-service text to `openid` on behalf of authorizer `id`; audited (the openid
/// masked, never the text).
#[server(prefix = "/api", endpoint = "business/send-text")]
pub async fn send_text(id: AuthorizerId, openid: String, text: String) -> Result<(), AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::business;

    let ctx = require(Permission::Operate).await?;
    let svc = &ctx.state.services;
    let sent = business::send_text(svc, ctx.tenant_id, id, &openid, &text).await;
    if !matches!(
        sent,
        Err(console_core::CoreError::NotFound(_) | console_core::CoreError::Invalid(_))
    ) {
        let target = match console_core::authorizers::get(svc, ctx.tenant_id, id).await {
            Ok(d) => format!("{} ({})", d.row.nick_name, d.row.appid),
            Err(_) => format!("#{id}"),
        };
        let to = business::mask_openid(openid.trim());
        let detail = match &sent {
            Ok(()) => console_core::Bi::new(
                format!("发送客服消息给 {to}：成功"),
                format!("Customer-service message to {to}: sent"),
            ),
            Err(_) => console_core::Bi::new(
                format!("发送客服消息给 {to}：失败"),
                format!("Customer-service message to {to}: failed"),
            ),
        };
        ctx.audit(console_core::AuditAction::BusinessCall, target, detail)
            .await;
    }
    sent?;
    Ok(())
}

/// The calls made through the proxy for authorizer `id` over the last 7 days.
#[server(prefix = "/api", endpoint = "business/calls")]
pub async fn proxied_calls(id: AuthorizerId) -> Result<Vec<CallRow>, AppError> {
    use crate::api::format_time;
    use crate::ssr::require;
    use console_core::accounts::Permission;

    let ctx = require(Permission::View).await?;
    let rows = console_core::platform_api::calls_of(&ctx.state.services, ctx.tenant_id, id).await?;
    Ok(rows
        .into_iter()
        .map(|c| CallRow {
            path: c.path,
            today: c.today,
            week: c.week,
            week_failures: c.week_failures,
            last_errcode: c.last_errcode,
            last_at: format_time(c.last_at),
        })
        .collect())
}
