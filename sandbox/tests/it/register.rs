//! Fast registration: enterprise, personal, beta (create, rename, verify), reuse of an official
//! account's qualification, task expiry.

use serde_json::json;
use wxopen::api::{BetaVerification, EnterpriseRegistration};
use wxopen::links::fast_register_auth_link;
use wxopen::push::ComponentEvent;
use wxopen::{AppId, Secret};

use crate::common::{Harness, errcode, query};

fn enterprise(code: &str) -> EnterpriseRegistration {
    EnterpriseRegistration {
        name: "深圳市小鹅科技有限公司".into(),
        code: code.into(),
        component_phone: "075586013388".into(),
    }
}

#[tokio::test]
async fn enterprise_task_confirmed_on_its_page() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let cat = h.cat(&c).await;
    let task = h
        .client
        .fast_register_enterprise(&cat, &enterprise("91440300708461136T"))
        .await
        .unwrap();
    let taskid = task.taskid.unwrap();
    assert_eq!(task.status, Some(0));
    let url = task.authorize_url.unwrap();
    assert!(
        url.starts_with(h.base.as_str().trim_end_matches('/')),
        "{url}"
    );
    assert_eq!(
        errcode(
            h.client
                .fast_register_enterprise(&cat, &enterprise("91440300708461136T"))
                .await
        ),
        89249
    );
    // A code that is not a credit code, or whose check character is wrong, is refused.
    for bad in ["123", "91440300708461136X"] {
        assert_eq!(
            errcode(
                h.client
                    .fast_register_enterprise(&cat, &enterprise(bad))
                    .await
            ),
            89255,
            "{bad}"
        );
    }

    let html = h.page(&url).await;
    assert!(
        html.contains("快速注册企业小程序") && html.contains("id=\"confirm\""),
        "{html}"
    );
    let r = h
        .http
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("action=confirm")
        .send()
        .await
        .unwrap();
    assert!(r.text().await.unwrap().contains("创建成功"));
    let push = h.event("notify_third_fasteregister").await;
    let ComponentEvent::FastRegister(result) = push.event else {
        panic!()
    };
    assert_eq!(result.status, 0);
    assert_eq!(result.info.taskid.as_deref(), Some(taskid.as_str()));
    assert_eq!(result.info.code.as_deref(), Some("91440300708461136T"));
    let appid = AppId::parse(result.appid.as_deref().unwrap()).unwrap();
    let info = h
        .client
        .query_auth(&cat, &c.appid, &result.auth_code.unwrap())
        .await
        .unwrap()
        .authorization_info;
    assert_eq!(info.authorizer_appid, appid);
    assert!(info.func_info.iter().any(|f| f.funcscope_category.id == 18));
    let status = h
        .client
        .fast_register_enterprise_query(&cat, &taskid)
        .await
        .unwrap();
    assert_eq!(status.status, Some(12));
    let details = h
        .client
        .authorizer_info(&cat, &c.appid, &appid)
        .await
        .unwrap();
    assert!(details.authorizer_info.is_mini_program());
    assert_eq!(
        details.authorizer_info.principal_name.as_deref(),
        Some("深圳市小鹅科技有限公司")
    );
    // The page cannot be used twice.
    assert!(h.page(&url).await.contains("已处理"));
    assert_eq!(
        errcode(h.client.fast_register_enterprise_query(&cat, "nope").await),
        89250
    );
}

