//! The messages page: what authorizers' users sent and the events of their accounts, newest
//! first, with what became of each (replied, forwarded, retrying), per platform and authorizer.

use std::collections::HashMap;

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use wxopen::push::{AuthorizerMessage, MessageKind};

use super::{JobStatus, MessageJob, entity, payload_context};
use crate::error::{CoreError, CoreResult};
use crate::message::Bi;
use crate::platforms::entity as component;
use crate::services::Services;
use crate::{ListPage, MessageId, PageInfo, PlatformId, TenantId};

/// Filters of the messages page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MessageFilter {
    pub component_id: Option<PlatformId>,
    pub authorizer_appid: Option<String>,
    /// `MsgType` (`text`, `image`, `event`, …).
    pub msg_type: Option<String>,
    pub status: Option<JobStatus>,
    pub page: u64,
    pub per_page: u64,
}

/// One message as the list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageRow {
    pub id: MessageId,
    pub component_id: PlatformId,
    pub component_name: String,
    pub authorizer_appid: String,
    pub msg_type: String,
    pub event: Option<String>,
    pub from_user: String,
    /// A short, safe summary: a text's content (codes masked), an event's name and key, or the
    /// media kind.
    pub summary: String,
    pub create_time: i64,
    pub received_at: i64,
    pub release_test: Option<String>,
    /// A passive reply went back to WeChat.
    pub replied: bool,
    pub job: MessageJob,
    pub status: JobStatus,
    pub attempts: i32,
    pub http_status: Option<i32>,
    pub note: Option<Bi>,
    pub next_attempt_at: Option<i64>,
    pub done_at: Option<i64>,
}

fn summary(xml: &str) -> String {
    let Ok(m) = AuthorizerMessage::parse(xml) else {
        return String::new();
    };
    let text = match &m.kind {
        MessageKind::Text { content } => match content.strip_prefix("QUERY_AUTH_CODE:") {
            Some(code) => format!(
                "QUERY_AUTH_CODE:{}…(masked)",
                code.chars().take(8).collect::<String>()
            ),
            None => content.clone(),
        },
        MessageKind::Event { event, event_key } => match event_key.as_deref() {
            Some(k) if !k.is_empty() => format!("{event} · {k}"),
            _ => event.clone(),
        },
        MessageKind::Other => m
            .field("PicUrl")
            .or_else(|| m.field("Title"))
            .or_else(|| m.field("Label"))
            .map(str::to_string)
            .unwrap_or_else(|| m.msg_type.clone()),
    };
    let mut out: String = text.chars().take(120).collect();
    if text.chars().count() > 120 {
        out.push('…');
    }
    out
}

/// One page of `tenant_id`'s messages.
pub async fn list(
    svc: &Services,
    tenant_id: TenantId,
    f: &MessageFilter,
) -> CoreResult<ListPage<MessageRow>> {
    let asked = PageInfo::asked(f.page, f.per_page);
    let mut cond = Condition::all().add(entity::Column::TenantId.eq(tenant_id));
    if let Some(c) = f.component_id {
        cond = cond.add(entity::Column::ComponentId.eq(c));
    }
    if let Some(a) = f.authorizer_appid.as_deref().filter(|a| !a.is_empty()) {
        cond = cond.add(entity::Column::AuthorizerAppid.eq(a));
    }
    if let Some(t) = f.msg_type.as_deref().filter(|t| !t.is_empty()) {
        cond = cond.add(entity::Column::MsgType.eq(t));
    }
    if let Some(s) = f.status {
        cond = cond.add(entity::Column::Status.eq(s.as_str()));
    }
    let total = entity::Entity::find()
        .filter(cond.clone())
        .count(svc.db.conn())
        .await?;
    let rows = entity::Entity::find()
        .filter(cond)
        .order_by_desc(entity::Column::Id)
        .offset(asked.offset())
        .limit(asked.per_page)
        .all(svc.db.conn())
        .await?;
    let mut names: HashMap<PlatformId, String> = HashMap::new();
    let ids: Vec<PlatformId> = rows.iter().map(|r| r.component_id).collect();
    if !ids.is_empty() {
        for (id, name) in component::Entity::find()
            .select_only()
            .column(component::Column::Id)
            .column(component::Column::Name)
            .filter(component::Column::Id.is_in(ids))
            .into_tuple::<(PlatformId, String)>()
            .all(svc.db.conn())
            .await?
        {
            names.insert(id, name);
        }
    }
    let mut items = Vec::with_capacity(rows.len());
    for r in rows {
        let xml = svc
            .secrets
            .open(&payload_context(&r.dedupe_key), &r.payload_enc)
            .map_err(CoreError::from)?;
        items.push(MessageRow {
            id: r.id,
            component_id: r.component_id,
            component_name: names.get(&r.component_id).cloned().unwrap_or_default(),
            summary: summary(xml.expose()),
            authorizer_appid: r.authorizer_appid,
            msg_type: r.msg_type,
            event: r.event,
            from_user: r.from_user,
            create_time: r.create_time,
            received_at: r.received_at,
            release_test: r.release_test,
            replied: r.reply_enc.is_some(),
            job: MessageJob::parse(&r.job).unwrap_or(MessageJob::None),
            status: JobStatus::parse(&r.status).unwrap_or(JobStatus::None),
            attempts: r.attempts,
            http_status: r.http_status,
            note: r.last_error.as_deref().map(Bi::from_stored),
            next_attempt_at: r.next_attempt_at,
            done_at: r.done_at,
        });
    }
    Ok(ListPage {
        page: asked.with_total(total),
        items,
    })
}

