//! What is wrong right now, per tenant: the platform alarms (the rules of
//! [`crate::platforms::Alarm`], read through `platforms::list`, not written again here), pushes
//! refused in bulk, and failed registration tasks.
//!
//! **Refused in bulk** means at least [`BULK_REFUSALS`] refused pushes to one platform within a
//! window of [`REFUSAL_WINDOW_MS`]. `push_rejections` only keeps a cumulative count per platform
//! and reason, so the rule remembers the platform's total when its current window began
//! (`alert_refusal_windows`): as soon as the total has grown by 50 since then the condition
//! holds; a window that closes with fewer clears it; in between it is undecided (an open
//! incident stays open, none is opened).
//!
//! **A failed task** is one that failed within the last 24 hours with no later task for the
//! same subject that succeeded; it clears when such a task succeeds or the failure is a day old.

use std::collections::{HashMap, HashSet};

use console_types::{AlertKind, TaskState};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::entity::refusal_window;
use crate::clock::format_time_cst;
use crate::error::CoreResult;
use crate::message::Bi;
use crate::platforms::{self, Alarm};
use crate::registrations::entity::task;
use crate::services::Services;
use crate::{PlatformId, TaskId, TenantId, events};

/// Refused pushes to one platform within one window that make an incident.
pub const BULK_REFUSALS: i64 = 50;
/// The refused-push window.
pub const REFUSAL_WINDOW_MS: i64 = 10 * 60 * 1000;
/// How long a failed task stays an incident.
const TASK_FAILURE_MS: i64 = 24 * 3600 * 1000;

/// One thing wrong, as an incident would record it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Condition {
    pub kind: AlertKind,
    pub subject: String,
    pub component_id: Option<PlatformId>,
    pub task_id: Option<TaskId>,
    pub label: String,
    pub detail: Bi,
}

impl Condition {
    pub(crate) fn key(&self) -> (AlertKind, String) {
        (self.kind, self.subject.clone())
    }
}

/// Everything wrong in a tenant now, and what cannot be decided yet.
#[derive(Debug, Default)]
pub(crate) struct Observed {
    pub firing: Vec<Condition>,
    pub undecided: HashSet<(AlertKind, String)>,
}

pub(crate) fn platform_subject(id: PlatformId) -> String {
    format!("platform:{id}")
}

fn task_subject(id: TaskId) -> String {
    format!("task:{id}")
}

/// Observes `tenant_id` at `svc.now()`.
pub(crate) async fn observe(svc: &Services, tenant_id: TenantId) -> CoreResult<Observed> {
    let mut out = Observed::default();
    let platforms = platforms::list(svc, tenant_id).await?;
    for p in &platforms {
        for alarm in &p.alarms {
            let (kind, detail) = match alarm {
                Alarm::NoTicket { last_ms } => (
                    AlertKind::NoTicket,
                    match last_ms {
                        Some(t) => {
                            let t = format_time_cst(*t);
                            Bi::new(
                                format!("最后一次收到 ticket：{t}"),
                                format!("Last ticket received: {t}"),
                            )
                        }
                        None => Bi::new("从未收到 ticket", "No ticket received yet"),
                    },
                ),
                Alarm::TokenFailing { message, failures } => (
                    AlertKind::TokenFailing,
                    Bi::new(
                        format!("已连续失败 {failures} 次：{message}"),
                        format!("{failures} failures in a row: {message}"),
                    ),
                ),
                Alarm::NeedsReauthorization { count } => (
                    AlertKind::NeedsReauth,
                    Bi::new(
                        format!("{count} 个授权方需要重新授权"),
                        format!("{count} authorizer(s) must authorize again"),
                    ),
                ),
            };
            out.firing.push(Condition {
                kind,
                subject: platform_subject(p.id),
                component_id: Some(p.id),
                task_id: None,
                label: p.name.clone(),
                detail,
            });
        }
    }
    let by_appid: HashMap<&str, (PlatformId, &str)> = platforms
        .iter()
        .map(|p| (p.appid.as_str(), (p.id, p.name.as_str())))
        .collect();
    let mut totals: HashMap<PlatformId, i64> = HashMap::new();
    for (appid, c) in events::rejection_counts(svc, tenant_id).await? {
        if let Some((id, _)) = by_appid.get(appid.as_str()) {
            *totals.entry(*id).or_default() += c.count;
        }
    }
    for p in &platforms {
        let total = totals.get(&p.id).copied().unwrap_or(0);
        let subject = platform_subject(p.id);
        match refusals(svc, p.id, total).await? {
            Some(n) if n >= BULK_REFUSALS => out.firing.push(Condition {
                kind: AlertKind::PushRefusals,
                subject,
                component_id: Some(p.id),
                task_id: None,
                label: p.name.clone(),
                detail: Bi::new(
                    format!("10 分钟内拒收 {n} 条推送（签名、解密或格式不符），请到「推送事件」查看原因"),
                    format!("{n} pushes refused within 10 minutes (signature, decryption or format); see Events for the reasons"),
                ),
            }),
            Some(_) => {}
            None => {
                out.undecided.insert((AlertKind::PushRefusals, subject));
            }
        }
    }
    failed_tasks(svc, tenant_id, &mut out).await?;
    Ok(out)
}

