//! Resetting a quota: at most [`RESETS_PER_MONTH`] a calendar month (China time) per account,
//! shared by every reset call (WeChat answers 48006 beyond). The console counts its own resets
//! from the audit log, so that the confirmation can say how many are left; resets made elsewhere
//! (another tool with the same appsecret) are not seen, so WeChat's 48006 stays the final word.

use chrono::{Datelike, TimeZone};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use super::{QuotaSubject, resolve, with_token};
use crate::audit::entity as audit;
use crate::error::{CoreError, CoreResult};
use crate::message::Bi;
use crate::platforms;
use crate::services::Services;
use crate::{AuditAction, TenantId};

/// Quota resets WeChat allows per account and calendar month (reference C.3, 48006).
pub const RESETS_PER_MONTH: u32 = 10;

/// This month's resets of one account by this console.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ResetBudget {
    pub used: u32,
    pub left: u32,
}

/// A reset done: what to write in the audit log (the count relies on this target).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reset {
    pub target: String,
    pub detail: Bi,
    pub budget: ResetBudget,
}

/// The start of the current calendar month in China (UTC+8), in Unix ms.
pub(crate) fn month_start_ms(now_ms: i64) -> i64 {
    let Some(cst) = chrono::FixedOffset::east_opt(8 * 3600) else {
        return now_ms;
    };
    let Some(now) = cst.timestamp_millis_opt(now_ms).single() else {
        return now_ms;
    };
    cst.with_ymd_and_hms(now.year(), now.month(), 1, 0, 0, 0)
        .single()
        .map_or(now_ms, |d| d.timestamp_millis())
}

/// The audit target of a reset: ends with "(appid)", which the count matches.
fn ends_with_appid(appid: &str) -> String {
    format!("%({appid})")
}

/// How many resets this console made for the subject this month, and how many are left.
pub async fn reset_budget(
    svc: &Services,
    tenant_id: TenantId,
    subject: QuotaSubject,
) -> CoreResult<ResetBudget> {
    let r = resolve(svc, tenant_id, subject).await?;
    budget_of(svc, tenant_id, r.appid()).await
}

async fn budget_of(svc: &Services, tenant_id: TenantId, appid: &str) -> CoreResult<ResetBudget> {
    let used = audit::Entity::find()
        .filter(audit::Column::TenantId.eq(tenant_id))
        .filter(audit::Column::Action.eq(AuditAction::QuotaCleared))
        .filter(audit::Column::At.gte(month_start_ms(svc.now())))
        .filter(audit::Column::Target.like(ends_with_appid(appid)))
        .count(svc.db.conn())
        .await?;
    let used = u32::try_from(used).unwrap_or(u32::MAX);
    Ok(ResetBudget {
        used,
        left: RESETS_PER_MONTH.saturating_sub(used),
    })
}

/// Resets every quota of the subject: `component/clear_quota/v2` with the appsecret for a
/// platform, `cgi-bin/clear_quota` with the authorizer's token for an authorizer. Refused
/// without calling WeChat when this console alone already used this month's resets.
pub async fn reset(
    svc: &Services,
    tenant_id: TenantId,
    subject: QuotaSubject,
) -> CoreResult<Reset> {
    let r = resolve(svc, tenant_id, subject).await?;
    let before = budget_of(svc, tenant_id, r.appid()).await?;
    if before.left == 0 {
        return Err(CoreError::Conflict(Bi::new(
            format!(
                "{} 本月的 {RESETS_PER_MONTH} 次清零已用完，下个月才能再清零",
                r.label
            ),
            format!(
                "{} has used this month's {RESETS_PER_MONTH} quota resets; the next reset is possible next month",
                r.label
            ),
        )));
    }
    match &r.authorizer {
        None => {
            let (appid, secret) = platforms::credentials(svc, &r.platform)?;
            svc.wechat
                .clear_quota_v2(&appid, &secret, None)
                .await
                .map_err(|e| crate::tokens::api_error_to_core(&e))?;
        }
        Some(appid) => {
            with_token(svc, &r, |t| {
                let appid = appid.clone();
                async move { svc.wechat.clear_quota(&t, &appid).await }
            })
            .await?;
        }
    }
    let budget = ResetBudget {
        used: before.used + 1,
        left: before.left - 1,
    };
    Ok(Reset {
        target: r.label.clone(),
        detail: Bi::new(
            format!("API 调用次数已清零（本月剩余 {} 次）", budget.left),
            format!("API quota reset ({} left this month)", budget.left),
        ),
        budget,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_start_at_midnight_china_time() {
        // 2024-02-29 16:30 UTC is 2024-03-01 00:30 in China.
        let t = 1_709_224_200_000;
        // 2024-03-01 00:00 China = 2024-02-29 16:00 UTC.
        assert_eq!(month_start_ms(t), 1_709_222_400_000);
        // 2024-02-29 15:59 UTC is still February in China.
        assert_eq!(month_start_ms(1_709_222_340_000), 1_706_716_800_000);
    }
}