/// Staff asked to deliver a message again now (after fixing their webhook): a forward that is
/// waiting or was given up becomes due at once.
pub async fn retry_now(svc: &Services, tenant_id: TenantId, id: MessageId) -> CoreResult<()> {
    let row = entity::Entity::find_by_id(id)
        .filter(entity::Column::TenantId.eq(tenant_id))
        .one(svc.db.conn())
        .await?
        .ok_or(CoreError::NotFound("message"))?;
    if MessageJob::parse(&row.job) != Some(MessageJob::Forward) {
        return Err(CoreError::Invalid(Bi::new(
            "这条消息不需要转发",
            "This message is not one to forward",
        )));
    }
    entity::Entity::update_many()
        .col_expr(
            entity::Column::Status,
            Expr::value(JobStatus::Pending.as_str()),
        )
        .col_expr(entity::Column::NextAttemptAt, Expr::value(svc.now()))
        .filter(entity::Column::Id.eq(id))
        .filter(
            entity::Column::Status.is_in([JobStatus::Pending.as_str(), JobStatus::Failed.as_str()]),
        )
        .exec(svc.db.conn())
        .await?;
    svc.message_notify.notify_one();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::summary;

    #[test]
    fn summaries_are_short_and_mask_codes() {
        let xml = |body: &str| {
            format!(
                "<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime>{body}</xml>"
            )
        };
        assert_eq!(
            summary(&xml(
                "<MsgType>text</MsgType><Content>QUERY_AUTH_CODE:queryauthcode@@@secret</Content>"
            )),
            "QUERY_AUTH_CODE:queryaut…(masked)"
        );
        assert_eq!(
            summary(&xml(
                "<MsgType>event</MsgType><Event>subscribe</Event><EventKey>qrscene_1</EventKey>"
            )),
            "subscribe · qrscene_1"
        );
        let long = "长".repeat(300);
        let s = summary(&xml(&format!(
            "<MsgType>text</MsgType><Content>{long}</Content>"
        )));
        assert_eq!(s.chars().count(), 121);
    }
}

/// How the console answered WeChat's latest release test (全网发布) of a platform.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReleaseTestSummary {
    /// When its last message arrived.
    pub last_at: i64,
    /// Each case seen (`text`, `mini_program_text`, `query_auth_code`, `event`) and whether it
    /// was answered (`None`: still being answered).
    pub cases: Vec<(String, Option<bool>)>,
}

/// The latest release test of a platform: its messages within ten minutes of the last one.
pub async fn release_test_summary(
    svc: &Services,
    component_id: PlatformId,
) -> CoreResult<Option<ReleaseTestSummary>> {
    let rows = entity::Entity::find()
        .filter(entity::Column::ComponentId.eq(component_id))
        .filter(entity::Column::ReleaseTest.is_not_null())
        .order_by_desc(entity::Column::Id)
        .limit(30)
        .all(svc.db.conn())
        .await?;
    let Some(last_at) = rows.first().map(|r| r.received_at) else {
        return Ok(None);
    };
    let mut cases: Vec<(String, Option<bool>)> = Vec::new();
    for r in rows
        .iter()
        .filter(|r| last_at - r.received_at <= 10 * 60_000)
    {
        let Some(case) = r.release_test.clone() else {
            continue;
        };
        if cases.iter().any(|(c, _)| *c == case) {
            continue;
        }
        let answered = match JobStatus::parse(&r.status) {
            Some(JobStatus::Done | JobStatus::None) => Some(true),
            Some(JobStatus::Failed) => Some(false),
            _ => None,
        };
        cases.push((case, answered));
    }
    cases.sort();
    Ok(Some(ReleaseTestSummary { last_at, cases }))
}