/// Refused pushes to platform `id` in its current window (`Some(n)` when `n` decides:
/// at least [`BULK_REFUSALS`], or a closed window), `None` while undecided. Rolls the window
/// forward once it is over (compare-and-set on its start, so concurrent evaluators agree).
async fn refusals(svc: &Services, id: PlatformId, total: i64) -> CoreResult<Option<i64>> {
    let now = svc.now();
    let conn = svc.db.conn();
    let Some(w) = refusal_window::Entity::find_by_id(id).one(conn).await? else {
        refusal_window::Entity::insert(refusal_window::ActiveModel {
            component_id: sea_orm::Set(id),
            started_at: sea_orm::Set(now),
            total_at_start: sea_orm::Set(total),
        })
        .on_conflict(
            OnConflict::column(refusal_window::Column::ComponentId)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
        return Ok(None);
    };
    let n = (total - w.total_at_start).max(0);
    let closed = now - w.started_at >= REFUSAL_WINDOW_MS;
    if closed {
        refusal_window::Entity::update_many()
            .col_expr(refusal_window::Column::StartedAt, Expr::value(now))
            .col_expr(refusal_window::Column::TotalAtStart, Expr::value(total))
            .filter(refusal_window::Column::ComponentId.eq(id))
            .filter(refusal_window::Column::StartedAt.eq(w.started_at))
            .exec(conn)
            .await?;
    }
    Ok((closed || n >= BULK_REFUSALS).then_some(n))
}

async fn failed_tasks(svc: &Services, tenant_id: TenantId, out: &mut Observed) -> CoreResult<()> {
    let since = svc.now() - TASK_FAILURE_MS;
    let failed = task::Entity::find()
        .filter(task::Column::TenantId.eq(tenant_id))
        .filter(task::Column::State.eq(TaskState::Failed))
        .filter(task::Column::FinishedAt.gte(since))
        .all(svc.db.conn())
        .await?;
    if failed.is_empty() {
        return Ok(());
    }
    let succeeded = task::Entity::find()
        .filter(task::Column::TenantId.eq(tenant_id))
        .filter(task::Column::State.eq(TaskState::Succeeded))
        .filter(task::Column::CreatedAt.gte(since - TASK_FAILURE_MS))
        .all(svc.db.conn())
        .await?;
    for t in failed {
        let retried = succeeded.iter().any(|s| {
            s.subject_hash.is_some()
                && s.subject_hash == t.subject_hash
                && s.created_at > t.created_at
        });
        if retried {
            continue;
        }
        let label = t.name.clone().unwrap_or_else(|| format!("#{}", t.id));
        out.firing.push(Condition {
            kind: AlertKind::TaskFailed,
            subject: task_subject(t.id),
            component_id: Some(t.component_id),
            task_id: Some(t.id),
            label,
            detail: t
                .error
                .as_deref()
                .map(Bi::from_stored)
                .unwrap_or_else(|| Bi::new("原因见任务页面", "See the task's page for the reason")),
        });
    }
    Ok(())
}
