//! Signing in withstands guessing (issue 11, finding 1): failures are throttled per account and
//! per client address with a bilingual "try again in N seconds", and password checks beyond the
//! server's slots are refused at once. And where a sign-in leads (finding 2): only same-site
//! paths, checked after full decoding, never a panic.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a failure is the test failing

use std::time::{Duration, Instant};

use console_app::error::AppError;
use console_core::accounts::Role;
use console_server::access::AccessArgs;
use reqwest::StatusCode;
use reqwest::header::{LOCATION, RETRY_AFTER};

use crate::helpers::{FnResult, TestApp, client};

/// A JSON sign-in from `c`, optionally through a proxy header: the answer and its `Retry-After`.
async fn login_at(
    base_url: &str,
    c: &reqwest::Client,
    user: &str,
    pw: &str,
    xff: Option<&str>,
) -> (FnResult<()>, Option<String>) {
    let mut req = c
        .post(format!("{base_url}/api/auth/login"))
        .form(&[("username", user), ("password", pw)]);
    if let Some(ip) = xff {
        req = req.header("X-Forwarded-For", ip);
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    let retry = res
        .headers()
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body = res.text().await.unwrap();
    if status.is_success() {
        (Ok(()), retry)
    } else {
        let err: AppError = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"));
        (Err((status, err)), retry)
    }
}

async fn login_as(
    app: &TestApp,
    c: &reqwest::Client,
    user: &str,
    pw: &str,
    xff: Option<&str>,
) -> (FnResult<()>, Option<String>) {
    login_at(&app.base_url, c, user, pw, xff).await
}

fn throttled(r: &FnResult<()>) -> bool {
    matches!(
        r,
        Err((StatusCode::TOO_MANY_REQUESTS, AppError::Throttled(_)))
    )
}

#[tokio::test]
async fn failed_sign_ins_are_throttled_per_account_saying_when_to_retry() {
    let app = TestApp::builder().build().await;
    app.seed_member("Acme", "alice", "alice-password", Role::Owner)
        .await;
    app.seed_member("Acme", "bob", "bob-password", Role::Viewer)
        .await;
    let c = client();
    for i in 0..5 {
        let (r, _) = login_as(&app, &c, "alice", "guess", None).await;
        assert_eq!(
            r.unwrap_err(),
            (StatusCode::UNAUTHORIZED, AppError::InvalidCredentials),
            "attempt {i}"
        );
    }
    let (r, retry) = login_as(&app, &c, "ALICE", "guess", None).await;
    let Err((StatusCode::TOO_MANY_REQUESTS, AppError::Throttled(m))) = r else {
        panic!("the sixth failure is throttled: {r:?}");
    };
    assert!(
        m.zh.contains("秒后重试") && m.en.contains("try again in"),
        "{m:?}"
    );
    let secs: u64 = retry.expect("Retry-After").parse().unwrap();
    assert!((50..=60).contains(&secs), "{secs}");
    assert!(m.en.contains(&format!("{secs} seconds")), "{m:?}");

    // Blocked: even the right password is not checked now.
    let (r, _) = login_as(&app, &c, "alice", "alice-password", None).await;
    assert!(throttled(&r), "{r:?}");
    // Another account from the same client is not affected.
    let (r, _) = login_as(&app, &c, "bob", "bob-password", None).await;
    assert!(r.is_ok(), "{r:?}");
}

#[tokio::test]
async fn failed_sign_ins_are_throttled_per_client_address_which_clients_cannot_choose() {
    let app = TestApp::builder().build().await;
    app.seed_member("Acme", "alice", "alice-password", Role::Owner)
        .await;
    let c = client();
    // Twenty failures over twenty names; a forged X-Forwarded-For does not make them twenty
    // clients (no proxy is trusted).
    for i in 0..20 {
        let (r, _) = login_as(
            &app,
            &c,
            &format!("name{i}"),
            "guess",
            Some(&format!("198.51.100.{i}")),
        )
        .await;
        assert_eq!(
            r.unwrap_err().1,
            AppError::InvalidCredentials,
            "attempt {i}"
        );
    }
    let (r, _) = login_as(&app, &c, "name20", "guess", Some("198.51.100.99")).await;
    assert!(throttled(&r), "{r:?}");
    let (r, _) = login_as(&app, &c, "alice", "alice-password", None).await;
    assert!(throttled(&r), "the whole address waits: {r:?}");
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_address_is_the_one_the_proxy_appended() {
    let app = TestApp::builder()
        .access(AccessArgs {
            trusted_proxy_header: Some(http::HeaderName::from_static("x-forwarded-for")),
            ..AccessArgs::default()
        })
        .build()
        .await;
    app.seed_member("Acme", "alice", "alice-password", Role::Owner)
        .await;
    let c = client();
    for i in 0..20 {
        // What the client wrote first does not count; the proxy's last entry does.
        let xff = format!("10.9.9.{i}, 203.0.113.7");
        let (r, _) = login_as(&app, &c, &format!("name{i}"), "guess", Some(&xff)).await;
        assert_eq!(
            r.unwrap_err().1,
            AppError::InvalidCredentials,
            "attempt {i}"
        );
    }
    let (r, _) = login_as(&app, &c, "name20", "guess", Some("203.0.113.7")).await;
    assert!(throttled(&r), "{r:?}");
    // Another client behind the same proxy signs in.
    let (r, _) = login_as(&app, &c, "alice", "alice-password", Some("203.0.113.8")).await;
    assert!(r.is_ok(), "{r:?}");
}

#[tokio::test]
async fn password_checks_beyond_the_servers_slots_are_refused_at_once() {
    let app = TestApp::builder().build().await;
    let started = Instant::now();
    let mut attempts = tokio::task::JoinSet::new();
    for i in 0..40 {
        let base_url = app.base_url.clone();
        attempts.spawn(async move {
            let t = Instant::now();
            let xff = format!("192.0.2.{i}");
            let (r, _) = login_at(
                &base_url,
                &client(),
                &format!("crowd{i}"),
                "guess",
                Some(&xff),
            )
            .await;
            (r, t.elapsed())
        });
    }
    let results = attempts.join_all().await;
    let all_took = started.elapsed();
    let busy: Vec<Duration> = results
        .iter()
        .filter(|(r, _)| {
            matches!(r, Err((StatusCode::TOO_MANY_REQUESTS, AppError::Throttled(m))) if m.en.contains("busy"))
        })
        .map(|(_, t)| *t)
        .collect();
    assert!(
        busy.len() >= 5,
        "with 40 at once, most are refused as busy: {results:?}"
    );
    for (r, _) in &results {
        assert!(
            matches!(
                r,
                Err((StatusCode::UNAUTHORIZED | StatusCode::TOO_MANY_REQUESTS, _))
            ),
            "{r:?}"
        );
    }
    // Refused at once, not after waiting for the others' Argon2 work.
    let slowest_refusal = busy.iter().max().copied().unwrap_or_default();
    assert!(
        slowest_refusal < all_took,
        "{slowest_refusal:?} of {all_took:?}"
    );
}

/// Where a JSON sign-in says to go next (the `Location` of leptos' redirect).
async fn next_after_login(app: &TestApp, next: &str) -> (StatusCode, Option<String>) {
    let res = client()
        .post(format!("{}/api/auth/login", app.base_url))
        .form(&[
            ("username", "alice"),
            ("password", "alice-password"),
            ("next", next),
        ])
        .send()
        .await
        .unwrap();
    let location = res
        .headers()
        .get(LOCATION)
        .map(|v| v.to_str().unwrap().to_string());
    (res.status(), location)
}

#[tokio::test]
async fn only_same_site_paths_are_followed_after_signing_in_and_none_panics() {
    let app = TestApp::builder().build().await;
    app.seed_member("Acme", "alice", "alice-password", Role::Owner)
        .await;
    for evil in [
        "/%09/evil.example",
        "/\t/evil.example",
        "/%2509/evil.example",
        "/%5Cevil.example",
        "//evil.example",
    ] {
        let (status, location) = next_after_login(&app, evil).await;
        assert_eq!(status, StatusCode::OK, "{evil:?}");
        assert_eq!(location.as_deref(), Some("/"), "{evil:?}");
    }
    // A non-ASCII path (a search in Chinese) is kept, percent-encoded: no panic.
    let (status, location) = next_after_login(&app, "/authorizers?q=测试").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        location.as_deref(),
        Some("/authorizers?q=%E6%B5%8B%E8%AF%95")
    );
}