#[tokio::test]
async fn personal_task_rejected_through_the_control_api() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let cat = h.cat(&c).await;
    let task = h
        .client
        .fast_register_personal(&cat, "zhangsan_wx", "13800000000")
        .await
        .unwrap();
    let taskid = task.taskid.unwrap();
    assert_eq!(
        errcode(
            h.client
                .fast_register_personal(&cat, "", "13800000000")
                .await
        ),
        89253
    );
    let list = h.get("/_sandbox/registrations").await;
    assert_eq!(list[0]["kind"], "personal");
    assert_eq!(list[0]["outcome"], "pending");
    let (status, decided) = h
        .post(
            &format!("/_sandbox/registrations/{taskid}/reject"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{decided}");
    let push = h.event("notify_third_fasteregister").await;
    let ComponentEvent::FastRegister(result) = push.event else {
        panic!()
    };
    assert_eq!(result.status, 2);
    assert_eq!(result.info.wxuser.as_deref(), Some("zhangsan_wx"));
    assert_eq!(
        h.client
            .fast_register_personal_query(&cat, &taskid)
            .await
            .unwrap()
            .status,
        Some(2)
    );
    let (status, _) = h
        .post(
            &format!("/_sandbox/registrations/{taskid}/confirm"),
            json!({}),
        )
        .await;
    assert_eq!(status, 409);
    let (status, _) = h
        .post("/_sandbox/registrations/nope/confirm", json!({}))
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn tasks_time_out_after_24_hours() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let cat = h.cat(&c).await;
    let task = h
        .client
        .fast_register_personal(&cat, "lisi_wx", "13800000001")
        .await
        .unwrap();
    let taskid = task.taskid.unwrap();
    h.advance(24 * 3600).await;
    let cat = h.cat(&c).await;
    assert_eq!(
        h.client
            .fast_register_personal_query(&cat, &taskid)
            .await
            .unwrap()
            .status,
        Some(1)
    );
    let (status, err) = h
        .post(
            &format!("/_sandbox/registrations/{taskid}/confirm"),
            json!({}),
        )
        .await;
    assert_eq!(status, 409, "{err}");
    assert!(
        h.page(&task.authorize_url.unwrap())
            .await
            .contains("已过期")
    );
    // A new task for the same user is allowed again.
    h.client
        .fast_register_personal(&cat, "lisi_wx", "13800000001")
        .await
        .unwrap();
}

#[tokio::test]
async fn beta_app_created_renamed_and_verified() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let cat = h.cat(&c).await;
    assert_eq!(
        errcode(h.client.fast_register_beta(&cat, "鹅", "oUser").await),
        47001
    );
    let beta = h
        .client
        .fast_register_beta(&cat, "小鹅商城", "oAdminOpenid")
        .await
        .unwrap();
    let (status, _) = h
        .post(
            &format!("/_sandbox/registrations/{}/confirm", beta.unique_id),
            json!({}),
        )
        .await;
    assert_eq!(status, 200);
    let notify = h.event("notify_third_fastregisterbetaapp").await;
    let ComponentEvent::FastRegisterBeta(result) = notify.event else {
        panic!()
    };
    assert_eq!(
        result.info.unique_id.as_deref(),
        Some(beta.unique_id.as_str())
    );
    let appid = result.appid.unwrap();
    let authorized = h.event("authorized").await;
    let ComponentEvent::Authorized(auth) = authorized.event else {
        panic!()
    };
    assert_eq!(auth.authorizer_appid, appid);
    let aat = h
        .client
        .query_auth(&cat, &c.appid, &auth.authorization_code)
        .await
        .unwrap()
        .authorization_info
        .authorizer_access_token
        .unwrap();
    let appid = AppId::parse(&appid).unwrap();
    let info = h
        .client
        .authorizer_info(&cat, &c.appid, &appid)
        .await
        .unwrap()
        .authorizer_info;
    assert_eq!(info.nick_name, "小鹅商城的体验小程序");
    assert_eq!(info.verify_type_info.unwrap().id, -1);

    h.client.set_beta_nickname(&aat, "小鹅优选").await.unwrap();
    assert_eq!(
        h.client
            .authorizer_info(&cat, &c.appid, &appid)
            .await
            .unwrap()
            .authorizer_info
            .nick_name,
        "小鹅优选"
    );
    let verification = BetaVerification {
        enterprise_name: "深圳市小鹅科技有限公司".into(),
        code: "91440300708461136T".into(),
        component_phone: "075586013388".into(),
    };
    let err = h.client.verify_beta(&cat, &verification).await.unwrap_err();
    assert!(
        err.is_access_token_invalid(),
        "the component token is the wrong token: {err}"
    );
    let miscoded = BetaVerification {
        code: "91440300708461136X".into(),
        ..verification.clone()
    };
    assert_eq!(errcode(h.client.verify_beta(&aat, &miscoded).await), 89255);
    h.client.verify_beta(&aat, &verification).await.unwrap();
    assert_eq!(
        errcode(h.client.verify_beta(&aat, &verification).await),
        89251
    );
    let pending = h.get("/_sandbox/registrations").await;
    let task = pending
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == "beta_verify")
        .unwrap()
        .clone();
    let page = h.page(task["authorize_url"].as_str().unwrap()).await;
    assert!(page.contains("试用小程序快速认证"));
    let (status, _) = h
        .post(
            &format!(
                "/_sandbox/registrations/{}/confirm",
                task["id"].as_str().unwrap()
            ),
            json!({}),
        )
        .await;
    assert_eq!(status, 200);
    let verified = h.event("notify_third_fastverifybetaapp").await;
    let ComponentEvent::FastVerifyBeta(result) = verified.event else {
        panic!()
    };
    assert_eq!(result.status, 0);
    assert_eq!(result.appid.as_deref(), Some(appid.as_str()));
    let info = h
        .client
        .authorizer_info(&cat, &c.appid, &appid)
        .await
        .unwrap()
        .authorizer_info;
    assert_eq!(info.verify_type_info.unwrap().id, 0);
    assert_eq!(
        info.principal_name.as_deref(),
        Some("深圳市小鹅科技有限公司")
    );
    // Only beta apps can be renamed this way.
    let oa = h.account(json!({})).await;
    let (oa_token, _) = h.authorize(&c, &cat, &oa, None).await;
    assert_eq!(
        errcode(h.client.set_beta_nickname(&oa_token, "改名").await),
        48001
    );
}

