//! Faults, call counts, quotas, the clock, pushes, reset.

use axum::extract::State;
use serde::Deserialize;
use serde_json::json;

use super::{Body, CtlErr, CtlResult, reply};
use crate::Sandbox;
use crate::endpoint::Ep;
use crate::faults::FaultSpec;

/// `GET /_sandbox`: what the sandbox holds.
pub(crate) async fn index(State(sb): State<Sandbox>) -> CtlResult {
    let w = sb.world();
    reply(json!({
        "sandbox": "wechat-sandbox",
        "now": sb.inner.clock.unix(),
        "components": w.components.len(),
        "accounts": w.accounts.len(),
        "authorizations": w.authorizations.len(),
        "registrations": w.registrations.len(),
        "pushes": w.pushes.len(),
        "endpoints": Ep::ALL.iter().map(|e| json!({"name": e.name(), "path": e.path()})).collect::<Vec<_>>(),
    }))
}

/// `GET /_sandbox/faults`.
pub(crate) async fn faults(State(sb): State<Sandbox>) -> CtlResult {
    let list = sb.world().faults.clone();
    reply(list)
}

/// `POST /_sandbox/faults`.
pub(crate) async fn add_fault(State(sb): State<Sandbox>, Body(spec): Body<FaultSpec>) -> CtlResult {
    let mut w = sb.world();
    w.next_fault_id += 1;
    let fault = spec.into_fault(w.next_fault_id).map_err(CtlErr::bad)?;
    w.faults.push(fault.clone());
    reply(fault)
}

/// `DELETE /_sandbox/faults`.
pub(crate) async fn clear_faults(State(sb): State<Sandbox>) -> CtlResult {
    sb.world().faults.clear();
    reply(json!({"cleared": true}))
}

/// `GET /_sandbox/calls`: `{endpoint: {appid: count}}`.
pub(crate) async fn calls(State(sb): State<Sandbox>) -> CtlResult {
    let calls = sb.world().calls.clone();
    reply(calls)
}

/// `DELETE /_sandbox/calls`.
pub(crate) async fn clear_calls(State(sb): State<Sandbox>) -> CtlResult {
    sb.world().calls.clear();
    reply(json!({"cleared": true}))
}

#[derive(Deserialize)]
pub(crate) struct QuotaBody {
    endpoint: String,
    #[serde(default)]
    appid: Option<String>,
    daily_limit: u64,
}

/// `POST /_sandbox/quotas`: a daily limit for one endpoint (one account, or every account).
pub(crate) async fn set_quota(State(sb): State<Sandbox>, Body(b): Body<QuotaBody>) -> CtlResult {
    let ep = Ep::by_name(&b.endpoint)
        .ok_or_else(|| CtlErr::bad(format!("unknown endpoint {:?}", b.endpoint)))?;
    sb.world()
        .quota
        .set_limit(ep, b.appid.as_deref(), b.daily_limit);
    reply(json!({"endpoint": ep.name(), "appid": b.appid, "daily_limit": b.daily_limit}))
}

fn clock_json(sb: &Sandbox) -> serde_json::Value {
    let clock = sb.clock();
    json!({"now": clock.unix(), "now_ms": clock.now_millis(), "speed": clock.speed()})
}

/// `GET /_sandbox/clock`.
pub(crate) async fn clock(State(sb): State<Sandbox>) -> CtlResult {
    reply(clock_json(&sb))
}

#[derive(Deserialize)]
pub(crate) struct ClockBody {
    #[serde(default)]
    advance_secs: Option<u64>,
    #[serde(default)]
    speed: Option<f64>,
}

/// `POST /_sandbox/clock {advance_secs} | {speed}`. After an advance, every ticket push that
/// became due is sent (and answered) before this returns.
pub(crate) async fn set_clock(State(sb): State<Sandbox>, Body(b): Body<ClockBody>) -> CtlResult {
    if b.advance_secs.is_none() && b.speed.is_none() {
        return Err(CtlErr::bad("give advance_secs or speed"));
    }
    if let Some(speed) = b.speed
        && !sb.clock().set_speed(speed)
    {
        return Err(CtlErr::bad("speed must be a positive number"));
    }
    let mut pushes = Vec::new();
    if let Some(secs) = b.advance_secs {
        sb.clock().advance(std::time::Duration::from_secs(secs));
        pushes = crate::timer::run_due(&sb).await;
    }
    let mut value = clock_json(&sb);
    if let Some(map) = value.as_object_mut() {
        map.insert("pushes".into(), json!(pushes));
    }
    reply(value)
}

/// `GET /_sandbox/pushes`: every delivery to the console, oldest first.
pub(crate) async fn pushes(State(sb): State<Sandbox>) -> CtlResult {
    let list: Vec<_> = sb.world().pushes.iter().cloned().collect();
    reply(list)
}

#[derive(Deserialize)]
pub(crate) struct LoseBody {
    count: u64,
}

/// `POST /_sandbox/pushes/lose_answers {"count": n}`: the console's next `n` answers to pushes
/// (event or message URL) are lost on their way back, so WeChat sends those pushes again.
pub(crate) async fn lose_answers(State(sb): State<Sandbox>, Body(b): Body<LoseBody>) -> CtlResult {
    sb.world().lose_answers = b.count;
    reply(json!({"lose_answers": b.count}))
}

#[derive(Deserialize)]
pub(crate) struct DropBody {
    info_type: String,
    #[serde(default = "one")]
    count: u64,
}

fn one() -> u64 {
    1
}

/// `POST /_sandbox/pushes/drop {"info_type": "…", "count": n}`: WeChat loses the next `n` event
/// pushes of that InfoType (the console never hears of them; recorded as `dropped`).
pub(crate) async fn drop_pushes(State(sb): State<Sandbox>, Body(b): Body<DropBody>) -> CtlResult {
    sb.world().drop_pushes.insert(b.info_type.clone(), b.count);
    reply(json!({"info_type": b.info_type, "drop": b.count}))
}

/// `POST /_sandbox/reset`: forgets every component, account, token, code and count (the clock
/// keeps its time).
pub(crate) async fn reset(State(sb): State<Sandbox>) -> CtlResult {
    sb.world().reset();
    sb.inner.wake.notify_one();
    reply(json!({"reset": true}))
}
