//! Reusing an official account's qualification: staff start a task and send the console's page
//! to the account's administrator; the page's button opens WeChat's `fastregisterauth` from the
//! console's host (WeChat checks the Referer, reference B16); WeChat sends the administrator back
//! with a `ticket`, which `account/fastregister` turns, with the official account's token, into
//! the new mini program and its authorization code. WeChat wants more than 5 seconds between
//! tries (61058) and allows five registrations per official account per month (B26).

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};
use wxopen::AppId;
use wxopen::links::fast_register_auth_link;

use super::entity::task;
use super::input::NewTask;
use super::notify::link_authorizer;
use super::start::{inputs_of, insert};
use super::timeline::{changes, record};
use crate::authorization;
use crate::authorizers::entity::{authorizer, permission};
use crate::error::{CoreError, CoreResult};
use crate::message::Bi;
use crate::platforms::entity as component;
use crate::secrets::random_token;
use crate::services::Services;
use crate::tokens;
use crate::{
    AccountKind, AuthorizerId, AuthorizerStatus, TaskId, TaskKind, TaskState, TaskStep, UserId,
};

/// The permission set an official account grants for fast registration (快速注册小程序).
pub const REUSE_SET: i32 = 27;
/// Registrations per official account per calendar month (China Standard Time).
pub const REUSES_PER_MONTH: u64 = 5;
/// WeChat's minimum interval between `account/fastregister` tries, plus a margin.
const RETRY_AFTER_MS: i64 = 6_000;
/// Tries of `account/fastregister` for one ticket.
const MAX_ATTEMPTS: i32 = 5;

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn ticket_context(id: TaskId) -> String {
    format!("registration_tasks.ticket:{id}")
}

/// The calendar month (China Standard Time) of an instant: WeChat counts reuses per month.
fn cst_month(ms: i64) -> (i64, i64) {
    // Days since 1970-01-01 in UTC+8, then the proleptic Gregorian date (H. Hinnant's
    // civil_from_days).
    let z = (ms + 8 * 3_600_000).div_euclid(86_400_000) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month)
}

/// How many mini programs official account `oa` registered this month through the console.
pub(crate) async fn reuses_this_month(svc: &Services, oa: AuthorizerId) -> CoreResult<u64> {
    let month = cst_month(svc.now());
    let done = task::Entity::find()
        .filter(task::Column::Kind.eq(TaskKind::Reuse))
        .filter(task::Column::OaAuthorizerId.eq(oa))
        .filter(task::Column::State.eq(TaskState::Succeeded))
        .all(svc.db.conn())
        .await?;
    Ok(done
        .iter()
        .filter(|t| t.finished_at.is_some_and(|f| cst_month(f) == month))
        .count() as u64)
}

/// Whether official account `a` granted the fast-registration set (27) to its platform.
pub(crate) async fn has_reuse_set(svc: &Services, a: AuthorizerId) -> CoreResult<bool> {
    Ok(permission::Entity::find()
        .filter(permission::Column::AuthorizerId.eq(a))
        .filter(permission::Column::FuncId.eq(REUSE_SET))
        .count(svc.db.conn())
        .await?
        > 0)
}

