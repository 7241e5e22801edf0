//! Many instances and a kill -9 (issue 13): three `wxopen-console serve` processes on one
//! PostgreSQL database and one sandbox. Every due token is refreshed exactly once per cycle,
//! pushes spread across the instances are each processed once, and when the instance holding the
//! refresh leases is killed with SIGKILL in the middle of its refreshes (WeChat made slow) and
//! of an event batch, no refresh token is lost (every authorizer refreshes again afterwards), no
//! event is lost or stored twice, and the others take the work over once the leases end.
//!
//! A refresh cycle is started by making every token due (`refresh_due_at` = now) rather than by
//! short token lifetimes: the processes run on the system clock, and a due date set by the test
//! gives each cycle a clear start and an exact expected count.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the test failing

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use console_core::events::entity as event;
use console_core::platforms::entity as component;
use console_core::testing::{PlatformSpec, TestWorld, eventually_within};
use console_core::tokens::entity as access_token;
use console_core::{EventStatus, SystemClock};
use reqwest::{Method, StatusCode};
use sea_orm::sea_query::{Expr, LockType};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect, TransactionTrait};
use serde_json::json;

/// Authorizers whose tokens the instances refresh.
const AUTHORIZERS: usize = 12;
/// Pushes per batch, spread over the instances.
const PUSHES: usize = 30;
/// WeChat's latency while the victim refreshes: long enough to kill it in the middle.
const SLOW_MS: u64 = 4_000;
/// The token lease (`TokenConfig::default`) and the event lease (events worker), plus slack.
const TAKEOVER: Duration = Duration::from_secs(90);

/// The `serve` processes; whatever is left is killed when the test ends, failed or not.
struct Instances(Vec<(Child, String)>);

