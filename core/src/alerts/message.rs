//! What an alert says and the JSON each channel kind expects. Chinese first, then English; the
//! platform or task by name with a link to its page; never a secret (the incident holds none:
//! names, counts, times and WeChat's meaning of an error).
//!
//! Shapes (group robots are plain webhooks with their own JSON):
//! - WeCom: `{"msgtype":"text","text":{"content":…}}` (content at most 2,048 bytes),
//! - DingTalk: `{"msgtype":"text","text":{"content":…}}`,
//! - Feishu: `{"msg_type":"text","content":{"text":…}}`,
//! - a generic webhook: the console's own object, text included.
//!
//! Every text ends with `wxopen-console <link>`, so a DingTalk or Feishu robot whose security
//! setting is the keyword `wxopen-console` accepts it.

use console_types::{AlertKind, ChannelKind, DeliveryEvent};
use serde_json::{Value, json};

use super::entity::incident;
use crate::clock::format_time_cst;
use crate::message::Bi;

/// WeCom's limit on a text message's content, in bytes; the others allow more.
const MAX_CONTENT_BYTES: usize = 2_048;

/// One message to send: its text and, for a generic webhook, its fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlertMessage {
    pub event: DeliveryEvent,
    pub kind: Option<AlertKind>,
    pub incident_id: Option<i64>,
    pub subject: Option<String>,
    pub label: String,
    pub link: String,
    pub opened_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub text: String,
}

/// What an incident of `kind` is, about `label`.
fn title(kind: AlertKind, label: &str) -> Bi {
    match kind {
        AlertKind::NoTicket => Bi::new(
            format!("第三方平台「{label}」已超过 30 分钟未收到 component_verify_ticket"),
            format!(
                "Platform \"{label}\" has received no component_verify_ticket for over 30 minutes"
            ),
        ),
        AlertKind::TokenFailing => Bi::new(
            format!("第三方平台「{label}」的 component_access_token 刷新失败"),
            format!("The component_access_token of platform \"{label}\" cannot be refreshed"),
        ),
        AlertKind::NeedsReauth => Bi::new(
            format!("第三方平台「{label}」有授权方需要重新授权"),
            format!("Authorizers of platform \"{label}\" must authorize again"),
        ),
        AlertKind::PushRefusals => Bi::new(
            format!("第三方平台「{label}」的推送被大量拒收"),
            format!("Pushes to platform \"{label}\" are being refused in bulk"),
        ),
        AlertKind::TaskFailed => Bi::new(
            format!("快速注册任务「{label}」失败"),
            format!("Registration task \"{label}\" failed"),
        ),
    }
}

/// The page an incident links to.
pub fn link_path(i: &incident::Model) -> String {
    match (i.task_id, i.component_id) {
        (Some(task), _) => format!("/registrations/{task}"),
        (None, Some(platform)) => format!("/platforms/{platform}"),
        (None, None) => "/".to_string(),
    }
}

/// The message about incident `i` (`event` is `Opened` or `Resolved`).
pub fn for_incident(i: &incident::Model, event: DeliveryEvent, base_url: &str) -> AlertMessage {
    let t = title(i.kind, &i.label);
    let detail = Bi::from_stored(&i.detail);
    let link = format!("{base_url}{}", link_path(i));
    let opened = format_time_cst(i.opened_at);
    let text = match (event, i.resolved_at) {
        (DeliveryEvent::Resolved, Some(resolved)) => {
            let resolved = format_time_cst(resolved);
            format!(
                "【已恢复】{}\n开始于 {opened}，恢复于 {resolved}（北京时间）\n\
                 [Resolved] {}\nStarted {opened}, resolved {resolved} (China time)\nwxopen-console {link}",
                t.zh, t.en
            )
        }
        _ => format!(
            "【告警】{}\n{}\n开始于 {opened}（北京时间）\n\
             [Alert] {}\n{}\nSince {opened} (China time)\nwxopen-console {link}",
            t.zh, detail.zh, t.en, detail.en
        ),
    };
    AlertMessage {
        event,
        kind: Some(i.kind),
        incident_id: Some(i.id.get()),
        subject: Some(i.subject.clone()),
        label: i.label.clone(),
        link,
        opened_at: Some(i.opened_at),
        resolved_at: i.resolved_at,
        text: fit(text),
    }
}

