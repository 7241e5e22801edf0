//! Third-party platforms: list, add, edit, enable or disable, ask WeChat to push the ticket again,
//! and sync every authorizer from WeChat (a background job the page follows).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::shared::{Bi, TokenHealth};
use crate::error::AppError;
use console_types::{PlatformId, SyncJobId};

/// What kind of alarm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AlarmKind {
    /// No `component_verify_ticket` for 30 minutes.
    NoTicket,
    /// The component token cannot be refreshed.
    TokenFailing,
    /// Authorizers must be authorized again.
    NeedsReauthorization,
}

/// Something on a platform an operator must look at, explained.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlarmInfo {
    pub platform_id: PlatformId,
    pub platform_name: String,
    pub kind: AlarmKind,
    pub message: Bi,
}

/// A platform as the list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformSummary {
    pub id: PlatformId,
    pub appid: String,
    pub name: String,
    pub enabled: bool,
    /// How long ago the latest ticket arrived.
    pub ticket_age: Option<Bi>,
    /// Whether WeChat still accepts the stored ticket (12 hours).
    pub ticket_valid: bool,
    pub token_health: TokenHealth,
    /// When the component token expires ("in 1 h 40 min", "expired 3 min ago").
    pub token_expiry: Option<Bi>,
    pub authorizers: u64,
    pub alarms: Vec<AlarmInfo>,
}

/// Everything the platform page shows. Secrets never leave the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformDetail {
    pub summary: PlatformSummary,
    pub created_at: String,
    /// `CreateTime` of the stored ticket (when WeChat sent it).
    pub ticket_created_at: Option<String>,
    pub ticket_received_at: Option<String>,
    /// When the stored ticket stops being valid, and how far that is.
    pub ticket_expires_at: Option<String>,
    pub ticket_expires_in: Option<Bi>,
    pub token_expires_at: Option<String>,
    pub token_refreshed_at: Option<String>,
    pub token_failures: i32,
    pub token_last_error: Option<Bi>,
    pub has_previous_key: bool,
    /// The server's egress IP as WeChat reported it in a 61004 error.
    pub egress_ip: Option<String>,
    /// 授权事件接收 URL.
    pub event_url: String,
    /// 消息与事件接收 URL (with WeChat's `$APPID$` placeholder).
    pub message_url: String,
    /// 授权发起页域名.
    pub auth_domain: String,
    /// Where authorizers' messages are forwarded.
    pub webhook_url: Option<String>,
    /// What is wrong with the console's address as WeChat will see it (reference B17).
    pub domain_warnings: Vec<Bi>,
    /// How the console answered WeChat's latest release test.
    pub release_test: Option<ReleaseTestStatus>,
    /// Registration tasks of this platform: running, failed.
    pub tasks_running: u64,
    pub tasks_failed: u64,
}

/// The latest release test (全网发布) of a platform, as the console answered it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseTestStatus {
    pub last_at: String,
    pub last_ago: Bi,
    pub cases: Vec<ReleaseTestCase>,
}

/// One case of the release test.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseTestCase {
    /// `text`, `mini_program_text`, `query_auth_code` or `event`.
    pub case: String,
    pub label: Bi,
    /// `None` while it is still being answered.
    pub answered: Option<bool>,
}

/// A sync-all job's progress.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncProgress {
    pub id: SyncJobId,
    /// `running`, `done` or `failed`.
    pub status: String,
    pub total: i64,
    pub processed: i64,
    pub created: i64,
    pub updated: i64,
    pub error: Option<Bi>,
    pub started_at: String,
    pub finished_at: Option<String>,
}

impl SyncProgress {
    /// Whether the job is still working.
    pub fn running(&self) -> bool {
        self.status == "running"
    }

    /// Progress in percent (0 while the total is unknown).
    pub fn percent(&self) -> i64 {
        if self.total <= 0 {
            if self.status == "done" { 100 } else { 0 }
        } else {
            (self.processed.clamp(0, self.total) * 100) / self.total
        }
    }
}

