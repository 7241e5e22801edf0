//! Sending: each delivery is claimed with a lease (a compare-and-set, so one instance sends it),
//! POSTed as JSON with the webhook client (no redirects, a timeout), and recorded. A failure is
//! tried again with backoff (30 s doubling to 30 minutes, [`MAX_ATTEMPTS`] tries, then `failed`)
//! and shown on the channel (`last_delivery_ok`, the reason). Errors never hold the URL: reqwest
//! errors are stripped of it and a robot's answer is cut to its error code and message.

use console_types::{ChannelKind, DeliveryEvent, DeliveryState};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::channels::url_of;
use super::entity::{channel, delivery, incident};
use super::message::{AlertMessage, for_incident, payload, test_message};
use crate::error::CoreResult;
use crate::message::Bi;
use crate::queue::backoff_ms;
use crate::services::Services;

/// Tries per delivery; with the backoff the last comes about half an hour after the first.
pub const MAX_ATTEMPTS: i32 = 6;
/// How long a claimed delivery is ours (longer than the webhook client's timeout).
const LEASE_MS: i64 = 60_000;
/// Deliveries sent per round.
const BATCH: u64 = 32;
const BACKOFF_BASE_MS: i64 = 30_000;
const BACKOFF_MAX_MS: i64 = 30 * 60 * 1000;

/// Sends every delivery that is due; returns how many were sent and how many failed this round.
pub async fn deliver_due(svc: &Services) -> CoreResult<(usize, usize)> {
    let now = svc.now();
    let due = delivery::Entity::find()
        .filter(delivery::Column::State.eq(DeliveryState::Pending))
        .filter(delivery::Column::NextAttemptAt.lte(now))
        .filter(free(now))
        .order_by_asc(delivery::Column::Id)
        .limit(BATCH)
        .all(svc.db.conn())
        .await?;
    let (mut sent, mut failed) = (0, 0);
    for d in due {
        match deliver_one(svc, &d).await? {
            Some(true) => sent += 1,
            Some(false) => failed += 1,
            None => {}
        }
    }
    Ok((sent, failed))
}

fn free(now: i64) -> Condition {
    Condition::any()
        .add(delivery::Column::LeaseUntil.is_null())
        .add(delivery::Column::LeaseUntil.lt(now))
}

/// Claims and sends one delivery: `None` if another instance holds it or it is done.
pub(crate) async fn deliver_one(svc: &Services, d: &delivery::Model) -> CoreResult<Option<bool>> {
    let now = svc.now();
    let claimed = delivery::Entity::update_many()
        .col_expr(
            delivery::Column::LeaseOwner,
            Expr::value(svc.instance_id.clone()),
        )
        .col_expr(delivery::Column::LeaseUntil, Expr::value(now + LEASE_MS))
        .filter(delivery::Column::Id.eq(d.id))
        .filter(delivery::Column::State.eq(DeliveryState::Pending))
        .filter(free(now))
        .exec(svc.db.conn())
        .await?;
    if claimed.rows_affected == 0 {
        return Ok(None);
    }
    let Some(ch) = channel::Entity::find_by_id(d.channel_id)
        .one(svc.db.conn())
        .await?
    else {
        let gone = Bi::new("渠道已删除", "The channel was removed");
        finish(svc, d, DeliveryState::Failed, Some(&gone), None).await?;
        return Ok(Some(false));
    };
    let message = match d.incident_id {
        Some(id) => match incident::Entity::find_by_id(id).one(svc.db.conn()).await? {
            Some(i) => for_incident(&i, d.event, &svc.public_base_url),
            None => {
                let gone = Bi::new("告警事件已不存在", "The incident no longer exists");
                finish(svc, d, DeliveryState::Failed, Some(&gone), None).await?;
                return Ok(Some(false));
            }
        },
        None => test_message(&ch.name, &svc.public_base_url),
    };
    let outcome = send(svc, &ch, &message).await;
    let attempts = d.attempts + 1;
    match outcome {
        Ok(()) => {
            finish(svc, d, DeliveryState::Sent, None, None).await?;
            record_on_channel(svc, &ch, None).await?;
            Ok(Some(true))
        }
        Err(why) => {
            tracing::warn!(
                delivery = d.id,
                channel = %ch.id,
                kind = %ch.kind,
                attempts,
                "alert delivery failed: {}",
                why.en
            );
            let last = attempts >= MAX_ATTEMPTS || d.event == DeliveryEvent::Test;
            let (state, next) = if last {
                (DeliveryState::Failed, None)
            } else {
                (
                    DeliveryState::Pending,
                    Some(svc.now() + backoff_ms(attempts, BACKOFF_BASE_MS, BACKOFF_MAX_MS)),
                )
            };
            finish(svc, d, state, Some(&why), next).await?;
            record_on_channel(svc, &ch, Some(&why)).await?;
            Ok(Some(false))
        }
    }
}

