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

/// A passive reply (被动回复) to a user message or event, as the tenant's webhook describes it in
/// JSON (`{"type": "text", "content": "…"}`); [`PassiveReply::to_xml`] builds WeChat's XML, which
/// is then encrypted with [`MsgCrypt::encrypted_reply_xml`](crate::MsgCrypt::encrypted_reply_xml).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum PassiveReply {
    /// A text.
    Text {
        /// The text.
        content: String,
    },
    /// An image uploaded as media first.
    Image {
        /// The media id.
        media_id: String,
    },
    /// A voice message uploaded as media first.
    Voice {
        /// The media id.
        media_id: String,
    },
    /// A video uploaded as media first.
    Video {
        /// The media id.
        media_id: String,
        /// Its title.
        #[serde(default)]
        title: Option<String>,
        /// Its description.
        #[serde(default)]
        description: Option<String>,
    },
    /// Articles (one when answering a user's message, up to eight otherwise).
    News {
        /// The articles.
        articles: Vec<NewsArticle>,
    },
    /// Hand the conversation to WeChat's customer-service agents.
    TransferCustomerService,
}

/// One article of a [`PassiveReply::News`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewsArticle {
    /// Title.
    pub title: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Picture URL.
    #[serde(default)]
    pub pic_url: String,
    /// Where a tap leads.
    #[serde(default)]
    pub url: String,
}

/// Why a [`PassiveReply`] cannot be sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplyError {
    /// A required value is empty.
    #[error("{0} must not be empty")]
    Empty(&'static str),
    /// WeChat accepts 1 to 8 articles.
    #[error("a news reply takes 1 to 8 articles, not {0}")]
    ArticleCount(usize),
}

impl PassiveReply {
    /// Checks what WeChat would refuse.
    pub fn validate(&self) -> Result<(), ReplyError> {
        match self {
            Self::Text { content } if content.is_empty() => Err(ReplyError::Empty("content")),
            Self::Image { media_id } | Self::Voice { media_id } | Self::Video { media_id, .. }
                if media_id.is_empty() =>
            {
                Err(ReplyError::Empty("media_id"))
            }
            Self::News { articles } if articles.is_empty() || articles.len() > 8 => {
                Err(ReplyError::ArticleCount(articles.len()))
            }
            Self::News { articles } if articles.iter().any(|a| a.title.is_empty()) => {
                Err(ReplyError::Empty("title"))
            }
            _ => Ok(()),
        }
    }

    /// The reply's XML: `to` is the sender of the message being answered (its `FromUserName`),
    /// `from` the account that received it (its `ToUserName`).
    pub fn to_xml(&self, to: &str, from: &str, create_time: i64) -> String {
        if let Self::Text { content } = self {
            return text_reply_xml(to, from, create_time, content);
        }
        let mut xml = String::with_capacity(256);
        xml.push_str("<xml><ToUserName>");
        push_cdata(&mut xml, to);
        xml.push_str("</ToUserName><FromUserName>");
        push_cdata(&mut xml, from);
        xml.push_str("</FromUserName><CreateTime>");
        xml.push_str(&create_time.to_string());
        xml.push_str("</CreateTime><MsgType>");
        let media = |xml: &mut String, tag: &str, media_id: &str| {
            xml.push('<');
            xml.push_str(tag);
            xml.push_str("><MediaId>");
            push_cdata(xml, media_id);
            xml.push_str("</MediaId>");
        };
        match self {
            Self::Text { .. } => {}
            Self::Image { media_id } => {
                xml.push_str("<![CDATA[image]]></MsgType>");
                media(&mut xml, "Image", media_id);
                xml.push_str("</Image>");
            }
            Self::Voice { media_id } => {
                xml.push_str("<![CDATA[voice]]></MsgType>");
                media(&mut xml, "Voice", media_id);
                xml.push_str("</Voice>");
            }
            Self::Video {
                media_id,
                title,
                description,
            } => {
                xml.push_str("<![CDATA[video]]></MsgType>");
                media(&mut xml, "Video", media_id);
                for (tag, value) in [("Title", title), ("Description", description)] {
                    if let Some(v) = value {
                        push_element(&mut xml, tag, v);
                    }
                }
                xml.push_str("</Video>");
            }
            Self::News { articles } => {
                xml.push_str("<![CDATA[news]]></MsgType><ArticleCount>");
                xml.push_str(&articles.len().to_string());
                xml.push_str("</ArticleCount><Articles>");
                for a in articles {
                    xml.push_str("<item>");
                    push_element(&mut xml, "Title", &a.title);
                    push_element(&mut xml, "Description", &a.description);
                    push_element(&mut xml, "PicUrl", &a.pic_url);
                    push_element(&mut xml, "Url", &a.url);
                    xml.push_str("</item>");
                }
                xml.push_str("</Articles>");
            }
            Self::TransferCustomerService => {
                xml.push_str("<![CDATA[transfer_customer_service]]></MsgType>");
            }
        }
        xml.push_str("</xml>");
        xml
    }
}

fn push_element(xml: &mut String, tag: &str, value: &str) {
    xml.push('<');
    xml.push_str(tag);
    xml.push('>');
    push_cdata(xml, value);
    xml.push_str("</");
    xml.push_str(tag);
    xml.push('>');
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
    use super::*;
    use crate::push::message::AuthorizerMessage;

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

    #[test]
    fn replies_from_json_build_wechat_xml() {
        let r: PassiveReply = serde_json::from_str(r#"{"type":"image","media_id":"m1"}"#).unwrap();
        let msg = AuthorizerMessage::parse(&r.to_xml("oUser", "gh_1", 1)).unwrap();
        assert_eq!(msg.msg_type, "image");
        assert_eq!(msg.from_user_name, "gh_1");

        let r: PassiveReply = serde_json::from_str(
            r#"{"type":"news","articles":[{"title":"T","url":"https://example.com/a?b=1&c=2"}]}"#,
        )
        .unwrap();
        assert_eq!(r.validate(), Ok(()));
        let xml = r.to_xml("oUser", "gh_1", 1);
        assert!(xml.contains("<ArticleCount>1</ArticleCount>"), "{xml}");
        assert!(
            xml.contains("<![CDATA[https://example.com/a?b=1&c=2]]>"),
            "{xml}"
        );

        let r: PassiveReply =
            serde_json::from_str(r#"{"type":"transfer_customer_service"}"#).unwrap();
        assert_eq!(
            AuthorizerMessage::parse(&r.to_xml("o", "gh", 1))
                .unwrap()
                .msg_type,
            "transfer_customer_service"
        );
    }

    #[test]
    fn invalid_replies_are_refused_before_wechat_sees_them() {
        let empty = PassiveReply::Text {
            content: String::new(),
        };
        assert_eq!(empty.validate(), Err(ReplyError::Empty("content")));
        let news = PassiveReply::News {
            articles: Vec::new(),
        };
        assert_eq!(news.validate(), Err(ReplyError::ArticleCount(0)));
        assert!(serde_json::from_str::<PassiveReply>(r#"{"type":"sticker"}"#).is_err());
        assert!(
            serde_json::from_str::<PassiveReply>(r#"{"type":"text","content":"x","oops":1}"#)
                .is_err()
        );
    }
}
