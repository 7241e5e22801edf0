//! Quota tools (issue 12) against the sandbox: a path's quota with the platform's and with an
//! authorizer's token, resets counted against the monthly budget (10), the rid of a failed
//! proxied call diagnosed with every credential masked, and another tenant refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use bytes::Bytes;
use console_core::audit::{self, Actor, Entry};
use console_core::platform_api::{self, ProxyBody, ProxyRequest, WechatPath};
use console_core::quota::{self, QuotaSubject, RESETS_PER_MONTH};
use console_core::testing::{TestWorld, on_each_backend};
use console_core::{AuditAction, AuthorizerId, CoreError, TenantId};
use reqwest::Method;
use serde_json::json;

/// An official account (customer service, user management, media) authorized to the platform,
/// its id and one follower's openid.
async fn account(w: &TestWorld) -> (String, AuthorizerId, String) {
    let appid = w.account("配额测试号");
    w.authorize(&appid, &[1, 2, 11]).await;
    let a = console_core::authorizers::store::find(&w.svc, w.component().id, &appid)
        .await
        .unwrap()
        .unwrap();
    let shown = w
        .control(Method::GET, &format!("accounts/{appid}"), json!({}))
        .await;
    let openid = shown["users"][0]["openid"].as_str().unwrap().to_owned();
    (appid, a.id, openid)
}

async fn send_text(w: &TestWorld, appid: &str, touser: &str) -> serde_json::Value {
    let body = json!({"touser": touser, "msgtype": "text", "text": {"content": "您好"}});
    let answer = platform_api::forward(
        &w.svc,
        w.component(),
        appid,
        ProxyRequest {
            method: Method::POST,
            path: WechatPath::parse("cgi-bin/message/custom/send").unwrap(),
            query: vec![],
            content_type: Some("application/json".into()),
            body: ProxyBody::Buffered(Bytes::from(body.to_string())),
        },
    )
    .await
    .unwrap()
    .unwrap();
    let bytes: Vec<Bytes> = futures::StreamExt::collect::<Vec<_>>(answer.body.into_stream())
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    serde_json::from_slice(&bytes.concat()).unwrap()
}

