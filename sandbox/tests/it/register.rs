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
    assert_eq!(
        errcode(
            h.client
                .fast_register_enterprise(&cat, &enterprise("123"))
                .await
        ),
        89255
    );

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
    let r = h
        .http
        .post(&link)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("action=confirm")
        .send()
        .await
        .unwrap();
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
