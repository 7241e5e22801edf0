//! Exchanging an authorization code with `api_query_auth`, exactly once across the redirect page,
//! the `authorized` event and every instance: the first to insert the claim row exchanges, the
//! others wait for its outcome.

use std::time::Duration;

use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use wxopen::Secret;

use super::code_hash;
use super::entity::exchange;
use crate::authorizers::entity::authorizer;
use crate::authorizers::store;
use crate::db::is_unique_violation;
use crate::error::{CoreError, CoreResult};
use crate::message::Bi;
use crate::platforms::{self, entity as component};
use crate::services::Services;
use crate::tokens;
use crate::tokens::{CallError, api_error_to_core};

/// A claim older than this (its process died mid-exchange) may be taken over.
const CLAIM_STALE_MS: i64 = 60_000;
/// How long the second path waits for the first to finish.
const WAIT_MS: i64 = 20_000;

/// The authorizer an authorization code belonged to.
#[derive(Clone, Debug)]
pub struct Exchanged {
    pub authorizer: authorizer::Model,
    /// Whether this call performed the exchange (false: another path already had).
    pub performed: bool,
    /// Whether the account was already authorized (a re-authorization: `updateauthorized`).
    pub reauthorized: bool,
}

impl Exchanged {
    /// The outcome as WeChat names it.
    pub fn outcome(&self) -> &'static str {
        if self.reauthorized {
            "updateauthorized"
        } else {
            "authorized"
        }
    }
}

/// The longest authorization code accepted.
pub const MAX_CODE_LEN: usize = 512;

/// Whether `code` could be an authorization code WeChat issued; anything else is refused before
/// it costs a claim row or a WeChat call (the redirect page is anonymous).
///
/// WeChat documents no exact format. The codes seen are `queryauthcode@@@` followed by
/// base64url-like characters (reference B18; the sandbox issues 102 characters of that shape),
/// so the rule is deliberately looser than that shape, to never refuse a real code whose body
/// WeChat changes: 1 to 512 characters of ASCII letters, digits and `@ - _ . ~ + / =` (the
/// base64 alphabets and their padding). It still refuses what only a forger sends: spaces,
/// control characters, quotes, markup, non-ASCII text and huge values.
pub fn plausible_code(code: &str) -> bool {
    (1..=MAX_CODE_LEN).contains(&code.len())
        && code.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(b, b'@' | b'-' | b'_' | b'.' | b'~' | b'+' | b'/' | b'=')
        })
}

/// Exchanges `code` for platform `c`, or waits for the path that already is.
pub async fn exchange_code(
    svc: &Services,
    c: &component::Model,
    code: &Secret,
) -> CoreResult<Exchanged> {
    if !plausible_code(code.expose()) {
        return Err(malformed_code());
    }
    let hash = code_hash(c.id, code.expose());
    let now = svc.now();
    let claim = exchange::ActiveModel {
        component_id: Set(c.id),
        code_hash: Set(hash.clone()),
        claimed_by: Set(svc.instance_id.clone()),
        claimed_at: Set(now),
        status: Set("running".into()),
        ..Default::default()
    }
    .insert(svc.db.conn())
    .await;
    let claim_id = match claim {
        Ok(row) => row.id,
        Err(e) if is_unique_violation(&e) => match wait_for_outcome(svc, c, &hash).await? {
            Outcome::Done(authorizer, reauthorized) => {
                return Ok(Exchanged {
                    authorizer: *authorizer,
                    performed: false,
                    reauthorized,
                });
            }
            Outcome::TakenOver(id) => id,
        },
        Err(e) => return Err(e.into()),
    };
    match perform(svc, c, code).await {
        Ok((authorizer, reauthorized)) => {
            let ex = Exchanged {
                authorizer,
                performed: true,
                reauthorized,
            };
            finish(
                svc,
                claim_id,
                "done",
                Some((&ex.authorizer.appid, ex.outcome())),
                None,
            )
            .await?;
            Ok(ex)
        }
        Err(e) if e.is_retryable() => {
            // WeChat may not have seen the code: let the next attempt (retry, or the other
            // path) claim it again.
            exchange::Entity::delete_by_id(claim_id)
                .exec(svc.db.conn())
                .await?;
            Err(e)
        }
        Err(e) => {
            // Kept for the other path and for reloads of the redirect page, which may show it:
            // WeChat's explained answer, or only a reference to the logged details.
            finish(svc, claim_id, "failed", None, Some(&e.public_message())).await?;
            Err(e)
        }
    }
}

/// What a code that cannot be WeChat's is answered.
pub fn malformed_code() -> CoreError {
    CoreError::Invalid(Bi::new(
        "授权码格式不正确",
        "The authorization code is malformed",
    ))
}

/// A failure before WeChat saw the code: no component token (none yet, or refreshes backing
/// off), no ticket, our own configuration. The code is unspent and stays usable until it expires,
/// so the exchange must stay retryable (the event worker backs off and tries again) rather than
/// end the claim for good.
fn unspent(e: CoreError) -> CoreError {
    if e.is_retryable() {
        e
    } else {
        CoreError::Unavailable(e.public_message())
    }
}

