//! User messages to the message URL, passive replies, and the release test.

use serde_json::json;
use wxopen::push::MessageKind;

use crate::common::{Harness, Mode};

#[tokio::test]
async fn messages_are_encrypted_and_replies_decrypted() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let oa = h.account(json!({})).await;
    let cat = h.cat(&c).await;
    h.authorize(&c, &cat, &oa, None).await;
    let send = json!({"component_appid": c.appid.as_str(), "authorizer_appid": oa.as_str(), "msg_type": "text", "content": "你好"});
    let (status, reply) = h.post("/_sandbox/messages", send.clone()).await;
    assert_eq!(status, 200, "{reply}");
    assert_eq!(reply["status"], 200);
    assert_eq!(reply["passive_reply_ok"], true, "{reply}");
    let plain = reply["reply_plaintext"].as_str().unwrap();
    assert!(plain.contains("echo: 你好"), "{plain}");
    assert!(reply["raw_reply"].as_str().unwrap().contains("<Encrypt>"));
    let (authorizer, msg) = h.messages().pop().unwrap();
    assert_eq!(
        authorizer,
        oa.as_str(),
        "$APPID$ is replaced by the authorizer appid"
    );
    assert_eq!(msg.text(), Some("你好"));
    assert!(msg.to_user_name.starts_with("gh_"));
    assert!(msg.msg_id.is_some());

    let event = json!({"component_appid": c.appid.as_str(), "authorizer_appid": oa.as_str(), "msg_type": "event", "event": "subscribe", "openid": "oCustomOpenid"});
    let (_, reply) = h.post("/_sandbox/messages", event).await;
    assert_eq!(reply["passive_reply_ok"], true);
    let (_, msg) = h.messages().pop().unwrap();
    assert!(matches!(msg.kind, MessageKind::Event { ref event, .. } if event == "subscribe"));
    assert_eq!(msg.from_user_name, "oCustomOpenid");

    h.set_mode(Mode::Success);
    let (_, reply) = h.post("/_sandbox/messages", send.clone()).await;
    assert_eq!(
        (
            reply["passive_reply_ok"].clone(),
            reply["reply_plaintext"].clone()
        ),
        (json!(true), json!(null))
    );
    h.set_mode(Mode::PlainXml);
    let (_, reply) = h.post("/_sandbox/messages", send.clone()).await;
    assert_eq!(reply["passive_reply_ok"], false);
    assert!(reply["error"].as_str().unwrap().contains("not encrypted"));
    let pushes = h.get("/_sandbox/pushes").await;
    let last = pushes.as_array().unwrap().last().unwrap();
    assert_eq!(
        (last["target"].as_str(), last["outcome"].as_str()),
        (Some("message"), Some("unexpected_reply"))
    );

    let stranger = h.account(json!({})).await;
    let (status, _) = h.post("/_sandbox/messages", json!({"component_appid": c.appid.as_str(), "authorizer_appid": stranger.as_str(), "content": "x"})).await;
    assert_eq!(status, 409, "only authorized accounts send to the platform");
}

#[tokio::test]
async fn release_test_passes_with_a_correct_responder() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let cat = h.cat(&c).await;
    h.set_mode(Mode::Release {
        component: c.appid.clone(),
        cat,
    });
    let (status, report) = h
        .post(
            "/_sandbox/release_test",
            json!({"component_appid": c.appid.as_str()}),
        )
        .await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["authorizer_appid"], "wx570bc396a51b8ff8");
    assert_eq!(report["passed"], true, "{report}");
    let cases: Vec<&str> = report["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["case"].as_str().unwrap())
        .collect();
    assert_eq!(cases, vec!["text", "api", "event"]);
    let sent = h.get("/_sandbox/custom_messages").await;
    assert!(sent[0]["content"].as_str().unwrap().ends_with("_from_api"));
}

#[tokio::test]
async fn release_test_reports_each_failure() {
    let mut h = Harness::with_config(wechat_sandbox::SandboxConfig {
        release_test_timeout: std::time::Duration::from_millis(300),
        ..Default::default()
    })
    .await;
    let c = h.component(json!({})).await;
    let _ = h.cat(&c).await;
    h.set_mode(Mode::Echo);
    let (_, report) = h
        .post(
            "/_sandbox/release_test",
            json!({"component_appid": c.appid.as_str()}),
        )
        .await;
    assert_eq!(report["passed"], false);
    for case in report["cases"].as_array().unwrap() {
        assert_eq!(case["passed"], false, "{case}");
    }
    let reasons: Vec<&str> = report["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["reason"].as_str().unwrap())
        .collect();
    assert!(
        reasons[0].contains("TESTCOMPONENT_MSG_TYPE_TEXT_callback"),
        "{reasons:?}"
    );
    assert!(reasons[1].contains("must be empty"), "{reasons:?}");
    assert!(reasons[2].contains("LOCATIONfrom_callback"), "{reasons:?}");
}
