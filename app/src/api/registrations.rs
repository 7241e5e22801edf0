//! The fast-registration results WeChat pushed (enterprise, personal, beta creation and beta
//! verification), parsed on the server from the stored pushes.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::shared::{Bi, ListPage};
use crate::error::AppError;
use console_types::{EventId, EventStatus};

/// Results per page.
pub const REGISTRATIONS_PER_PAGE: u64 = 20;

/// One result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationItem {
    pub event_id: EventId,
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
    pub processing_status: EventStatus,
    pub processing_result: Option<Bi>,
    pub parse_error: Option<String>,
}

impl RegistrationItem {
    /// WeChat reported success.
    pub fn success(&self) -> bool {
        self.status == Some(0)
    }
}

/// What WeChat's `status` of a fast-registration result means (`wxopen`'s table); unknown
/// codes say so.
#[cfg(feature = "ssr")]
pub fn status_meaning(status: i64) -> Bi {
    match wxopen::registration::notify_status_meaning(status) {
        Some(m) => Bi::new(m.zh, m.en),
        None => Bi::new(
            format!("错误码 {status}（含义未收录，请参考微信文档或 msg 字段）"),
            format!(
                "Error code {status} (meaning not listed; see WeChat's documentation or the msg field)"
            ),
        ),
    }
}

crate::list_query! {
    /// The registrations list's filters, as in its URL (`?page=`).
    pub struct RegistrationQuery at "/registrations" {

    }
}

/// One page of the tenant's fast-registration results, newest first.
#[server(prefix = "/api", endpoint = "registrations/list")]
pub async fn list_registrations(
    #[server(default)] query: RegistrationQuery,
) -> Result<ListPage<RegistrationItem>, AppError> {
    use crate::api::format_time;
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::events;

    let ctx = require(Permission::View).await?;
    let page = query.page.unwrap_or(1);
    let p = events::registration_results(
        &ctx.state.services,
        ctx.tenant_id,
        page,
        REGISTRATIONS_PER_PAGE,
    )
    .await?;
    Ok(p.map(|r| RegistrationItem {
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
        processing_result: r.processing_result,
        parse_error: r.parse_error,
    }))
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::status_meaning;

    #[test]
    fn statuses_have_meanings_and_unknown_ones_say_so() {
        assert_eq!(status_meaning(0).zh, "成功");
        assert!(status_meaning(1001).zh.contains("上限"));
        assert!(status_meaning(424_242).zh.contains("424242"));
    }
}
