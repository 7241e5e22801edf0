//! A bad day at WeChat seen from the pages (issue 13): when WeChat refuses a token refresh, the
//! authorizer's and the platform's pages say so, with WeChat's meaning and what to do, and the
//! notice goes once a refresh succeeds again. (The scheduler's side of a bad day, no token
//! lapsing under 20 % faults, is `core/tests/bad_day.rs`.)

use console_core::authorizers::store;
use console_core::tokens::{self, TokenKey};
use reqwest::Method;
use serde_json::json;

use crate::helpers::{Browser, TestApp};
use crate::messages::authorized_account;

const QUOTA_ZH: &str = "接口调用次数已达每日上限";

#[allow(clippy::unwrap_used)]
async fn html(b: &Browser, app: &TestApp, path: &str) -> String {
    let res = b
        .client
        .get(format!("{}{path}", app.base_url))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{path}: {}", res.status());
    res.text().await.unwrap()
}

#[tokio::test]
async fn refused_refreshes_are_explained_on_the_pages_until_wechat_recovers() {
    let app = TestApp::builder().sandbox().platform().build().await;
    let appid = authorized_account(&app, "坏日子页面").await;
    let a = store::find(&app.svc, app.component().id, &appid)
        .await
        .unwrap()
        .unwrap();
    let alice = Browser::signed_in(&app, "alice", "alice-password").await;
    let authorizer_page = format!("/authorizers/{}", a.id);
    let platform_page = format!("/platforms/{}", app.component().id);

    // WeChat answers every token call with 45009 (daily quota reached).
    for endpoint in ["api_authorizer_token", "api_component_token"] {
        app.control(
            Method::POST,
            "faults",
            json!({"endpoint": endpoint, "kind": "errcode", "value": 45009, "rate": 1.0}),
        )
        .await;
    }
    let authorizer_key = TokenKey::authorizer(app.component().id, appid.clone());
    let component_key = TokenKey::component(app.component().id);
    assert!(
        tokens::refresh_now(&app.svc, &authorizer_key)
            .await
            .is_err()
    );
    assert!(tokens::refresh_now(&app.svc, &component_key).await.is_err());

    let page = html(&alice, &app, &authorizer_page).await;
    assert!(
        page.contains("最近错误"),
        "no error notice on the authorizer page"
    );
    assert!(
        page.contains(QUOTA_ZH),
        "WeChat's meaning missing on the authorizer page"
    );
    let page = html(&alice, &app, &platform_page).await;
    assert!(
        page.contains("token-last-error"),
        "no error notice on the platform page"
    );
    assert!(
        page.contains(QUOTA_ZH),
        "WeChat's meaning missing on the platform page"
    );

    // WeChat recovers: the next refreshes succeed and the notices go.
    app.control(Method::DELETE, "faults", json!({})).await;
    tokens::refresh_now(&app.svc, &component_key).await.unwrap();
    tokens::refresh_now(&app.svc, &authorizer_key)
        .await
        .unwrap();
    let page = html(&alice, &app, &authorizer_page).await;
    assert!(
        !page.contains(QUOTA_ZH),
        "the authorizer page still shows the error"
    );
    let page = html(&alice, &app, &platform_page).await;
    assert!(
        !page.contains(QUOTA_ZH),
        "the platform page still shows the error"
    );
}
