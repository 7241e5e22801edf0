//! The charts' hourly counters (issue 14): a push stored or refused, an authorization, a
//! revocation and a token refresh that succeeded or failed each move exactly one count of the
//! right hour; days are China days.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use console_core::ManualClock;
use console_core::activity::{self, Chart, HOUR_MS, Span, entity as counter};
use console_core::authorizers::store::{self, Revocation};
use console_core::events::{self, PushQuery};
use console_core::testing::{TestWorld, on_each_backend};
use console_core::tokens::{self, TokenKey};
use reqwest::Method;
use sea_orm::EntityTrait;
use serde_json::json;

/// 2026-11-30 00:00 China Standard Time (2026-11-29 16:00 UTC).
const MIDNIGHT_CST: i64 = 1_795_968_000_000;

/// Every counter: (platform, hour, metric) -> count.
async fn counters(w: &TestWorld) -> BTreeMap<(i64, i64, String), i64> {
    counter::Entity::find()
        .all(w.svc.db.conn())
        .await
        .unwrap()
        .into_iter()
        .map(|r| ((r.component_id.get(), r.hour_ms, r.metric), r.count))
        .collect()
}

/// What moved between two snapshots.
fn moved(
    before: &BTreeMap<(i64, i64, String), i64>,
    after: &BTreeMap<(i64, i64, String), i64>,
) -> Vec<((i64, i64, String), i64)> {
    after
        .iter()
        .filter_map(|(k, n)| {
            let d = n - before.get(k).copied().unwrap_or(0);
            (d != 0).then(|| (k.clone(), d))
        })
        .collect()
}

/// The one change expected: `metric` of the world's platform, this hour, by one.
fn one(w: &TestWorld, metric: &str) -> Vec<((i64, i64, String), i64)> {
    vec![(
        (
            w.component().id.get(),
            activity::hour_of(w.svc.now()),
            metric.to_string(),
        ),
        1,
    )]
}

fn ticket_xml(appid: &str, create_time_s: i64, ticket: &str) -> String {
    format!(
        "<xml><AppId><![CDATA[{appid}]]></AppId><CreateTime>{create_time_s}</CreateTime>\
         <InfoType><![CDATA[component_verify_ticket]]></InfoType>\
         <ComponentVerifyTicket><![CDATA[{ticket}]]></ComponentVerifyTicket></xml>"
    )
}

async fn this_hour(w: &TestWorld, chart: Chart) -> [i64; 2] {
    let buckets = activity::chart(
        &w.svc,
        w.tenant_id(),
        None,
        chart,
        Span::Hours24,
        w.svc.now(),
    )
    .await
    .unwrap();
    buckets.last().unwrap().counts
}

