//! The end of an EncodingAESKey rotation: once staff retire the previous key, pushes sealed with
//! it are refused (SQLite and PostgreSQL).

use console_core::events::{self, PushQuery, Received, Rejection};
use console_core::platforms::{self, PlatformInput};
use console_core::testing::TestWorld;
use wxopen::MsgCrypt;
use wxopen::push::{Addressee, Envelope};

/// A ticket push sealed with `crypt`, as WeChat would send it.
fn push(crypt: &MsgCrypt, appid: &str, ticket: &str) -> (PushQuery, Vec<u8>) {
    let xml = format!(
        "<xml><AppId><![CDATA[{appid}]]></AppId><CreateTime>1900000000</CreateTime>\
         <InfoType><![CDATA[component_verify_ticket]]></InfoType>\
         <ComponentVerifyTicket><![CDATA[{ticket}]]></ComponentVerifyTicket></xml>"
    );
    let sealed = crypt.encrypt(&xml, "1700000000", "nonce1");
    let body = Envelope {
        encrypt: sealed.encrypt,
        addressee: Some(Addressee::Component(appid.to_string())),
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

#[allow(clippy::unwrap_used)]
async fn retired_key_in(w: TestWorld) {
    let (tenant, id, appid) = (w.tenant_id(), w.component().id, w.component().appid.clone());
    let old_crypt = platforms::crypt_for(&w.svc, w.component()).unwrap();
    let view = platforms::update(
        &w.svc,
        tenant,
        id,
        &PlatformInput {
            name: "测试平台".into(),
            appid: appid.clone(),
            aes_key: Some(wxopen::EncodingAesKey::generate().to_encoded()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert!(view.has_previous_key);

    // During the rotation the old key still opens pushes.
    let (q, body) = push(&old_crypt, &appid, "ticket@@@during");
    let got = events::receive(&w.svc, &appid, &q, &body).await.unwrap();
    assert!(matches!(got, Received::Stored { .. }), "{got:?}");

    let view = platforms::retire_previous_key(&w.svc, tenant, id)
        .await
        .unwrap();
    assert!(!view.has_previous_key);

    // Retired: a push sealed with it is refused, one sealed with the current key is not.
    let (q, body) = push(&old_crypt, &appid, "ticket@@@after");
    let err = events::receive(&w.svc, &appid, &q, &body)
        .await
        .unwrap_err();
    assert!(matches!(err, Rejection::Crypto(_)), "{err:?}");
    let m = platforms::get_model(&w.svc, tenant, id).await.unwrap();
    let current = platforms::crypt_for(&w.svc, &m).unwrap();
    let (q, body) = push(&current, &appid, "ticket@@@current");
    let got = events::receive(&w.svc, &appid, &q, &body).await.unwrap();
    assert!(matches!(got, Received::Stored { .. }), "{got:?}");

    // Another tenant cannot retire it (nor learn that it exists).
    let other = w
        .add_platform(&console_core::testing::PlatformSpec {
            tenant: "别的公司".into(),
            ..Default::default()
        })
        .await;
    let err = platforms::retire_previous_key(&w.svc, other.tenant_id, id)
        .await
        .unwrap_err();
    assert!(
        matches!(err, console_core::CoreError::NotFound(_)),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_retired_previous_key_no_longer_opens_pushes() {
    retired_key_in(TestWorld::builder().sandbox().platform().build().await).await;
}

#[tokio::test]
async fn a_retired_previous_key_no_longer_opens_pushes_on_postgres() {
    match TestWorld::builder()
        .postgres()
        .sandbox()
        .platform()
        .try_build()
        .await
    {
        Some(w) => retired_key_in(w).await,
        None => eprintln!("PostgreSQL not configured: skipped"),
    }
}
