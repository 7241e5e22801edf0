//! Quota tools for a platform or one of its authorizers (issue 12): the daily quota of an API path
//! (`openapi/quota/get`), resetting it (10 resets per account per calendar month, reference B12
//! and C.3: `component/clear_quota/v2` with the appsecret for the platform, which works even when
//! its token calls are exhausted; `cgi-bin/clear_quota` with the authorizer's token on its
//! behalf), and diagnosing the rid of any WeChat error (`openapi/rid/get`, credentials masked).
//!
//! Every function takes the tenant and answers "not found" for another tenant's platform or
//! account. Who may call which (Operate for reading, ManagePlatforms for resets) is checked by the
//! callers, like everywhere else in the console.

mod mask;
mod resets;

use serde::{Deserialize, Serialize};
use wxopen::AppId;

use crate::error::{CoreError, CoreResult};
use crate::message::Bi;
use crate::platforms::{self, entity as component};
use crate::services::Services;
use crate::tokens::{self, CallError};
use crate::{AuthorizerId, PlatformId, TenantId};

pub use mask::{MASK, extract_rid, mask_secrets};
pub use resets::{RESETS_PER_MONTH, Reset, ResetBudget, reset, reset_budget};

/// Whose quota: a platform's own (component token) or an authorizer's (its token).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuotaSubject {
    Platform(PlatformId),
    Authorizer(AuthorizerId),
}

/// A subject resolved within its tenant.
pub(crate) struct Resolved {
    pub platform: component::Model,
    /// `Some` for an authorizer.
    pub authorizer: Option<AppId>,
    /// How staff read it in the audit log and in messages: "鲜果平台 (wx…)".
    pub label: String,
}

impl Resolved {
    /// The appid whose quota this is.
    pub fn appid(&self) -> &str {
        self.authorizer
            .as_ref()
            .map_or(self.platform.appid.as_str(), AppId::as_str)
    }
}

pub(crate) async fn resolve(
    svc: &Services,
    tenant_id: TenantId,
    subject: QuotaSubject,
) -> CoreResult<Resolved> {
    match subject {
        QuotaSubject::Platform(id) => {
            let platform = platforms::get_model(svc, tenant_id, id).await?;
            let label = format!("{} ({})", platform.name, platform.appid);
            Ok(Resolved {
                platform,
                authorizer: None,
                label,
            })
        }
        QuotaSubject::Authorizer(id) => {
            let a = crate::authorizers::model(svc, tenant_id, id).await?;
            let platform = platforms::get_model(svc, tenant_id, a.component_id).await?;
            let appid = AppId::parse(&a.appid)
                .map_err(|e| CoreError::Internal(format!("stored appid {}: {e}", a.appid)))?;
            Ok(Resolved {
                platform,
                authorizer: Some(appid),
                label: format!("{} ({})", a.nick_name, a.appid),
            })
        }
    }
}

/// Calls WeChat with the subject's token (component or authorizer), with compare-and-expire and
/// one retry when WeChat refuses the token.
pub(crate) async fn with_token<T, F, Fut>(svc: &Services, r: &Resolved, call: F) -> CoreResult<T>
where
    F: Fn(wxopen::Secret) -> Fut,
    Fut: Future<Output = Result<T, wxopen::ApiError>>,
{
    let answer: Result<T, CallError> = match &r.authorizer {
        None => tokens::with_component_token(svc, r.platform.id, call).await,
        Some(appid) => {
            tokens::with_authorizer_token(svc, r.platform.id, appid.as_str(), call).await
        }
    };
    answer.map_err(CoreError::from)
}

/// `openapi/quota/get`'s answer for one path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaReport {
    pub cgi_path: String,
    pub daily_limit: i64,
    pub used: i64,
    pub remain: i64,
    /// (calls, per seconds) for the account.
    pub rate_limit: Option<(i64, i64)>,
    /// (calls, per seconds) for the platform on the account's behalf.
    pub component_rate_limit: Option<(i64, i64)>,
}

