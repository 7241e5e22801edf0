//! The nightly retention cleanup (issue 11, finding 12): finished rows past their age go, recent
//! and unfinished ones stay, and of several instances one runs it each night.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use console_core::authorization::entity::{auth_link, exchange, link_attempt};
use console_core::authorizers::entity::sync_job;
use console_core::retention::{self, Retention};
use console_core::testing::{TestWorld, TestWorldBuilder, on_each_backend};
use console_core::{EventStatus, LinkId, ManualClock, events, messages};
use sea_orm::{ActiveModelTrait, EntityTrait, PaginatorTrait, Set};

const DAY: i64 = 86_400_000;
/// 2026-11-30 12:00 China Standard Time: the nights start at 03:00, so the tests' hours stay in
/// one night whenever they run.
const NOON_CST: i64 = 1_796_011_200_000;

fn at_noon(b: TestWorldBuilder) -> TestWorldBuilder {
    b.platform().clock(ManualClock::at(NOON_CST))
}

async fn event(w: &TestWorld, received_at: i64, status: EventStatus) -> i64 {
    events::entity::ActiveModel {
        tenant_id: Set(w.tenant_id()),
        component_id: Set(w.component().id),
        dedupe_key: Set(format!("{:032x}", rand::random::<u128>())),
        info_type: Set("component_verify_ticket".into()),
        authorizer_appid: Set(None),
        create_time: Set(received_at),
        received_at: Set(received_at),
        payload_enc: Set(String::new()),
        status: Set(status),
        attempts: Set(1),
        next_attempt_at: Set(received_at),
        ..Default::default()
    }
    .insert(w.svc.db.conn())
    .await
    .unwrap()
    .id
    .get()
}

async fn message(w: &TestWorld, received_at: i64, job: &str, status: &str) -> i64 {
    messages::entity::ActiveModel {
        tenant_id: Set(w.tenant_id()),
        component_id: Set(w.component().id),
        authorizer_appid: Set("wx0123456789abcdef".into()),
        dedupe_key: Set(format!("{:032x}", rand::random::<u128>())),
        msg_type: Set("text".into()),
        event: Set(None),
        from_user: Set("openid".into()),
        create_time: Set(received_at),
        received_at: Set(received_at),
        payload_enc: Set(String::new()),
        job: Set(job.into()),
        status: Set(status.into()),
        attempts: Set(0),
        ..Default::default()
    }
    .insert(w.svc.db.conn())
    .await
    .unwrap()
    .id
    .get()
}

async fn link(w: &TestWorld, created_at: i64, expires_at: i64) -> LinkId {
    auth_link::ActiveModel {
        tenant_id: Set(w.tenant_id()),
        component_id: Set(w.component().id),
        category_ids: Set(String::new()),
        url_enc: Set(String::new()),
        created_at: Set(created_at),
        expires_at: Set(expires_at),
        token_hash: Set(Some(format!("{:064x}", rand::random::<u128>()))),
        single_use: Set(true),
        ..Default::default()
    }
    .insert(w.svc.db.conn())
    .await
    .unwrap()
    .id
}

async fn attempt(w: &TestWorld, link_id: LinkId, created_at: i64, status: &str) -> i64 {
    link_attempt::ActiveModel {
        link_id: Set(link_id),
        component_id: Set(w.component().id),
        kind: Set("pc".into()),
        pre_auth_code_hash: Set(format!("{:064x}", rand::random::<u128>())),
        return_hash: Set(None),
        status: Set(status.into()),
        created_at: Set(created_at),
        expires_at: Set(created_at + 600_000),
        ..Default::default()
    }
    .insert(w.svc.db.conn())
    .await
    .unwrap()
    .id
}

async fn claim(w: &TestWorld, claimed_at: i64, status: &str) -> i64 {
    exchange::ActiveModel {
        component_id: Set(w.component().id),
        code_hash: Set(format!("{:064x}", rand::random::<u128>())),
        claimed_by: Set("someone".into()),
        claimed_at: Set(claimed_at),
        status: Set(status.into()),
        ..Default::default()
    }
    .insert(w.svc.db.conn())
    .await
    .unwrap()
    .id
}

