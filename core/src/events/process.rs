//! What each kind of push does. Every handler is idempotent: running it twice (after a crash,
//! or because the redirect page got there first) changes nothing the second time.

use wxopen::push::{Authorization, ComponentEvent, ComponentPush, RegistrationResult};

use crate::EventId;
use crate::authorization;
use crate::authorizers::store::{self, Revocation, Revoked};
use crate::error::CoreError;
use crate::message::Bi;
use crate::platforms::{self, TICKET_VALID_MS, entity as component};
use crate::registrations::{self, NotifyKind};
use crate::services::Services;

/// A finished event.
pub(crate) enum Handled {
    /// Acted on.
    Done(Bi),
    /// Recorded, nothing to do.
    Ignored(Bi),
}

/// Processes one push, received at `received_at` (Unix ms, the console's clock).
pub(crate) async fn handle(
    svc: &Services,
    c: &component::Model,
    event_id: EventId,
    received_at: i64,
    push: &ComponentPush,
) -> Result<Handled, CoreError> {
    match &push.event {
        ComponentEvent::VerifyTicket { ticket } => {
            let created = push.create_time.saturating_mul(1000);
            if platforms::store_ticket(svc, c, ticket, created).await? {
                let until = crate::format_time_cst(created + TICKET_VALID_MS);
                Ok(Handled::Done(Bi::new(
                    format!("已保存 ticket，有效期至 {until}"),
                    format!("Ticket stored, valid until {until}"),
                )))
            } else {
                Ok(Handled::Ignored(Bi::new(
                    "比已保存的 ticket 更旧，未覆盖",
                    "Older than the stored ticket; kept the newer one",
                )))
            }
        }
        ComponentEvent::Authorized(a) | ComponentEvent::UpdateAuthorized(a) => {
            let ex = match authorization::exchange_code(svc, c, &a.authorization_code).await {
                Err(e) if e.is_retryable() && code_expired(a, svc.now()) => {
                    return Err(CoreError::Upstream(expired_before_exchange(&e)));
                }
                other => other?,
            };
            store::note_wechat_authorized_at(
                svc,
                c.id,
                &ex.authorizer.appid,
                push.create_time.saturating_mul(1000),
            )
            .await?;
            // A mini program a task registered (its `authorized` push may come first, B23).
            registrations::link_authorizer(svc, c.id, &ex.authorizer).await?;
            if let Some(pre) = &a.pre_auth_code {
                authorization::mark_attempt_by_code(
                    svc,
                    c.id,
                    pre.expose(),
                    &ex.authorizer.appid,
                    &push.info_type,
                )
                .await?;
            }
            let n = store::find(svc, c.id, &ex.authorizer.appid)
                .await?
                .map(|m| m.nick_name)
                .unwrap_or_default();
            let again = push.info_type == "updateauthorized";
            let by = if ex.performed {
                ""
            } else {
                "（授权码已由回调页面交换）"
            };
            let by_en = if ex.performed {
                ""
            } else {
                " (code already exchanged by the redirect page)"
            };
            Ok(Handled::Done(Bi::new(
                format!(
                    "{}：{n}（{}）{by}",
                    if again {
                        "已更新授权"
                    } else {
                        "已授权"
                    },
                    ex.authorizer.appid
                ),
                format!(
                    "{}: {n} ({}){by_en}",
                    if again {
                        "Authorization updated"
                    } else {
                        "Authorized"
                    },
                    ex.authorizer.appid
                ),
            )))
        }
        ComponentEvent::Unauthorized { authorizer_appid } => {
            let by = Revocation::Push {
                wechat_at: push.create_time.saturating_mul(1000),
                received_at,
            };
            Ok(
                match store::revoke(svc, c.id, authorizer_appid, by).await? {
                    Revoked::Done => Handled::Done(Bi::new(
                        format!("已取消授权：{authorizer_appid}，令牌已清除"),
                        format!("Authorization revoked: {authorizer_appid}; tokens purged"),
                    )),
                    Revoked::Stale => Handled::Ignored(Bi::new(
                        format!("账号 {authorizer_appid} 在此次取消之后已重新授权，保留新的授权"),
                        format!(
                            "Account {authorizer_appid} authorized again after this revocation; the newer authorization is kept"
                        ),
                    )),
                    Revoked::Unknown => Handled::Ignored(Bi::new(
                        format!("未记录过的账号 {authorizer_appid} 取消了授权"),
                        format!("Unknown account {authorizer_appid} revoked its authorization"),
                    )),
                },
            )
        }
        ComponentEvent::FastRegister(r) => {
            registration(svc, c, event_id, NotifyKind::Register, r).await
        }
        ComponentEvent::FastRegisterBeta(r) => {
            registration(svc, c, event_id, NotifyKind::Beta, r).await
        }
        ComponentEvent::FastVerifyBeta(r) => {
            registration(svc, c, event_id, NotifyKind::Verify, r).await
        }
        ComponentEvent::Unknown { .. } => Ok(Handled::Ignored(Bi::new(
            format!("未处理的推送类型 {}，已记录", push.info_type),
            format!("Push type {} is not handled; recorded", push.info_type),
        ))),
    }
}

