//! Writing a task's timeline and its state: every change is one step.

use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

use super::entity::{step, task};
use crate::error::CoreResult;
use crate::message::Bi;
use crate::{EventId, TaskId, TaskStep};

/// Appends one step to a task's timeline.
pub(crate) async fn record(
    conn: &impl ConnectionTrait,
    task_id: TaskId,
    at: i64,
    kind: TaskStep,
    wechat_status: Option<i64>,
    note: &Bi,
    event_id: Option<EventId>,
) -> CoreResult<()> {
    step::ActiveModel {
        task_id: Set(task_id),
        at: Set(at),
        step: Set(kind),
        wechat_status: Set(wechat_status),
        note: Set(note.to_stored()),
        event_id: Set(event_id),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// A task's row to update (only the fields set are written).
pub(crate) fn changes(t: &task::Model, now: i64) -> task::ActiveModel {
    task::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(t.id),
        updated_at: Set(now),
        ..Default::default()
    }
}
