//! Tickets, the component token, token expiry, the whitelist, quotas, rids.

use serde_json::json;
use wxopen::push::ComponentEvent;
use wxopen::{AppId, Secret};

use crate::common::{Harness, errcode};

#[tokio::test]
async fn first_ticket_is_due_a_second_after_creation_then_every_interval() {
    let mut h = Harness::start().await;
    let c = h.component(json!({"ticket_interval_secs": null})).await;
    let shown = h.get(&format!("/_sandbox/components/{}", c.appid)).await;
    let created = shown["created_at"].as_i64().unwrap();
    assert!(
        shown["next_ticket_at"].as_i64().unwrap() <= created + 1,
        "{shown}"
    );
    // Advancing the clock pushes whatever became due (unless the timer already did).
    h.advance(2).await;
    let first = h.event("component_verify_ticket").await;
    let ComponentEvent::VerifyTicket { ticket } = first.event else {
        panic!()
    };
    assert!(ticket.expose().starts_with("ticket@@@"));
    // The default interval is 600 s.
    let early = h.advance(590).await;
    assert!(
        !early["pushes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["component_appid"] == c.appid.as_str()),
        "{early}"
    );
    let due = h.advance(15).await;
    assert!(
        due["pushes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["component_appid"] == c.appid.as_str()),
        "{due}"
    );
    let pushes = h.get("/_sandbox/pushes").await;
    let mine: Vec<_> = pushes
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["component_appid"] == c.appid.as_str())
        .collect();
    assert!(mine.len() >= 2);
    assert!(
        mine.iter()
            .all(|p| p["outcome"] == "success" && p["kind"] == "component_verify_ticket")
    );
}

#[tokio::test]
async fn per_component_interval_can_be_patched() {
    let mut h = Harness::start().await;
    let c = h.component(json!({"ticket_interval_secs": 30})).await;
    let (status, _) = h
        .patch(
            &format!("/_sandbox/components/{}", c.appid),
            json!({"ticket_interval_secs": 5}),
        )
        .await;
    assert_eq!(status, 200);
    let pushed = h.advance(6).await;
    assert!(
        pushed["pushes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["component_appid"] == c.appid.as_str())
    );
    h.event("component_verify_ticket").await;
}

#[tokio::test]
async fn a_console_that_does_not_answer_success_is_recorded() {
    let h = Harness::start().await;
    let c = h.component(json!({})).await;
    h.set_event_reply("ok");
    let (_, record) = h
        .post(
            &format!("/_sandbox/components/{}/push_ticket", c.appid),
            json!({}),
        )
        .await;
    assert_eq!(record["outcome"], "unexpected_reply", "{record}");
    let (_, patched) = h
        .patch(
            &format!("/_sandbox/components/{}", c.appid),
            json!({"event_url": "http://127.0.0.1:1/down"}),
        )
        .await;
    assert_eq!(patched["event_url"], "http://127.0.0.1:1/down");
    let (_, record) = h
        .post(
            &format!("/_sandbox/components/{}/push_ticket", c.appid),
            json!({}),
        )
        .await;
    assert_eq!(record["outcome"], "transport_error", "{record}");
}

#[tokio::test]
async fn start_push_ticket_pushes_at_once() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    h.client
        .start_push_ticket(&c.appid, &c.secret)
        .await
        .unwrap();
    let push = h.event("component_verify_ticket").await;
    assert_eq!(push.app_id, c.appid.as_str());
    assert_eq!(
        errcode(
            h.client
                .start_push_ticket(&c.appid, &Secret::new("wrong"))
                .await
        ),
        40125
    );
}

#[tokio::test]
async fn component_token_rules() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let ticket = h.ticket(&c).await;
    let token = h
        .client
        .component_token(&c.appid, &c.secret, &ticket)
        .await
        .unwrap();
    assert_eq!(token.expires_in, 7200);
    assert_eq!(
        errcode(
            h.client
                .component_token(&c.appid, &Secret::new("nope"), &ticket)
                .await
        ),
        40125
    );
    let unknown = AppId::parse(&crate::common::random_appid()).unwrap();
    assert_eq!(
        errcode(h.client.component_token(&unknown, &c.secret, &ticket).await),
        61011
    );
    let err = h
        .client
        .component_token(&c.appid, &c.secret, &Secret::new("ticket@@@forged"))
        .await
        .unwrap_err();
    assert!(err.is_ticket_invalid());
    assert_eq!(err.wechat().unwrap().errcode, 61006);
    // A ticket lives 12 hours.
    h.advance(12 * 3600).await;
    let err = h
        .client
        .component_token(&c.appid, &c.secret, &ticket)
        .await
        .unwrap_err();
    assert_eq!(err.wechat().unwrap().errcode, 61005);
    let fresh = h.ticket(&c).await;
    h.client
        .component_token(&c.appid, &c.secret, &fresh)
        .await
        .unwrap();
}