/// The host of the console's public URL: WeChat's 授权发起页域名.
pub fn host_of(url: &str) -> &str {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

#[cfg(feature = "ssr")]
mod convert {
    use console_core::platforms::{Alarm, PlatformView, TICKET_VALID_MS};

    use super::{AlarmInfo, AlarmKind, PlatformDetail, PlatformSummary, SyncProgress, host_of};
    use crate::api::format_time;
    use crate::api::shared::Bi;
    use crate::api::shared::server::{ago, stored_message, token_health, until};

    fn alarm(now: i64, p: &PlatformView, a: &Alarm) -> AlarmInfo {
        let (kind, message) = match a {
            Alarm::NoTicket { last_ms: Some(t) } => {
                let age = ago(now, *t);
                (
                    AlarmKind::NoTicket,
                    Bi::new(
                        format!(
                            "超过 30 分钟未收到 component_verify_ticket（上次收到：{}）。请检查授权事件接收 URL，或点击“重新推送 ticket”。",
                            age.zh
                        ),
                        format!(
                            "No component_verify_ticket for over 30 minutes (last one {}). Check the authorization event URL, or press \"Push the ticket again\".",
                            age.en
                        ),
                    ),
                )
            }
            Alarm::NoTicket { last_ms: None } => (
                AlarmKind::NoTicket,
                Bi::new(
                    "添加 30 分钟后仍未收到任何 component_verify_ticket。请确认授权事件接收 URL 已填入微信开放平台，然后点击“重新推送 ticket”。",
                    "No component_verify_ticket 30 minutes after the platform was added. Make sure the authorization event URL is entered on open.weixin.qq.com, then press \"Push the ticket again\".",
                ),
            ),
            Alarm::TokenFailing { message, failures } => {
                let m = stored_message(message);
                (
                    AlarmKind::TokenFailing,
                    Bi::new(
                        format!(
                            "component_access_token 已连续 {failures} 次刷新失败：{}",
                            m.zh
                        ),
                        format!(
                            "The component_access_token failed to refresh {failures} times in a row: {}",
                            m.en
                        ),
                    ),
                )
            }
            Alarm::NeedsReauthorization { count } => (
                AlarmKind::NeedsReauthorization,
                Bi::new(
                    format!("{count} 个授权账号需要商户重新授权"),
                    format!("{count} authorizers must be authorized again by the merchant"),
                ),
            ),
        };
        AlarmInfo {
            platform_id: p.id,
            platform_name: p.name.clone(),
            kind,
            message,
        }
    }

    /// The alarms of a platform, explained.
    pub fn alarms(now: i64, p: &PlatformView) -> Vec<AlarmInfo> {
        p.alarms.iter().map(|a| alarm(now, p, a)).collect()
    }

    pub fn summary(now: i64, p: &PlatformView) -> PlatformSummary {
        PlatformSummary {
            id: p.id,
            appid: p.appid.clone(),
            name: p.name.clone(),
            enabled: p.enabled,
            ticket_age: p.ticket_received_at.map(|t| ago(now, t)),
            ticket_valid: p
                .ticket_created_at
                .is_some_and(|t| now - t < TICKET_VALID_MS),
            token_health: token_health(now, p.token_expires_at, p.token_failures),
            token_expiry: p.token_expires_at.map(|t| until(now, t)),
            authorizers: p.authorizers,
            alarms: alarms(now, p),
        }
    }

    pub fn detail(now: i64, public_base_url: &str, p: &PlatformView) -> PlatformDetail {
        let base = public_base_url.trim_end_matches('/');
        let ticket_expires = p.ticket_created_at.map(|t| t + TICKET_VALID_MS);
        PlatformDetail {
            summary: summary(now, p),
            created_at: format_time(p.created_at),
            ticket_created_at: p.ticket_created_at.map(format_time),
            ticket_received_at: p.ticket_received_at.map(format_time),
            ticket_expires_at: ticket_expires.map(format_time),
            ticket_expires_in: ticket_expires.map(|t| until(now, t)),
            token_expires_at: p.token_expires_at.map(format_time),
            token_refreshed_at: p.token_refreshed_at.map(format_time),
            token_failures: p.token_failures,
            token_last_error: p
                .token_last_error
                .as_deref()
                .filter(|m| !m.is_empty())
                .map(stored_message),
            has_previous_key: p.has_previous_key,
            egress_ip: p.egress_ip.clone(),
            event_url: format!("{base}/wechat/{}/events", p.appid),
            message_url: format!("{base}/wechat/{}/messages/$APPID$", p.appid),
            auth_domain: host_of(base).to_string(),
            webhook_url: p.webhook_url.clone(),
            domain_warnings: Vec::new(),
            release_test: None,
            tasks_running: 0,
            tasks_failed: 0,
        }
    }

    fn case_label(case: &str) -> Bi {
        match case {
            "text" => Bi::new(
                "公众号文本消息（被动回复）",
                "Official account text (passive reply)",
            ),
            "mini_program_text" => Bi::new(
                "小程序客服消息（客服接口回复）",
                "Mini program text (customer-service reply)",
            ),
            "query_auth_code" => Bi::new(
                "QUERY_AUTH_CODE（换取授权后用客服接口回复）",
                "QUERY_AUTH_CODE (exchange, then a customer-service reply)",
            ),
            "event" => Bi::new("事件（被动回复）", "Event (passive reply)"),
            other => Bi::new(other, other),
        }
    }

    pub fn release_test(
        now: i64,
        s: console_core::messages::ReleaseTestSummary,
    ) -> super::ReleaseTestStatus {
        super::ReleaseTestStatus {
            last_at: format_time(s.last_at),
            last_ago: ago(now, s.last_at),
            cases: s
                .cases
                .into_iter()
                .map(|(case, answered)| super::ReleaseTestCase {
                    label: case_label(&case),
                    case,
                    answered,
                })
                .collect(),
        }
    }

    /// Which of the console's address problems WeChat will trip on (reference B17): the page
    /// was opened on another host than `PUBLIC_BASE_URL` (links and URLs use the latter), or the
    /// address is an IP, `localhost` or plain HTTP (outside the demo).
    pub fn domain_warnings(
        public_base_url: &str,
        request_host: Option<&str>,
        demo: bool,
    ) -> Vec<Bi> {
        let mut out = Vec::new();
        let Ok(url) = url::Url::parse(public_base_url) else {
            return vec![Bi::new(
                format!("PUBLIC_BASE_URL 不是有效的地址：{public_base_url}"),
                format!("PUBLIC_BASE_URL is not a valid URL: {public_base_url}"),
            )];
        };
        let configured = host_of(public_base_url).to_ascii_lowercase();
        let default_port = match url.scheme() {
            "https" => ":443",
            _ => ":80",
        };
        if let Some(host) = request_host {
            let host = host.to_ascii_lowercase();
            let host = host.strip_suffix(default_port).unwrap_or(&host);
            if host != configured {
                out.push(Bi::new(
                    format!(
                        "您正通过 {host} 访问控制台，但 PUBLIC_BASE_URL 是 {public_base_url}：授权链接、回调地址和下面要填入微信的地址都使用后者。如果后者不是商户和微信能访问的地址，请修改 PUBLIC_BASE_URL。"
                    ),
                    format!(
                        "You opened the console at {host}, but PUBLIC_BASE_URL is {public_base_url}: links, redirects and the addresses below all use the latter. If WeChat and merchants cannot reach it, change PUBLIC_BASE_URL."
                    ),
                ));
            }
        }
        if demo {
            return out;
        }
        match url.host() {
            Some(url::Host::Ipv4(_) | url::Host::Ipv6(_)) => out.push(Bi::new(
                "PUBLIC_BASE_URL 使用的是 IP 地址：微信的授权发起页域名和回调地址必须是域名。",
                "PUBLIC_BASE_URL uses an IP address: WeChat needs a domain name for the authorization domain and its URLs.",
            )),
            Some(url::Host::Domain(d)) if d == "localhost" || d.ends_with(".localhost") => {
                out.push(Bi::new(
                    "PUBLIC_BASE_URL 指向 localhost：微信无法访问本机地址。",
                    "PUBLIC_BASE_URL points to localhost: WeChat cannot reach it.",
                ))
            }
            _ => {}
        }
        if url.scheme() != "https" {
            out.push(Bi::new(
                "PUBLIC_BASE_URL 不是 HTTPS：请在生产环境中使用 HTTPS（会话 Cookie 和商户授权页都依赖它）。",
                "PUBLIC_BASE_URL is not HTTPS: use HTTPS in production (session cookies and the merchant pages rely on it).",
            ));
        }
        out
    }

    pub fn sync(j: console_core::authorizers::SyncJobView) -> SyncProgress {
        SyncProgress {
            id: j.id,
            status: j.status,
            total: j.total,
            processed: j.processed,
            created: j.created,
            updated: j.updated,
            error: j.error,
            started_at: format_time(j.started_at),
            finished_at: j.finished_at.map(format_time),
        }
    }
}

#[cfg(feature = "ssr")]
pub(crate) use convert::alarms as alarms_of;

/// The tenant's platforms, by name.
#[server(prefix = "/api", endpoint = "platforms/list")]
pub async fn list_platforms() -> Result<Vec<PlatformSummary>, AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::platforms;

    let ctx = require(Permission::View).await?;
    let svc = &ctx.state.services;
    let now = svc.now();
    Ok(platforms::list(svc, ctx.tenant_id)
        .await?
        .iter()
        .map(|p| convert::summary(now, p))
        .collect())
}

