//! Pushes as WeChat sends them, for tests that need one WeChat would not send on cue (an old
//! `CreateTime`, a replay).

use wxopen::push::{Addressee, Envelope};

use super::TestWorld;
use crate::events::{self, PushQuery, Received};
use crate::platforms;

impl TestWorld {
    /// Seals `xml` for the world's platform as WeChat does; returns the query and the body to
    /// post to the event URL (or to give to `events::receive`).
    pub fn seal_push(&self, xml: &str) -> (PushQuery, Vec<u8>) {
        let crypt = platforms::crypt_for(&self.svc, self.component()).unwrap();
        let sealed = crypt.encrypt(xml, "1700000000", "nonce1");
        let body = Envelope {
            encrypt: sealed.encrypt,
            addressee: Some(Addressee::Component(self.component().appid.clone())),
        }
        .to_xml();
        let q = PushQuery {
            timestamp: Some("1700000000".into()),
            nonce: Some("nonce1".into()),
            msg_signature: Some(sealed.msg_signature),
            ..Default::default()
        };
        (q, body.into_bytes())
    }

    /// Receives `xml` at the event URL, sealed as WeChat does (stored, not yet processed).
    pub async fn receive_push(&self, xml: &str) -> Received {
        let (q, body) = self.seal_push(xml);
        events::receive(&self.svc, &self.component().appid, &q, &body)
            .await
            .unwrap()
    }
}