async fn sync_run(w: &TestWorld, started_at: i64, status: &str) -> i64 {
    sync_job::ActiveModel {
        tenant_id: Set(w.tenant_id()),
        component_id: Set(w.component().id),
        status: Set(status.into()),
        total: Set(0),
        processed: Set(0),
        created: Set(0),
        updated: Set(0),
        started_at: Set(started_at),
        heartbeat_at: Set(started_at),
        ..Default::default()
    }
    .insert(w.svc.db.conn())
    .await
    .unwrap()
    .id
    .get()
}

/// The ids of `E`'s rows still there.
async fn ids<E>(w: &TestWorld) -> Vec<i64>
where
    E: EntityTrait,
    E::Model: HasId,
{
    let mut v: Vec<i64> = E::find()
        .all(w.svc.db.conn())
        .await
        .unwrap()
        .iter()
        .map(HasId::id)
        .collect();
    v.sort_unstable();
    v
}

trait HasId {
    fn id(&self) -> i64;
}
impl HasId for events::entity::Model {
    fn id(&self) -> i64 {
        self.id.get()
    }
}
impl HasId for messages::entity::Model {
    fn id(&self) -> i64 {
        self.id.get()
    }
}
impl HasId for link_attempt::Model {
    fn id(&self) -> i64 {
        self.id
    }
}
impl HasId for auth_link::Model {
    fn id(&self) -> i64 {
        self.id.get()
    }
}
impl HasId for exchange::Model {
    fn id(&self) -> i64 {
        self.id
    }
}
impl HasId for sync_job::Model {
    fn id(&self) -> i64 {
        self.id.get()
    }
}

fn sorted(mut v: Vec<i64>) -> Vec<i64> {
    v.sort_unstable();
    v
}

async fn old_finished_rows_go_and_the_rest_stays_in(w: TestWorld) {
    let now = w.svc.now();
    let old = now - 91 * DAY;
    let recent = now - 89 * DAY;

    let e_old_done = event(&w, old, EventStatus::Done).await;
    let e_old_failed = event(&w, old, EventStatus::Failed).await;
    let e_old_ignored = event(&w, old, EventStatus::Ignored).await;
    let e_old_pending = event(&w, old, EventStatus::Pending).await;
    let e_old_processing = event(&w, old, EventStatus::Processing).await;
    let e_recent = event(&w, recent, EventStatus::Done).await;

    let m_old_done = message(&w, old, "forward", "done").await;
    let m_old_none = message(&w, old, "none", "none").await;
    let m_old_pending = message(&w, old, "forward", "pending").await;
    let m_recent = message(&w, recent, "forward", "failed").await;

    // A link closed (expired) long ago and its used press: both go.
    let closed = link(&w, old - DAY, old).await;
    let a_closed = attempt(&w, closed, old - DAY, "authorized").await;
    // A link still open (a long lifetime): its old used press keeps a single-use link used up,
    // so it stays; an old press that expired unused goes; a recent press stays.
    let open = link(&w, old - DAY, now + DAY).await;
    let a_open_used = attempt(&w, open, old, "authorized").await;
    let a_open_unused = attempt(&w, open, old, "pending").await;
    let a_open_recent = attempt(&w, open, now - 60_000, "pending").await;
    // A link that expired recently: kept, with its press.
    let lately = link(&w, recent - DAY, recent).await;
    let a_lately = attempt(&w, lately, recent, "authorized").await;

    let c_failed_old = claim(&w, now - 2 * 3_600_000, "failed").await;
    let c_failed_new = claim(&w, now - 5 * 60_000, "failed").await;
    let c_done_old = claim(&w, old, "done").await;
    let c_done_recent = claim(&w, recent, "done").await;
    let c_running_old = claim(&w, old, "running").await;

    let s_old_done = sync_run(&w, old, "done").await;
    let s_old_running = sync_run(&w, old, "running").await;
    let s_recent = sync_run(&w, recent, "failed").await;

    let removed = retention::run_if_due(&w.svc, Retention::default())
        .await
        .unwrap()
        .expect("the first run of the night is this instance's");
    assert_eq!(removed.events, 3);
    assert_eq!(removed.messages, 2);
    assert_eq!(removed.link_attempts, 2);
    assert_eq!(removed.links, 1);
    assert_eq!(removed.claims, 2);
    assert_eq!(removed.sync_jobs, 1);
    let _ = (
        e_old_done,
        e_old_failed,
        e_old_ignored,
        m_old_done,
        m_old_none,
    );
    let _ = (
        a_closed,
        a_open_unused,
        c_failed_old,
        c_done_old,
        s_old_done,
    );

    assert_eq!(
        ids::<events::entity::Entity>(&w).await,
        sorted(vec![e_old_pending, e_old_processing, e_recent])
    );
    assert_eq!(
        ids::<messages::entity::Entity>(&w).await,
        sorted(vec![m_old_pending, m_recent])
    );
    assert_eq!(
        ids::<link_attempt::Entity>(&w).await,
        sorted(vec![a_open_used, a_open_recent, a_lately])
    );
    assert_eq!(
        ids::<auth_link::Entity>(&w).await,
        sorted(vec![open.get(), lately.get()])
    );
    assert_eq!(
        ids::<exchange::Entity>(&w).await,
        sorted(vec![c_failed_new, c_done_recent, c_running_old])
    );
    assert_eq!(
        ids::<sync_job::Entity>(&w).await,
        sorted(vec![s_old_running, s_recent])
    );

    // A shorter setting reaches the rows kept so far.
    w.clock.advance_ms(DAY);
    let removed = retention::run_if_due(&w.svc, Retention { days: 30 })
        .await
        .unwrap()
        .expect("the next night's run");
    assert_eq!(removed.events, 1, "the recent done event");
    assert_eq!(
        events::entity::Entity::find()
            .count(w.svc.db.conn())
            .await
            .unwrap(),
        2,
        "pending and processing events are never deleted"
    );
}