/// One platform of the tenant.
#[server(prefix = "/api", endpoint = "platforms/get")]
pub async fn get_platform(id: PlatformId) -> Result<PlatformDetail, AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::platforms;

    let ctx = require(Permission::View).await?;
    let svc = &ctx.state.services;
    let p = platforms::get(svc, ctx.tenant_id, id).await?;
    let config = &ctx.state.config;
    let mut d = convert::detail(svc.now(), &config.public_base_url, &p);
    let host = use_context::<http::request::Parts>().and_then(|parts| {
        parts
            .headers
            .get(http::header::HOST)
            .and_then(|h| h.to_str().ok())
            .map(str::to_string)
    });
    d.domain_warnings =
        convert::domain_warnings(&config.public_base_url, host.as_deref(), config.demo);
    d.release_test = console_core::messages::release_test_summary(svc, p.id)
        .await?
        .map(|s| convert::release_test(svc.now(), s));
    let tasks = console_core::registrations::counts(svc, ctx.tenant_id, Some(p.id)).await?;
    d.tasks_running = tasks.running;
    d.tasks_failed = tasks.failed;
    Ok(d)
}

/// Adds a platform with its credentials from WeChat's open platform console; goes to its page.
#[server(prefix = "/api", endpoint = "platforms/create")]
pub async fn create_platform(
    name: String,
    appid: String,
    secret: String,
    token: String,
    aes_key: String,
) -> Result<PlatformId, AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::platforms::{self, PlatformInput};

    let ctx = require(Permission::ManagePlatforms).await?;
    let input = PlatformInput {
        name,
        appid,
        secret: Some(secret),
        token: Some(token),
        aes_key: Some(aes_key),
        previous_aes_key: None,
    };
    let p = platforms::create(&ctx.state.services, ctx.tenant_id, &input).await?;
    tracing::info!(user = %ctx.user.username, platform = %p.appid, "platform added");
    let target = ctx.platform_label(p.id).await;
    ctx.audit(
        console_core::AuditAction::PlatformAdded,
        target,
        console_core::Bi::new("已添加平台", "Platform added"),
    )
    .await;
    leptos_axum::redirect(&format!("/platforms/{}", p.id));
    Ok(p.id)
}

