//! Keeping the database bounded: a nightly cleanup of what has served its purpose (issue 11,
//! finding 12). Pushes, messages, link presses, code claims and sync runs are written by every
//! authorization and every user message, and nothing else ever removes them.
//!
//! What goes, once older than the retention period (`WXOPEN_RETENTION_DAYS`, default
//! [`DEFAULT_RETENTION_DAYS`]), and only when finished:
//! - events (`done`, `failed`, `ignored`; by `received_at`) and messages (no job, or its job
//!   `done` or `failed`; by `received_at`);
//! - link presses (`link_attempts`, by `created_at`) that can no longer change anything: a press
//!   whose pre_auth_code expired unused, or any press of a link that expired or was revoked (a
//!   used press of a link still open keeps a single-use link used up, so it stays);
//! - links (`auth_links`) that expired or were revoked that long ago;
//! - code claims (`auth_code_exchanges`, by `claimed_at`) that succeeded; a **failed** claim
//!   goes after [`FAILED_CLAIM_KEEP_MS`] (an hour: WeChat's code lives 10 minutes, after which
//!   the claim no longer stands between anyone and a retry; it only answers reloads of the
//!   redirect page with the same refusal meanwhile);
//! - sync runs (`sync_jobs`) that finished (`done`, `failed`; by `started_at`);
//! - web OAuth states (`oauth_states`, by `created_at`) after [`OAUTH_STATE_KEEP_MS`] (a day,
//!   whatever the retention period: a state lives 10 minutes and its result 5 more, so older
//!   rows only hold hashes of spent tokens);
//! - the charts' hourly counters (`activity_hourly`, by `hour_ms`) after
//!   [`crate::activity::KEEP_DAYS`] (35 days, whatever the retention period: the charts show 30).
//!
//! Never: anything pending or in progress (an event or message job still to run, a claim being
//! exchanged, a running sync), authorizers, tokens, platforms, registration tasks and their
//! steps, accounts, or the audit log.
//!
//! Once a night (03:00 China Standard Time, or at start when that night's run has not happened),
//! one instance runs it: the `maintenance_runs` row of the job is claimed with a compare-and-set
//! on `started_at`, so of several instances exactly one wins each night. Rows are deleted in
//! batches of [`BATCH`] (`DELETE … WHERE id IN (SELECT id … LIMIT n)`, indexed by the instants of
//! migration 000008), so no statement holds a table for long.

use std::time::Duration;

use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, Set};

use crate::authorization::entity::{auth_link, exchange, link_attempt};
use crate::authorizers::entity::sync_job;
use crate::error::CoreResult;
use crate::services::Services;
use crate::{EventStatus, events, messages};

/// How long finished rows are kept unless configured.
pub const DEFAULT_RETENTION_DAYS: u32 = 90;
/// A failed code claim is kept this long (WeChat's codes live 10 minutes).
pub const FAILED_CLAIM_KEEP_MS: i64 = 3_600_000;
/// Web OAuth states are kept this long (each is spent or expired within 15 minutes).
pub const OAUTH_STATE_KEEP_MS: i64 = 86_400_000;
/// Rows deleted per statement.
pub const BATCH: u64 = 1_000;
/// The job's row in `maintenance_runs`.
pub const JOB: &str = "retention";
/// How often the worker asks whether tonight's run is due.
const CHECK_EVERY: Duration = Duration::from_secs(600);

const DAY_MS: i64 = 86_400_000;
const CST_OFFSET_MS: i64 = 8 * 3_600_000;
const RUN_AT_MS: i64 = 3 * 3_600_000;

/// The retention setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retention {
    /// Finished rows older than this many days go.
    pub days: u32,
}

impl Default for Retention {
    fn default() -> Self {
        Self {
            days: DEFAULT_RETENTION_DAYS,
        }
    }
}

impl Retention {
    fn keep_ms(self) -> i64 {
        i64::from(self.days.max(1)).saturating_mul(DAY_MS)
    }
}

/// How many rows of each kind a run deleted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Removed {
    pub events: u64,
    pub messages: u64,
    pub link_attempts: u64,
    pub links: u64,
    pub claims: u64,
    pub sync_jobs: u64,
    pub oauth_states: u64,
    pub activity: u64,
}

