//! User messages to the message URL, passive replies, and the release test.

use serde_json::json;
use wxopen::push::{MessageKind, RELEASE_TEST_ACCOUNTS};

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
async fn release_test_passes_with_a_correct_responder_in_every_group() {
    let mut h = Harness::start().await;
    // WeChat's test accounts may authorize an unpublished platform.
    let c = h.component(json!({"published": false})).await;
    let cat = h.cat(&c).await;
    h.set_mode(Mode::Release {
        component: c.appid.clone(),
        cat,
    });
    for group in 1..=5u8 {
        let (status, report) = h
            .post(
                "/_sandbox/release_test",
                json!({"component_appid": c.appid.as_str(), "group": group}),
            )
            .await;
        assert_eq!(status, 200, "{report}");
        assert_eq!(report["passed"], true, "{report}");
        assert_eq!(report["group"], group);
        let expected: Vec<&str> = RELEASE_TEST_ACCOUNTS
            .iter()
            .filter(|a| a.group == group)
            .map(|a| a.appid)
            .collect();
        assert_eq!(report["accounts"], json!(expected));
        let cases: Vec<&str> = report["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["case"].as_str().unwrap())
            .collect();
        assert_eq!(
            cases,
            [
                "authorization",
                "oa_text",
                "oa_api",
                "oa_event",
                "mp_text",
                "mp_api"
            ]
        );
    }
    // Each test account was authorized with an `authorized` push, as a console sees it.
    let pushes = h.get("/_sandbox/pushes").await;
    let authorized: Vec<&str> = pushes
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["kind"] == "authorized")
        .map(|p| p["authorizer_appid"].as_str().unwrap())
        .collect();
    assert_eq!(authorized.len(), 10, "{authorized:?}");
    let mp = RELEASE_TEST_ACCOUNTS[1];
    let account = h.get(&format!("/_sandbox/accounts/{}", mp.appid)).await;
    assert_eq!(
        (account["type"].as_str(), account["user_name"].as_str()),
        (Some("mini_program"), Some(mp.user_name))
    );
    assert_eq!(account["principal_name"], "深圳市腾讯计算机系统有限公司");
    let sent = h.get("/_sandbox/custom_messages").await;
    let contents: Vec<&str> = sent
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["content"].as_str())
        .collect();
    assert!(contents.contains(&"TESTCOMPONENT_MSG_TYPE_TEXT_callback"));
    assert!(contents.iter().any(|c| c.ends_with("_from_api")));
}

#[tokio::test]
async fn release_test_runs_only_the_cases_of_offered_sets() {
    let mut h = Harness::start().await;
    let oa_only = h.component(json!({"func_ids": [1, 2, 4]})).await;
    let cat = h.cat(&oa_only).await;
    h.set_mode(Mode::Release {
        component: oa_only.appid.clone(),
        cat,
    });
    let (_, report) = h
        .post(
            "/_sandbox/release_test",
            json!({"component_appid": oa_only.appid.as_str(), "authorizer_appid": "wxc39235c15087f6f3"}),
        )
        .await;
    assert_eq!(
        report["group"], 2,
        "a test account fixes the group: {report}"
    );
    assert_eq!(report["accounts"], json!(["wx9252c5e0bb1836fc"]));
    assert_eq!(report["passed"], true, "{report}");
    assert_eq!(report["cases"].as_array().unwrap().len(), 4);

    let none = h.component(json!({"func_ids": [2, 18]})).await;
    let (status, report) = h
        .post(
            "/_sandbox/release_test",
            json!({"component_appid": none.appid.as_str()}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(report["passed"], false);
    assert_eq!(report["cases"], json!([]));
    assert!(
        report["reason"]
            .as_str()
            .unwrap()
            .contains("暂没有测试用例"),
        "{report}"
    );
    let group = report["group"].as_u64().unwrap();
    assert!((1..=5).contains(&group), "a group is drawn at random");

    for bad in [
        json!({"component_appid": none.appid.as_str(), "group": 6}),
        json!({"component_appid": none.appid.as_str(), "authorizer_appid": "wx0123456789abcdef"}),
        json!({"component_appid": none.appid.as_str(), "group": 1, "authorizer_appid": "wxc39235c15087f6f3"}),
    ] {
        let (status, err) = h.post("/_sandbox/release_test", bad).await;
        assert_eq!(status, 400, "{err}");
    }
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
    let cases = report["cases"].as_array().unwrap();
    assert_eq!(cases[0]["case"], "authorization");
    assert_eq!(cases[0]["passed"], true, "the console answered success");
    for case in &cases[1..] {
        assert_eq!(case["passed"], false, "{case}");
    }
    let reason = |name: &str| {
        cases.iter().find(|c| c["case"] == name).unwrap()["reason"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert!(reason("oa_text").contains("TESTCOMPONENT_MSG_TYPE_TEXT_callback"));
    assert!(reason("oa_api").contains("must be empty"));
    assert!(reason("oa_event").contains("LOCATIONfrom_callback"));
    assert!(
        reason("mp_text").contains("no passive reply"),
        "{}",
        reason("mp_text")
    );
    assert!(reason("mp_api").contains("must be empty"));

    // A console that does not answer the authorization push fails that case.
    h.set_event_reply("fail");
    let (_, report) = h
        .post(
            "/_sandbox/release_test",
            json!({"component_appid": c.appid.as_str(), "group": 3}),
        )
        .await;
    let first = &report["cases"][0];
    assert_eq!(first["case"], "authorization");
    assert_eq!(first["passed"], false);
    assert!(
        first["reason"]
            .as_str()
            .unwrap()
            .contains("unexpected_reply"),
        "{first}"
    );
}
