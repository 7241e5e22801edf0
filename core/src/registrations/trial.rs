//! A trial mini program after its creation: renamed (`setbetaweappnickname`) and verified into a
//! formal mini program (`verifybetaweapp`, new version), both with its own authorizer token and
//! each a step of the task that created it.

use sea_orm::{ActiveModelTrait, Set};
use wxopen::api::BetaVerification;

use super::TASK_TTL_MS;
use super::input::{CreditCode, EnterpriseName, Phone, TrialName};
use super::query::find;
use super::timeline::{changes, record};
use crate::authorizers::sync_one;
use crate::error::{CoreError, CoreResult};
use crate::message::Bi;
use crate::services::Services;
use crate::tokens;
use crate::{TaskId, TaskKind, TaskState, TaskStep, TenantId, VerifyState};

/// The trial mini program of a succeeded trial task.
async fn trial_app(
    svc: &Services,
    tenant_id: TenantId,
    id: TaskId,
) -> CoreResult<(super::entity::task::Model, String)> {
    let t = find(svc, tenant_id, id).await?;
    match (&t.kind, &t.state, &t.result_appid) {
        (TaskKind::Beta, TaskState::Succeeded, Some(appid)) => {
            let appid = appid.clone();
            Ok((t, appid))
        }
        _ => Err(CoreError::Conflict(Bi::new(
            "只有已创建成功的试用小程序可以改名或认证",
            "Only a trial mini program that was created can be renamed or verified",
        ))),
    }
}

/// Renames the trial mini program of task `id`.
pub async fn rename(
    svc: &Services,
    tenant_id: TenantId,
    id: TaskId,
    new_name: &str,
) -> CoreResult<()> {
    let name = TrialName::parse(new_name)?;
    let (t, appid) = trial_app(svc, tenant_id, id).await?;
    let sent = tokens::with_authorizer_token(svc, t.component_id, &appid, |aat| {
        let name = name.clone();
        async move { svc.wechat.set_beta_nickname(&aat, name.as_str()).await }
    })
    .await;
    let now = svc.now();
    match sent {
        Ok(()) => {
            record(
                svc.db.conn(),
                t.id,
                now,
                TaskStep::Renamed,
                None,
                &Bi::new(
                    format!("已改名为“{}”", name.as_str()),
                    format!("Renamed to \"{}\"", name.as_str()),
                ),
                None,
            )
            .await?;
            let mut am = changes(&t, now);
            am.name = Set(Some(name.as_str().to_string()));
            am.update(svc.db.conn()).await?;
            // The authorizer's page shows the new name at once.
            if let Some(a) = t.authorizer_id {
                let _ = sync_one(svc, tenant_id, a).await;
            }
            Ok(())
        }
        Err(e) => {
            let e = CoreError::from(e);
            if let Some(m) = e.message() {
                record(
                    svc.db.conn(),
                    t.id,
                    now,
                    TaskStep::RenameRefused,
                    None,
                    m,
                    None,
                )
                .await?;
            }
            Err(e)
        }
    }
}

/// Asks WeChat to verify the trial mini program of task `id` as the enterprise's: the legal
/// person then confirms within 24 hours; `notify_third_fastverifybetaapp` tells the result.
pub async fn verify(
    svc: &Services,
    tenant_id: TenantId,
    id: TaskId,
    enterprise_name: &str,
    code: &str,
    phone: &str,
) -> CoreResult<()> {
    let name = EnterpriseName::parse(enterprise_name)?;
    let code = CreditCode::parse(code)?;
    let phone = Phone::parse(phone)?;
    let (t, appid) = trial_app(svc, tenant_id, id).await?;
    if t.beta_step == Some(VerifyState::Waiting) && svc.now() < t.deadline_at {
        return Err(CoreError::Conflict(Bi::new(
            "认证已在进行中，请等待法人确认（最长 24 小时）",
            "A verification is already waiting for the legal person (24 hours at most)",
        )));
    }
    let verification = BetaVerification {
        enterprise_name: name.as_str().to_string(),
        code: code.as_str().to_string(),
        component_phone: phone.as_str().to_string(),
    };
    let sent = tokens::with_authorizer_token(svc, t.component_id, &appid, |aat| {
        let v = verification.clone();
        async move { svc.wechat.verify_beta(&aat, &v).await }
    })
    .await;
    let now = svc.now();
    match sent {
        Ok(()) => {
            let mut am = changes(&t, now);
            am.beta_step = Set(Some(VerifyState::Waiting));
            am.deadline_at = Set(now + TASK_TTL_MS);
            am.update(svc.db.conn()).await?;
            record(
                svc.db.conn(),
                t.id,
                now,
                TaskStep::VerifyStarted,
                None,
                &Bi::new(
                    format!(
                        "已提交认证（{}，{}），等待法人在 24 小时内确认",
                        name.as_str(),
                        code.as_str()
                    ),
                    format!(
                        "Verification asked for ({}, {}); waiting up to 24 hours for the legal person",
                        name.as_str(),
                        code.as_str()
                    ),
                ),
                None,
            )
            .await?;
            Ok(())
        }
        Err(e) => {
            let e = CoreError::from(e);
            if let Some(m) = e.message() {
                record(
                    svc.db.conn(),
                    t.id,
                    now,
                    TaskStep::VerifyRefused,
                    None,
                    m,
                    None,
                )
                .await?;
            }
            Err(e)
        }
    }
}
