//! `/_sandbox/accounts`.

use axum::extract::{Path, State};

use super::{Body, CtlErr, CtlResult, reply};
use crate::Sandbox;
use crate::model::AccountSpec;

/// `POST /_sandbox/accounts`.
pub(crate) async fn create(State(sb): State<Sandbox>, Body(spec): Body<AccountSpec>) -> CtlResult {
    sb.world()
        .check_account_spec(&spec)
        .map_err(|e| CtlErr::bad(e.to_string()))?;
    reply(sb.create_account(spec))
}

/// `GET /_sandbox/accounts`.
pub(crate) async fn list(State(sb): State<Sandbox>) -> CtlResult {
    let list: Vec<_> = sb.world().accounts.values().cloned().collect();
    reply(list)
}

/// `GET /_sandbox/accounts/{appid}`: the account with `fastregister_this_month`, its successful
/// reuse registrations (`account/fastregister`) this calendar month in UTC+8 (five allowed).
pub(crate) async fn show(State(sb): State<Sandbox>, Path(appid): Path<String>) -> CtlResult {
    let world = sb.world();
    let account = world
        .accounts
        .get(&appid)
        .ok_or_else(|| CtlErr::not_found(format!("no such account {appid}")))?;
    let mut value = serde_json::to_value(account).map_err(|e| CtlErr::bad(e.to_string()))?;
    if let Some(map) = value.as_object_mut() {
        map.insert(
            "fastregister_this_month".into(),
            world.reuses_this_month(&appid, sb.now_ms()).into(),
        );
    }
    reply(value)
}
