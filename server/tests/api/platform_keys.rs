//! Retiring a platform's previous EncodingAESKey from the console: admins only, and afterwards
//! the event URL refuses pushes sealed with it.

use console_core::accounts::Role;
use console_core::platforms::{self, PlatformInput};
use reqwest::StatusCode;
use wxopen::MsgCrypt;
use wxopen::push::{Addressee, Envelope};

use crate::helpers::TestApp;

/// Posts a ticket push sealed with `crypt` to the app's event URL; returns the status.
#[allow(clippy::unwrap_used)]
async fn post_push(app: &TestApp, crypt: &MsgCrypt, n: u32) -> StatusCode {
    let appid = &app.component().appid;
    let xml = format!(
        "<xml><AppId><![CDATA[{appid}]]></AppId><CreateTime>{}</CreateTime>\
         <InfoType><![CDATA[component_verify_ticket]]></InfoType>\
         <ComponentVerifyTicket><![CDATA[ticket@@@{n}]]></ComponentVerifyTicket></xml>",
        1_900_000_000 + n
    );
    let sealed = crypt.encrypt(&xml, "1700000000", "nonce1");
    let body = Envelope {
        encrypt: sealed.encrypt,
        addressee: Some(Addressee::Component(appid.clone())),
    }
    .to_xml();
    app.client
        .post(format!("{}/wechat/{appid}/events", app.base_url))
        .query(&[
            ("timestamp", "1700000000"),
            ("nonce", "nonce1"),
            ("msg_signature", sealed.msg_signature.as_str()),
        ])
        .body(body)
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn an_admin_retires_the_previous_key_and_pushes_sealed_with_it_are_refused() {
    let app = TestApp::builder().sandbox().platform().build().await;
    app.seed_member("Acme", "olga", "olga-password", Role::Operator)
        .await;
    let (tenant, id) = (app.tenant_id(), app.component().id);
    let old = platforms::crypt_for(&app.svc, app.component()).unwrap();
    platforms::update(
        &app.svc,
        tenant,
        id,
        &PlatformInput {
            name: "Acme 平台".into(),
            appid: app.component().appid.clone(),
            aes_key: Some(wxopen::EncodingAesKey::generate().to_encoded()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(post_push(&app, &old, 1).await, StatusCode::OK, "rotating");

    let id_arg = id.to_string();
    app.login("olga", "olga-password").await.unwrap();
    let refused = app
        .call::<()>("platforms/retire-previous-key", &[("id", &id_arg)])
        .await
        .unwrap_err();
    assert_eq!(refused.0, StatusCode::FORBIDDEN, "operators cannot");
    assert_eq!(post_push(&app, &old, 2).await, StatusCode::OK, "still kept");

    app.login("alice", "alice-password").await.unwrap();
    app.call::<()>("platforms/retire-previous-key", &[("id", &id_arg)])
        .await
        .unwrap();
    assert_eq!(
        post_push(&app, &old, 3).await,
        StatusCode::BAD_REQUEST,
        "a push sealed with the retired key is refused"
    );
    let m = platforms::get_model(&app.svc, tenant, id).await.unwrap();
    let current = platforms::crypt_for(&app.svc, &m).unwrap();
    assert_eq!(post_push(&app, &current, 4).await, StatusCode::OK);
}