/// The test message staff send from Settings to channel `name`.
pub fn test_message(name: &str, base_url: &str) -> AlertMessage {
    let link = format!("{base_url}/settings");
    AlertMessage {
        event: DeliveryEvent::Test,
        kind: None,
        incident_id: None,
        subject: None,
        label: name.to_string(),
        text: fit(format!(
            "【测试】这是 wxopen-console 发往告警渠道「{name}」的测试消息，无需处理。\n\
             [Test] A test message from wxopen-console to alert channel \"{name}\"; no action needed.\nwxopen-console {link}"
        )),
        link,
        opened_at: None,
        resolved_at: None,
    }
}

/// Cuts a text to WeCom's limit on a character boundary.
fn fit(mut text: String) -> String {
    if text.len() > MAX_CONTENT_BYTES {
        let mut end = MAX_CONTENT_BYTES - 3;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push('…');
    }
    text
}

/// The JSON body a channel of `kind` expects.
pub fn payload(kind: ChannelKind, m: &AlertMessage) -> Value {
    match kind {
        ChannelKind::WeCom | ChannelKind::DingTalk => {
            json!({"msgtype": "text", "text": {"content": m.text}})
        }
        ChannelKind::Feishu => json!({"msg_type": "text", "content": {"text": m.text}}),
        ChannelKind::Webhook => json!({
            "event": m.event.as_str(),
            "kind": m.kind.map(|k| k.as_str()),
            "incident_id": m.incident_id,
            "subject": m.subject,
            "label": m.label,
            "link": m.link,
            "opened_at": m.opened_at,
            "resolved_at": m.resolved_at,
            "text": m.text,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn incident(resolved_at: Option<i64>) -> incident::Model {
        incident::Model {
            id: console_types::IncidentId(7),
            tenant_id: crate::TenantId(1),
            kind: AlertKind::NoTicket,
            subject: "platform:3".into(),
            open_key: None,
            component_id: Some(crate::PlatformId(3)),
            task_id: None,
            label: "鲜果平台".into(),
            detail: Bi::new("最后一次：从未", "Last: never").to_stored(),
            opened_at: 1_764_000_000_000,
            resolved_at,
        }
    }

    #[test]
    fn each_robot_kind_gets_its_own_json_shape() {
        let m = for_incident(
            &incident(None),
            DeliveryEvent::Opened,
            "https://console.example",
        );
        let wecom = payload(ChannelKind::WeCom, &m);
        assert_eq!(wecom["msgtype"], "text");
        assert_eq!(wecom["text"]["content"], m.text);
        let ding = payload(ChannelKind::DingTalk, &m);
        assert_eq!(ding["msgtype"], "text");
        assert_eq!(ding["text"]["content"], m.text);
        let feishu = payload(ChannelKind::Feishu, &m);
        assert_eq!(feishu["msg_type"], "text");
        assert_eq!(feishu["content"]["text"], m.text);
        let hook = payload(ChannelKind::Webhook, &m);
        assert_eq!(hook["event"], "opened");
        assert_eq!(hook["kind"], "no_ticket");
        assert_eq!(hook["link"], "https://console.example/platforms/3");
        assert_eq!(hook["incident_id"], 7);
    }

    #[test]
    fn messages_are_chinese_first_and_link_to_the_page() {
        let m = for_incident(&incident(None), DeliveryEvent::Opened, "https://c.example");
        let zh = m.text.find("【告警】").unwrap();
        let en = m.text.find("[Alert]").unwrap();
        assert!(zh < en);
        assert!(m.text.contains("鲜果平台"));
        assert!(m.text.ends_with("https://c.example/platforms/3"));
        let r = for_incident(
            &incident(Some(1_764_000_600_000)),
            DeliveryEvent::Resolved,
            "https://c.example",
        );
        assert!(r.text.starts_with("【已恢复】"));
        assert!(r.text.contains("[Resolved]"));
        let t = test_message("值班群", "https://c.example");
        assert!(t.text.starts_with("【测试】"));
    }

    #[test]
    fn long_texts_fit_wecom() {
        let s = fit("告".repeat(1_000));
        assert!(s.len() <= MAX_CONTENT_BYTES);
        assert!(s.ends_with('…'));
    }
}