/// Writes a delivery's outcome while our lease holds.
async fn finish(
    svc: &Services,
    d: &delivery::Model,
    state: DeliveryState,
    error: Option<&Bi>,
    next_attempt_at: Option<i64>,
) -> CoreResult<()> {
    let now = svc.now();
    let mut update = delivery::Entity::update_many()
        .col_expr(delivery::Column::State, Expr::value(state.as_str()))
        .col_expr(delivery::Column::Attempts, Expr::value(d.attempts + 1))
        .col_expr(
            delivery::Column::NextAttemptAt,
            Expr::value(next_attempt_at),
        )
        .col_expr(
            delivery::Column::LeaseOwner,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            delivery::Column::LeaseUntil,
            Expr::value(Option::<i64>::None),
        )
        .col_expr(
            delivery::Column::LastError,
            Expr::value(error.map(Bi::to_stored)),
        )
        .filter(delivery::Column::Id.eq(d.id))
        .filter(delivery::Column::LeaseOwner.eq(svc.instance_id.clone()));
    if state == DeliveryState::Sent {
        update = update.col_expr(delivery::Column::SentAt, Expr::value(now));
    }
    update.exec(svc.db.conn()).await?;
    Ok(())
}

/// The channel's last delivery, as Settings shows it.
async fn record_on_channel(
    svc: &Services,
    ch: &channel::Model,
    error: Option<&Bi>,
) -> CoreResult<()> {
    channel::Entity::update_many()
        .col_expr(channel::Column::LastDeliveryAt, Expr::value(svc.now()))
        .col_expr(
            channel::Column::LastDeliveryOk,
            Expr::value(error.is_none()),
        )
        .col_expr(
            channel::Column::LastDeliveryError,
            Expr::value(error.map(Bi::to_stored)),
        )
        .filter(channel::Column::Id.eq(ch.id))
        .exec(svc.db.conn())
        .await?;
    Ok(())
}

/// POSTs `m` to the channel; the error says why in both languages, without the URL.
async fn send(svc: &Services, ch: &channel::Model, m: &AlertMessage) -> Result<(), Bi> {
    let url = url_of(svc, ch).map_err(|_| {
        Bi::new(
            "无法解密渠道地址（主密钥不同？）",
            "The channel's URL cannot be decrypted (a different master key?)",
        )
    })?;
    let body = payload(ch.kind, m);
    let resp = svc
        .webhooks
        .post(url.expose())
        .json(&body)
        .send()
        .await
        .map_err(|e| {
            let e = e.without_url();
            let what = if e.is_timeout() {
                Bi::new("请求超时", "the request timed out")
            } else if e.is_connect() {
                Bi::new("无法连接", "cannot connect")
            } else {
                Bi::new("请求失败", "the request failed")
            };
            Bi::new(
                format!("发送失败：{}", what.zh),
                format!("Not delivered: {}", what.en),
            )
        })?;
    let status = resp.status();
    let text = resp.text().await.unwrap_or_default();
    if !status.is_success() {
        return Err(Bi::new(
            format!("对方返回 HTTP {}", status.as_u16()),
            format!("The receiver answered HTTP {}", status.as_u16()),
        ));
    }
    match ch.kind {
        ChannelKind::Webhook => Ok(()),
        _ => robot_answer(&text),
    }
}

/// A robot answers HTTP 200 with its own error code: WeCom and DingTalk `errcode`, Feishu `code`
/// (older `StatusCode`); anything but 0 is a failure.
fn robot_answer(text: &str) -> Result<(), Bi> {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(text) else {
        return Ok(());
    };
    let code = ["errcode", "code", "StatusCode"]
        .iter()
        .find_map(|k| v.get(*k).and_then(serde_json::Value::as_i64))
        .unwrap_or(0);
    if code == 0 {
        return Ok(());
    }
    let msg: String = ["errmsg", "msg", "StatusMessage"]
        .iter()
        .find_map(|k| v.get(*k).and_then(serde_json::Value::as_str))
        .unwrap_or_default()
        .chars()
        .take(120)
        .collect();
    // A robot's message may quote the request; keep only text before any URL.
    let msg = msg
        .split("http")
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    Err(Bi::new(
        format!("机器人拒绝：错误码 {code} {msg}"),
        format!("The robot refused: error {code} {msg}"),
    ))
}

#[cfg(test)]
mod tests {
    use super::robot_answer;

    #[test]
    fn robot_error_codes_are_failures() {
        assert!(robot_answer(r#"{"errcode":0,"errmsg":"ok"}"#).is_ok());
        assert!(robot_answer(r#"{"code":0,"msg":"success"}"#).is_ok());
        let e = robot_answer(
            r#"{"errcode":93000,"errmsg":"invalid webhook url, hint: [x], more info at https://open.work.weixin.qq.com/devtool/query?e=93000"}"#,
        )
        .unwrap_err();
        assert!(e.en.contains("93000"));
        assert!(!e.en.contains("https"));
        assert!(robot_answer(r#"{"code":19001,"msg":"param invalid"}"#).is_err());
    }
}
