//! `GET /api/v1/oauth/results/{ticket}`: the tenant's server redeems a web OAuth ticket with an
//! API key of scope `oauth`, once; a key without the scope or of another tenant gets nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use console_core::ApiScope;
use console_core::api_keys::{self, Creator, NewApiKey};
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{TestApp, client};
use crate::web_oauth::{account, query, trip};

async fn key(s: &TestApp, tenant: console_core::TenantId, scopes: Vec<ApiScope>) -> String {
    let (_, secret) = api_keys::create(
        &s.svc,
        tenant,
        &Creator {
            user_id: None,
            name: "test".into(),
        },
        &NewApiKey {
            name: "shop".into(),
            scopes,
            platforms: vec![],
        },
    )
    .await
    .unwrap();
    secret.expose().to_string()
}

async fn redeem(s: &TestApp, key: &str, ticket: &str) -> (StatusCode, Value) {
    let r = client()
        .get(format!("{}/api/v1/oauth/results/{ticket}", s.base_url))
        .bearer_auth(key)
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_tenants_server_redeems_the_ticket_once_with_an_oauth_key() {
    let s = TestApp::builder().sandbox().platform().build().await;
    let appid = account(&s, 2).await;
    let (_, back, openid) = trip(&s, &appid, "snsapi_userinfo").await;
    let ticket = query(&back)["wxopen_result"].clone();

    let tokens_only = key(&s, s.tenant_id(), vec![ApiScope::Tokens]).await;
    assert_eq!(
        redeem(&s, &tokens_only, &ticket).await.0,
        StatusCode::FORBIDDEN
    );
    let (other_tenant, _) = s
        .seed_member("Other", "olga", "olga-password", console_core::Role::Owner)
        .await;
    let theirs = key(&s, other_tenant, vec![ApiScope::OAuth]).await;
    assert_eq!(redeem(&s, &theirs, &ticket).await.0, StatusCode::NOT_FOUND);

    let ours = key(&s, s.tenant_id(), vec![ApiScope::OAuth]).await;
    let (status, body) = redeem(&s, &ours, &ticket).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["openid"], openid.as_str());
    assert_eq!(body["authorizer_appid"], appid.as_str());
    assert_eq!(body["scope"], "snsapi_userinfo");
    assert!(
        body["user"]["nickname"]
            .as_str()
            .is_some_and(|n| !n.is_empty())
    );
    assert_eq!(
        redeem(&s, &ours, &ticket).await.0,
        StatusCode::NOT_FOUND,
        "once"
    );
}
