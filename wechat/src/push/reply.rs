//! Passive-reply XML builders.

/// Appends `value` wrapped in CDATA; a `]]>` inside is split across two sections so it survives.
pub(crate) fn push_cdata(out: &mut String, value: &str) {
    out.push_str("<![CDATA[");
    out.push_str(&value.replace("]]>", "]]]]><![CDATA[>"));
    out.push_str("]]>");
}

/// Appends `value` as escaped character data.
pub(crate) fn push_escaped_text(out: &mut String, value: &str) {
    for ch in value.chars() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            _ => out.push(ch),
        }
    }
}

/// A passive text reply (`MsgType` text) to a user message: `to` is the sender of the message
/// being answered (its `FromUserName`), `from` the account that received it (its `ToUserName`).
/// Encrypt it with [`MsgCrypt::encrypted_reply_xml`](crate::MsgCrypt::encrypted_reply_xml).
pub fn text_reply_xml(to: &str, from: &str, create_time: i64, content: &str) -> String {
    let mut xml = String::with_capacity(160 + to.len() + from.len() + content.len());
    xml.push_str("<xml><ToUserName>");
    push_cdata(&mut xml, to);
    xml.push_str("</ToUserName><FromUserName>");
    push_cdata(&mut xml, from);
    xml.push_str("</FromUserName><CreateTime>");
    xml.push_str(&create_time.to_string());
    xml.push_str("</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>");
    push_cdata(&mut xml, content);
    xml.push_str("</Content></xml>");
    xml
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::push::AuthorizerMessage;

    #[test]
    fn text_reply_round_trips_through_the_parser_even_with_cdata_terminators() {
        let content = "a]]>b <c> & ]]]]> 中";
        let xml = text_reply_xml("oUser", "gh_1", 1700000000, content);
        let msg = AuthorizerMessage::parse(&xml).unwrap();
        assert_eq!(msg.to_user_name, "oUser");
        assert_eq!(msg.from_user_name, "gh_1");
        assert_eq!(msg.create_time, 1700000000);
        assert_eq!(msg.text(), Some(content));
    }
}
