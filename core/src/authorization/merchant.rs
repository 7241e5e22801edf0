//! The merchant's side of a link: opening its page (`/authorize/{token}`, no login) and pressing
//! its button, which takes a **fresh** pre_auth_code and returns WeChat's page to navigate to from
//! this console's host (so that WeChat sees the 授权发起页域名 as the Referer, reference B16). Each
//! press is an attempt, and only the `authorized` event marks it, by its pre_auth_code.
//!
//! Why not the redirect back: WeChat's redirect carries the authorization code and nothing that
//! names the pre_auth_code it came from, and `api_query_auth` does not say either. A value of our
//! own in the redirect URI (a return nonce) proves only that its bearer pressed the button, not
//! that the code came from that press: anyone who authorized an account once could press another
//! link's button, take the redirect URI from WeChat's address, and come back with their own
//! valid code to mark that link as theirs (issue 11, finding 9; a single-use link would be used
//! up). WeChat's `authorized` push, signed and encrypted for the platform, names both the code
//! and its PreAuthCode: the only binding there is.

use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use wxopen::AppId;
use wxopen::links::{AuthLink, AuthTarget, AuthType};

use super::code_hash;
use super::entity::{auth_link, link_attempt};
use super::links::{LinkKind, LinkState, parse_category_ids, target_of, token_hash};
use crate::authorizers::entity::permission;
use crate::authorizers::store;
use crate::error::{CoreError, CoreResult};
use crate::platforms::{self, entity as component};
use crate::services::Services;
use crate::tokens;
use crate::{AccountTypes, LinkTarget};
use crate::{LinkId, PlatformId};

/// At most this many presses per link per hour: each costs a WeChat call with a daily quota.
pub const MAX_ATTEMPTS_PER_HOUR: u64 = 30;

/// A link as its merchant page shows it.
#[derive(Clone, Debug)]
pub struct MerchantLink {
    pub link_id: LinkId,
    pub platform_name: String,
    pub target: LinkTarget,
    /// The permission sets asked for; empty: every set the platform has.
    pub category_ids: Vec<u32>,
    pub expires_at: i64,
    component: component::Model,
}