/// `maintenance_runs`: one row per periodic job.
pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "maintenance_runs")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub job: String,
        /// When the last run was claimed (0: never).
        pub started_at: i64,
        pub started_by: String,
        /// When it finished (absent while running, or if its instance stopped midway).
        pub finished_at: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The start of the night `now` belongs to: the latest 03:00 China Standard Time at or before it.
fn night_of(now: i64) -> i64 {
    let local = now + CST_OFFSET_MS - RUN_AT_MS;
    local.div_euclid(DAY_MS) * DAY_MS - CST_OFFSET_MS + RUN_AT_MS
}

/// Runs the cleanup if tonight's run has not started yet and this instance wins its claim;
/// `None` when it was not this instance's to run.
pub async fn run_if_due(svc: &Services, retention: Retention) -> CoreResult<Option<Removed>> {
    let now = svc.now();
    let night = night_of(now);
    entity::Entity::insert(entity::ActiveModel {
        job: Set(JOB.into()),
        started_at: Set(0),
        started_by: Set(String::new()),
        finished_at: Set(None),
    })
    .on_conflict(
        OnConflict::column(entity::Column::Job)
            .do_nothing()
            .to_owned(),
    )
    .do_nothing()
    .exec(svc.db.conn())
    .await?;
    let Some(last) = entity::Entity::find_by_id(JOB.to_string())
        .one(svc.db.conn())
        .await?
    else {
        return Ok(None);
    };
    if last.started_at >= night {
        return Ok(None);
    }
    // The compare-and-set: of instances that read the same `started_at`, one updates the row.
    let won = entity::Entity::update_many()
        .col_expr(entity::Column::StartedAt, Expr::value(now))
        .col_expr(
            entity::Column::StartedBy,
            Expr::value(svc.instance_id.clone()),
        )
        .col_expr(entity::Column::FinishedAt, Expr::value(Option::<i64>::None))
        .filter(entity::Column::Job.eq(JOB))
        .filter(entity::Column::StartedAt.eq(last.started_at))
        .exec(svc.db.conn())
        .await?;
    if won.rows_affected != 1 {
        return Ok(None);
    }
    let removed = purge(svc, retention).await?;
    entity::Entity::update_many()
        .col_expr(entity::Column::FinishedAt, Expr::value(svc.now()))
        .filter(entity::Column::Job.eq(JOB))
        .filter(entity::Column::StartedAt.eq(now))
        .filter(entity::Column::StartedBy.eq(svc.instance_id.clone()))
        .exec(svc.db.conn())
        .await?;
    Ok(Some(removed))
}

