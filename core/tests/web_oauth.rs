//! Web OAuth on behalf of an official account (issue 12, seed 000), against the sandbox: the
//! return allow-list, a state that works once and only before it expires, forged states, and a
//! result that only its tenant reads, once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;

use console_core::testing::{TestWorld, on_each_backend};
use console_core::web_oauth::{
    self, CallbackQuery, OAuthRefused, ReturnOrigins, STATE_TTL_MS, StartRequest,
};
use console_core::{CoreError, TenantId};
use url::Url;

const SHOP: &str = "https://shop.example.com";
const WECHAT_UA: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN";

fn query(url: &str) -> HashMap<String, String> {
    Url::parse(url)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect()
}

/// A platform allowing [`SHOP`], and an eligible official account (set 4) authorized to it.
async fn eligible(w: &TestWorld) -> String {
    web_oauth::set_return_origins(
        &w.svc,
        w.tenant_id(),
        w.component().id,
        &ReturnOrigins::parse(SHOP).unwrap(),
    )
    .await
    .unwrap();
    let appid = w.account("网页授权服务号");
    w.authorize(&appid, &[1, 4]).await;
    appid
}

fn start_req(w: &TestWorld, appid: &str, scope: &str) -> StartRequest {
    StartRequest {
        component_appid: w.component().appid.clone(),
        authorizer_appid: appid.into(),
        scope: scope.into(),
        return_to: format!("{SHOP}/back?page=1"),
        state: Some("tenant-state".into()),
    }
}

/// The user in WeChat's browser agrees on WeChat's page; returns WeChat's redirect (to the
/// console's callback) as a query.
async fn user_agrees(wechat_url: &str, decision: Option<&str>) -> HashMap<String, String> {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = http
        .get(wechat_url)
        .header("user-agent", WECHAT_UA)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let openid = page
        .split("name=\"openid\" value=\"")
        .nth(1)
        .unwrap_or_else(|| panic!("WeChat's page: {page}"))
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let mut form = format!("openid={openid}");
    if let Some(d) = decision {
        form.push_str(&format!("&decision={d}"));
    }
    let r = http
        .post(wechat_url.trim_end_matches("#wechat_redirect"))
        .header("user-agent", WECHAT_UA)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 302);
    query(r.headers()["location"].to_str().unwrap())
}

fn callback_of(q: &HashMap<String, String>) -> CallbackQuery {
    CallbackQuery {
        code: q.get("code").cloned(),
        state: q.get("state").cloned(),
        appid: q.get("appid").cloned(),
    }
}

#[tokio::test]
async fn a_state_works_once_and_its_result_is_read_once_by_its_tenant() {
    on_each_backend(
        |b| b.sandbox().platform(),
        |w| async move {
            let appid = eligible(&w).await;
            let wechat = web_oauth::start(&w.svc, &start_req(&w, &appid, "snsapi_userinfo"))
                .await
                .unwrap();
            let q = query(&wechat);
            assert_eq!(q["redirect_uri"], format!("{}/oauth/callback", w.base_url));
            assert_eq!(q["component_appid"], w.component().appid);
            assert!(wechat.ends_with("#wechat_redirect"));
            let back = user_agrees(&wechat, None).await;
            let cb = callback_of(&back);
            let to = web_oauth::callback(&w.svc, &cb).await.unwrap();
            assert!(to.starts_with(&format!("{SHOP}/back?")), "{to}");
            let tq = query(&to);
            assert_eq!(tq["page"], "1");
            assert_eq!(
                tq["state"], "tenant-state",
                "the tenant's own state comes back"
            );
            let ticket = tq["wxopen_result"].clone();
            assert!(
                !to.contains(&q["state"]),
                "the console's state stays between it and WeChat"
            );

            // Replayed redirect: refused, never a second result.
            assert!(matches!(
                web_oauth::callback(&w.svc, &cb).await,
                Err(OAuthRefused::StateUsed)
            ));

            // Another tenant cannot read it; its own tenant reads it once.
            assert!(matches!(
                web_oauth::oauth_result(&w.svc, TenantId(w.tenant_id().0 + 1000), &ticket).await,
                Err(CoreError::NotFound(_))
            ));
            let r = web_oauth::oauth_result(&w.svc, w.tenant_id(), &ticket)
                .await
                .unwrap();
            assert_eq!(r.authorizer_appid, appid);
            assert_eq!(r.scope, "snsapi_userinfo");
            assert!(r.openid.starts_with('o'), "{r:?}");
            assert!(r.unionid.is_some());
            assert!(!r.user.unwrap().nickname.is_empty());
            assert!(matches!(
                web_oauth::oauth_result(&w.svc, w.tenant_id(), &ticket).await,
                Err(CoreError::NotFound(_))
            ));
        },
    )
    .await;
}

#[tokio::test]
async fn base_scope_gives_the_openid_without_a_profile_and_a_refusal_says_denied() {
    on_each_backend(
        |b| b.sandbox().platform(),
        |w| async move {
            let appid = eligible(&w).await;
            let wechat = web_oauth::start(&w.svc, &start_req(&w, &appid, "snsapi_base"))
                .await
                .unwrap();
            let to = web_oauth::callback(&w.svc, &callback_of(&user_agrees(&wechat, None).await))
                .await
                .unwrap();
            let r = web_oauth::oauth_result(&w.svc, w.tenant_id(), &query(&to)["wxopen_result"])
                .await
                .unwrap();
            assert_eq!((r.scope.as_str(), r.user), ("snsapi_base", None));

            let wechat = web_oauth::start(&w.svc, &start_req(&w, &appid, "snsapi_userinfo"))
                .await
                .unwrap();
            let back = user_agrees(&wechat, Some("deny")).await;
            assert!(!back.contains_key("code"));
            let to = web_oauth::callback(&w.svc, &callback_of(&back))
                .await
                .unwrap();
            let tq = query(&to);
            assert_eq!(tq["wxopen_error"], "denied");
            assert!(!tq.contains_key("wxopen_result"));
        },
    )
    .await;
}

