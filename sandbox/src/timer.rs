//! The ticket timer: pushes each component's component_verify_ticket when due, on the sandbox
//! clock (a sped-up or advanced clock pushes sooner).

use std::time::Duration;

use crate::Sandbox;
use crate::events;
use crate::state::{PushJob, PushRecord, World};

/// The longest the timer sleeps before looking again.
const MAX_SLEEP: Duration = Duration::from_secs(1);

/// Issues a ticket for every running component whose push is due and sends them all.
pub async fn run_due(sb: &Sandbox) -> Vec<PushRecord> {
    let now = sb.now_ms();
    let default_interval = sb.default_interval_ms();
    let jobs: Vec<PushJob> = {
        let mut world = sb.world();
        let due: Vec<String> = world
            .components
            .values()
            .filter(|c| !c.tickets_stopped && c.next_ticket_ms <= now)
            .map(|c| c.info.appid.clone())
            .collect();
        due.iter()
            .filter_map(|appid| ticket_now(&mut world, appid, now, default_interval))
            .collect()
    };
    futures::future::join_all(jobs.into_iter().map(|job| crate::push::push_event(sb, job))).await
}

/// Issues a ticket for `component` now, restarts its schedule from now, and returns the push.
pub fn ticket_now(
    w: &mut World,
    component: &str,
    now_ms: i64,
    default_interval_ms: i64,
) -> Option<PushJob> {
    let interval = w
        .components
        .get(component)?
        .info
        .ticket_interval_secs
        .map_or(default_interval_ms, |s| s as i64 * 1000);
    let ticket = w.issue_ticket(component, now_ms)?;
    if let Some(c) = w.components.get_mut(component) {
        c.next_ticket_ms = now_ms + interval.max(1000);
    }
    Some(PushJob {
        component_appid: component.to_owned(),
        info_type: "component_verify_ticket".into(),
        authorizer_appid: None,
        plaintext: events::ticket(component, now_ms / 1000, &ticket),
    })
}

/// The timer loop.
pub async fn run(sb: &Sandbox) {
    let clock = sb.clock();
    loop {
        run_due(sb).await;
        let next = sb
            .world()
            .components
            .values()
            .filter(|c| !c.tickets_stopped)
            .map(|c| c.next_ticket_ms)
            .min();
        let wait = next.map_or(MAX_SLEEP, |at| clock.real_time_until(at).min(MAX_SLEEP));
        tokio::select! {
            () = tokio::time::sleep(wait.max(Duration::from_millis(5))) => {}
            () = clock.changed() => {}
            () = sb.inner.wake.notified() => {}
        }
    }
}