#[tokio::test]
async fn reuse_official_account_qualification() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let cat = h.cat(&c).await;
    let oa = h
        .account(json!({"nickname": "城南书房", "principal_name": "城南文化", "verify_type": 0}))
        .await;
    let other = h.account(json!({})).await;
    let (oa_token, _) = h.authorize(&c, &cat, &oa, Some(vec![1, 27])).await;
    h.authorize(&c, &cat, &other, Some(vec![1])).await;

    let refused = fast_register_auth_link(
        &h.endpoints(),
        &other,
        &c.appid,
        true,
        "https://console.example.com/reuse",
    );
    assert!(h.page(&refused).await.contains("（27）"));
    let link = fast_register_auth_link(
        &h.endpoints(),
        &oa,
        &c.appid,
        true,
        "https://console.example.com/reuse?step=2",
    );
    let html = h.page(&link).await;
    assert!(
        html.contains("城南书房") && html.contains("id=\"confirm\""),
        "{html}"
    );
    let r = h.submit(&link, "action=confirm").await;
    assert_eq!(r.status().as_u16(), 302);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    let q = query(&location);
    assert_eq!(q["step"], "2");
    let ticket = Secret::new(q["ticket"].clone());
    let created = h
        .client
        .fast_register_reuse_oa(&oa_token, &ticket)
        .await
        .unwrap();
    assert!(created.is_wx_verify_succ && created.is_link_succ);
    let info = h
        .client
        .query_auth(&cat, &c.appid, &created.authorization_code)
        .await
        .unwrap()
        .authorization_info;
    assert_eq!(info.authorizer_appid, created.appid);
    let details = h
        .client
        .authorizer_info(&cat, &c.appid, &created.appid)
        .await
        .unwrap()
        .authorizer_info;
    assert_eq!(details.principal_name.as_deref(), Some("城南文化"));
    assert_eq!(
        errcode(h.client.fast_register_reuse_oa(&oa_token, &ticket).await),
        61058
    );
}

