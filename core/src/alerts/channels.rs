//! A tenant's alert channels: adding one (its URL checked and sealed), listing them (URL masked,
//! last delivery), removing one. A robot's URL is its credential (WeCom `key`, DingTalk
//! `access_token`, Feishu's hook id): it is sealed at rest, shown masked, never logged, and
//! never part of an error.

use std::net::IpAddr;

use console_types::{AlertChannelId, ChannelKind, DeliveryState};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use wxopen::Secret;

use super::entity::{channel, delivery};
use crate::error::{CoreError, CoreResult};
use crate::message::Bi;
use crate::services::Services;
use crate::{TenantId, UserId};

/// The longest URL accepted.
const MAX_URL_LEN: usize = 2_000;
/// The longest channel name.
const MAX_NAME_CHARS: usize = 64;
/// Channels per tenant (every alert goes to each).
const MAX_CHANNELS: usize = 20;

fn url_context(id: AlertChannelId) -> String {
    format!("alert_channels.url:{id}")
}

/// A channel's URL: `https` (plain `http` only to a loopback address, for a local receiver),
/// a host, no credentials, at most 2,000 characters; a robot's URL on its vendor's host.
#[derive(Clone, PartialEq, Eq)]
pub struct ChannelUrl(url::Url);

impl std::fmt::Debug for ChannelUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&mask(&self.0))
    }
}

/// The hosts of each robot kind's webhooks (a generic webhook may be anywhere).
fn vendor_hosts(kind: ChannelKind) -> &'static [&'static str] {
    match kind {
        ChannelKind::Webhook => &[],
        ChannelKind::WeCom => &["qyapi.weixin.qq.com"],
        ChannelKind::DingTalk => &["oapi.dingtalk.com"],
        ChannelKind::Feishu => &["open.feishu.cn", "open.larksuite.com"],
    }
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

impl ChannelUrl {
    /// Parses what staff typed for a channel of `kind`.
    pub fn parse(kind: ChannelKind, s: &str) -> CoreResult<Self> {
        let s = s.trim();
        let bad = |zh: String, en: String| CoreError::Invalid(Bi::new(zh, en).on_field("url"));
        if s.is_empty() {
            return Err(bad("请填写地址".into(), "Enter the URL".into()));
        }
        if s.len() > MAX_URL_LEN {
            return Err(bad(
                "地址过长（最多 2000 个字符）".into(),
                "The URL is too long (2,000 characters at most)".into(),
            ));
        }
        let url = url::Url::parse(s).map_err(|_| {
            bad(
                "地址格式不正确，应为 https:// 开头的完整地址".into(),
                "The URL is malformed: enter a full address starting with https://".into(),
            )
        })?;
        if url.host_str().is_none_or(str::is_empty) {
            return Err(bad(
                "地址须包含主机名".into(),
                "The URL must name a host".into(),
            ));
        }
        let loopback = is_loopback(&url);
        match url.scheme() {
            "https" => {}
            "http" if loopback => {}
            _ => {
                return Err(bad(
                    "地址须以 https:// 开头（仅本机地址可用 http://）".into(),
                    "The URL must start with https:// (http:// only for a loopback address)".into(),
                ));
            }
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(bad(
                "地址中不能包含用户名或密码".into(),
                "The URL must not contain a username or password".into(),
            ));
        }
        let hosts = vendor_hosts(kind);
        let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
        if !hosts.is_empty() && !loopback && !hosts.contains(&host.as_str()) {
            let list = hosts.join(", ");
            return Err(bad(
                format!("{} 机器人的地址应在 {list} 上", kind_name(kind).zh),
                format!("A {} robot's URL is on {list}", kind_name(kind).en),
            ));
        }
        Ok(Self(url))
    }

    /// The URL (a secret for robots: never log it).
    pub fn expose(&self) -> &str {
        self.0.as_str()
    }

    /// What pages show.
    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}

/// `scheme://host[:port]/…` and the URL's last four characters: enough to tell two channels
/// apart, never enough to use one.
fn mask(url: &url::Url) -> String {
    let full = url.as_str();
    let tail: String = {
        let chars: Vec<char> = full.chars().collect();
        let n = chars.len().saturating_sub(4);
        chars[n..].iter().collect()
    };
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    format!(
        "{}://{}{port}/…{tail}",
        url.scheme(),
        url.host_str().unwrap_or_default()
    )
}

/// A channel kind's name in both languages.
pub fn kind_name(kind: ChannelKind) -> Bi {
    match kind {
        ChannelKind::Webhook => Bi::new("Webhook", "Webhook"),
        ChannelKind::WeCom => Bi::new("企业微信", "WeCom"),
        ChannelKind::DingTalk => Bi::new("钉钉", "DingTalk"),
        ChannelKind::Feishu => Bi::new("飞书", "Feishu"),
    }
}

/// A channel as Settings lists it: never its URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChannelView {
    pub id: AlertChannelId,
    pub kind: ChannelKind,
    pub name: String,
    pub url_masked: String,
    pub created_at: i64,
    pub last_delivery_at: Option<i64>,
    pub last_delivery_ok: Option<bool>,
    pub last_delivery_error: Option<Bi>,
}