#[tokio::test]
async fn old_finished_rows_go_and_the_rest_stays() {
    on_each_backend(at_noon, |w| async move {
        old_finished_rows_go_and_the_rest_stays_in(w).await
    })
    .await;
}

async fn one_instance_runs_it_each_night_in(w: TestWorld) {
    let b = w.services("b");
    let old = w.svc.now() - 100 * DAY;
    event(&w, old, EventStatus::Done).await;

    // Both instances ask at once: one runs it.
    let (ra, rb) = tokio::join!(
        retention::run_if_due(&w.svc, Retention::default()),
        retention::run_if_due(&b, Retention::default()),
    );
    let runs: Vec<_> = [ra.unwrap(), rb.unwrap()].into_iter().flatten().collect();
    assert_eq!(runs.len(), 1, "exactly one instance ran it: {runs:?}");
    assert_eq!(runs[0].events, 1);
    let row = retention::entity::Entity::find_by_id(retention::JOB.to_string())
        .one(w.svc.db.conn())
        .await
        .unwrap()
        .expect("the job's row");
    assert!(row.finished_at.is_some());

    // Later the same night: nobody runs it again.
    w.clock.advance_ms(3 * 3_600_000);
    assert_eq!(
        retention::run_if_due(&b, Retention::default())
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        retention::run_if_due(&w.svc, Retention::default())
            .await
            .unwrap(),
        None
    );

    // The next night: it runs once more.
    w.clock.advance_ms(DAY);
    let next = retention::run_if_due(&b, Retention::default())
        .await
        .unwrap();
    assert!(next.is_some());
    assert_eq!(
        retention::run_if_due(&w.svc, Retention::default())
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn one_instance_runs_it_each_night() {
    on_each_backend(at_noon, |w| async move {
        one_instance_runs_it_each_night_in(w).await
    })
    .await;
}

async fn deletes_in_batches_in(w: TestWorld) {
    let old = w.svc.now() - 100 * DAY;
    let n = retention::BATCH + 5;
    for _ in 0..n {
        claim(&w, old, "failed").await;
    }
    let removed = retention::purge(&w.svc, Retention::default())
        .await
        .unwrap();
    assert_eq!(removed.claims, n);
    assert_eq!(
        exchange::Entity::find()
            .count(w.svc.db.conn())
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn deletes_more_than_a_batch() {
    on_each_backend(at_noon, |w| async move { deletes_in_batches_in(w).await }).await;
}
