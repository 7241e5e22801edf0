//! The outer POST body of an encrypted push.

use super::xml::{Document, XmlError, check_size};

/// Who the outer envelope says a push is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Addressee {
    /// `<AppId>`: the component appid, on authorization-event pushes.
    Component(String),
    /// `<ToUserName>`: the authorizer's original id (`gh_…`) or appid, on message pushes.
    Authorizer(String),
}

/// `<xml><AppId|ToUserName>…</…><Encrypt>…</Encrypt></xml>`: the raw body WeChat POSTs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// The base64 ciphertext, exactly as sent (it is what `msg_signature` covers).
    pub encrypt: String,
    /// The addressee, when the envelope names one.
    pub addressee: Option<Addressee>,
}

impl Envelope {
    /// Parses the raw body bytes; the size limit is checked before anything else.
    pub fn parse(body: &[u8]) -> Result<Self, XmlError> {
        check_size(body.len())?;
        let xml = std::str::from_utf8(body).map_err(|_| XmlError::NotUtf8)?;
        let doc = Document::parse(xml)?;
        let encrypt = doc.require("Encrypt")?.to_owned();
        let addressee = match (doc.get("AppId"), doc.get("ToUserName")) {
            (Some(app_id), _) => Some(Addressee::Component(app_id.to_owned())),
            (None, Some(to)) => Some(Addressee::Authorizer(to.to_owned())),
            (None, None) => None,
        };
        Ok(Self { encrypt, addressee })
    }

    /// The envelope as WeChat sends it, for simulators and tests.
    pub fn to_xml(&self) -> String {
        let mut xml = String::with_capacity(self.encrypt.len() + 96);
        xml.push_str("<xml>");
        match &self.addressee {
            Some(Addressee::Component(id)) => push_field(&mut xml, "AppId", id),
            Some(Addressee::Authorizer(id)) => push_field(&mut xml, "ToUserName", id),
            None => {}
        }
        push_field(&mut xml, "Encrypt", &self.encrypt);
        xml.push_str("</xml>");
        xml
    }
}

fn push_field(xml: &mut String, name: &str, value: &str) {
    xml.push('<');
    xml.push_str(name);
    xml.push('>');
    super::reply::push_cdata(xml, value);
    xml.push_str("</");
    xml.push_str(name);
    xml.push('>');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_envelope_shapes_and_round_trip() {
        let e = Envelope::parse(b"<xml>\n<AppId><![CDATA[wxbbd3f07e2945cf2a]]></AppId>\n<Encrypt><![CDATA[abc+/=]]></Encrypt>\n</xml>").unwrap();
        assert_eq!(e.encrypt, "abc+/=");
        assert_eq!(
            e.addressee,
            Some(Addressee::Component("wxbbd3f07e2945cf2a".into()))
        );
        assert_eq!(Envelope::parse(e.to_xml().as_bytes()).unwrap(), e);

        let e = Envelope::parse(b"<xml><Encrypt>abc</Encrypt><ToUserName>gh_1</ToUserName></xml>")
            .unwrap();
        assert_eq!(e.addressee, Some(Addressee::Authorizer("gh_1".into())));
        assert_eq!(Envelope::parse(e.to_xml().as_bytes()).unwrap(), e);
    }

    #[test]
    fn missing_encrypt_and_non_utf8_are_errors() {
        assert_eq!(
            Envelope::parse(b"<xml><AppId>x</AppId></xml>"),
            Err(XmlError::Missing("Encrypt"))
        );
        assert_eq!(Envelope::parse(b"<xml>\xff</xml>"), Err(XmlError::NotUtf8));
    }
}
