//! Server-rendered pages: the login redirect, the language cookie, 404.

use console_core::accounts::Role;
use reqwest::StatusCode;

use crate::helpers::TestApp;

#[tokio::test]
async fn anonymous_visitors_are_sent_to_login_and_back() {
    let app = TestApp::builder().build().await;
    for (path, next) in [
        ("/", "/"),
        ("/settings", "/settings"),
        ("/events?type=x", "/events%3Ftype%3Dx"),
    ] {
        let res = app.get(path).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(
            res.headers()["location"],
            format!("/login?next={next}").as_str(),
            "{path}"
        );
    }
    let res = app.get("/login").await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("name=\"password\""));
}

#[tokio::test]
async fn signed_in_pages_render_on_the_server_in_the_chosen_language() {
    let app = TestApp::builder().build().await;
    app.seed_member("Acme", "alice", "alice-password", Role::Admin)
        .await;
    app.login("alice", "alice-password").await.unwrap();

    let res = app.get("/").await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("<html lang=\"zh-CN\""), "default Chinese");
    assert!(html.contains("概览"));
    assert!(html.contains("data-testid=\"stat-members\""));

    app.set_cookie("wxopen_lang=en; Path=/");
    let res = app.get("/settings").await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Tenant members"),
        "English when the cookie says so"
    );
    assert!(html.contains("alice"));

    // Signed in, the login page sends you to the console.
    let res = app.get("/login").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/");
}

#[tokio::test]
async fn unknown_pages_are_404() {
    let app = TestApp::builder().build().await;
    app.seed_member("Acme", "alice", "alice-password", Role::Admin)
        .await;
    app.login("alice", "alice-password").await.unwrap();
    let res = app.get("/no/such/page").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(res.text().await.unwrap().contains("页面不存在"));
}

/// An account that granted many permission sets keeps its row short: the first three, then
/// "N more" folding the rest (all of them on the authorizer's own page).
#[tokio::test]
async fn the_authorizer_list_folds_long_permission_lists() {
    let app = TestApp::builder().sandbox().platform().build().await;
    let redirect = app.authorize("权限很多的服务号").await;
    assert!(reqwest::get(&redirect).await.unwrap().status().is_success());
    app.login("alice", "alice-password").await.unwrap();
    let html = app.get("/authorizers").await.text().await.unwrap();
    let row = &html[html.find("权限很多的服务号").unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    let granted = row.matches("data-testid=\"func-name\"").count();
    assert!(
        granted > 3,
        "the sandbox grants every offered set: {granted}"
    );
    assert!(row.contains("data-testid=\"funcs-more\""), "{row}");
    assert!(
        row.contains(&format!("另有 {} 项权限集", granted - 3)),
        "{row}"
    );
}