impl Drop for Instances {
    fn drop(&mut self) {
        for (child, _) in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts one `wxopen-console serve` on the world's database and sandbox.
fn serve(w: &TestWorld, dir: &std::path::Path, n: usize) -> (Child, String) {
    let port = free_port();
    let log = std::fs::File::create(dir.join(format!("instance-{n}.log"))).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_wxopen-console"))
        .arg("serve")
        .env("DATABASE_URL", &w.db_url)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("WXOPEN_MASTER_KEY", w.key.to_base64())
        .env("WXOPEN_WECHAT_BASE_URL", w.sandbox_url())
        .env("WXOPEN_DATA_DIR", dir)
        .env("WXOPEN_COOKIE_SECURE", "false")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap();
    (child, format!("http://127.0.0.1:{port}"))
}

fn now_ms() -> i64 {
    use console_core::Clock as _;
    SystemClock.now_ms()
}

/// The authorizers' token rows.
async fn tokens(w: &TestWorld, appids: &[String]) -> Vec<access_token::Model> {
    access_token::Entity::find()
        .filter(access_token::Column::AuthorizerAppid.is_in(appids.iter().cloned()))
        .all(w.svc.db.conn())
        .await
        .unwrap()
}

/// Makes every authorizer token due now: a refresh cycle starts.
async fn make_due(w: &TestWorld, appids: &[String]) {
    access_token::Entity::update_many()
        .col_expr(access_token::Column::RefreshDueAt, Expr::value(now_ms()))
        .filter(access_token::Column::AuthorizerAppid.is_in(appids.iter().cloned()))
        .exec(w.svc.db.conn())
        .await
        .unwrap();
}

/// Waits until every authorizer token was refreshed (due again only in hours, no lease, no
/// failure).
async fn all_refreshed(w: &TestWorld, appids: &[String], within: Duration) {
    eventually_within("every authorizer token refreshed", within, || async {
        let rows = tokens(w, appids).await;
        let horizon = now_ms() + 3_600_000;
        (rows.len() == appids.len()
            && rows.iter().all(|r| {
                r.refresh_due_at.is_some_and(|d| d > horizon)
                    && r.lease_owner.is_none()
                    && r.failures == 0
            }))
        .then_some(())
    })
    .await;
}

fn ticket_xml(appid: &str, ticket: &str) -> String {
    format!(
        "<xml><AppId><![CDATA[{appid}]]></AppId><CreateTime>{}</CreateTime>\
         <InfoType><![CDATA[component_verify_ticket]]></InfoType>\
         <ComponentVerifyTicket><![CDATA[{ticket}]]></ComponentVerifyTicket></xml>",
        now_ms() / 1000
    )
}

/// Pushes `PUSHES` tickets, each to the next instance that answers (as WeChat retries a push
/// that was not acknowledged); returns the dedupe keys of those acknowledged.
async fn push_batch(w: &TestWorld, urls: &[String], batch: &str) -> Vec<String> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let mut acknowledged = Vec::new();
    for i in 0..PUSHES {
        let xml = ticket_xml(&w.component().appid, &format!("ticket@@@{batch}-{i}"));
        let (q, body) = w.seal_push(&xml);
        for attempt in 0..urls.len() {
            let url = format!(
                "{}/wechat/{}/events?timestamp={}&nonce={}&msg_signature={}&encrypt_type=aes",
                urls[(i + attempt) % urls.len()],
                w.component().appid,
                q.timestamp.clone().unwrap(),
                q.nonce.clone().unwrap(),
                q.msg_signature.clone().unwrap()
            );
            let ok = client
                .post(url)
                .body(body.clone())
                .send()
                .await
                .is_ok_and(|r| r.status() == StatusCode::OK);
            if ok {
                acknowledged.push(dedupe_key(w, &xml));
                break;
            }
        }
    }
    acknowledged
}

/// How the console recognises the same push twice (`events::receive`): the platform and the
/// plaintext.
fn dedupe_key(w: &TestWorld, xml: &str) -> String {
    use sha2::Digest as _;
    let mut h = sha2::Sha256::new();
    h.update(w.component().id.get().to_be_bytes());
    h.update(xml.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Processed: acted on, or recorded with nothing to do (a ticket older than the stored one).
fn finished(e: &event::Model) -> bool {
    matches!(e.status, EventStatus::Done | EventStatus::Ignored)
}

/// Waits until the pushes of `keys` are stored once each and every one is done; says what is
/// left if not. Returns their rows.
async fn all_done(w: &TestWorld, keys: &[String], within: Duration) -> Vec<event::Model> {
    let until = std::time::Instant::now() + within;
    loop {
        let rows = events(w, keys).await;
        if rows.len() == keys.len() && rows.iter().all(finished) {
            return rows;
        }
        if std::time::Instant::now() > until {
            let left: Vec<String> = rows
                .iter()
                .filter(|e| !finished(e))
                .map(|e| {
                    format!(
                        "{:?} {} attempts {} locked by {:?} until {:?}, next {} (now {})",
                        e.status,
                        e.info_type,
                        e.attempts,
                        e.locked_by,
                        e.locked_until,
                        e.next_attempt_at,
                        now_ms()
                    )
                })
                .collect();
            panic!(
                "{} events of {}, not done: {left:#?}",
                rows.len(),
                keys.len()
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The stored events of these pushes.
async fn events(w: &TestWorld, keys: &[String]) -> Vec<event::Model> {
    event::Entity::find()
        .filter(event::Column::DedupeKey.is_in(keys.iter().cloned()))
        .all(w.svc.db.conn())
        .await
        .unwrap()
}

#[tokio::test]
async fn three_instances_share_the_work_and_survive_a_kill_9() {
    let Some(w) = TestWorld::builder()
        .postgres()
        .sandbox()
        .platform_with(PlatformSpec {
            tenant: "Acme".into(),
            ..PlatformSpec::default()
        })
        .try_build()
        .await
    else {
        eprintln!("skipped: PostgreSQL is not configured (TEST_DATABASE_URL)");
        return;
    };
    let mut appids = Vec::new();
    for i in 0..AUTHORIZERS {
        let appid = w.account(&format!("多实例公众号{i}"));
        w.authorize(&appid, &[1, 2]).await;
        appids.push(appid);
    }

    let dir = std::env::temp_dir().join(format!("wxopen-many-{}-{}", std::process::id(), now_ms()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut instances = Instances((0..3).map(|n| serve(&w, &dir, n)).collect());
    let urls: Vec<String> = instances.0.iter().map(|(_, u)| u.clone()).collect();
    let probe = reqwest::Client::new();
    for url in &urls {
        eventually_within("an instance answers", Duration::from_secs(30), || async {
            probe
                .get(format!("{url}/healthz"))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success())
                .then_some(())
        })
        .await;
    }

    // Cycle 1: every due token refreshed exactly once, whichever instance claims it.
    w.control(Method::DELETE, "calls", json!({})).await;
    make_due(&w, &appids).await;
    all_refreshed(&w, &appids, Duration::from_secs(30)).await;
    assert_eq!(w.calls("api_authorizer_token").await, AUTHORIZERS as u64);

    // Pushes spread across the instances: each stored once and processed once.
    let a = push_batch(&w, &urls, "a").await;
    assert_eq!(a.len(), PUSHES);
    let rows = all_done(&w, &a, Duration::from_secs(30)).await;
    assert!(
        rows.iter().all(|e| e.attempts <= 1),
        "an event was processed more than once"
    );

    // Cycle 2: WeChat slow, and the platform's row locked by the test so that processing a
    // ticket waits: the instance holding the refresh leases is killed with SIGKILL in the middle
    // of its refreshes and of an event batch it claimed.
    w.control(Method::DELETE, "calls", json!({})).await;
    w.control(
        Method::POST,
        "faults",
        json!({"endpoint": "api_authorizer_token", "kind": "latency", "value": SLOW_MS,
               "count": AUTHORIZERS}),
    )
    .await;
    let lock = w.svc.db.conn().begin().await.unwrap();
    component::Entity::find_by_id(w.component().id)
        // Not `FOR UPDATE`: that would also block storing pushes (their foreign key takes a
        // key-share lock on the row); `FOR NO KEY UPDATE` blocks only updates of the row.
        .lock(LockType::NoKeyUpdate)
        .one(&lock)
        .await
        .unwrap();
    make_due(&w, &appids).await;
    let victim = eventually_within(
        "an instance leases tokens",
        Duration::from_secs(20),
        || async {
            tokens(&w, &appids)
                .await
                .iter()
                .find_map(|r| r.lease_owner.clone())
        },
    )
    .await;
    let pid = victim.split('-').next().unwrap().to_string();
    let at = instances
        .0
        .iter()
        .position(|(c, _)| c.id().to_string() == pid)
        .expect("the lease owner is one of the instances");
    // The victim receives a batch; its worker, woken by it, claims it and waits on the lock.
    let victim_url = [instances.0[at].1.clone()];
    let mut pushed = push_batch(&w, &victim_url, "b").await;
    assert_eq!(pushed.len(), PUSHES);
    let claimed = eventually_within(
        "the victim claims events",
        Duration::from_secs(20),
        || async {
            let n = events(&w, &pushed)
                .await
                .iter()
                .filter(|e| e.locked_by.as_deref().is_some_and(|o| o.starts_with(&pid)))
                .count();
            (n > 0).then_some(n)
        },
    )
    .await;
    let leased = tokens(&w, &appids)
        .await
        .iter()
        .filter(|r| r.lease_owner.as_deref() == Some(victim.as_str()))
        .count();
    let (mut child, _) = instances.0.remove(at);
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    eprintln!("killed {victim}: {leased} token leases, {claimed} events claimed");
    assert!(leased > 0 && claimed > 0);
    lock.rollback().await.unwrap();
    w.control(Method::DELETE, "faults", json!({})).await;
    // WeChat keeps pushing, now to the instances left.
    let survivors: Vec<String> = instances.0.iter().map(|(_, u)| u.clone()).collect();
    let c = push_batch(&w, &survivors, "c").await;
    assert_eq!(c.len(), PUSHES);
    pushed.extend(c);

    // The others take over once the leases end: every token refreshed, every push processed,
    // none stored twice (one row per push: the dedupe key), none lost.
    all_refreshed(&w, &appids, TAKEOVER).await;
    let rows = all_done(&w, &pushed, TAKEOVER).await;
    // Only the victim's claims were tried twice.
    let twice = rows.iter().filter(|e| e.attempts > 1).count();
    assert!(
        twice <= claimed,
        "{twice} events tried twice, {claimed} claimed by the victim"
    );

    // Cycle 3: no refresh token was lost: every authorizer refreshes again, exactly once.
    w.control(Method::DELETE, "calls", json!({})).await;
    make_due(&w, &appids).await;
    all_refreshed(&w, &appids, Duration::from_secs(30)).await;
    assert_eq!(w.calls("api_authorizer_token").await, AUTHORIZERS as u64);

    // Nobody panicked.
    for n in 0..3 {
        let log = std::fs::read_to_string(dir.join(format!("instance-{n}.log"))).unwrap();
        assert!(!log.contains("panicked"), "instance {n}: {log}");
    }
    drop(instances);
    let _ = std::fs::remove_dir_all(&dir);
}