/// Edits a platform: the name always; the secret, token and key only when given (blank keeps the
/// stored value). A new key moves the current one to "previous".
#[server(prefix = "/api", endpoint = "platforms/update")]
pub async fn update_platform(
    id: PlatformId,
    name: String,
    secret: Option<String>,
    token: Option<String>,
    aes_key: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::platforms::{self, PlatformInput};

    let ctx = require(Permission::ManagePlatforms).await?;
    let svc = &ctx.state.services;
    let current = platforms::get(svc, ctx.tenant_id, id).await?;
    let input = PlatformInput {
        name,
        appid: current.appid,
        secret,
        token,
        aes_key,
        previous_aes_key: None,
    };
    let changed_keys = [
        (input.secret.as_deref(), "AppSecret"),
        (input.token.as_deref(), "Token"),
        (input.aes_key.as_deref(), "EncodingAESKey"),
    ]
    .into_iter()
    .filter(|(v, _)| v.is_some_and(|v| !v.trim().is_empty()))
    .map(|(_, name)| name)
    .collect::<Vec<_>>()
    .join(", ");
    platforms::update(svc, ctx.tenant_id, id, &input).await?;
    tracing::info!(user = %ctx.user.username, platform = %id, "platform edited");
    let detail = if changed_keys.is_empty() {
        console_core::Bi::new("修改了名称", "Name edited")
    } else {
        console_core::Bi::new(
            format!("修改了名称与 {changed_keys}"),
            format!("Name and {changed_keys} changed"),
        )
    };
    let target = ctx.platform_label(id).await;
    ctx.audit(console_core::AuditAction::PlatformChanged, target, detail)
        .await;
    Ok(())
}

