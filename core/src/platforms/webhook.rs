//! The tenant's webhook per platform: where authorizers' messages are forwarded, and the secret
//! that signs each delivery (shown once, sealed at rest). Setting a URL for the first time makes a
//! secret; staff can replace it at any time.

use sea_orm::{ActiveModelTrait, Set};
use wxopen::Secret;

use super::entity::{self as component, Model};
use super::service::get_model;
use crate::error::{CoreError, CoreResult};
use crate::message::Bi;
use crate::secrets::random_token;
use crate::services::Services;
use crate::{PlatformId, TenantId};

/// A signing secret, recognisable in the tenant's configuration by its prefix.
fn new_secret() -> Secret {
    Secret::new(format!("whsec_{}", random_token()))
}

/// The longest webhook URL accepted.
const MAX_URL_LEN: usize = 2_000;

fn secret_context(appid: &str) -> String {
    format!("components.webhook_secret:{appid}")
}

/// A webhook URL: absolute `http` or `https` with a host, no credentials, at most 2,000
/// characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookUrl(url::Url);

impl WebhookUrl {
    /// Parses what staff typed.
    pub fn parse(s: &str) -> CoreResult<Self> {
        let s = s.trim();
        let bad = |zh: &'static str, en: &'static str| {
            CoreError::Invalid(Bi::new(zh, en).on_field("webhook_url"))
        };
        if s.len() > MAX_URL_LEN {
            return Err(bad(
                "Webhook 地址过长（最多 2000 个字符）",
                "The webhook URL is too long (2,000 characters at most)",
            ));
        }
        let url = url::Url::parse(s).map_err(|_| {
            bad(
                "Webhook 地址格式不正确，应为 https://… 开头的完整地址",
                "The webhook URL is malformed: enter a full address starting with https://",
            )
        })?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
            return Err(bad(
                "Webhook 地址须以 http:// 或 https:// 开头并包含主机名",
                "The webhook URL must start with http:// or https:// and name a host",
            ));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(bad(
                "Webhook 地址中不能包含用户名或密码；请用签名密钥验证来源",
                "The webhook URL must not contain credentials; verify deliveries with the signing secret",
            ));
        }
        Ok(Self(url))
    }

    /// The URL.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

/// What saving a webhook did.
#[derive(Clone, Debug)]
pub struct WebhookSaved {
    /// A new signing secret, to show once (`None`: the existing one still applies).
    pub new_secret: Option<Secret>,
}

/// Sets (or, with `None`, removes) the platform's webhook. The first URL gets a signing secret.
pub async fn set_webhook(
    svc: &Services,
    tenant_id: TenantId,
    id: PlatformId,
    url: Option<&WebhookUrl>,
) -> CoreResult<WebhookSaved> {
    let m = get_model(svc, tenant_id, id).await?;
    let need_secret = url.is_some() && m.webhook_secret_enc.is_none();
    let appid = m.appid.clone();
    let mut am: component::ActiveModel = m.into();
    am.webhook_url = Set(url.map(|u| u.as_str().to_string()));
    let new_secret = if need_secret {
        let secret = new_secret();
        am.webhook_secret_enc = Set(Some(
            svc.secrets.seal(&secret_context(&appid), secret.expose())?,
        ));
        Some(secret)
    } else {
        None
    };
    am.updated_at = Set(svc.now());
    am.update(svc.db.conn()).await?;
    svc.push_keys.forget(&appid);
    Ok(WebhookSaved { new_secret })
}

/// Replaces the signing secret; the new one is returned once.
pub async fn rotate_webhook_secret(
    svc: &Services,
    tenant_id: TenantId,
    id: PlatformId,
) -> CoreResult<Secret> {
    let m = get_model(svc, tenant_id, id).await?;
    let secret = new_secret();
    let appid = m.appid.clone();
    let mut am: component::ActiveModel = m.into();
    am.webhook_secret_enc = Set(Some(
        svc.secrets.seal(&secret_context(&appid), secret.expose())?,
    ));
    am.updated_at = Set(svc.now());
    am.update(svc.db.conn()).await?;
    svc.push_keys.forget(&appid);
    Ok(secret)
}

/// The webhook of a platform and its signing secret, when one is set.
pub fn webhook_of(svc: &Services, m: &Model) -> CoreResult<Option<(String, Secret)>> {
    match (&m.webhook_url, &m.webhook_secret_enc) {
        (Some(url), Some(enc)) if !url.is_empty() => Ok(Some((
            url.clone(),
            svc.secrets.open(&secret_context(&m.appid), enc)?,
        ))),
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::WebhookUrl;

    #[test]
    fn only_plain_http_urls_with_a_host_are_webhooks() {
        assert!(WebhookUrl::parse(" https://hooks.example.com/wechat?x=1 ").is_ok());
        assert!(WebhookUrl::parse("http://127.0.0.1:8080/in").is_ok());
        for bad in [
            "",
            "hooks.example.com/wechat",
            "ftp://example.com/",
            "javascript:alert(1)",
            "https://user:pw@example.com/",
        ] {
            assert!(WebhookUrl::parse(bad).is_err(), "{bad}");
        }
        let long = format!("https://example.com/{}", "a".repeat(2_000));
        assert!(WebhookUrl::parse(&long).is_err());
    }
}