/// Why a link's page cannot start an authorization. Each is shown to the merchant as a friendly
/// page in Chinese (with English), never as a raw error.
#[derive(Debug, thiserror::Error)]
pub enum LinkUnavailable {
    #[error("no such link")]
    NotFound,
    #[error("the link has expired")]
    Expired,
    #[error("the link was revoked")]
    Revoked,
    #[error("the single-use link was used")]
    UsedUp,
    #[error("the platform is disabled")]
    PlatformDisabled,
    #[error("too many attempts on this link")]
    TooManyAttempts,
    #[error("{0}")]
    Core(#[from] CoreError),
}

impl From<sea_orm::DbErr> for LinkUnavailable {
    fn from(e: sea_orm::DbErr) -> Self {
        LinkUnavailable::Core(e.into())
    }
}

/// A page token is 43 URL-safe base64 characters; anything else is refused before the database.
fn well_formed(token: &str) -> bool {
    token.len() == 43
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The link behind a page token, if it can still be used.
pub async fn open_link(svc: &Services, token: &str) -> Result<MerchantLink, LinkUnavailable> {
    if !well_formed(token) {
        return Err(LinkUnavailable::NotFound);
    }
    let row = auth_link::Entity::find()
        .filter(auth_link::Column::TokenHash.eq(token_hash(token)))
        .one(svc.db.conn())
        .await?
        .ok_or(LinkUnavailable::NotFound)?;
    let used = if row.single_use {
        link_attempt::Entity::find()
            .filter(link_attempt::Column::LinkId.eq(row.id))
            .filter(link_attempt::Column::Status.eq("authorized"))
            .count(svc.db.conn())
            .await?
    } else {
        0
    };
    match LinkState::of(&row, used, svc.now()) {
        LinkState::Active => {}
        LinkState::Expired => return Err(LinkUnavailable::Expired),
        LinkState::Revoked => return Err(LinkUnavailable::Revoked),
        LinkState::UsedUp => return Err(LinkUnavailable::UsedUp),
        LinkState::Legacy => return Err(LinkUnavailable::NotFound),
    }
    let component = component::Entity::find_by_id(row.component_id)
        .one(svc.db.conn())
        .await?
        .ok_or(LinkUnavailable::NotFound)?;
    if !component.enabled {
        return Err(LinkUnavailable::PlatformDisabled);
    }
    Ok(MerchantLink {
        link_id: row.id,
        platform_name: component.name.clone(),
        target: target_of(&row),
        category_ids: parse_category_ids(&row.category_ids),
        expires_at: row.expires_at,
        component,
    })
}

fn wechat_target(target: &LinkTarget) -> AuthTarget {
    match target {
        LinkTarget::Any => AuthTarget::Any,
        LinkTarget::Type { accounts } => AuthTarget::Type(match accounts {
            AccountTypes::OfficialAccounts => AuthType::OfficialAccount,
            AccountTypes::MiniPrograms => AuthType::MiniProgram,
            AccountTypes::Both => AuthType::Both,
            AccountTypes::All => AuthType::All,
        }),
        LinkTarget::Account { appid } => match AppId::parse(appid) {
            Ok(a) => AuthTarget::BizAppId(a),
            // Stored links were validated when created.
            Err(_) => AuthTarget::Any,
        },
    }
}

/// The merchant pressed the button: a fresh pre_auth_code, recorded as an attempt, and the URL of
/// WeChat's page (`kind`) whose redirect comes back to this console.
pub async fn start_attempt(
    svc: &Services,
    token: &str,
    kind: LinkKind,
) -> Result<String, LinkUnavailable> {
    let link = open_link(svc, token).await?;
    let now = svc.now();
    let recent = link_attempt::Entity::find()
        .filter(link_attempt::Column::LinkId.eq(link.link_id))
        .filter(link_attempt::Column::CreatedAt.gt(now - 3_600_000))
        .count(svc.db.conn())
        .await?;
    if recent >= MAX_ATTEMPTS_PER_HOUR {
        return Err(LinkUnavailable::TooManyAttempts);
    }
    let c = &link.component;
    let (component_appid, _) = platforms::credentials(svc, c)?;
    let pre = tokens::with_component_token(svc, c.id, |cat| {
        let component_appid = &component_appid;
        async move { svc.wechat.create_pre_auth_code(&cat, component_appid).await }
    })
    .await
    .map_err(CoreError::from)?;
    link_attempt::ActiveModel {
        link_id: Set(link.link_id),
        component_id: Set(c.id),
        kind: Set(kind.as_str().into()),
        pre_auth_code_hash: Set(code_hash(c.id, pre.pre_auth_code.expose())),
        // No return nonce any more (see the module's documentation).
        return_hash: Set(None),
        status: Set("pending".into()),
        created_at: Set(now),
        expires_at: Set(now
            + i64::try_from(pre.expires_in)
                .unwrap_or(600)
                .saturating_mul(1000)),
        ..Default::default()
    }
    .insert(svc.db.conn())
    .await?;
    let mut ids = link.category_ids.clone();
    ids.sort_unstable();
    let auth = AuthLink {
        component_appid,
        pre_auth_code: pre.pre_auth_code,
        redirect_uri: format!("{}/wechat/{}/authorized", svc.public_base_url, c.appid),
        target: wechat_target(&link.target),
        category_ids: ids,
    };
    Ok(match kind {
        LinkKind::Pc => auth.pc_url(&svc.endpoints),
        LinkKind::H5 => auth.h5_url(&svc.endpoints),
    })
}

/// The permission sets `appid` has granted to platform `component_id`, joined with `|`.
async fn granted_ids(svc: &Services, component_id: PlatformId, appid: &str) -> CoreResult<String> {
    let Some(a) = store::find(svc, component_id, appid).await? else {
        return Ok(String::new());
    };
    let mut ids: Vec<i32> = permission::Entity::find()
        .filter(permission::Column::AuthorizerId.eq(a.id))
        .all(svc.db.conn())
        .await?
        .into_iter()
        .map(|p| p.func_id)
        .collect();
    ids.sort_unstable();
    Ok(ids.iter().map(i32::to_string).collect::<Vec<_>>().join("|"))
}

async fn mark(
    svc: &Services,
    component_id: PlatformId,
    filter: sea_orm::Condition,
    appid: &str,
    outcome: &str,
) -> CoreResult<()> {
    let granted = granted_ids(svc, component_id, appid).await?;
    link_attempt::Entity::update_many()
        .col_expr(link_attempt::Column::Status, Expr::value("authorized"))
        .col_expr(link_attempt::Column::AuthorizerAppid, Expr::value(appid))
        .col_expr(link_attempt::Column::Outcome, Expr::value(outcome))
        .col_expr(link_attempt::Column::GrantedIds, Expr::value(granted))
        .col_expr(link_attempt::Column::AuthorizedAt, Expr::value(svc.now()))
        .filter(filter)
        .filter(link_attempt::Column::Status.eq("pending"))
        .exec(svc.db.conn())
        .await?;
    Ok(())
}

/// The `authorized` event named the pre_auth_code of the attempt that was used: the only way an
/// attempt is marked (see the module's documentation).
pub async fn mark_attempt_by_code(
    svc: &Services,
    component_id: PlatformId,
    pre_auth_code: &str,
    appid: &str,
    outcome: &str,
) -> CoreResult<()> {
    let cond = sea_orm::Condition::all()
        .add(link_attempt::Column::ComponentId.eq(component_id))
        .add(link_attempt::Column::PreAuthCodeHash.eq(code_hash(component_id, pre_auth_code)));
    mark(svc, component_id, cond, appid, outcome).await
}

#[cfg(test)]
mod tests {
    use super::well_formed;
    use crate::secrets::random_token;

    #[test]
    fn only_real_page_tokens_reach_the_database() {
        let t = random_token();
        assert!(well_formed(&t), "{t}");
        assert!(!well_formed(&t[1..]));
        assert!(!well_formed(&format!("{}%", &t[1..])));
        assert!(!well_formed(""));
        assert!(!well_formed("../../etc/passwd"));
    }
}