/// Deletes every finished row past its age (see the module's documentation), now.
pub async fn purge(svc: &Services, retention: Retention) -> CoreResult<Removed> {
    let now = svc.now();
    let cutoff = now - retention.keep_ms();

    let events = delete_in_batches::<events::entity::Entity>(
        svc,
        events::entity::Column::Id,
        Condition::all()
            .add(events::entity::Column::ReceivedAt.lt(cutoff))
            .add(events::entity::Column::Status.is_in([
                EventStatus::Done,
                EventStatus::Failed,
                EventStatus::Ignored,
            ])),
    )
    .await?;

    let messages = delete_in_batches::<messages::entity::Entity>(
        svc,
        messages::entity::Column::Id,
        Condition::all()
            .add(messages::entity::Column::ReceivedAt.lt(cutoff))
            .add(messages::entity::Column::Status.is_in(["none", "done", "failed"])),
    )
    .await?;

    // Links that can no longer be used: expired or revoked.
    let closed_links = Condition::any()
        .add(auth_link::Column::ExpiresAt.lt(now))
        .add(auth_link::Column::RevokedAt.is_not_null());
    let link_attempts = delete_in_batches::<link_attempt::Entity>(
        svc,
        link_attempt::Column::Id,
        Condition::all()
            .add(link_attempt::Column::CreatedAt.lt(cutoff))
            .add(
                Condition::any()
                    .add(
                        Condition::all()
                            .add(link_attempt::Column::Status.eq("pending"))
                            .add(link_attempt::Column::ExpiresAt.lt(now)),
                    )
                    .add(
                        link_attempt::Column::LinkId.in_subquery(
                            Query::select()
                                .column(auth_link::Column::Id)
                                .from(auth_link::Entity)
                                .cond_where(closed_links)
                                .to_owned(),
                        ),
                    ),
            ),
    )
    .await?;

    // Links closed that long ago, once none of their presses is left (the step above removed
    // them; a press still pending would keep its link).
    let links = delete_in_batches::<auth_link::Entity>(
        svc,
        auth_link::Column::Id,
        Condition::all()
            .add(
                Condition::any()
                    .add(auth_link::Column::ExpiresAt.lt(cutoff))
                    .add(auth_link::Column::RevokedAt.lt(cutoff)),
            )
            .add(
                auth_link::Column::Id.not_in_subquery(
                    Query::select()
                        .column(link_attempt::Column::LinkId)
                        .from(link_attempt::Entity)
                        .to_owned(),
                ),
            ),
    )
    .await?;

    let claims = delete_in_batches::<exchange::Entity>(
        svc,
        exchange::Column::Id,
        Condition::any()
            .add(
                Condition::all()
                    .add(exchange::Column::Status.eq("failed"))
                    .add(exchange::Column::ClaimedAt.lt(now - FAILED_CLAIM_KEEP_MS)),
            )
            .add(
                Condition::all()
                    .add(exchange::Column::Status.eq("done"))
                    .add(exchange::Column::ClaimedAt.lt(cutoff)),
            ),
    )
    .await?;

    let sync_jobs = delete_in_batches::<sync_job::Entity>(
        svc,
        sync_job::Column::Id,
        Condition::all()
            .add(sync_job::Column::StartedAt.lt(cutoff))
            .add(sync_job::Column::Status.is_in(["done", "failed"])),
    )
    .await?;

    let oauth_states = delete_in_batches::<crate::web_oauth::entity::Entity>(
        svc,
        crate::web_oauth::entity::Column::Id,
        Condition::all()
            .add(crate::web_oauth::entity::Column::CreatedAt.lt(now - OAUTH_STATE_KEEP_MS)),
    )
    .await?;

    // A few rows per platform and hour: one statement, by the `hour_ms` index.
    let activity = crate::activity::prune(svc.db.conn(), now).await?;

    Ok(Removed {
        activity,
        events,
        messages,
        link_attempts,
        links,
        claims,
        sync_jobs,
        oauth_states,
    })
}

/// Deletes the rows of `E` matching `cond`, [`BATCH`] at a time; returns how many.
async fn delete_in_batches<E>(svc: &Services, id: E::Column, cond: Condition) -> CoreResult<u64>
where
    E: EntityTrait,
{
    let mut total = 0;
    loop {
        let batch = Query::select()
            .column(id)
            .from(E::default())
            .cond_where(cond.clone())
            .limit(BATCH)
            .to_owned();
        let done = E::delete_many()
            .filter(id.in_subquery(batch))
            .exec(svc.db.conn())
            .await?;
        total += done.rows_affected;
        if done.rows_affected < BATCH {
            return Ok(total);
        }
        // Let the other work of this instance (and the database's other writers) in between.
        tokio::task::yield_now().await;
    }
}

/// Asks every 10 minutes whether tonight's cleanup is due, and runs it when this instance wins
/// it, until `stop`.
pub async fn run_worker(svc: Services, retention: Retention, stop: impl Future<Output = ()>) {
    tokio::pin!(stop);
    loop {
        match run_if_due(&svc, retention).await {
            Ok(Some(r)) => tracing::info!(
                days = retention.days,
                events = r.events,
                messages = r.messages,
                link_attempts = r.link_attempts,
                links = r.links,
                claims = r.claims,
                sync_jobs = r.sync_jobs,
                oauth_states = r.oauth_states,
                activity = r.activity,
                "retention cleanup finished"
            ),
            Ok(None) => {}
            Err(e) => tracing::warn!("retention cleanup: {e}"),
        }
        tokio::select! {
            () = &mut stop => return,
            () = tokio::time::sleep(CHECK_EVERY) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_night_starts_at_three_in_china() {
        // 2026-11-30 03:00 CST = 2026-11-29 19:00 UTC.
        let three = 1_795_978_800_000;
        assert_eq!(night_of(three), three);
        assert_eq!(night_of(three + 1), three);
        assert_eq!(night_of(three - 1), three - DAY_MS);
        assert_eq!(night_of(three + DAY_MS - 1), three);
    }
}