impl From<channel::Model> for ChannelView {
    fn from(m: channel::Model) -> Self {
        Self {
            id: m.id,
            kind: m.kind,
            name: m.name,
            url_masked: m.url_masked,
            created_at: m.created_at,
            last_delivery_at: m.last_delivery_at,
            last_delivery_ok: m.last_delivery_ok,
            last_delivery_error: m.last_delivery_error.as_deref().map(Bi::from_stored),
        }
    }
}

/// A new channel as staff entered it.
#[derive(Clone, Debug)]
pub struct NewChannel {
    pub kind: ChannelKind,
    pub name: String,
    pub url: ChannelUrl,
}

impl NewChannel {
    /// Checks a name and a URL typed for a channel of `kind`.
    pub fn parse(kind: ChannelKind, name: &str, url: &str) -> CoreResult<Self> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
            return Err(CoreError::Invalid(
                Bi::new(
                    "名称须为 1 到 64 个字符",
                    "The name must be 1 to 64 characters",
                )
                .on_field("name"),
            ));
        }
        Ok(Self {
            kind,
            name: name.to_string(),
            url: ChannelUrl::parse(kind, url)?,
        })
    }
}

/// Adds a channel to `tenant_id`: written with its URL sealed for its own id, in one
/// transaction.
pub async fn add(
    svc: &Services,
    tenant_id: TenantId,
    by: Option<UserId>,
    new: &NewChannel,
) -> CoreResult<ChannelView> {
    let existing = channel::Entity::find()
        .filter(channel::Column::TenantId.eq(tenant_id))
        .all(svc.db.conn())
        .await?;
    if existing.len() >= MAX_CHANNELS {
        return Err(CoreError::Conflict(Bi::new(
            format!("每个租户最多 {MAX_CHANNELS} 个告警渠道"),
            format!("A tenant has at most {MAX_CHANNELS} alert channels"),
        )));
    }
    let txn = svc.db.begin_write().await?;
    let row = channel::ActiveModel {
        tenant_id: Set(tenant_id),
        kind: Set(new.kind),
        name: Set(new.name.clone()),
        url_enc: Set(String::new()),
        url_masked: Set(new.url.masked()),
        created_by: Set(by),
        created_at: Set(svc.now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut am: channel::ActiveModel = row.clone().into();
    am.url_enc = Set(svc.secrets.seal(&url_context(row.id), new.url.expose())?);
    let row = am.update(&txn).await?;
    txn.commit().await?;
    Ok(row.into())
}

/// The channels of `tenant_id`, oldest first.
pub async fn list(svc: &Services, tenant_id: TenantId) -> CoreResult<Vec<ChannelView>> {
    Ok(channel::Entity::find()
        .filter(channel::Column::TenantId.eq(tenant_id))
        .order_by_asc(channel::Column::Id)
        .all(svc.db.conn())
        .await?
        .into_iter()
        .map(ChannelView::from)
        .collect())
}

/// One channel of `tenant_id` (another tenant's is "not found").
pub async fn get(
    svc: &Services,
    tenant_id: TenantId,
    id: AlertChannelId,
) -> CoreResult<ChannelView> {
    Ok(model(svc, tenant_id, id).await?.into())
}

pub(crate) async fn model(
    svc: &Services,
    tenant_id: TenantId,
    id: AlertChannelId,
) -> CoreResult<channel::Model> {
    channel::Entity::find_by_id(id)
        .filter(channel::Column::TenantId.eq(tenant_id))
        .one(svc.db.conn())
        .await?
        .ok_or(CoreError::NotFound("alert channel"))
}

/// Removes a channel; its deliveries not yet made end as failed.
pub async fn remove(
    svc: &Services,
    tenant_id: TenantId,
    id: AlertChannelId,
) -> CoreResult<ChannelView> {
    let m = model(svc, tenant_id, id).await?;
    let txn = svc.db.conn().begin().await?;
    delivery::Entity::update_many()
        .col_expr(
            delivery::Column::State,
            Expr::value(DeliveryState::Failed.as_str()),
        )
        .col_expr(
            delivery::Column::LastError,
            Expr::value(Bi::new("渠道已删除", "The channel was removed").to_stored()),
        )
        .filter(delivery::Column::ChannelId.eq(id))
        .filter(delivery::Column::State.eq(DeliveryState::Pending.as_str()))
        .exec(&txn)
        .await?;
    channel::Entity::delete_by_id(id).exec(&txn).await?;
    txn.commit().await?;
    Ok(m.into())
}

/// The channel's URL in clear, for sending.
pub(crate) fn url_of(svc: &Services, m: &channel::Model) -> CoreResult<Secret> {
    Ok(svc.secrets.open(&url_context(m.id), &m.url_enc)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_https_except_loopback_and_robots_on_their_hosts() {
        let ok = [
            (ChannelKind::Webhook, "https://hooks.example.com/alerts"),
            (ChannelKind::Webhook, "http://127.0.0.1:8080/in"),
            (ChannelKind::Webhook, "http://localhost:9/in"),
            (ChannelKind::Webhook, "http://[::1]:9/in"),
            (
                ChannelKind::WeCom,
                "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc",
            ),
            (
                ChannelKind::DingTalk,
                "https://oapi.dingtalk.com/robot/send?access_token=abc",
            ),
            (
                ChannelKind::Feishu,
                "https://open.feishu.cn/open-apis/bot/v2/hook/abc",
            ),
        ];
        for (kind, url) in ok {
            assert!(ChannelUrl::parse(kind, url).is_ok(), "{url}");
        }
        let bad = [
            (ChannelKind::Webhook, "", "请填写地址"),
            (ChannelKind::Webhook, "hooks.example.com", "格式不正确"),
            (
                ChannelKind::Webhook,
                "http://hooks.example.com/",
                "https://",
            ),
            (ChannelKind::Webhook, "ftp://example.com/", "https://"),
            (
                ChannelKind::Webhook,
                "https://u:p@example.com/",
                "用户名或密码",
            ),
            (
                ChannelKind::WeCom,
                "https://evil.example.com/send?key=1",
                "qyapi",
            ),
            (
                ChannelKind::Feishu,
                "https://oapi.dingtalk.com/robot/send",
                "open.feishu.cn",
            ),
        ];
        for (kind, url, zh) in bad {
            match ChannelUrl::parse(kind, url) {
                Err(CoreError::Invalid(m)) => {
                    assert!(m.zh.contains(zh), "{url}: {}", m.zh);
                    assert!(!m.en.is_empty());
                    assert_eq!(m.field.as_deref(), Some("url"));
                }
                other => panic!("{url}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_masked_url_keeps_the_host_and_hides_the_secret() {
        let url = ChannelUrl::parse(
            ChannelKind::WeCom,
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa",
        )
        .unwrap();
        let masked = url.masked();
        assert_eq!(masked, "https://qyapi.weixin.qq.com/…5aaa");
        assert!(!format!("{url:?}").contains("693a91f6"));
    }
}