#[tokio::test]
async fn expired_and_forged_states_are_refused() {
    on_each_backend(
        |b| b.sandbox().platform(),
        |w| async move {
            let appid = eligible(&w).await;
            let wechat = web_oauth::start(&w.svc, &start_req(&w, &appid, "snsapi_base"))
                .await
                .unwrap();
            let state = query(&wechat)["state"].clone();
            for forged in [
                None,
                Some("x".to_string()),
                // One character changed.
                Some(format!(
                    "{}{}",
                    &state[..42],
                    if state.ends_with('A') { 'B' } else { 'A' }
                )),
                Some("A".repeat(43)),
            ] {
                let r = web_oauth::callback(
                    &w.svc,
                    &CallbackQuery {
                        code: Some("061code".into()),
                        state: forged.clone(),
                        appid: Some(appid.clone()),
                    },
                )
                .await;
                assert!(matches!(r, Err(OAuthRefused::StateInvalid)), "{forged:?}");
            }
            // The right state for another account's redirect is refused too.
            let other = CallbackQuery {
                code: Some("061code".into()),
                state: Some(state.clone()),
                appid: Some("wx0000000000000000".into()),
            };
            assert!(matches!(
                web_oauth::callback(&w.svc, &other).await,
                Err(OAuthRefused::StateInvalid)
            ));

            let wechat = web_oauth::start(&w.svc, &start_req(&w, &appid, "snsapi_base"))
                .await
                .unwrap();
            let back = user_agrees(&wechat, None).await;
            w.clock.advance_ms(STATE_TTL_MS + 1);
            assert!(matches!(
                web_oauth::callback(&w.svc, &callback_of(&back)).await,
                Err(OAuthRefused::StateExpired)
            ));
        },
    )
    .await;
}

#[tokio::test]
async fn start_checks_the_allow_list_the_scope_and_the_account() {
    on_each_backend(
        |b| b.sandbox().platform(),
        |w| async move {
            let appid = eligible(&w).await;
            let refused = |req: StartRequest| {
                let svc = w.svc.clone();
                async move { web_oauth::start(&svc, &req).await.unwrap_err() }
            };
            for return_to in [
                "https://evil.example.com/back",
                "https://shop.example.com.evil.com/",
                "http://shop.example.com/back",
                "/back",
            ] {
                let mut req = start_req(&w, &appid, "snsapi_base");
                req.return_to = return_to.into();
                assert!(
                    matches!(refused(req).await, OAuthRefused::ReturnNotAllowed),
                    "{return_to}"
                );
            }
            let mut req = start_req(&w, &appid, "snsapi_login");
            assert!(matches!(refused(req.clone()).await, OAuthRefused::BadScope));
            req.scope = "snsapi_base".into();
            req.state = Some("s".repeat(129));
            assert!(matches!(refused(req).await, OAuthRefused::BadTenantState));
            let mut req = start_req(&w, &appid, "snsapi_base");
            req.authorizer_appid = "wx0000000000000000".into();
            assert!(matches!(refused(req).await, OAuthRefused::UnknownAccount));

            // Without set 4 the account is not eligible (WeChat would answer 61007 / 10005).
            let narrow = w.account("未授权网页服务");
            w.authorize(&narrow, &[1]).await;
            assert!(matches!(
                refused(start_req(&w, &narrow, "snsapi_base")).await,
                OAuthRefused::NotEligible(_)
            ));

            // An empty allow-list allows nothing.
            web_oauth::set_return_origins(
                &w.svc,
                w.tenant_id(),
                w.component().id,
                &ReturnOrigins::default(),
            )
            .await
            .unwrap();
            assert!(matches!(
                refused(start_req(&w, &appid, "snsapi_base")).await,
                OAuthRefused::ReturnNotAllowed
            ));
        },
    )
    .await;
}

#[tokio::test]
async fn the_nightly_cleanup_removes_states_older_than_a_day() {
    use console_core::retention::{self, OAUTH_STATE_KEEP_MS, Retention};
    use sea_orm::{EntityTrait, PaginatorTrait};
    on_each_backend(
        |b| b.sandbox().platform(),
        |w| async move {
            let appid = eligible(&w).await;
            web_oauth::start(&w.svc, &start_req(&w, &appid, "snsapi_base"))
                .await
                .unwrap();
            w.clock.advance_ms(OAUTH_STATE_KEEP_MS - 60_000);
            web_oauth::start(&w.svc, &start_req(&w, &appid, "snsapi_base"))
                .await
                .unwrap();
            w.clock.advance_ms(120_000);
            let removed = retention::purge(&w.svc, Retention::default())
                .await
                .unwrap();
            assert_eq!(removed.oauth_states, 1);
            let left = web_oauth::entity::Entity::find()
                .count(w.svc.db.conn())
                .await
                .unwrap();
            assert_eq!(left, 1, "the recent state stays");
        },
    )
    .await;
}
