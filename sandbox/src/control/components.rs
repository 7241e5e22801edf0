//! `/_sandbox/components`.

use axum::extract::{Path, State};

use super::{Body, CtlErr, CtlResult, reply};
use crate::Sandbox;
use crate::model::{ComponentPatch, ComponentSpec};
use crate::state::SpecError;

fn spec_error(e: SpecError) -> CtlErr {
    match e {
        SpecError::Duplicate(_) => CtlErr::conflict(e.to_string()),
        SpecError::NotFound(_) => CtlErr::not_found(e.to_string()),
        _ => CtlErr::bad(e.to_string()),
    }
}

/// `POST /_sandbox/components`.
pub(crate) async fn create(
    State(sb): State<Sandbox>,
    Body(spec): Body<ComponentSpec>,
) -> CtlResult {
    sb.world().check_component_spec(&spec).map_err(spec_error)?;
    reply(sb.create_component(spec))
}

/// `GET /_sandbox/components`.
pub(crate) async fn list(State(sb): State<Sandbox>) -> CtlResult {
    let list: Vec<_> = sb
        .world()
        .components
        .values()
        .map(|c| c.info.clone())
        .collect();
    reply(list)
}

/// `GET /_sandbox/components/{appid}`: the component with its ticket schedule and whether its
/// ticket service runs (`ticket_service`: `running` or `stopped`).
pub(crate) async fn show(State(sb): State<Sandbox>, Path(appid): Path<String>) -> CtlResult {
    let world = sb.world();
    let c = world
        .components
        .get(&appid)
        .ok_or_else(|| CtlErr::not_found(format!("no such component {appid}")))?;
    let mut value = serde_json::to_value(&c.info).map_err(|e| CtlErr::bad(e.to_string()))?;
    if let Some(map) = value.as_object_mut() {
        map.insert("next_ticket_at".into(), (c.next_ticket_ms / 1000).into());
        map.insert(
            "ticket_service".into(),
            if c.tickets_stopped {
                "stopped"
            } else {
                "running"
            }
            .into(),
        );
        map.insert(
            "latest_ticket".into(),
            c.tickets.back().map_or(serde_json::Value::Null, |t| {
                serde_json::json!({"value": t.value, "issued_at": t.issued_ms / 1000, "expires_at": t.expires_ms / 1000})
            }),
        );
    }
    reply(value)
}

/// `PATCH /_sandbox/components/{appid}`.
pub(crate) async fn patch(
    State(sb): State<Sandbox>,
    Path(appid): Path<String>,
    Body(patch): Body<ComponentPatch>,
) -> CtlResult {
    let interval = sb.default_interval_ms();
    let c = sb
        .world()
        .patch_component(&appid, patch, interval, sb.now_ms())
        .map_err(spec_error)?;
    sb.inner.wake.notify_one();
    reply(c)
}

/// `POST /_sandbox/components/{appid}/push_ticket`: pushes a new ticket now and answers with
/// the push record once the console answered.
pub(crate) async fn push_ticket(State(sb): State<Sandbox>, Path(appid): Path<String>) -> CtlResult {
    let job = {
        let mut world = sb.world();
        crate::timer::ticket_now(&mut world, &appid, sb.now_ms(), sb.default_interval_ms())
    }
    .ok_or_else(|| CtlErr::not_found(format!("no such component {appid}")))?;
    let record = crate::push::push_event(&sb, job).await;
    reply(record)
}

/// `POST /_sandbox/components/{appid}/stop_tickets`: the ticket push service stops, as it does
/// at WeChat (reference B24): the timer skips the component until `api_start_push_ticket`.
pub(crate) async fn stop_tickets(
    State(sb): State<Sandbox>,
    Path(appid): Path<String>,
) -> CtlResult {
    {
        let mut world = sb.world();
        let c = world
            .components
            .get_mut(&appid)
            .ok_or_else(|| CtlErr::not_found(format!("no such component {appid}")))?;
        c.tickets_stopped = true;
    }
    sb.inner.wake.notify_one();
    show(State(sb), Path(appid)).await
}
