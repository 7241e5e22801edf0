//! The fast-registration results WeChat pushed (enterprise, personal, beta creation and beta
//! verification), parsed on the server from the stored pushes.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::shared::{Bi, PageInfo};
use crate::error::AppError;

/// Results per page.
pub const REGISTRATIONS_PER_PAGE: u64 = 20;

/// One result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationItem {
    pub event_id: i64,
    pub platform_name: String,
    /// The push's `InfoType`.
    pub info_type: String,
    pub received_at: String,
    /// WeChat's `status` (0 = success); `None` when the push could not be read.
    pub status: Option<i64>,
    /// What the status means.
    pub status_text: Bi,
    pub msg: Option<String>,
    /// The new mini program.
    pub appid: Option<String>,
    pub name: Option<String>,
    pub code: Option<String>,
    pub legal_persona_name: Option<String>,
    pub wxuser: Option<String>,
    pub taskid: Option<String>,
    pub unique_id: Option<String>,
    /// The push carried an authorization code (exchanged by the console, never shown).
    pub has_auth_code: bool,
    /// The event's processing status.
    pub processing_status: String,
    pub processing_result: Option<Bi>,
    pub parse_error: Option<String>,
}

impl RegistrationItem {
    /// WeChat reported success.
    pub fn success(&self) -> bool {
        self.status == Some(0)
    }
}

/// A page of results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationListPage {
    pub page: PageInfo,
    pub items: Vec<RegistrationItem>,
}

/// What WeChat's `status` of a fast-registration result means: the codes of the official
/// fast-registration documentation (task states, business-registry checks, limits and
/// blacklists). Unknown codes say so.
pub fn status_meaning(status: i64) -> Bi {
    let (zh, en) = match status {
        0 => ("成功", "Succeeded"),
        1 => (
            "任务超时，未在 24 小时内完成",
            "The task timed out (not completed within 24 hours)",
        ),
        2 => (
            "法人或用户拒绝了注册",
            "The legal person or user rejected the registration",
        ),
        5 => ("人脸识别失败", "Face verification failed"),
        8 => ("手机号验证失败", "Phone number verification failed"),
        11 => ("小程序创建失败", "Creating the mini program failed"),
        14 => (
            "企业信息校验失败",
            "The enterprise information check failed",
        ),
        100_001 => (
            "法人未在 24 小时内确认，未进行身份证校验",
            "The legal person did not confirm within 24 hours (no ID card check)",
        ),
        100_002 => (
            "法人未在 24 小时内确认，未进行人脸识别校验",
            "The legal person did not confirm within 24 hours (no face verification)",
        ),
        100_003 => (
            "法人未在 24 小时内确认",
            "The legal person did not confirm within 24 hours",
        ),
        101 => (
            "工商数据返回：企业已注销",
            "Business registry: the enterprise is deregistered",
        ),
        102 => (
            "工商数据返回：企业不存在或企业信息未更新",
            "Business registry: the enterprise does not exist or its data is not updated yet",
        ),
        103 => (
            "工商数据返回：企业法定代表人姓名不一致",
            "Business registry: the legal representative's name does not match",
        ),
        104 => (
            "工商数据返回：企业法定代表人身份证号码不一致",
            "Business registry: the legal representative's ID number does not match",
        ),
        105 => (
            "法定代表人身份证号码在工商数据中未更新，请 5 至 15 个工作日后再试",
            "The legal representative's ID number is not updated in the registry yet; retry in 5 to 15 working days",
        ),
        1000 => (
            "工商数据返回：企业信息或法定代表人信息不一致",
            "Business registry: the enterprise or legal representative data does not match",
        ),
        1001 => (
            "主体创建小程序数量达到上限",
            "The entity has reached its limit of mini programs",
        ),
        1002 => ("主体违规，命中黑名单", "The entity is blacklisted"),
        1003 => (
            "管理员绑定账号数量达到上限",
            "The administrator has reached the limit of bound accounts",
        ),
        1004 => ("管理员违规，命中黑名单", "The administrator is blacklisted"),
        1005 => (
            "管理员手机绑定账号数量达到上限",
            "The administrator's phone number has reached its limit of accounts",
        ),
        1006 => (
            "管理员手机号违规，命中黑名单",
            "The administrator's phone number is blacklisted",
        ),
        1007 => (
            "管理员身份证创建账号数量达到上限",
            "The administrator's ID card has reached its limit of accounts",
        ),
        1008 => (
            "管理员身份证违规，命中黑名单",
            "The administrator's ID card is blacklisted",
        ),
        _ => {
            return Bi::new(
                format!("错误码 {status}（含义未收录，请参考微信文档或 msg 字段）"),
                format!(
                    "Error code {status} (meaning not listed; see WeChat's documentation or the msg field)"
                ),
            );
        }
    };
    Bi::new(zh, en)
}

/// One page of the tenant's fast-registration results, newest first.
#[server(prefix = "/api", endpoint = "registrations/list")]
pub async fn list_registrations(page: Option<String>) -> Result<RegistrationListPage, AppError> {
    use crate::api::format_time;
    use crate::api::shared::server::parse_opt;
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::events;

    let ctx = require(Permission::View).await?;
    let page = parse_opt(page, "页码", "page")?.unwrap_or(1);
    let p = events::registration_results(
        &ctx.state.services,
        ctx.tenant_id,
        page,
        REGISTRATIONS_PER_PAGE,
    )
    .await?;
    Ok(RegistrationListPage {
        page: PageInfo {
            total: p.total,
            page: p.page,
            per_page: p.per_page,
        },
        items: p
            .items
            .into_iter()
            .map(|r| RegistrationItem {
                event_id: r.event_id,
                platform_name: r.component_name,
                info_type: r.info_type,
                received_at: format_time(r.received_at),
                status: r.status,
                status_text: match r.status {
                    Some(s) => status_meaning(s),
                    None => Bi::new("无法解析", "Unreadable"),
                },
                msg: r.msg,
                appid: r.appid,
                name: r.name,
                code: r.code,
                legal_persona_name: r.legal_persona_name,
                wxuser: r.wxuser,
                taskid: r.taskid,
                unique_id: r.unique_id,
                has_auth_code: r.has_auth_code,
                processing_status: r.processing_status,
                processing_result: r.processing_result.map(Into::into),
                parse_error: r.parse_error,
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::status_meaning;

    #[test]
    fn statuses_have_meanings_and_unknown_ones_say_so() {
        assert_eq!(status_meaning(0).zh, "成功");
        assert!(status_meaning(1001).zh.contains("上限"));
        assert!(status_meaning(424_242).zh.contains("424242"));
    }
}
