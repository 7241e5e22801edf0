//! The decrypted XML documents WeChat pushes, built exactly as the real servers lay them out
//! (CDATA strings, a newline between top-level elements).

/// Appends `<name><![CDATA[value]]></name>`, splitting a `]]>` inside the value.
fn cdata(out: &mut String, name: &str, value: &str) {
    out.push('<');
    out.push_str(name);
    out.push_str("><![CDATA[");
    out.push_str(&value.replace("]]>", "]]]]><![CDATA[>"));
    out.push_str("]]></");
    out.push_str(name);
    out.push_str(">\n");
}

fn number(out: &mut String, name: &str, value: i64) {
    out.push('<');
    out.push_str(name);
    out.push('>');
    out.push_str(&value.to_string());
    out.push_str("</");
    out.push_str(name);
    out.push_str(">\n");
}

fn head(component: &str, create_time: i64, info_type: &str) -> String {
    let mut x = String::with_capacity(512);
    x.push_str("<xml>\n");
    cdata(&mut x, "AppId", component);
    number(&mut x, "CreateTime", create_time);
    cdata(&mut x, "InfoType", info_type);
    x
}

/// `component_verify_ticket`.
pub fn ticket(component: &str, create_time: i64, ticket: &str) -> String {
    let mut x = head(component, create_time, "component_verify_ticket");
    cdata(&mut x, "ComponentVerifyTicket", ticket);
    x.push_str("</xml>");
    x
}

/// `authorized` or `updateauthorized`.
pub fn authorized(
    component: &str,
    create_time: i64,
    info_type: &str,
    authorizer: &str,
    code: &str,
    code_expired_time: i64,
    pre_auth_code: Option<&str>,
) -> String {
    let mut x = head(component, create_time, info_type);
    cdata(&mut x, "AuthorizerAppid", authorizer);
    cdata(&mut x, "AuthorizationCode", code);
    number(&mut x, "AuthorizationCodeExpiredTime", code_expired_time);
    if let Some(pre) = pre_auth_code {
        cdata(&mut x, "PreAuthCode", pre);
    }
    x.push_str("</xml>");
    x
}

/// `unauthorized`.
pub fn unauthorized(component: &str, create_time: i64, authorizer: &str) -> String {
    let mut x = head(component, create_time, "unauthorized");
    cdata(&mut x, "AuthorizerAppid", authorizer);
    x.push_str("</xml>");
    x
}

/// The result of a registration: `notify_third_fasteregister`, `notify_third_fastregisterbetaapp`
/// or `notify_third_fastverifybetaapp`. `info` is a list of `<info>` children (strings in CDATA,
/// except `code_type`).
pub struct Notify<'a> {
    pub info_type: &'a str,
    pub appid: &'a str,
    pub status: i64,
    pub auth_code: Option<&'a str>,
    pub msg: &'a str,
    pub info: Vec<(&'a str, String)>,
}

/// Builds a registration notification.
pub fn notify(component: &str, create_time: i64, n: &Notify<'_>) -> String {
    let mut x = head(component, create_time, n.info_type);
    cdata(&mut x, "appid", n.appid);
    number(&mut x, "status", n.status);
    if let Some(code) = n.auth_code {
        cdata(&mut x, "auth_code", code);
    }
    cdata(&mut x, "msg", n.msg);
    x.push_str("<info>\n");
    for (name, value) in &n.info {
        if *name == "code_type" {
            number(&mut x, name, value.parse().unwrap_or(1));
        } else {
            cdata(&mut x, name, value);
        }
    }
    x.push_str("</info>\n</xml>");
    x
}

/// The bare registration failure seen in the wild (reference B23): no appid, no info.
pub fn bare_failure(component: &str, create_time: i64) -> String {
    let mut x = head(component, create_time, "notify_third_fasteregister");
    number(&mut x, "status", -1);
    cdata(&mut x, "msg", "authorize third party failed");
    x.push_str("</xml>");
    x
}

/// A user message or event to an authorizer (`MsgType` text or event, or any other type with
/// its fields given in `extra`).
pub struct UserMessage<'a> {
    pub to: &'a str,
    pub from: &'a str,
    pub create_time: i64,
    pub msg_type: &'a str,
    pub content: Option<&'a str>,
    pub event: Option<&'a str>,
    pub event_key: Option<&'a str>,
    pub msg_id: Option<&'a str>,
    pub extra: Vec<(&'a str, String)>,
}

/// Builds a message document.
pub fn user_message(m: &UserMessage<'_>) -> String {
    let mut x = String::with_capacity(512);
    x.push_str("<xml>");
    cdata(&mut x, "ToUserName", m.to);
    cdata(&mut x, "FromUserName", m.from);
    number(&mut x, "CreateTime", m.create_time);
    cdata(&mut x, "MsgType", m.msg_type);
    if let Some(content) = m.content {
        cdata(&mut x, "Content", content);
    }
    if let Some(event) = m.event {
        cdata(&mut x, "Event", event);
    }
    if let Some(key) = m.event_key {
        cdata(&mut x, "EventKey", key);
    }
    for (name, value) in &m.extra {
        cdata(&mut x, name, value);
    }
    if let Some(id) = m.msg_id {
        x.push_str("<MsgId>");
        x.push_str(id);
        x.push_str("</MsgId>\n");
    }
    x.push_str("</xml>");
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use wxopen::push::{AuthorizerMessage, ComponentEvent, ComponentPush, MessageKind};

    #[test]
    fn documents_parse_with_wxopen() {
        let p = ComponentPush::parse(&ticket("wx1", 1, "ticket@@@a]]>b")).unwrap();
        let ComponentEvent::VerifyTicket { ticket } = p.event else {
            panic!()
        };
        assert_eq!(ticket.expose(), "ticket@@@a]]>b");
        let p = ComponentPush::parse(&authorized(
            "wx1",
            1,
            "updateauthorized",
            "wx2",
            "c",
            601,
            Some("pre"),
        ))
        .unwrap();
        let ComponentEvent::UpdateAuthorized(a) = p.event else {
            panic!()
        };
        assert_eq!(a.authorizer_appid, "wx2");
        assert_eq!(a.authorization_code_expired_time, Some(601));
        let n = notify(
            "wx1",
            1,
            &Notify {
                info_type: "notify_third_fasteregister",
                appid: "wx3",
                status: 0,
                auth_code: Some("code"),
                msg: "OK",
                info: vec![("taskid", "t1".into()), ("code_type", "1".into())],
            },
        );
        let ComponentEvent::FastRegister(r) = ComponentPush::parse(&n).unwrap().event else {
            panic!()
        };
        assert_eq!(r.appid.as_deref(), Some("wx3"));
        assert_eq!(r.info.taskid.as_deref(), Some("t1"));
        assert_eq!(r.info.code_type.as_deref(), Some("1"));
        let m = user_message(&UserMessage {
            to: "gh_1",
            from: "o1",
            create_time: 5,
            msg_type: "event",
            content: None,
            event: Some("LOCATION"),
            event_key: None,
            msg_id: None,
            extra: vec![("Latitude", "23.1".into())],
        });
        let parsed = AuthorizerMessage::parse(&m).unwrap();
        assert!(matches!(parsed.kind, MessageKind::Event { ref event, .. } if event == "LOCATION"));
        assert_eq!(parsed.field("Latitude"), Some("23.1"));
    }
}