/// Starts a reuse task for official account `oa` of platform `c`: checked like WeChat would
/// (an authorized official account of this platform, set 27, under five this month), then the
/// console's page for its administrator is made.
pub(crate) async fn create(
    svc: &Services,
    c: &component::Model,
    user_id: Option<UserId>,
    oa: AuthorizerId,
    copy_verification: bool,
) -> CoreResult<TaskId> {
    let invalid =
        |zh: &str, en: &str| CoreError::Invalid(Bi::new(zh, en).on_field("official_account"));
    let a = authorizer::Entity::find_by_id(oa)
        .filter(authorizer::Column::ComponentId.eq(c.id))
        .one(svc.db.conn())
        .await?
        .ok_or_else(|| {
            invalid(
                "请选择本平台已授权的公众号",
                "Choose an official account authorized to this platform",
            )
        })?;
    if a.kind != AccountKind::OfficialAccount || a.status != AuthorizerStatus::Authorized {
        return Err(invalid(
            "只有已授权给本平台的公众号可以复用资质",
            "Only an official account authorized to this platform can lend its qualification",
        ));
    }
    if !has_reuse_set(svc, a.id).await? {
        return Err(invalid(
            "该公众号未向本平台授权「快速注册小程序」权限集（27），请先让其重新授权并勾选该权限",
            "The official account has not granted the fast-registration permission set (27) to this platform: have it authorize again with that set",
        ));
    }
    let used = reuses_this_month(svc, a.id).await?;
    if used >= REUSES_PER_MONTH {
        return Err(invalid(
            "该公众号本月已复用资质注册 5 个小程序（微信的上限），请下月再试",
            "This official account registered 5 mini programs this month (WeChat's limit): try again next month",
        ));
    }
    let token = random_token();
    let page_url = format!("{}/register/{token}", svc.public_base_url);
    let new = NewTask::Reuse {
        official_account: a.id,
        copy_verification,
    };
    let t = insert(svc, c, user_id, &new, Some(page_url)).await?;
    let mut am = changes(&t, svc.now());
    am.page_token_hash = Set(Some(token_hash(&token)));
    am.oa_authorizer_id = Set(Some(a.id));
    am.name = Set(Some(a.nick_name.clone()));
    am.result_appid = Set(None);
    am.update(svc.db.conn()).await?;
    Ok(t.id)
}

/// A reuse task's platform and official account.
async fn parties(
    svc: &Services,
    t: &task::Model,
) -> CoreResult<(component::Model, Option<authorizer::Model>)> {
    let c = component::Entity::find_by_id(t.component_id)
        .one(svc.db.conn())
        .await?
        .ok_or(CoreError::NotFound("platform"))?;
    let oa = match t.oa_authorizer_id {
        Some(id) => {
            authorizer::Entity::find_by_id(id)
                .one(svc.db.conn())
                .await?
        }
        None => None,
    };
    Ok((c, oa))
}

/// Whether the task copies the official account's WeChat verification too.
fn copies_verification(svc: &Services, t: &task::Model) -> CoreResult<bool> {
    Ok(matches!(
        inputs_of(svc, t)?.task,
        NewTask::Reuse {
            copy_verification: true,
            ..
        }
    ))
}

/// What the administrator's page shows.
#[derive(Clone, Debug)]
pub struct ReusePage {
    pub task_id: TaskId,
    pub platform_name: String,
    pub official_account: String,
    pub official_account_appid: String,
    pub copy_verification: bool,
    pub state: TaskState,
    pub deadline_at: i64,
    pub result_appid: Option<String>,
    pub error: Option<Bi>,
}

async fn by_token(svc: &Services, token: &str) -> CoreResult<task::Model> {
    task::Entity::find()
        .filter(task::Column::PageTokenHash.eq(token_hash(token)))
        .filter(task::Column::Kind.eq(TaskKind::Reuse))
        .one(svc.db.conn())
        .await?
        .ok_or(CoreError::NotFound("registration page"))
}