/// Enables or disables a platform (a disabled platform refuses pushes and refreshes nothing).
#[server(prefix = "/api", endpoint = "platforms/set-enabled")]
pub async fn set_platform_enabled(id: PlatformId, enabled: bool) -> Result<(), AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::platforms;

    let ctx = require(Permission::ManagePlatforms).await?;
    platforms::set_enabled(&ctx.state.services, ctx.tenant_id, id, enabled).await?;
    tracing::info!(user = %ctx.user.username, platform = %id, enabled, "platform toggled");
    let detail = if enabled {
        console_core::Bi::new("已启用", "Enabled")
    } else {
        console_core::Bi::new("已停用", "Disabled")
    };
    let target = ctx.platform_label(id).await;
    ctx.audit(console_core::AuditAction::PlatformChanged, target, detail)
        .await;
    Ok(())
}

/// Retires the platform's previous EncodingAESKey (the end of a key rotation): pushes sealed with
/// it are refused from then on. Admins and owners only.
#[server(prefix = "/api", endpoint = "platforms/retire-previous-key")]
pub async fn retire_previous_aes_key(id: PlatformId) -> Result<(), AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::platforms;

    let ctx = require(Permission::ManagePlatforms).await?;
    platforms::retire_previous_key(&ctx.state.services, ctx.tenant_id, id).await?;
    tracing::info!(user = %ctx.user.username, platform = %id, "previous EncodingAESKey retired");
    let detail = console_core::Bi::new(
        "已停用旧的 EncodingAESKey",
        "Previous EncodingAESKey retired",
    );
    let target = ctx.platform_label(id).await;
    ctx.audit(console_core::AuditAction::PlatformChanged, target, detail)
        .await;
    Ok(())
}

/// Asks WeChat to push the `component_verify_ticket` again now (`api_start_push_ticket`).
#[server(prefix = "/api", endpoint = "platforms/push-ticket")]
pub async fn push_ticket(id: PlatformId) -> Result<(), AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::platforms;

    let ctx = require(Permission::Operate).await?;
    platforms::start_push_ticket(&ctx.state.services, ctx.tenant_id, id).await?;
    let detail = console_core::Bi::new(
        "请微信重新推送 component_verify_ticket",
        "Asked WeChat to push the component_verify_ticket again",
    );
    let target = ctx.platform_label(id).await;
    ctx.audit(console_core::AuditAction::TokenRefreshed, target, detail)
        .await;
    Ok(())
}

/// Sets (or, when blank, removes) the webhook that receives the platform's messages. A first
/// webhook gets a signing secret, returned this once.
#[server(prefix = "/api", endpoint = "platforms/set-webhook")]
pub async fn set_webhook(id: PlatformId, url: String) -> Result<Option<String>, AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::platforms::{self, WebhookUrl};

    let ctx = require(Permission::ManagePlatforms).await?;
    let url = match url.trim() {
        "" => None,
        u => Some(WebhookUrl::parse(u)?),
    };
    let saved =
        platforms::set_webhook(&ctx.state.services, ctx.tenant_id, id, url.as_ref()).await?;
    tracing::info!(user = %ctx.user.username, platform = %id, set = url.is_some(), "webhook saved");
    let detail = match &url {
        // Without its query: a receiver's own token may sit there.
        Some(u) => {
            let shown = u.as_str().split(['?', '#']).next().unwrap_or_default();
            console_core::Bi::new(
                format!("Webhook 设为 {shown}"),
                format!("Webhook set to {shown}"),
            )
        }
        None => console_core::Bi::new("已移除 Webhook", "Webhook removed"),
    };
    let target = ctx.platform_label(id).await;
    ctx.audit(console_core::AuditAction::WebhookChanged, target, detail)
        .await;
    Ok(saved.new_secret.map(|s| s.expose().to_string()))
}

