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

/// `GET /_sandbox/accounts/{appid}`.
pub(crate) async fn show(State(sb): State<Sandbox>, Path(appid): Path<String>) -> CtlResult {
    let account = sb.world().accounts.get(&appid).cloned();
    reply(account.ok_or_else(|| CtlErr::not_found(format!("no such account {appid}")))?)
}
