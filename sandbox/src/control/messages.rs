//! `/_sandbox/messages`: a user of an authorizer sends a message or an event; the console's
//! passive reply is verified and decrypted.

use axum::extract::State;
use serde::Deserialize;

use super::{Body, CtlErr, CtlResult, reply};
use crate::Sandbox;
use crate::events::{self, UserMessage};
use crate::ids;
use crate::push::{self, MessageReply};

/// What to send.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct MessageSpec {
    pub component_appid: String,
    pub authorizer_appid: String,
    /// `text`, `event`, or any other MsgType.
    #[serde(default = "text")]
    pub msg_type: String,
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default)]
    pub event: Option<String>,
    #[serde(default)]
    pub event_key: Option<String>,
    /// Default: the account's first follower.
    #[serde(default)]
    pub openid: Option<String>,
}

fn text() -> String {
    "text".into()
}

/// Sends a user message to an authorized account's message URL.
pub(crate) async fn deliver(
    sb: &Sandbox,
    spec: &MessageSpec,
    extra: Vec<(&str, String)>,
) -> Result<(MessageReply, String, String), CtlErr> {
    let (component, account) = {
        let world = sb.world();
        let component = world
            .components
            .get(&spec.component_appid)
            .map(|c| c.info.clone())
            .ok_or_else(|| CtlErr::not_found("no such component"))?;
        let account = world
            .accounts
            .get(&spec.authorizer_appid)
            .cloned()
            .ok_or_else(|| CtlErr::not_found("no such account"))?;
        world
            .authorization(&spec.component_appid, &spec.authorizer_appid)
            .map_err(|_| CtlErr::conflict("the account has not authorized this component"))?;
        (component, account)
    };
    let openid = spec
        .openid
        .clone()
        .or_else(|| account.users.first().map(|u| u.openid.clone()))
        .unwrap_or_else(ids::openid);
    // A user's message or action opens WeChat's 48-hour customer-service window.
    sb.world().interactions.insert(
        (account.appid.clone(), openid.clone()),
        sb.inner.clock.unix(),
    );
    let msg_id = ids::msg_id();
    let is_event = spec.msg_type == "event";
    if is_event && spec.event.is_none() {
        return Err(CtlErr::bad("an event message needs \"event\""));
    }
    if spec.msg_type == "text" && spec.content.is_none() {
        return Err(CtlErr::bad("a text message needs \"content\""));
    }
    let plaintext = events::user_message(&UserMessage {
        to: &account.user_name,
        from: &openid,
        create_time: sb.inner.clock.unix(),
        msg_type: &spec.msg_type,
        content: spec.content.as_deref(),
        event: spec.event.as_deref(),
        event_key: spec.event_key.as_deref(),
        msg_id: (!is_event).then_some(msg_id.as_str()),
        extra,
    });
    let kind = if is_event {
        format!("event:{}", spec.event.clone().unwrap_or_default())
    } else {
        spec.msg_type.clone()
    };
    let target = push::MessageTarget {
        component: &component,
        authorizer_appid: &account.appid,
        to_user_name: &account.user_name,
        openid: &openid,
        kind: &kind,
    };
    let reply = push::push_message(sb, &target, plaintext).await;
    Ok((reply, openid, account.user_name))
}

/// `POST /_sandbox/messages`.
pub(crate) async fn send(State(sb): State<Sandbox>, Body(spec): Body<MessageSpec>) -> CtlResult {
    let (answer, _, _) = deliver(&sb, &spec, Vec::new()).await?;
    reply(answer)
}

/// `GET /_sandbox/custom_messages`: what the console sent through `message/custom/send`.
pub(crate) async fn custom_messages(State(sb): State<Sandbox>) -> CtlResult {
    let list = sb.world().custom_messages.clone();
    reply(list)
}
