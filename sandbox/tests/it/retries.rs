//! Pushes without a good answer are sent again (reference B22): a new timestamp and nonce each
//! time, the same plaintext, up to `push_attempts` tries, each recorded.

use std::time::Duration;

use serde_json::{Value, json};
use wechat_sandbox::SandboxConfig;

use crate::common::{Harness, Mode};

#[allow(clippy::unwrap_used)]
fn group_of(pushes: &Value, group: u64) -> Vec<Value> {
    pushes
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["push_group"] == group)
        .cloned()
        .collect()
}

#[tokio::test]
async fn event_pushes_are_retried_three_times_re_encrypted() {
    let h = Harness::start().await;
    let c = h.component(json!({})).await;
    h.set_event_reply("ok");
    let (_, last) = h
        .post(
            &format!("/_sandbox/components/{}/push_ticket", c.appid),
            json!({}),
        )
        .await;
    assert_eq!(last["attempt"], 3, "{last}");
    assert_eq!(last["outcome"], "unexpected_reply");
    let group = last["push_group"].as_u64().unwrap();
    let tries = group_of(&h.get("/_sandbox/pushes").await, group);
    let attempts: Vec<u64> = tries
        .iter()
        .map(|p| p["attempt"].as_u64().unwrap())
        .collect();
    assert_eq!(attempts, [1, 2, 3]);
    assert_eq!(tries[0]["id"], group, "the group is the first attempt's id");
    assert!(
        tries
            .iter()
            .all(|p| p["plaintext"] == tries[0]["plaintext"])
    );
    let stamps = h.event_stamps();
    let nonces: std::collections::HashSet<&String> =
        stamps.iter().rev().take(3).map(|(_, n)| n).collect();
    assert_eq!(nonces.len(), 3, "each attempt is sealed anew: {stamps:?}");

    // A good answer ends it at once.
    h.set_event_reply("success");
    let (_, record) = h
        .post(
            &format!("/_sandbox/components/{}/push_ticket", c.appid),
            json!({}),
        )
        .await;
    assert_eq!(
        (record["attempt"].as_u64(), record["outcome"].as_str()),
        (Some(1), Some("success"))
    );
}

#[tokio::test]
async fn a_slow_console_times_out_and_push_attempts_is_configurable() {
    let h = Harness::with_config(SandboxConfig {
        push_timeout: Duration::from_millis(300),
        push_attempts: 2,
        ..SandboxConfig::default()
    })
    .await;
    let c = h.component(json!({})).await;
    h.set_event_delay(Duration::from_millis(700));
    let (_, last) = h
        .post(
            &format!("/_sandbox/components/{}/push_ticket", c.appid),
            json!({}),
        )
        .await;
    assert_eq!(
        (last["attempt"].as_u64(), last["outcome"].as_str()),
        (Some(2), Some("timeout")),
        "{last}"
    );
    h.set_event_delay(Duration::ZERO);

    // A message URL that does not answer is retried; `attempts` says how often it was sent.
    let mut h = h;
    let cat = h.cat(&c).await;
    let oa = h.account(json!({})).await;
    h.authorize(&c, &cat, &oa, None).await;
    h.patch(
        &format!("/_sandbox/components/{}", c.appid),
        json!({"message_url": "http://127.0.0.1:1/down/$APPID$"}),
    )
    .await;
    let send = json!({"component_appid": c.appid.as_str(), "authorizer_appid": oa.as_str(), "content": "hi"});
    let (status, reply) = h.post("/_sandbox/messages", send).await;
    assert_eq!(status, 200, "{reply}");
    assert_eq!(reply["attempts"], 2);
    assert_eq!(reply["passive_reply_ok"], false);
    let pushes = h.get("/_sandbox/pushes").await;
    let last = pushes.as_array().unwrap().last().unwrap();
    assert_eq!(last["id"], reply["push_id"]);
    assert_eq!(
        (last["attempt"].as_u64(), last["outcome"].as_str()),
        (Some(2), Some("transport_error"))
    );
}

#[tokio::test]
async fn an_invalid_passive_reply_is_an_answer_and_not_retried() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let cat = h.cat(&c).await;
    let oa = h.account(json!({})).await;
    h.authorize(&c, &cat, &oa, None).await;
    h.set_mode(Mode::PlainXml);
    let before = h.messages().len();
    let send = json!({"component_appid": c.appid.as_str(), "authorizer_appid": oa.as_str(), "content": "hi"});
    let (_, reply) = h.post("/_sandbox/messages", send.clone()).await;
    assert_eq!(reply["attempts"], 1);
    assert_eq!(h.messages().len(), before + 1, "sent once");
    let pushes = h.get("/_sandbox/pushes").await;
    let last = pushes.as_array().unwrap().last().unwrap();
    assert_eq!(last["outcome"], "unexpected_reply");
    h.set_mode(Mode::Success);
    let (_, reply) = h.post("/_sandbox/messages", send).await;
    assert_eq!(
        (
            reply["attempts"].as_u64(),
            reply["passive_reply_ok"].as_bool()
        ),
        (Some(1), Some(true))
    );
}