/// Replaces the webhook's signing secret; the new one is returned this once.
#[server(prefix = "/api", endpoint = "platforms/rotate-webhook-secret")]
pub async fn rotate_webhook_secret(id: PlatformId) -> Result<String, AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::platforms;

    let ctx = require(Permission::ManagePlatforms).await?;
    let secret = platforms::rotate_webhook_secret(&ctx.state.services, ctx.tenant_id, id).await?;
    tracing::info!(user = %ctx.user.username, platform = %id, "webhook secret replaced");
    let detail =
        console_core::Bi::new("更换了 Webhook 签名密钥", "Webhook signing secret replaced");
    let target = ctx.platform_label(id).await;
    ctx.audit(console_core::AuditAction::WebhookChanged, target, detail)
        .await;
    Ok(secret.expose().to_string())
}

/// Starts syncing every authorizer of a platform from WeChat (or returns the running job).
#[server(prefix = "/api", endpoint = "platforms/sync-all")]
pub async fn start_platform_sync(id: PlatformId) -> Result<SyncProgress, AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::authorizers;

    let ctx = require(Permission::Operate).await?;
    let job =
        authorizers::start_sync_all(&ctx.state.services, ctx.tenant_id, id, Some(ctx.user.id))
            .await?;
    let detail = console_core::Bi::new(
        "开始从微信同步全部授权方",
        "Started syncing every authorizer from WeChat",
    );
    let target = ctx.platform_label(id).await;
    ctx.audit(console_core::AuditAction::SyncStarted, target, detail)
        .await;
    Ok(convert::sync(job))
}

/// The latest sync-all job of a platform.
#[server(prefix = "/api", endpoint = "platforms/sync-job")]
pub async fn get_sync_progress(id: PlatformId) -> Result<Option<SyncProgress>, AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::authorizers;

    let ctx = require(Permission::View).await?;
    Ok(
        authorizers::sync_job(&ctx.state.services, ctx.tenant_id, id)
            .await?
            .map(convert::sync),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "ssr")]
    #[test]
    fn address_problems_wechat_would_trip_on_are_named() {
        let w = |url: &str, host: Option<&str>, demo: bool| {
            convert::domain_warnings(url, host, demo)
                .into_iter()
                .map(|b| b.en)
                .collect::<Vec<_>>()
        };
        assert!(
            w(
                "https://console.example.com",
                Some("console.example.com"),
                false
            )
            .is_empty()
        );
        assert!(
            w(
                "https://console.example.com",
                Some("CONSOLE.example.com:443"),
                false
            )
            .is_empty()
        );
        let v = w("https://console.example.com", Some("10.0.0.5:3000"), false);
        assert!(
            v.len() == 1 && v[0].contains("You opened the console at 10.0.0.5:3000"),
            "{v:?}"
        );
        let v = w("http://127.0.0.1:3000", Some("127.0.0.1:3000"), false);
        assert!(v.iter().any(|m| m.contains("IP address")), "{v:?}");
        assert!(v.iter().any(|m| m.contains("not HTTPS")), "{v:?}");
        assert!(
            w("http://localhost:3000", None, false)
                .iter()
                .any(|m| m.contains("localhost"))
        );
        // The demo runs on loopback on purpose.
        assert!(w("http://127.0.0.1:3000", Some("127.0.0.1:3000"), true).is_empty());
    }

    #[test]
    fn the_authorization_domain_is_the_host_of_the_public_url() {
        assert_eq!(
            host_of("https://console.example.com"),
            "console.example.com"
        );
        assert_eq!(host_of("http://127.0.0.1:3000/"), "127.0.0.1:3000");
        assert_eq!(host_of("https://a.example.com/base?x"), "a.example.com");
    }

    #[test]
    fn progress_is_a_percentage_of_the_total() {
        let mut p = SyncProgress {
            id: console_types::SyncJobId(1),
            status: "running".into(),
            total: 0,
            processed: 0,
            created: 0,
            updated: 0,
            error: None,
            started_at: String::new(),
            finished_at: None,
        };
        assert_eq!(p.percent(), 0);
        p.total = 200;
        p.processed = 50;
        assert_eq!(p.percent(), 25);
        p.status = "done".into();
        p.total = 0;
        assert_eq!(p.percent(), 100);
    }
}