/// Whether the authorization code of `a` has expired at `now` (Unix ms): then no retry can
/// exchange it any more.
fn code_expired(a: &Authorization, now: i64) -> bool {
    a.authorization_code_expired_time
        .is_some_and(|t| t.saturating_mul(1000) <= now)
}

/// Why an `authorized` event ends without its exchange: the passing problem (`e`) lasted until
/// the code expired.
fn expired_before_exchange(e: &CoreError) -> Bi {
    let why = e.public_message();
    Bi::new(
        format!(
            "授权码在交换成功之前已过期（{}）：请商户重新授权，或在平台页面点击“从微信同步”",
            why.zh
        ),
        format!(
            "The authorization code expired before it could be exchanged ({}): ask the merchant to authorize again, or sync from WeChat on the platform page",
            why.en
        ),
    )
}

/// A fast-registration result: applied to the task it belongs to. A result of a task started
/// outside the console is still acted on: a successful enterprise or personal registration
/// carries an authorization code for the new mini program, and exchanging it adds the mini
/// program as an authorizer at once.
async fn registration(
    svc: &Services,
    c: &component::Model,
    event_id: EventId,
    kind: NotifyKind,
    r: &RegistrationResult,
) -> Result<Handled, CoreError> {
    if let Some(done) = registrations::on_notify(svc, c, event_id, kind, r).await? {
        return Ok(Handled::Done(done));
    }
    let (what, what_en) = match kind {
        NotifyKind::Register => ("快速注册", "Fast registration"),
        NotifyKind::Beta => ("试用小程序创建", "Beta mini program creation"),
        NotifyKind::Verify => ("试用小程序认证", "Beta mini program verification"),
    };
    let appid = r.appid.clone().unwrap_or_default();
    let msg = r.msg.clone().unwrap_or_default();
    if r.status != 0 {
        return Ok(Handled::Done(Bi::new(
            format!(
                "{what}失败：status {}，{msg}（未找到对应的注册任务）",
                r.status
            ),
            format!(
                "{what_en} failed: status {}, {msg} (no registration task matches)",
                r.status
            ),
        )));
    }
    if let Some(code) = r.auth_code.as_ref().filter(|c| !c.expose().is_empty()) {
        let ex = authorization::exchange_code(svc, c, code).await?;
        return Ok(Handled::Done(Bi::new(
            format!(
                "{what}成功：新小程序 {} 已授权给本平台",
                ex.authorizer.appid
            ),
            format!(
                "{what_en} succeeded: the new mini program {} is authorized to this platform",
                ex.authorizer.appid
            ),
        )));
    }
    Ok(Handled::Done(Bi::new(
        format!("{what}成功：{appid}"),
        format!("{what_en} succeeded: {appid}"),
    )))
}