#[tokio::test]
async fn tokens_expire_and_the_previous_one_has_five_minutes() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let ticket = h.ticket(&c).await;
    let t1 = h
        .client
        .component_token(&c.appid, &c.secret, &ticket)
        .await
        .unwrap()
        .component_access_token;
    h.client.create_pre_auth_code(&t1, &c.appid).await.unwrap();
    let t2 = h
        .client
        .component_token(&c.appid, &c.secret, &ticket)
        .await
        .unwrap()
        .component_access_token;
    assert_ne!(t1, t2);
    h.advance(290).await;
    h.client.create_pre_auth_code(&t1, &c.appid).await.unwrap();
    h.advance(20).await;
    let err = h
        .client
        .create_pre_auth_code(&t1, &c.appid)
        .await
        .unwrap_err();
    assert!(err.is_access_token_invalid());
    let wx = err.wechat().unwrap();
    assert_eq!(wx.errcode, 40001);
    assert!(
        wx.errmsg
            .starts_with("invalid credential, access_token is invalid or not latest rid: "),
        "{}",
        wx.errmsg
    );
    h.client.create_pre_auth_code(&t2, &c.appid).await.unwrap();
    h.advance(7200).await;
    let err = h
        .client
        .create_pre_auth_code(&t2, &c.appid)
        .await
        .unwrap_err();
    assert_eq!(err.wechat().unwrap().errcode, 42001);
    assert!(
        err.wechat()
            .unwrap()
            .errmsg
            .starts_with("access_token expired")
    );
    assert_eq!(
        errcode(
            h.client
                .create_pre_auth_code(&Secret::new("made-up"), &c.appid)
                .await
        ),
        40001
    );
}

#[tokio::test]
async fn callers_outside_the_whitelist_get_61004() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let ticket = h.ticket(&c).await;
    let cat = h
        .client
        .component_token(&c.appid, &c.secret, &ticket)
        .await
        .unwrap()
        .component_access_token;
    h.patch(
        &format!("/_sandbox/components/{}", c.appid),
        json!({"ip_whitelist": ["10.1.2.3"]}),
    )
    .await;
    let err = h
        .client
        .component_token(&c.appid, &c.secret, &ticket)
        .await
        .unwrap_err();
    assert!(err.is_ip_not_whitelisted());
    assert!(
        err.wechat()
            .unwrap()
            .errmsg
            .contains("requestIP: 127.0.0.1"),
        "{err}"
    );
    assert_eq!(
        errcode(h.client.create_pre_auth_code(&cat, &c.appid).await),
        61004
    );
    h.patch(
        &format!("/_sandbox/components/{}", c.appid),
        json!({"ip_whitelist": ["::1", "127.0.0.1"]}),
    )
    .await;
    h.client.create_pre_auth_code(&cat, &c.appid).await.unwrap();
}

#[tokio::test]
async fn daily_quota_clear_quota_v2_and_the_monthly_reset_limit() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let ticket = h.ticket(&c).await;
    let (status, _) = h
        .post(
            "/_sandbox/quotas",
            json!({"endpoint": "api_component_token", "appid": c.appid.as_str(), "daily_limit": 2}),
        )
        .await;
    assert_eq!(status, 200);
    let cat = h
        .client
        .component_token(&c.appid, &c.secret, &ticket)
        .await
        .unwrap()
        .component_access_token;
    h.client
        .component_token(&c.appid, &c.secret, &ticket)
        .await
        .unwrap();
    let err = h
        .client
        .component_token(&c.appid, &c.secret, &ticket)
        .await
        .unwrap_err();
    assert!(err.is_quota());
    assert_eq!(err.wechat().unwrap().errcode, 45009);
    let q = h
        .client
        .quota_get(&cat, "/cgi-bin/component/api_component_token")
        .await
        .unwrap();
    assert_eq!(
        (q.quota.daily_limit, q.quota.used, q.quota.remain),
        (2, 2, 0)
    );
    assert_eq!(
        errcode(
            h.client
                .clear_quota_v2(&c.appid, &Secret::new("bad"), None)
                .await
        ),
        40125
    );
    h.client
        .clear_quota_v2(&c.appid, &c.secret, None)
        .await
        .unwrap();
    h.client
        .component_token(&c.appid, &c.secret, &ticket)
        .await
        .unwrap();
    for _ in 0..9 {
        h.client
            .clear_quota_v2(&c.appid, &c.secret, None)
            .await
            .unwrap();
    }
    assert_eq!(
        errcode(h.client.clear_quota_v2(&c.appid, &c.secret, None).await),
        48006
    );
    // The next calendar day (UTC+8) has a fresh quota.
    h.client
        .component_token(&c.appid, &c.secret, &ticket)
        .await
        .unwrap();
    h.client
        .component_token(&c.appid, &c.secret, &ticket)
        .await
        .unwrap();
    assert_eq!(
        errcode(h.client.component_token(&c.appid, &c.secret, &ticket).await),
        45009
    );
    h.advance(86_400).await;
    h.cat(&c).await;
}