/// A path as `openapi/quota/get` takes it: `/cgi-bin/…`, letters, digits, `_ - . /`.
pub fn parse_cgi_path(raw: &str) -> CoreResult<String> {
    let p = raw.trim();
    let p = p.split(['?', '#']).next().unwrap_or_default();
    let p = format!("/{}", p.trim_start_matches('/'));
    let ok = p.len() > 1
        && p.len() <= 128
        && !p.contains("//")
        && !p.split('/').any(|s| s == "..")
        && p.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'/'));
    if ok {
        Ok(p)
    } else {
        Err(CoreError::Invalid(
            Bi::new(
                "接口路径无效：应形如 /cgi-bin/message/custom/send",
                "Invalid API path: it looks like /cgi-bin/message/custom/send",
            )
            .on_field("cgi_path"),
        ))
    }
}

/// The daily quota and rate limits of `cgi_path` for the subject.
pub async fn quota_of(
    svc: &Services,
    tenant_id: TenantId,
    subject: QuotaSubject,
    cgi_path: &str,
) -> CoreResult<QuotaReport> {
    let cgi_path = parse_cgi_path(cgi_path)?;
    let r = resolve(svc, tenant_id, subject).await?;
    let path = cgi_path.clone();
    let info = with_token(svc, &r, |t| {
        let path = path.clone();
        async move { svc.wechat.quota_get(&t, &path).await }
    })
    .await?;
    let pair = |l: Option<wxopen::api::RateLimit>| l.map(|l| (l.call_count, l.refresh_second));
    Ok(QuotaReport {
        cgi_path,
        daily_limit: info.quota.daily_limit,
        used: info.quota.used,
        remain: info.quota.remain,
        rate_limit: pair(info.rate_limit),
        component_rate_limit: pair(info.component_rate_limit),
    })
}

/// What WeChat recorded for a rid, every credential masked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RidReport {
    pub rid: String,
    /// Unix seconds.
    pub invoke_time: i64,
    pub cost_in_ms: i64,
    pub request_url: String,
    pub request_body: String,
    pub response_body: String,
    /// The caller's address as WeChat saw it (the one to whitelist).
    pub client_ip: String,
}

/// Finds the rid in `error_text` and asks WeChat what it recorded for it, with the subject's
/// token (WeChat only answers for rids of the same platform).
pub async fn diagnose(
    svc: &Services,
    tenant_id: TenantId,
    subject: QuotaSubject,
    error_text: &str,
) -> CoreResult<RidReport> {
    let rid = extract_rid(error_text).ok_or_else(|| {
        CoreError::Invalid(
            Bi::new(
                "没有找到 rid：请粘贴包含 “rid: …” 的微信错误信息",
                "No rid found: paste a WeChat error text containing \"rid: …\"",
            )
            .on_field("text"),
        )
    })?;
    let r = resolve(svc, tenant_id, subject).await?;
    let used = std::sync::Mutex::new(None::<wxopen::Secret>);
    let info = with_token(svc, &r, |t| {
        if let Ok(mut u) = used.lock() {
            *u = Some(t.clone());
        }
        let rid = rid.clone();
        async move { svc.wechat.rid_get(&t, &rid).await }
    })
    .await?;
    // Besides the named parameters, every credential the console holds for this account is
    // masked wherever it appears.
    let mut known: Vec<String> = Vec::new();
    if let Some(t) = used.lock().ok().and_then(|u| u.clone()) {
        known.push(t.expose().to_string());
    }
    if let Ok((_, secret)) = platforms::credentials(svc, &r.platform) {
        known.push(secret.expose().to_string());
    }
    for key in [
        Some(tokens::TokenKey::component(r.platform.id)),
        r.authorizer
            .as_ref()
            .map(|a| tokens::TokenKey::authorizer(r.platform.id, a.as_str())),
    ]
    .into_iter()
    .flatten()
    {
        if let Ok(Some(t)) = tokens::stored_token(svc, &key).await {
            known.push(t.token.expose().to_string());
        }
    }
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    let req = info.request;
    Ok(RidReport {
        rid,
        invoke_time: req.invoke_time,
        cost_in_ms: req.cost_in_ms,
        request_url: mask_secrets(&req.request_url, &known),
        request_body: mask_secrets(&req.request_body, &known),
        response_body: mask_secrets(&req.response_body, &known),
        client_ip: req.client_ip,
    })
}