/// The page of the task with page token `token` (recording its first opening).
pub async fn open_reuse_page(svc: &Services, token: &str) -> CoreResult<ReusePage> {
    let t = expire_if_due(svc, by_token(svc, token).await?).await?;
    let (c, oa) = parties(svc, &t).await?;
    let copy_verification = copies_verification(svc, &t)?;
    if t.state == TaskState::Waiting && t.ticket_enc.is_none() {
        let opened = super::entity::step::Entity::find()
            .filter(super::entity::step::Column::TaskId.eq(t.id))
            .filter(super::entity::step::Column::Step.eq(TaskStep::PageOpened))
            .count(svc.db.conn())
            .await?;
        if opened == 0 {
            record(
                svc.db.conn(),
                t.id,
                svc.now(),
                TaskStep::PageOpened,
                None,
                &Bi::new(
                    "公众号管理员打开了注册页面",
                    "The official account's administrator opened the page",
                ),
                None,
            )
            .await?;
        }
    }
    Ok(ReusePage {
        task_id: t.id,
        platform_name: c.name,
        official_account: oa.as_ref().map(|a| a.nick_name.clone()).unwrap_or_default(),
        official_account_appid: oa.map(|a| a.appid).unwrap_or_default(),
        copy_verification,
        state: t.state,
        deadline_at: t.deadline_at,
        result_appid: t.result_appid,
        error: t.error.as_deref().map(Bi::from_stored),
    })
}

/// The redirect back from `fastregisterauth` for page token `token`.
pub fn reuse_redirect_uri(svc: &Services, component_appid: &str, token: &str) -> String {
    format!(
        "{}/wechat/{component_appid}/fastregister?task={token}",
        svc.public_base_url
    )
}

/// WeChat's `fastregisterauth` page for the task with page token `token` (the button of the
/// administrator's page; opened from the console's host).
pub async fn start_reuse_redirect(svc: &Services, token: &str) -> CoreResult<String> {
    let t = expire_if_due(svc, by_token(svc, token).await?).await?;
    if t.state != TaskState::Waiting {
        return Err(CoreError::Conflict(Bi::new(
            "该注册任务已结束",
            "This registration task has ended",
        )));
    }
    let (c, oa) = parties(svc, &t).await?;
    let oa = oa.ok_or(CoreError::NotFound("official account"))?;
    let parse = |s: &str| {
        AppId::parse(s).map_err(|e| CoreError::Internal(format!("stored appid {s:?}: {e}")))
    };
    let copy = copies_verification(svc, &t)?;
    Ok(fast_register_auth_link(
        &svc.endpoints,
        &parse(&oa.appid)?,
        &parse(&c.appid)?,
        copy,
        &reuse_redirect_uri(svc, &c.appid, token),
    ))
}

/// What became of the administrator's return with a ticket.
#[derive(Clone, Debug)]
pub struct ReuseReturn {
    pub page: ReusePage,
}

/// WeChat sent the administrator back to platform `component_appid` with `ticket`: it is kept
/// (sealed) and `account/fastregister` is tried at once; a retryable refusal is tried again by
/// the poller, 6 seconds apart.
pub async fn on_reuse_return(
    svc: &Services,
    component_appid: &str,
    token: &str,
    ticket: &str,
) -> CoreResult<ReuseReturn> {
    let t = by_token(svc, token).await?;
    let (c, _) = parties(svc, &t).await?;
    if c.appid != component_appid {
        return Err(CoreError::NotFound("registration page"));
    }
    if t.state == TaskState::Waiting && !ticket.trim().is_empty() {
        let now = svc.now();
        let mut am = changes(&t, now);
        am.ticket_enc = Set(Some(
            svc.secrets.seal(&ticket_context(t.id), ticket.trim())?,
        ));
        am.attempts = Set(0);
        am.next_attempt_at = Set(Some(now));
        let t = am.update(svc.db.conn()).await?;
        record(
            svc.db.conn(),
            t.id,
            now,
            TaskStep::Ticket,
            None,
            &Bi::new(
                "公众号管理员已在微信确认，正在注册",
                "The official account's administrator confirmed in WeChat; registering",
            ),
            None,
        )
        .await?;
        attempt(svc, &t).await?;
    }
    Ok(ReuseReturn {
        page: open_reuse_page(svc, token).await?,
    })
}

