//! Quota tools on the platform and authorizer pages (issue 12): a path's daily quota, the monthly
//! resets left and a reset, and diagnosing a rid. One function per subject (platform or
//! authorizer), so each takes a plain typed id.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use console_types::{AuthorizerId, PlatformId};

/// `openapi/quota/get`'s answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaView {
    pub cgi_path: String,
    pub daily_limit: i64,
    pub used: i64,
    pub remain: i64,
    pub rate_limit: Option<(i64, i64)>,
    pub component_rate_limit: Option<(i64, i64)>,
}

/// This month's resets by this console.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResetsLeft {
    pub used: u32,
    pub left: u32,
    pub per_month: u32,
}

/// `openapi/rid/get`'s answer, credentials masked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RidView {
    pub rid: String,
    pub invoke_time: String,
    pub cost_in_ms: i64,
    pub request_url: String,
    pub request_body: String,
    pub response_body: String,
    pub client_ip: String,
}

/// The paths offered in the quota form.
pub const COMMON_PATHS: [&str; 8] = [
    "/cgi-bin/component/api_component_token",
    "/cgi-bin/component/api_authorizer_token",
    "/cgi-bin/component/api_query_auth",
    "/cgi-bin/component/api_get_authorizer_info",
    "/cgi-bin/message/custom/send",
    "/cgi-bin/user/info",
    "/cgi-bin/media/get",
    "/cgi-bin/media/upload",
];

#[cfg(feature = "ssr")]
mod server {
    use super::{QuotaView, ResetsLeft, RidView};
    use crate::error::AppError;
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::quota::{self, QuotaSubject};

    pub async fn get(subject: QuotaSubject, cgi_path: String) -> Result<QuotaView, AppError> {
        let ctx = require(Permission::Operate).await?;
        let q = quota::quota_of(&ctx.state.services, ctx.tenant_id, subject, &cgi_path).await?;
        Ok(QuotaView {
            cgi_path: q.cgi_path,
            daily_limit: q.daily_limit,
            used: q.used,
            remain: q.remain,
            rate_limit: q.rate_limit,
            component_rate_limit: q.component_rate_limit,
        })
    }

    pub async fn budget(subject: QuotaSubject) -> Result<ResetsLeft, AppError> {
        let ctx = require(Permission::Operate).await?;
        let b = quota::reset_budget(&ctx.state.services, ctx.tenant_id, subject).await?;
        Ok(ResetsLeft {
            used: b.used,
            left: b.left,
            per_month: quota::RESETS_PER_MONTH,
        })
    }

    pub async fn reset(subject: QuotaSubject) -> Result<ResetsLeft, AppError> {
        let ctx = require(Permission::ManagePlatforms).await?;
        let done = quota::reset(&ctx.state.services, ctx.tenant_id, subject).await?;
        ctx.audit(
            console_core::AuditAction::QuotaCleared,
            done.target,
            done.detail,
        )
        .await;
        Ok(ResetsLeft {
            used: done.budget.used,
            left: done.budget.left,
            per_month: quota::RESETS_PER_MONTH,
        })
    }

    pub async fn diagnose(subject: QuotaSubject, text: String) -> Result<RidView, AppError> {
        let ctx = require(Permission::Operate).await?;
        let r = quota::diagnose(&ctx.state.services, ctx.tenant_id, subject, &text).await?;
        Ok(RidView {
            rid: r.rid,
            invoke_time: crate::api::format_time(r.invoke_time.saturating_mul(1000)),
            cost_in_ms: r.cost_in_ms,
            request_url: r.request_url,
            request_body: r.request_body,
            response_body: r.response_body,
            client_ip: r.client_ip,
        })
    }
}

/// A platform's quota of `cgi_path` (component token).
#[server(prefix = "/api", endpoint = "quota/platform/get")]
pub async fn platform_quota(id: PlatformId, cgi_path: String) -> Result<QuotaView, AppError> {
    server::get(console_core::quota::QuotaSubject::Platform(id), cgi_path).await
}

/// An authorizer's quota of `cgi_path` (its token).
#[server(prefix = "/api", endpoint = "quota/authorizer/get")]
pub async fn authorizer_quota(id: AuthorizerId, cgi_path: String) -> Result<QuotaView, AppError> {
    server::get(console_core::quota::QuotaSubject::Authorizer(id), cgi_path).await
}

/// A platform's resets left this month.
#[server(prefix = "/api", endpoint = "quota/platform/resets")]
pub async fn platform_resets(id: PlatformId) -> Result<ResetsLeft, AppError> {
    server::budget(console_core::quota::QuotaSubject::Platform(id)).await
}

/// An authorizer's resets left this month.
#[server(prefix = "/api", endpoint = "quota/authorizer/resets")]
pub async fn authorizer_resets(id: AuthorizerId) -> Result<ResetsLeft, AppError> {
    server::budget(console_core::quota::QuotaSubject::Authorizer(id)).await
}

/// Resets a platform's quota (`component/clear_quota/v2`); audited.
#[server(prefix = "/api", endpoint = "quota/platform/reset")]
pub async fn reset_platform_quota(id: PlatformId) -> Result<ResetsLeft, AppError> {
    server::reset(console_core::quota::QuotaSubject::Platform(id)).await
}

/// Resets an authorizer's quota (`cgi-bin/clear_quota` with its token); audited.
#[server(prefix = "/api", endpoint = "quota/authorizer/reset")]
pub async fn reset_authorizer_quota(id: AuthorizerId) -> Result<ResetsLeft, AppError> {
    server::reset(console_core::quota::QuotaSubject::Authorizer(id)).await
}

/// Diagnoses the rid in `text` with the platform's token.
#[server(prefix = "/api", endpoint = "quota/platform/diagnose")]
pub async fn platform_diagnose(id: PlatformId, text: String) -> Result<RidView, AppError> {
    server::diagnose(console_core::quota::QuotaSubject::Platform(id), text).await
}

/// Diagnoses the rid in `text` with the authorizer's token.
#[server(prefix = "/api", endpoint = "quota/authorizer/diagnose")]
pub async fn authorizer_diagnose(id: AuthorizerId, text: String) -> Result<RidView, AppError> {
    server::diagnose(console_core::quota::QuotaSubject::Authorizer(id), text).await
}