#[tokio::test]
async fn rids_of_errors_can_be_looked_up() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let cat = h.cat(&c).await;
    let err = h
        .client
        .query_auth(&cat, &c.appid, &Secret::new("queryauthcode@@@nope"))
        .await
        .unwrap_err();
    let rid = err.wechat().unwrap().rid.clone().expect("rid in errmsg");
    let info = h.client.rid_get(&cat, &rid).await.unwrap();
    assert_eq!(info.request.client_ip, "127.0.0.1");
    assert!(
        info.request
            .request_url
            .contains("/cgi-bin/component/api_query_auth")
    );
    assert!(
        !info.request.request_url.contains(cat.expose()),
        "the token is masked"
    );
    assert!(info.request.request_body.contains("queryauthcode@@@nope"));
    assert!(info.request.response_body.contains("61009"));
    assert_eq!(
        errcode(h.client.rid_get(&cat, "00000000-00000000-00000000").await),
        76001
    );
}

#[tokio::test]
async fn a_stopped_ticket_service_is_restarted_by_api_start_push_ticket() {
    let mut h = Harness::start().await;
    let c = h.component(json!({"ticket_interval_secs": 5})).await;
    let path = format!("/_sandbox/components/{}", c.appid);
    assert_eq!(h.get(&path).await["ticket_service"], "running");
    let (status, stopped) = h.post(&format!("{path}/stop_tickets"), json!({})).await;
    assert_eq!(status, 200, "{stopped}");
    assert_eq!(stopped["ticket_service"], "stopped");
    let mine = |pushes: &serde_json::Value| {
        pushes["pushes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["component_appid"] == c.appid.as_str())
            .count()
    };
    // The timer skips it: no ticket for a minute of sandbox time.
    assert_eq!(mine(&h.advance(60).await), 0);
    assert!(h.event_now("component_verify_ticket").is_none());
    // api_start_push_ticket restarts the service and pushes a ticket at once.
    h.client
        .start_push_ticket(&c.appid, &c.secret)
        .await
        .unwrap();
    let push = h.event("component_verify_ticket").await;
    assert_eq!(push.app_id, c.appid.as_str());
    assert_eq!(h.get(&path).await["ticket_service"], "running");
    assert_eq!(mine(&h.advance(6).await), 1, "back on the schedule");
    // On a running service it answers ok too.
    h.client
        .start_push_ticket(&c.appid, &c.secret)
        .await
        .unwrap();
    let (status, _) = h
        .post(
            "/_sandbox/components/wx0000000000000000/stop_tickets",
            json!({}),
        )
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn an_authorizers_quota_reset_on_its_behalf_shares_the_monthly_budget() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let cat = h.cat(&c).await;
    let oa = h.account(json!({})).await;
    let other = h.account(json!({})).await;
    let (aat, _) = h.authorize(&c, &cat, &oa, Some(vec![1])).await;
    // The authorizer's token resets only its own account.
    assert_eq!(errcode(h.client.clear_quota(&aat, &other).await), 40013);
    h.client.clear_quota(&aat, &oa).await.unwrap();
    // clear_quota/v2 with the authorizer's appid draws on the same 10 a month.
    for _ in 0..8 {
        h.client
            .clear_quota_v2(&c.appid, &c.secret, Some(&oa))
            .await
            .unwrap();
    }
    h.client.clear_quota(&aat, &oa).await.unwrap();
    assert_eq!(errcode(h.client.clear_quota(&aat, &oa).await), 48006);
    assert_eq!(
        errcode(
            h.client
                .clear_quota_v2(&c.appid, &c.secret, Some(&oa))
                .await
        ),
        48006
    );
    // The platform's own budget is separate.
    h.client
        .clear_quota_v2(&c.appid, &c.secret, None)
        .await
        .unwrap();
    // The rid of an authorizer's failed call is readable with its token.
    let err = h.client.clear_quota(&aat, &oa).await.unwrap_err();
    let rid = err.wechat().unwrap().rid.clone().expect("rid in errmsg");
    let info = h.client.rid_get(&aat, &rid).await.unwrap();
    assert!(info.request.request_url.contains("/cgi-bin/clear_quota"));
    assert!(!info.request.request_url.contains(aat.expose()));
    assert!(info.request.response_body.contains("48006"));
}
