//! `/_sandbox/registrations`: act as the legal person or user of a registration task.

use axum::extract::{Path, State};
use serde_json::json;

use super::{CtlErr, CtlResult, reply};
use crate::Sandbox;
use crate::state::RegError;

/// `GET /_sandbox/registrations`.
pub(crate) async fn list(State(sb): State<Sandbox>) -> CtlResult {
    let base = sb.base_url(&Default::default());
    let mut world = sb.world();
    world.expire_tasks(sb.now_ms());
    let list: Vec<_> = world
        .registrations
        .values()
        .map(|r| {
            let mut v = serde_json::to_value(r).unwrap_or_default();
            if let Some(map) = v.as_object_mut() {
                map.insert(
                    "authorize_url".into(),
                    format!("{base}{}", r.authorize_path).into(),
                );
            }
            v
        })
        .collect();
    reply(list)
}

fn reg_error(e: RegError) -> CtlErr {
    match e {
        RegError::NotFound(_) => CtlErr::not_found(e.to_string()),
        _ => CtlErr::conflict(e.to_string()),
    }
}

async fn decide(sb: Sandbox, id: String, accept: bool) -> CtlResult {
    match crate::pages::decide(&sb, &id, accept).await {
        Ok((reg, pushes)) => reply(json!({"registration": reg, "pushes": pushes})),
        Err(e) => Err(reg_error(e)),
    }
}

/// `POST /_sandbox/registrations/{id}/confirm`.
pub(crate) async fn confirm(State(sb): State<Sandbox>, Path(id): Path<String>) -> CtlResult {
    decide(sb, id, true).await
}

/// `POST /_sandbox/registrations/{id}/reject`.
pub(crate) async fn reject(State(sb): State<Sandbox>, Path(id): Path<String>) -> CtlResult {
    decide(sb, id, false).await
}

/// `POST /_sandbox/registrations/{id}/fail_bare`: ends a pending enterprise or personal task
/// with the bare failure seen in the wild (`<status>-1</status>`, `authorize third party
/// failed`, no appid, no info), answered once the console answered the push.
pub(crate) async fn fail_bare(State(sb): State<Sandbox>, Path(id): Path<String>) -> CtlResult {
    let (reg, jobs) = sb.world().fail_bare(&id, sb.now_ms()).map_err(reg_error)?;
    let pushes = sb.send_pushes(jobs).await;
    reply(json!({"registration": reg, "pushes": pushes}))
}