async fn record_reset(w: &TestWorld, target: String) {
    audit::record(
        w.svc.db.conn(),
        w.svc.clock.as_ref(),
        &Actor::default(),
        Entry {
            tenant_id: Some(w.tenant_id()),
            action: AuditAction::QuotaCleared,
            target,
            detail: console_core::Bi::new("清零", "reset"),
        },
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn quota_of_a_path_for_the_platform_and_for_an_authorizer() {
    on_each_backend(
        |b| b.sandbox().platform(),
        |w| async move {
            let platform = QuotaSubject::Platform(w.component().id);
            let q = quota::quota_of(
                &w.svc,
                w.tenant_id(),
                platform,
                "cgi-bin/component/api_component_token",
            )
            .await
            .unwrap();
            assert_eq!(q.cgi_path, "/cgi-bin/component/api_component_token");
            assert!(q.daily_limit > 0 && q.used >= 1, "{q:?}");
            assert_eq!(q.remain, q.daily_limit - q.used);

            let (appid, id, openid) = account(&w).await;
            w.user_writes(&appid, &openid).await;
            send_text(&w, &appid, &openid).await;
            let q = quota::quota_of(
                &w.svc,
                w.tenant_id(),
                QuotaSubject::Authorizer(id),
                "/cgi-bin/message/custom/send",
            )
            .await
            .unwrap();
            assert_eq!(q.used, 1, "the authorizer's own quota: {q:?}");

            assert!(matches!(
                quota::quota_of(&w.svc, w.tenant_id(), platform, "/cgi-bin/../x").await,
                Err(CoreError::Invalid(_))
            ));
            let other = TenantId(w.tenant_id().0 + 1000);
            for subject in [platform, QuotaSubject::Authorizer(id)] {
                assert!(matches!(
                    quota::quota_of(&w.svc, other, subject, "/cgi-bin/user/info").await,
                    Err(CoreError::NotFound(_))
                ));
                assert!(matches!(
                    quota::reset(&w.svc, other, subject).await,
                    Err(CoreError::NotFound(_))
                ));
                assert!(matches!(
                    quota::diagnose(&w.svc, other, subject, "rid: 1-2").await,
                    Err(CoreError::NotFound(_))
                ));
            }
        },
    )
    .await;
}

#[tokio::test]
async fn resets_count_against_ten_a_month() {
    on_each_backend(
        |b| b.sandbox().platform(),
        |w| async move {
            let (_, id, _) = account(&w).await;
            for subject in [
                QuotaSubject::Platform(w.component().id),
                QuotaSubject::Authorizer(id),
            ] {
                let b = quota::reset_budget(&w.svc, w.tenant_id(), subject)
                    .await
                    .unwrap();
                assert_eq!((b.used, b.left), (0, RESETS_PER_MONTH));
                let done = quota::reset(&w.svc, w.tenant_id(), subject).await.unwrap();
                assert_eq!(done.budget.left, RESETS_PER_MONTH - 1);
                record_reset(&w, done.target).await;
                let b = quota::reset_budget(&w.svc, w.tenant_id(), subject)
                    .await
                    .unwrap();
                assert_eq!((b.used, b.left), (1, RESETS_PER_MONTH - 1));
            }
            // The platform's resets are not the authorizer's.
            let platform = QuotaSubject::Platform(w.component().id);
            let target = quota::reset(&w.svc, w.tenant_id(), platform)
                .await
                .unwrap()
                .target;
            for _ in 0..RESETS_PER_MONTH - 1 {
                record_reset(&w, target.clone()).await;
            }
            assert_eq!(
                quota::reset_budget(&w.svc, w.tenant_id(), platform)
                    .await
                    .unwrap()
                    .left,
                0
            );
            let calls = w.calls("clear_quota/v2").await;
            assert!(calls >= 2, "{calls}");
            assert!(matches!(
                quota::reset(&w.svc, w.tenant_id(), platform).await,
                Err(CoreError::Conflict(_))
            ));
            assert_eq!(
                w.calls("clear_quota/v2").await,
                calls,
                "refused without calling WeChat"
            );
            let b = quota::reset_budget(&w.svc, w.tenant_id(), QuotaSubject::Authorizer(id))
                .await
                .unwrap();
            assert_eq!(b.used, 1);
        },
    )
    .await;
}

#[tokio::test]
async fn a_failed_calls_rid_is_diagnosed_with_credentials_masked() {
    on_each_backend(
        |b| b.sandbox().platform(),
        |w| async move {
            let (appid, id, _) = account(&w).await;
            let failed = send_text(&w, &appid, "o-not-a-follower").await;
            assert_eq!(failed["errcode"], 40003);
            let text = format!("发送失败：{}", failed["errmsg"].as_str().unwrap());
            let token = console_core::tokens::authorizer_token(&w.svc, w.component().id, &appid)
                .await
                .unwrap();
            for subject in [
                QuotaSubject::Authorizer(id),
                QuotaSubject::Platform(w.component().id),
            ] {
                let r = quota::diagnose(&w.svc, w.tenant_id(), subject, &text)
                    .await
                    .unwrap();
                assert!(
                    r.request_url.contains("/cgi-bin/message/custom/send"),
                    "{r:?}"
                );
                assert!(r.request_body.contains("o-not-a-follower"));
                assert!(r.response_body.contains("40003"));
                assert!(r.invoke_time > 0);
                let all = format!("{r:?}");
                assert!(
                    !all.contains(token.token.expose()),
                    "the token is masked: {all}"
                );
            }
            assert!(matches!(
                quota::diagnose(
                    &w.svc,
                    w.tenant_id(),
                    QuotaSubject::Authorizer(id),
                    "no id here"
                )
                .await,
                Err(CoreError::Invalid(_))
            ));
            assert!(
                quota::diagnose(
                    &w.svc,
                    w.tenant_id(),
                    QuotaSubject::Authorizer(id),
                    "rid: 0000-0000"
                )
                .await
                .is_err()
            );
            // The call and its failure are counted for the authorizer's page.
            let counts = platform_api::calls_of(&w.svc, w.tenant_id(), id)
                .await
                .unwrap();
            let send = counts
                .iter()
                .find(|c| c.path == "cgi-bin/message/custom/send")
                .unwrap();
            assert_eq!(
                (send.today, send.week_failures, send.last_errcode),
                (1, 1, Some(40003))
            );
        },
    )
    .await;
}