async fn each_event_moves_one_counter_in(w: TestWorld) {
    let appid = w.component().appid.clone();
    // The component token first, so that the authorization below refreshes nothing.
    tokens::component_token(&w.svc, w.component().id)
        .await
        .unwrap();

    // A push stored: counted from the events table, no counter row.
    let before = counters(&w).await;
    let pushes = this_hour(&w, Chart::Pushes).await;
    let now_s = w.svc.now() / 1000;
    w.receive_push(&ticket_xml(&appid, now_s, "ticket@@@charted"))
        .await;
    assert_eq!(moved(&before, &counters(&w).await), vec![]);
    assert_eq!(
        this_hour(&w, Chart::Pushes).await,
        [pushes[0] + 1, pushes[1]]
    );

    // A push refused for the platform: one refusal; for an unknown appid: nothing.
    let before = counters(&w).await;
    events::receive(&w.svc, &appid, &PushQuery::default(), b"<xml/>")
        .await
        .unwrap_err();
    assert_eq!(moved(&before, &counters(&w).await), one(&w, "push_refused"));
    assert_eq!(
        this_hour(&w, Chart::Pushes).await,
        [pushes[0] + 1, pushes[1] + 1]
    );
    let before = counters(&w).await;
    events::receive(&w.svc, "wxunknown0000001", &PushQuery::default(), b"<xml/>")
        .await
        .unwrap_err();
    assert_eq!(moved(&before, &counters(&w).await), vec![]);

    // An authorization.
    let account = w.account("图表公众号");
    let before = counters(&w).await;
    w.authorize(&account, &[1]).await;
    assert_eq!(moved(&before, &counters(&w).await), one(&w, "authorized"));
    assert_eq!(this_hour(&w, Chart::Authorizations).await, [1, 0]);

    // A refresh that succeeded, and one that failed.
    let key = TokenKey::authorizer(w.component().id, account.clone());
    let before = counters(&w).await;
    tokens::refresh_now(&w.svc, &key).await.unwrap();
    assert_eq!(moved(&before, &counters(&w).await), one(&w, "refresh_ok"));
    w.control(
        Method::POST,
        "faults",
        json!({"endpoint": "api_authorizer_token", "kind": "errcode", "value": -1, "count": 1}),
    )
    .await;
    let before = counters(&w).await;
    tokens::refresh_now(&w.svc, &key).await.unwrap_err();
    assert_eq!(
        moved(&before, &counters(&w).await),
        one(&w, "refresh_failed")
    );

    // A revocation, once: the same revocation again changes nothing.
    let before = counters(&w).await;
    store::revoke(&w.svc, w.component().id, &account, Revocation::Now)
        .await
        .unwrap();
    assert_eq!(moved(&before, &counters(&w).await), one(&w, "revoked"));
    let before = counters(&w).await;
    store::revoke(&w.svc, w.component().id, &account, Revocation::Now)
        .await
        .unwrap();
    assert_eq!(moved(&before, &counters(&w).await), vec![]);
    assert_eq!(this_hour(&w, Chart::Authorizations).await, [1, 1]);

    // The same again for the platform alone; another tenant's platform sees nothing of it.
    let own = activity::chart(
        &w.svc,
        w.tenant_id(),
        Some(w.component().id),
        Chart::Refreshes,
        Span::Hours24,
        w.svc.now(),
    )
    .await
    .unwrap();
    assert!(own.last().unwrap().counts[0] >= 1);
    assert_eq!(own.last().unwrap().counts[1], 1);
    let other = activity::chart(
        &w.svc,
        console_core::TenantId(w.tenant_id().get() + 1_000),
        None,
        Chart::Refreshes,
        Span::Hours24,
        w.svc.now(),
    )
    .await
    .unwrap();
    assert!(other.iter().all(|b| b.counts == [0, 0]));
}

#[tokio::test]
async fn each_event_moves_one_counter() {
    on_each_backend(|b| b.sandbox().platform(), each_event_moves_one_counter_in).await;
}

async fn days_are_china_days_in(w: TestWorld) {
    let appid = w.component().appid.clone();
    let refuse = || async {
        events::receive(&w.svc, &appid, &PushQuery::default(), b"<xml/>")
            .await
            .unwrap_err();
    };
    // 23:30 and 23:59:59.999 on 29 November, China time: that day, one hour.
    refuse().await;
    w.clock.advance_ms(30 * 60_000 - 1);
    refuse().await;
    // 00:00 on 30 November, China time (still 29 November in UTC): the next day.
    w.clock.advance_ms(1);
    refuse().await;

    let days = activity::chart(
        &w.svc,
        w.tenant_id(),
        None,
        Chart::Pushes,
        Span::Days30,
        w.svc.now(),
    )
    .await
    .unwrap();
    let n = days.len();
    assert_eq!(days[n - 1].start_ms, MIDNIGHT_CST);
    assert_eq!(days[n - 1].counts, [0, 1]);
    assert_eq!(days[n - 2].start_ms, MIDNIGHT_CST - 86_400_000);
    assert_eq!(days[n - 2].counts, [0, 2]);
    let hours = activity::chart(
        &w.svc,
        w.tenant_id(),
        None,
        Chart::Pushes,
        Span::Hours24,
        w.svc.now(),
    )
    .await
    .unwrap();
    let n = hours.len();
    assert_eq!(hours[n - 1].start_ms, MIDNIGHT_CST);
    assert_eq!(hours[n - 1].counts, [0, 1]);
    assert_eq!(hours[n - 2].start_ms, MIDNIGHT_CST - HOUR_MS);
    assert_eq!(hours[n - 2].counts, [0, 2]);
}

