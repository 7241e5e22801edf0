//! Security headers on every response, and a Content-Security-Policy the server-rendered pages
//! satisfy: every inline script Leptos writes carries the response's nonce, no page needs an
//! inline style attribute, and the merchant pages' inline stylesheet matches its hash.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a failure is the test failing

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use console_core::authorization::LinkTarget;
use console_core::authorizers;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use sha2::{Digest, Sha256};

use crate::helpers::{TestApp, client};

/// The headers every response carries; returns the CSP.
fn assert_common(headers: &HeaderMap, what: &str) -> String {
    let get = |name: &str| {
        headers
            .get(name)
            .unwrap_or_else(|| panic!("{what}: no {name}"))
            .to_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(get("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(get("x-frame-options"), "DENY", "{what}");
    assert_eq!(
        get("referrer-policy"),
        "strict-origin-when-cross-origin",
        "{what}"
    );
    let csp = get("content-security-policy");
    for directive in [
        "default-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'none'",
        "connect-src 'self'",
    ] {
        assert!(csp.contains(directive), "{what}: {directive} in {csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
    assert!(!csp.contains("'unsafe-eval'"), "{what}: {csp}");
    csp
}

/// The nonce a CSP allows scripts with.
fn nonce_of(csp: &str) -> String {
    let script_src = csp
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src "))
        .unwrap_or_else(|| panic!("no script-src in {csp}"));
    assert!(script_src.contains("'wasm-unsafe-eval'"), "{script_src}");
    script_src
        .split_whitespace()
        .find_map(|s| s.strip_prefix("'nonce-")?.strip_suffix('\''))
        .unwrap_or_else(|| panic!("no nonce in {script_src}"))
        .to_string()
}

/// A console page the browser would run: every `<script` carries the header's nonce, there is
/// at least the hydration script, and no element has an inline style.
async fn assert_page_runs(res: reqwest::Response, what: &str) -> String {
    let csp = assert_common(res.headers(), what);
    let nonce = nonce_of(&csp);
    let html = res.text().await.unwrap();
    let scripts: Vec<&str> = html.split("<script").skip(1).collect();
    assert!(
        scripts.iter().any(|s| s.contains("type=\"module\"")),
        "{what}: the hydration script"
    );
    assert!(
        scripts.iter().any(|s| s.contains("__RESOLVED_RESOURCES")),
        "{what}: the serialized resources"
    );
    for s in &scripts {
        let tag = &s[..s.find('>').unwrap()];
        assert!(
            tag.contains(&format!("nonce=\"{nonce}\"")),
            "{what}: a script without this response's nonce: <script{tag}>"
        );
    }
    assert!(
        !html.contains(" style=\""),
        "{what}: an inline style attribute"
    );
    assert!(!html.contains("<style"), "{what}: an inline stylesheet");
    nonce
}

#[tokio::test]
async fn console_pages_carry_a_csp_their_scripts_satisfy() {
    let app = TestApp::builder().sandbox().platform().build().await;
    let login = assert_page_runs(app.get("/login").await, "/login").await;
    let again = assert_page_runs(app.get("/login").await, "/login again").await;
    assert_ne!(login, again, "a fresh nonce per response");

    // Signed in: pages whose resources Leptos serializes into inline scripts, one of them with
    // the sync progress bar.
    authorizers::start_sync_all(&app.svc, app.tenant_id(), app.component().id, None)
        .await
        .unwrap();
    app.login("alice", "alice-password").await.unwrap();
    let platform = format!("/platforms/{}", app.component().id);
    for path in ["/", platform.as_str(), "/authorizers", "/settings"] {
        let res = app.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_page_runs(res, path).await;
    }
    let res = app.get(&platform).await;
    assert!(res.text().await.unwrap().contains("<progress"));
    let res = app.get("/no/such/page").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_page_runs(res, "404").await;
}

#[tokio::test]
async fn every_other_response_carries_the_headers_too() {
    let app = TestApp::builder().sandbox().platform().build().await;
    let res = app.get("/healthz").await;
    assert_common(res.headers(), "/healthz");
    let res = app.get("/").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_common(res.headers(), "the login redirect");
    let res = app
        .client
        .post(format!("{}/api/auth/session", app.base_url))
        .send()
        .await
        .unwrap();
    assert_common(res.headers(), "a server function");
    let res = app
        .get(&format!("/wechat/{}/events", app.component().appid))
        .await;
    assert_common(res.headers(), "the event URL");
}

#[tokio::test]
async fn merchant_pages_keep_sending_the_origin_to_wechat_and_their_style_is_allowed() {
    let app = TestApp::builder().sandbox().platform().build().await;
    let link = app.link_on(app.platform(), LinkTarget::Any, false).await;

    let res = client().get(&link.url).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let csp = assert_common(res.headers(), "the link page");
    assert_eq!(res.headers()["cache-control"], "no-store");
    let html = res.text().await.unwrap();
    let style = html
        .split("<style>")
        .nth(1)
        .and_then(|s| s.split("</style>").next())
        .unwrap();
    let hash = format!("'sha256-{}'", STANDARD.encode(Sha256::digest(style)));
    assert!(csp.contains(&hash), "the stylesheet's hash {hash} in {csp}");

    // Its button: a redirect to WeChat whose Referer keeps the console's origin.
    let res = client().post(&link.url).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_common(res.headers(), "the redirect to WeChat");
    assert_eq!(res.headers()["cache-control"], "no-store");
}