/// One try of `account/fastregister` for a reuse task holding a ticket.
pub(crate) async fn attempt(svc: &Services, t: &task::Model) -> CoreResult<()> {
    let Some(sealed) = &t.ticket_enc else {
        return Ok(());
    };
    let now = svc.now();
    let ticket = svc.secrets.open(&ticket_context(t.id), sealed)?;
    let (c, oa) = parties(svc, t).await?;
    let oa = oa.ok_or(CoreError::NotFound("official account"))?;
    let sent = tokens::with_authorizer_token(svc, c.id, &oa.appid, |aat| {
        let ticket = ticket.clone();
        async move { svc.wechat.fast_register_reuse_oa(&aat, &ticket).await }
    })
    .await;
    match sent {
        Ok(r) => {
            let ex = authorization::exchange_code(svc, &c, &r.authorization_code).await?;
            let now = svc.now();
            let mut am = changes(t, now);
            am.state = Set(TaskState::Succeeded);
            am.result_appid = Set(Some(r.appid.as_str().to_string()));
            am.ticket_enc = Set(None);
            am.next_attempt_at = Set(None);
            am.finished_at = Set(Some(now));
            am.wechat_status = Set(Some(0));
            am.update(svc.db.conn()).await?;
            let verified = if r.is_wx_verify_succ {
                (
                    "，已复用公众号的微信认证",
                    "; the account's WeChat verification was copied",
                )
            } else {
                ("", "")
            };
            record(
                svc.db.conn(),
                t.id,
                now,
                TaskStep::Succeeded,
                Some(0),
                &Bi::new(
                    format!("注册成功，新小程序 {}{}", r.appid, verified.0),
                    format!(
                        "Registered: the new mini program is {}{}",
                        r.appid, verified.1
                    ),
                ),
                None,
            )
            .await?;
            link_authorizer(svc, c.id, &ex.authorizer).await
        }
        Err(e) => {
            let retryable = match &e {
                tokens::CallError::Api(api) => {
                    api.is_transient() || api.wechat().is_some_and(|w| w.errcode == 61058)
                }
                tokens::CallError::Token(core) => core.is_retryable(),
            };
            let e = CoreError::from(e);
            let why = e
                .message()
                .cloned()
                .unwrap_or_else(|| Bi::new("无法调用微信接口", "Could not call WeChat"));
            let attempts = t.attempts + 1;
            let mut am = changes(t, now);
            am.attempts = Set(attempts);
            // Five tries 6 s apart end well within the ticket's ten minutes.
            if retryable && attempts < MAX_ATTEMPTS {
                am.next_attempt_at = Set(Some(now + RETRY_AFTER_MS));
                am.update(svc.db.conn()).await?;
                record(svc.db.conn(), t.id, now, TaskStep::Retry, None, &why, None).await?;
            } else {
                am.state = Set(TaskState::Failed);
                am.ticket_enc = Set(None);
                am.next_attempt_at = Set(None);
                am.error = Set(Some(why.to_stored()));
                am.finished_at = Set(Some(now));
                am.update(svc.db.conn()).await?;
                record(svc.db.conn(), t.id, now, TaskStep::Failed, None, &why, None).await?;
            }
            Ok(())
        }
    }
}

/// A waiting task past its deadline is expired first (the page must not offer a dead task).
async fn expire_if_due(svc: &Services, t: task::Model) -> CoreResult<task::Model> {
    if t.state.is_running() && svc.now() >= t.deadline_at && t.ticket_enc.is_none() {
        super::poll::expire(svc, &t).await?;
        return task::Entity::find_by_id(t.id)
            .one(svc.db.conn())
            .await?
            .ok_or(CoreError::NotFound("registration task"));
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::cst_month;

    #[test]
    fn months_are_counted_in_china_standard_time() {
        // 2026-11-30T16:00:00Z is 2026-12-01 00:00 in Beijing.
        assert_eq!(cst_month(1_796_054_400_000), (2026, 12));
        assert_eq!(cst_month(1_796_054_399_999), (2026, 11));
        assert_eq!(cst_month(0), (1970, 1));
        // 2024-02-29 12:00 UTC.
        assert_eq!(cst_month(1_709_208_000_000), (2024, 2));
    }
}
