//! Every push the tenant's platforms received, and the counters of refused pushes.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::shared::{Bi, ListPage};
use crate::error::AppError;
use crate::i18n::{Text, tr};
use console_types::{EventId, EventStatus, PlatformId};

use super::query::{Day, Hour};

/// Events per page.
pub const EVENTS_PER_PAGE: u64 = 20;

/// The `InfoType`s WeChat pushes to the authorization-event URL, with their labels.
pub const INFO_TYPES: [(&str, Text); 7] = [
    ("component_verify_ticket", tr::INFO_TICKET),
    ("authorized", tr::INFO_AUTHORIZED),
    ("updateauthorized", tr::INFO_UPDATEAUTHORIZED),
    ("unauthorized", tr::INFO_UNAUTHORIZED),
    ("notify_third_fasteregister", tr::INFO_FASTREGISTER),
    ("notify_third_fastregisterbetaapp", tr::INFO_BETA_REGISTER),
    ("notify_third_fastverifybetaapp", tr::INFO_BETA_VERIFY),
];

/// The label of an `InfoType` (unknown types show as they are).
pub fn info_type_label(info_type: &str) -> Option<Text> {
    INFO_TYPES
        .iter()
        .find(|(t, _)| *t == info_type)
        .map(|(_, label)| *label)
}

/// What a refusal reason means.
pub fn rejection_label(reason: &str) -> Text {
    match reason {
        "unknown_component" => tr::REJ_UNKNOWN_COMPONENT,
        "disabled" => tr::REJ_DISABLED,
        "missing_params" => tr::REJ_MISSING_PARAMS,
        "too_large" => tr::REJ_TOO_LARGE,
        "bad_signature" => tr::REJ_BAD_SIGNATURE,
        "bad_base64" | "bad_ciphertext_length" => tr::REJ_BAD_CIPHERTEXT,
        "bad_key" | "bad_padding" | "too_short" | "bad_length" | "bad_utf8" => tr::REJ_BAD_DECRYPT,
        "appid_mismatch" => tr::REJ_APPID_MISMATCH,
        "bad_xml" => tr::REJ_BAD_XML,
        "internal" => tr::REJ_INTERNAL,
        _ => tr::REJ_OTHER,
    }
}

/// One received push.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventItem {
    pub id: EventId,
    pub platform_id: PlatformId,
    pub platform_name: String,
    pub info_type: String,
    pub authorizer_appid: Option<String>,
    pub received_at: String,
    /// The push's `CreateTime` (WeChat's clock).
    pub create_time: String,
    pub status: EventStatus,
    pub attempts: i32,
    pub result: Option<Bi>,
    /// The decrypted XML, tickets and codes masked.
    pub content: String,
}

/// A counter of refused pushes of one platform.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectionItem {
    pub platform_appid: String,
    pub platform_name: String,
    pub reason: String,
    pub count: i64,
    pub last_at: String,
}

#[cfg(feature = "ssr")]
pub(crate) mod convert {
    use console_core::events::EventRow;

    use super::EventItem;
    use crate::api::format_time;

    /// A stored event as the pages show it.
    pub fn event(r: EventRow) -> EventItem {
        EventItem {
            id: r.id,
            platform_id: r.component_id,
            platform_name: r.component_name,
            info_type: r.info_type,
            authorizer_appid: r.authorizer_appid,
            received_at: format_time(r.received_at),
            create_time: format_time(r.create_time),
            status: r.status,
            attempts: r.attempts,
            result: r.result,
            content: r.content,
        }
    }

    /// Midnight of a `YYYY-MM-DD` date in China Standard Time, as Unix ms.
    pub fn cst_midnight(date: &str) -> Option<i64> {
        use chrono::{FixedOffset, NaiveDate};
        let cst = FixedOffset::east_opt(8 * 3600)?;
        NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
            .ok()?
            .and_hms_opt(0, 0, 0)?
            .and_local_timezone(cst)
            .single()
            .map(|t| t.timestamp_millis())
    }

    #[cfg(test)]
    mod tests {
        use super::cst_midnight;

        #[test]
        fn dates_are_days_in_china_standard_time() {
            // 2026-11-21 00:00 +08:00 = 2026-11-20 16:00 UTC.
            assert_eq!(cst_midnight("2026-11-21"), Some(1_795_190_400_000));
            assert_eq!(cst_midnight("21/11/2026"), None);
        }
    }
}

crate::list_query! {
    /// The events list's filters, as in its URL (`?platform=&type=&from=&to=&page=`): the dates are
    /// days in China Standard Time, both inclusive.
    pub struct EventQuery at "/events" {
        pub platform: PlatformId = "platform",
        /// `InfoType`.
        pub info_type: String = "type",
        pub from: Day = "from",
        pub to: Day = "to",
        /// One hour (the charts' bars link here); with dates, the hour within them.
        pub hour: Hour = "hour",
    }
}

/// One page of the tenant's events, newest first, filtered as the page's URL says.
#[server(prefix = "/api", endpoint = "events/list")]
pub async fn list_events(
    #[server(default)] query: EventQuery,
) -> Result<ListPage<EventItem>, AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::events::{self, EventFilter};

    const DAY_MS: i64 = 24 * 3600 * 1000;
    let ctx = require(Permission::View).await?;
    let svc = &ctx.state.services;
    let day = |d: &Option<Day>| d.as_ref().and_then(|d| convert::cst_midnight(d.as_str()));
    const HOUR_MS: i64 = 3600 * 1000;
    let hour_start = query.hour.as_ref().and_then(|h| {
        convert::cst_midnight(h.day().as_str()).map(|d| d + i64::from(h.hour()) * HOUR_MS)
    });
    let filter = EventFilter {
        component_id: query.platform,
        info_types: query
            .info_type
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .into_iter()
            .collect(),
        authorizer_appid: None,
        from_ms: day(&query.from).into_iter().chain(hour_start).max(),
        to_ms: day(&query.to)
            .map(|t| t + DAY_MS)
            .into_iter()
            .chain(hour_start.map(|h| h + HOUR_MS))
            .min(),
        page: query.page.unwrap_or(1),
        per_page: EVENTS_PER_PAGE,
    };
    let p = events::list(svc, ctx.tenant_id, &filter).await?;
    Ok(p.map(convert::event))
}

/// The refused-push counters of the tenant's platforms (forged or misconfigured pushes).
#[server(prefix = "/api", endpoint = "events/rejections")]
pub async fn list_rejections() -> Result<Vec<RejectionItem>, AppError> {
    use crate::api::format_time;
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::{events, platforms};

    let ctx = require(Permission::View).await?;
    let svc = &ctx.state.services;
    let platforms = platforms::list(svc, ctx.tenant_id).await?;
    Ok(events::rejection_counts(svc, ctx.tenant_id)
        .await?
        .into_iter()
        .map(|(appid, r)| RejectionItem {
            platform_name: platforms
                .iter()
                .find(|p| p.appid == appid)
                .map(|p| p.name.clone())
                .unwrap_or_default(),
            platform_appid: appid,
            reason: r.reason,
            count: r.count,
            last_at: format_time(r.last_at),
        })
        .collect())
}