/// Exchanges the code; returns the authorizer and whether it was already authorized.
async fn perform(
    svc: &Services,
    c: &component::Model,
    code: &Secret,
) -> CoreResult<(authorizer::Model, bool)> {
    let (component_appid, _) = platforms::credentials(svc, c).map_err(unspent)?;
    let qa = tokens::with_component_token(svc, c.id, |cat| {
        let component_appid = &component_appid;
        async move { svc.wechat.query_auth(&cat, component_appid, code).await }
    })
    .await
    .map_err(|e| match e {
        CallError::Token(e) => unspent(e),
        CallError::Api(e) => api_error_to_core(&e),
    })?;
    let up = store::upsert_authorization(svc, c, &qa.authorization_info).await?;
    // The profile is best effort: the authorization itself is recorded either way.
    let authorizer = match crate::authorizers::fetch_info_pub(svc, c, &up.authorizer).await {
        Ok(updated) => updated,
        Err(e) => {
            tracing::warn!(authorizer = %up.authorizer.appid, "authorizer_info after authorization failed: {e}");
            up.authorizer
        }
    };
    Ok((authorizer, up.was_authorized))
}

async fn finish(
    svc: &Services,
    claim_id: i64,
    status: &str,
    done: Option<(&str, &str)>,
    error: Option<&Bi>,
) -> CoreResult<()> {
    exchange::Entity::update_many()
        .col_expr(exchange::Column::Status, Expr::value(status))
        .col_expr(
            exchange::Column::AuthorizerAppid,
            Expr::value(done.map(|d| d.0.to_string())),
        )
        .col_expr(
            exchange::Column::Outcome,
            Expr::value(done.map(|d| d.1.to_string())),
        )
        .col_expr(
            exchange::Column::ErrorZh,
            Expr::value(error.map(|m| m.zh.to_string())),
        )
        .col_expr(
            exchange::Column::ErrorEn,
            Expr::value(error.map(|m| m.en.to_string())),
        )
        .col_expr(exchange::Column::FinishedAt, Expr::value(svc.now()))
        .filter(exchange::Column::Id.eq(claim_id))
        .exec(svc.db.conn())
        .await?;
    Ok(())
}

enum Outcome {
    Done(Box<authorizer::Model>, bool),
    TakenOver(i64),
}

async fn wait_for_outcome(svc: &Services, c: &component::Model, hash: &str) -> CoreResult<Outcome> {
    let deadline = svc.now() + WAIT_MS;
    loop {
        let Some(row) = exchange::Entity::find()
            .filter(exchange::Column::ComponentId.eq(c.id))
            .filter(exchange::Column::CodeHash.eq(hash))
            .one(svc.db.conn())
            .await?
        else {
            // The other attempt failed transiently and released its claim: our turn.
            return Err(CoreError::Unavailable(Bi::new(
                "授权码交换失败，正在重试",
                "Exchanging the authorization code failed; retrying",
            )));
        };
        match row.status.as_str() {
            "done" => {
                let appid = row.authorizer_appid.unwrap_or_default();
                let a = store::find(svc, c.id, &appid)
                    .await?
                    .ok_or(CoreError::NotFound("authorizer"))?;
                let reauthorized = row.outcome.as_deref() == Some("updateauthorized");
                return Ok(Outcome::Done(Box::new(a), reauthorized));
            }
            "failed" => {
                return Err(CoreError::Upstream(Bi::new(
                    row.error_zh.unwrap_or_default(),
                    row.error_en.unwrap_or_default(),
                )));
            }
            _ => {}
        }
        let now = svc.now();
        if row.claimed_at < now - CLAIM_STALE_MS {
            let won = exchange::Entity::update_many()
                .col_expr(
                    exchange::Column::ClaimedBy,
                    Expr::value(svc.instance_id.clone()),
                )
                .col_expr(exchange::Column::ClaimedAt, Expr::value(now))
                .filter(exchange::Column::Id.eq(row.id))
                .filter(exchange::Column::Status.eq("running"))
                .filter(exchange::Column::ClaimedAt.lt(now - CLAIM_STALE_MS))
                .exec(svc.db.conn())
                .await?;
            if won.rows_affected == 1 {
                return Ok(Outcome::TakenOver(row.id));
            }
        }
        if now > deadline {
            return Err(CoreError::Upstream(Bi::new(
                "授权码正在由另一个请求处理，请稍后刷新页面查看结果",
                "The authorization code is being exchanged by another request; refresh shortly to see the result",
            )));
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::{MAX_CODE_LEN, plausible_code};

    #[test]
    fn codes_of_wechats_shape_pass_and_forgeries_do_not() {
        for ok in [
            "queryauthcode@@@cnm9l8FNRuKrxLqwUo7CJxfVrOdPdh5UFHEqHUPd_zR4RNuBR-8i1UVMFx7LWaVjZw",
            "queryauthcode@@@abc+/=.~",
            "x",
        ] {
            assert!(plausible_code(ok), "{ok}");
        }
        assert!(plausible_code(&"a".repeat(MAX_CODE_LEN)));
        for bad in [
            "",
            "queryauthcode@@@ a",
            "<script>",
            "授权码",
            "a\u{0}",
            "a\nb",
            "'--",
            "%41",
        ] {
            assert!(!plausible_code(bad), "{bad:?}");
        }
        assert!(!plausible_code(&"a".repeat(MAX_CODE_LEN + 1)));
    }
}