#[tokio::test]
async fn days_are_china_days() {
    on_each_backend(
        |b| {
            b.platform()
                .clock(ManualClock::at(MIDNIGHT_CST - 30 * 60_000))
        },
        days_are_china_days_in,
    )
    .await;
}

async fn old_counters_go_with_the_retention_job_in(w: TestWorld) {
    let appid = w.component().appid.clone();
    events::receive(&w.svc, &appid, &PushQuery::default(), b"<xml/>")
        .await
        .unwrap_err();
    w.clock.advance_ms(34 * 86_400_000);
    events::receive(&w.svc, &appid, &PushQuery::default(), b"<xml/>")
        .await
        .unwrap_err();
    w.clock.advance_ms(2 * 86_400_000);
    let removed = console_core::retention::purge(&w.svc, Default::default())
        .await
        .unwrap();
    assert_eq!(removed.activity, 1);
    assert_eq!(counters(&w).await.len(), 1);
}

#[tokio::test]
async fn old_counters_go_with_the_retention_job() {
    on_each_backend(
        |b| b.platform().clock(ManualClock::at(MIDNIGHT_CST)),
        old_counters_go_with_the_retention_job_in,
    )
    .await;
}

async fn token_health_counts_each_token_once_in(w: TestWorld) {
    use console_core::AuthorizerStatus;
    use console_core::authorizers::entity::authorizer;
    use sea_orm::{ColumnTrait, QueryFilter, sea_query::Expr};

    let health = |w: &TestWorld| {
        let (svc, tenant, now) = (w.svc.clone(), w.tenant_id(), w.svc.now());
        async move {
            activity::token_health(&svc, tenant, None, now)
                .await
                .unwrap()
        }
    };
    tokens::component_token(&w.svc, w.component().id)
        .await
        .unwrap();
    let a = w.account("健康公众号甲");
    let b = w.account("健康公众号乙");
    w.authorize(&a, &[1]).await;
    w.authorize(&b, &[1]).await;
    let h = health(&w).await;
    assert_eq!(
        (h.fresh, h.expiring, h.expired, h.failing, h.needs_reauth),
        (3, 0, 0, 0, 0)
    );

    // One account must authorize again: its token no longer counts, the account does.
    authorizer::Entity::update_many()
        .col_expr(
            authorizer::Column::Status,
            Expr::value(AuthorizerStatus::NeedsReauth.as_str()),
        )
        .filter(authorizer::Column::Appid.eq(b.clone()))
        .exec(w.svc.db.conn())
        .await
        .unwrap();
    let h = health(&w).await;
    assert_eq!((h.fresh, h.needs_reauth), (2, 1));

    // Near their expiry (WeChat's tokens live 2 hours), then past it.
    w.clock.advance_ms(2 * HOUR_MS - 10 * 60_000);
    let h = health(&w).await;
    assert_eq!((h.fresh, h.expiring, h.expired), (0, 2, 0));
    w.clock.advance_ms(20 * 60_000);
    let h = health(&w).await;
    assert_eq!((h.fresh, h.expiring, h.expired), (0, 0, 2));

    // A refresh that fails: that token is failing (and only that).
    w.control(
        Method::POST,
        "faults",
        json!({"endpoint": "api_authorizer_token", "kind": "errcode", "value": -1, "count": 1}),
    )
    .await;
    tokens::refresh_now(&w.svc, &TokenKey::authorizer(w.component().id, a.clone()))
        .await
        .unwrap_err();
    // (The component token it needed was refreshed on the way: fresh again.)
    let h = health(&w).await;
    assert_eq!(
        (h.fresh, h.expired, h.failing, h.needs_reauth),
        (1, 0, 1, 1)
    );

    // Another tenant sees none of it.
    let other = activity::token_health(
        &w.svc,
        console_core::TenantId(w.tenant_id().get() + 1_000),
        None,
        w.svc.now(),
    )
    .await
    .unwrap();
    assert_eq!(other, activity::TokenHealth::default());
}

#[tokio::test]
async fn token_health_counts_each_token_once() {
    on_each_backend(
        |b| b.sandbox().platform(),
        token_health_counts_each_token_once_in,
    )
    .await;
}