#[tokio::test]
async fn the_old_fastregisterweapp_is_offline() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let cat = h.cat(&c).await;
    let r: serde_json::Value = h
        .http
        .post(h.url(&format!(
            "/cgi-bin/component/fastregisterweapp?action=create&component_access_token={}",
            cat.expose()
        )))
        .json(&json!({"name": "x"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["errcode"], -1);
    assert!(
        r["errmsg"]
            .as_str()
            .unwrap()
            .starts_with("system error rid: ")
    );
}

#[tokio::test]
async fn registration_pushes_authorized_first_and_grants_the_documented_sets() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let cat = h.cat(&c).await;
    let task = h
        .client
        .fast_register_enterprise(&cat, &enterprise("91440300708461136T"))
        .await
        .unwrap();
    let (status, decided) = h
        .post(
            &format!("/_sandbox/registrations/{}/confirm", task.taskid.unwrap()),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{decided}");
    let kinds: Vec<&str> = decided["pushes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["authorized", "notify_third_fasteregister"]);
    let ComponentEvent::Authorized(auth) = h.event("authorized").await.event else {
        panic!()
    };
    let ComponentEvent::FastRegister(result) = h.event("notify_third_fasteregister").await.event
    else {
        panic!()
    };
    assert_eq!(
        result.appid.as_deref(),
        Some(auth.authorizer_appid.as_str())
    );
    let notify_code = result.auth_code.unwrap();
    assert_ne!(
        &notify_code, &auth.authorization_code,
        "each push has its own code"
    );
    for code in [&auth.authorization_code, &notify_code] {
        h.client.query_auth(&cat, &c.appid, code).await.unwrap();
    }

    // A personal mini program gets exactly 17, 18, 25, 30 and 40 (the component offers more).
    let task = h
        .client
        .fast_register_personal(&cat, "wangwu_wx", "13800000002")
        .await
        .unwrap();
    let (_, decided) = h
        .post(
            &format!("/_sandbox/registrations/{}/confirm", task.taskid.unwrap()),
            json!({}),
        )
        .await;
    let appid = decided["registration"]["created_appid"].as_str().unwrap();
    let listed = h.get("/_sandbox/authorizations").await;
    let auth = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["authorizer_appid"] == appid)
        .unwrap();
    assert_eq!(auth["func_ids"], json!([17, 18, 25, 30, 40]));
}

#[tokio::test]
async fn registration_can_fail_bare() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let cat = h.cat(&c).await;
    let task = h
        .client
        .fast_register_personal(&cat, "zhaoliu_wx", "13800000003")
        .await
        .unwrap();
    let taskid = task.taskid.unwrap();
    let (status, failed) = h
        .post(
            &format!("/_sandbox/registrations/{taskid}/fail_bare"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{failed}");
    let plaintext = failed["pushes"][0]["plaintext"].as_str().unwrap();
    assert!(
        plaintext.contains("<status>-1</status>")
            && plaintext.contains("<msg><![CDATA[authorize third party failed]]></msg>"),
        "{plaintext}"
    );
    assert!(!plaintext.contains("<appid>") && !plaintext.contains("<info>"));
    let ComponentEvent::FastRegister(result) = h.event("notify_third_fasteregister").await.event
    else {
        panic!()
    };
    assert_eq!(result.status, -1);
    assert_eq!(result.appid, None);
    assert_eq!(result.info.taskid, None);
    assert_eq!(failed["registration"]["outcome"], "failed");
    assert_eq!(
        h.client
            .fast_register_personal_query(&cat, &taskid)
            .await
            .unwrap()
            .status,
        Some(11)
    );
    let (status, _) = h
        .post(
            &format!("/_sandbox/registrations/{taskid}/fail_bare"),
            json!({}),
        )
        .await;
    assert_eq!(status, 409, "no longer pending");
    let beta = h
        .client
        .fast_register_beta(&cat, "小鹅商城", "oBetaUser")
        .await
        .unwrap();
    let (status, _) = h
        .post(
            &format!("/_sandbox/registrations/{}/fail_bare", beta.unique_id),
            json!({}),
        )
        .await;
    assert_eq!(status, 409, "beta tasks end otherwise");
}

#[tokio::test]
async fn a_subject_waits_24_hours_between_tasks() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let other = h.component(json!({})).await;
    let cat = h.cat(&c).await;
    let other_cat = h.cat(&other).await;
    let task = h
        .client
        .fast_register_personal(&cat, "sunqi_wx", "13800000004")
        .await
        .unwrap();
    h.post(
        &format!("/_sandbox/registrations/{}/reject", task.taskid.unwrap()),
        json!({}),
    )
    .await;
    // Ended, but less than 24 hours after its creation: 89249, from any platform.
    assert_eq!(
        errcode(
            h.client
                .fast_register_personal(&cat, "sunqi_wx", "13800000004")
                .await
        ),
        89249
    );
    assert_eq!(
        errcode(
            h.client
                .fast_register_personal(&other_cat, "sunqi_wx", "13800000004")
                .await
        ),
        89249
    );
    h.client
        .fast_register_beta(&cat, "小鹅商城", "oSame")
        .await
        .unwrap();
    assert_eq!(
        errcode(h.client.fast_register_beta(&cat, "小鹅优选", "oSame").await),
        89249
    );
    h.advance(23 * 3600).await;
    let cat = h.cat(&c).await;
    assert_eq!(
        errcode(
            h.client
                .fast_register_personal(&cat, "sunqi_wx", "13800000004")
                .await
        ),
        89249
    );
    h.advance(3600).await;
    let cat = h.cat(&c).await;
    h.client
        .fast_register_personal(&cat, "sunqi_wx", "13800000004")
        .await
        .unwrap();
}

#[tokio::test]
async fn registration_needs_the_component_sets() {
    let mut h = Harness::start().await;
    // Everything but 40 小程序插件管理.
    let c = h
        .component(json!({"func_ids": [1, 17, 18, 19, 25, 30]}))
        .await;
    let cat = h.cat(&c).await;
    let err = h
        .client
        .fast_register_enterprise(&cat, &enterprise("91440300708461136T"))
        .await
        .unwrap_err();
    let wx = err.wechat().unwrap();
    assert_eq!(wx.errcode, 89254);
    assert!(
        wx.errmsg.starts_with("lack of some component rights"),
        "{wx:?}"
    );
    assert_eq!(
        errcode(
            h.client
                .fast_register_personal(&cat, "qianba_wx", "13800000005")
                .await
        ),
        89254
    );
    h.client
        .fast_register_beta(&cat, "小鹅商城", "oBeta")
        .await
        .expect("beta registration needs no such set");
}

/// The fastregisterauth form, submitted: the redirect's `ticket`.
#[allow(clippy::unwrap_used)]
async fn reuse_ticket(h: &Harness, oa: &AppId, c: &AppId, redirect: &str) -> Secret {
    let link = fast_register_auth_link(&h.endpoints(), oa, c, true, redirect);
    let r = h.submit(&link, "action=confirm").await;
    assert_eq!(r.status().as_u16(), 302);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    Secret::new(query(&location)["ticket"].clone())
}

#[tokio::test]
async fn reusing_a_qualification_is_checked_and_limited_to_five_a_month() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let cat = h.cat(&c).await;
    let oa = h.account(json!({"verify_type": 0})).await;
    let (oa_token, _) = h.authorize(&c, &cat, &oa, Some(vec![1, 27])).await;
    let redirect = "https://console.example.com/reuse";

    // The page is opened from the platform's domain, like the authorization page.
    let link = fast_register_auth_link(&h.endpoints(), &oa, &c.appid, true, redirect);
    assert!(
        h.page_as(&link, None, None)
            .await
            .contains("授权入口页所在域名：空")
    );
    assert!(h.page(&link).await.contains("id=\"confirm\""));

    // A redirect_uri off the domain: the page redirects, the API answers 61060.
    let ticket = reuse_ticket(&h, &oa, &c.appid, "https://elsewhere.example.com/r").await;
    assert_eq!(
        errcode(h.client.fast_register_reuse_oa(&oa_token, &ticket).await),
        61060
    );

    // Unpublished: 61028; a missing set of the component: 61029.
    let ticket = reuse_ticket(&h, &oa, &c.appid, redirect).await;
    let path = format!("/_sandbox/components/{}", c.appid);
    h.patch(&path, json!({"published": false})).await;
    assert_eq!(
        errcode(h.client.fast_register_reuse_oa(&oa_token, &ticket).await),
        61028
    );
    h.patch(
        &path,
        json!({"published": true, "func_ids": [1, 3, 17, 18, 27, 30]}),
    )
    .await;
    assert_eq!(
        errcode(h.client.fast_register_reuse_oa(&oa_token, &ticket).await),
        61029,
        "31 小程序认证 is missing"
    );
    let all: Vec<u32> = h.get(&path).await["func_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap() as u32)
        .chain([31])
        .collect();
    h.patch(&path, json!({"func_ids": all})).await;
    // The ticket survived the refusals; it works once.
    h.client
        .fast_register_reuse_oa(&oa_token, &ticket)
        .await
        .unwrap();
    assert_eq!(
        errcode(h.client.fast_register_reuse_oa(&oa_token, &ticket).await),
        61058
    );
    // Four more this month, then 61055.
    for _ in 0..4 {
        let ticket = reuse_ticket(&h, &oa, &c.appid, redirect).await;
        h.client
            .fast_register_reuse_oa(&oa_token, &ticket)
            .await
            .unwrap();
    }
    let account = h.get(&format!("/_sandbox/accounts/{oa}")).await;
    assert_eq!(account["fastregister_this_month"], 5);
    let ticket = reuse_ticket(&h, &oa, &c.appid, redirect).await;
    assert_eq!(
        errcode(h.client.fast_register_reuse_oa(&oa_token, &ticket).await),
        61055
    );
    h.advance(32 * 86_400).await;
    let cat = h.cat(&c).await;
    let (oa_token, _) = h.authorize(&c, &cat, &oa, Some(vec![1, 27])).await;
    assert_eq!(
        h.get(&format!("/_sandbox/accounts/{oa}")).await["fastregister_this_month"],
        0
    );
    let ticket = reuse_ticket(&h, &oa, &c.appid, redirect).await;
    h.client
        .fast_register_reuse_oa(&oa_token, &ticket)
        .await
        .unwrap();

    // The official account must have granted 27 (61029) and be verified (61052).
    h.authorize(&c, &cat, &oa, Some(vec![1])).await;
    let (oa_token, _) = h.authorize(&c, &cat, &oa, Some(vec![1, 27])).await;
    let ticket = reuse_ticket(&h, &oa, &c.appid, redirect).await;
    let (without_27, _) = h.authorize(&c, &cat, &oa, Some(vec![1])).await;
    assert_eq!(
        errcode(h.client.fast_register_reuse_oa(&without_27, &ticket).await),
        61029
    );
    drop(oa_token);
    let unverified = h.account(json!({"verify_type": -1})).await;
    let (token, _) = h.authorize(&c, &cat, &unverified, Some(vec![27])).await;
    let ticket = reuse_ticket(&h, &unverified, &c.appid, redirect).await;
    assert_eq!(
        errcode(h.client.fast_register_reuse_oa(&token, &ticket).await),
        61052
    );
}

#[tokio::test]
async fn a_dropped_notification_never_reaches_the_console_but_the_task_can_be_queried() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let cat = h.cat(&c).await;
    let task = h
        .client
        .fast_register_personal(&cat, "dropped_user_1", "13800000000")
        .await
        .unwrap();
    let taskid = task.taskid.unwrap();
    let (status, _) = h
        .post(
            "/_sandbox/pushes/drop",
            json!({"info_type": "notify_third_fasteregister"}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = h
        .post(
            &format!("/_sandbox/registrations/{taskid}/confirm"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200);
    h.event("authorized").await;
    let pushes = h.get("/_sandbox/pushes").await;
    let notify: Vec<&serde_json::Value> = pushes
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["kind"] == "notify_third_fasteregister")
        .collect();
    assert_eq!(notify.len(), 1, "{pushes:#}");
    assert_eq!(notify[0]["outcome"], "dropped");
    assert!(h.event_now("notify_third_fasteregister").is_none());
    let queried = h
        .client
        .fast_register_personal_query(&cat, &taskid)
        .await
        .unwrap();
    assert_eq!(queried.status, Some(12), "the query still tells the result");
}
