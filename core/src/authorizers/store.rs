//! Writing authorizers: from `api_query_auth`, from `api_get_authorizer_info`, on revoke, and the
//! refresh-token bookkeeping the token manager relies on.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, Set,
};
use wxopen::Secret;
use wxopen::api::{AuthorizationInfo, AuthorizerInfoResponse, FuncInfo};

use super::entity::{authorizer, permission};
use crate::error::CoreResult;
use crate::platforms::entity as component;
use crate::services::Services;
use crate::tokens::entity as access_token;
use crate::tokens::key::TokenKey;
use crate::tokens::store::{self as tokens, Issued};
use crate::{AccountKind, AuthorizerId, AuthorizerStatus, PlatformId};

fn refresh_context(component_id: PlatformId, appid: &str) -> String {
    format!("authorizers.refresh_token:{component_id}:{appid}")
}

/// The authorizer `appid` of platform `component_id`.
pub async fn find(
    svc: &Services,
    component_id: PlatformId,
    appid: &str,
) -> CoreResult<Option<authorizer::Model>> {
    Ok(authorizer::Entity::find()
        .filter(authorizer::Column::ComponentId.eq(component_id))
        .filter(authorizer::Column::Appid.eq(appid))
        .one(svc.db.conn())
        .await?)
}

/// The stored refresh token, if any.
pub fn refresh_token(svc: &Services, a: &authorizer::Model) -> CoreResult<Option<Secret>> {
    match &a.refresh_token_enc {
        Some(enc) => Ok(Some(
            svc.secrets
                .open(&refresh_context(a.component_id, &a.appid), enc)?,
        )),
        None => Ok(None),
    }
}

/// Stores a refresh token WeChat returned (inside the caller's transaction).
pub(crate) async fn store_refresh_token<C: ConnectionTrait>(
    svc: &Services,
    conn: &C,
    component_id: PlatformId,
    appid: &str,
    token: &Secret,
) -> CoreResult<()> {
    let sealed = svc
        .secrets
        .seal(&refresh_context(component_id, appid), token.expose())?;
    authorizer::Entity::update_many()
        .col_expr(
            authorizer::Column::RefreshTokenEnc,
            Expr::value(Some(sealed)),
        )
        .filter(authorizer::Column::ComponentId.eq(component_id))
        .filter(authorizer::Column::Appid.eq(appid))
        .exec(conn)
        .await?;
    Ok(())
}

/// Stores a refresh token recovered from the authorizer list.
pub(crate) async fn set_refresh_token(
    svc: &Services,
    a: &authorizer::Model,
    token: &Secret,
) -> CoreResult<()> {
    store_refresh_token(svc, svc.db.conn(), a.component_id, &a.appid, token).await
}

/// Marks an authorized account as needing re-authorization (its refresh token is gone).
pub(crate) async fn mark_needs_reauth(
    svc: &Services,
    component_id: PlatformId,
    appid: &str,
) -> CoreResult<()> {
    authorizer::Entity::update_many()
        .col_expr(
            authorizer::Column::Status,
            Expr::value(AuthorizerStatus::NeedsReauth.as_str()),
        )
        .col_expr(
            authorizer::Column::RefreshTokenEnc,
            Expr::value(Option::<String>::None),
        )
        .col_expr(authorizer::Column::UpdatedAt, Expr::value(svc.now()))
        .filter(authorizer::Column::ComponentId.eq(component_id))
        .filter(authorizer::Column::Appid.eq(appid))
        .filter(authorizer::Column::Status.eq(AuthorizerStatus::Authorized))
        .exec(svc.db.conn())
        .await?;
    Ok(())
}

fn search_text(appid: &str, nick: &str, principal: Option<&str>, user_name: &str) -> String {
    format!(
        "{appid} {nick} {} {user_name}",
        principal.unwrap_or_default()
    )
    .to_lowercase()
}

async fn replace_permissions<C: ConnectionTrait>(
    conn: &C,
    authorizer_id: AuthorizerId,
    funcs: &[FuncInfo],
) -> CoreResult<()> {
    permission::Entity::delete_many()
        .filter(permission::Column::AuthorizerId.eq(authorizer_id))
        .exec(conn)
        .await?;
    let mut seen = std::collections::BTreeSet::new();
    let rows: Vec<permission::ActiveModel> = funcs
        .iter()
        .filter(|f| seen.insert(f.funcscope_category.id))
        .filter_map(|f| {
            let id = i32::try_from(f.funcscope_category.id).ok()?;
            let c = f.confirm_info.as_ref();
            let small = |v: i64| i32::try_from(v).ok();
            Some(permission::ActiveModel {
                authorizer_id: Set(authorizer_id),
                func_id: Set(id),
                need_confirm: Set(c.and_then(|c| small(c.need_confirm))),
                already_confirm: Set(c.and_then(|c| small(c.already_confirm))),
                can_confirm: Set(c.and_then(|c| small(c.can_confirm))),
            })
        })
        .collect();
    if !rows.is_empty() {
        permission::Entity::insert_many(rows).exec(conn).await?;
    }
    Ok(())
}

/// What [`upsert_authorization`] stored.
pub struct Upserted {
    pub authorizer: authorizer::Model,
    /// The account was already authorized: this was a re-authorization (`updateauthorized`).
    pub was_authorized: bool,
}

/// Records an authorization from `api_query_auth`: the account authorized (again), with exactly
/// these permission sets, this refresh token and this access token. Re-authorization replaces
/// everything; the previous refresh token is no longer valid at WeChat.
pub async fn upsert_authorization(
    svc: &Services,
    component: &component::Model,
    info: &AuthorizationInfo,
) -> CoreResult<Upserted> {
    let now = svc.now();
    let appid = info.authorizer_appid.to_string();
    let txn = svc.db.begin_write().await?;
    let existing = authorizer::Entity::find()
        .filter(authorizer::Column::ComponentId.eq(component.id))
        .filter(authorizer::Column::Appid.eq(appid.clone()))
        .one(&txn)
        .await?;
    let sealed_refresh = match &info.authorizer_refresh_token {
        Some(rt) => Some(
            svc.secrets
                .seal(&refresh_context(component.id, &appid), rt.expose())?,
        ),
        None => None,
    };
    let was_authorized = existing
        .as_ref()
        .is_some_and(|m| m.status == AuthorizerStatus::Authorized);
    let model = match existing {
        Some(m) => {
            let mut am: authorizer::ActiveModel = m.into();
            am.status = Set(AuthorizerStatus::Authorized);
            am.refresh_token_enc = Set(sealed_refresh);
            am.authorized_at = Set(now);
            // A new authorization: WeChat's time of it is known once its push is processed.
            am.wechat_authorized_at = Set(None);
            am.updated_at = Set(now);
            am.revoked_at = Set(None);
            am.update(&txn).await?
        }
        None => {
            authorizer::ActiveModel {
                tenant_id: Set(component.tenant_id),
                component_id: Set(component.id),
                appid: Set(appid.clone()),
                kind: Set(AccountKind::Unknown),
                nick_name: Set(appid.clone()),
                user_name: Set(String::new()),
                status: Set(AuthorizerStatus::Authorized),
                refresh_token_enc: Set(sealed_refresh),
                search_text: Set(search_text(&appid, "", None, "")),
                authorized_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    replace_permissions(&txn, model.id, &info.func_info).await?;
    if !was_authorized {
        crate::activity::count(
            &txn,
            component.tenant_id,
            component.id,
            crate::activity::Metric::Authorized,
            now,
        )
        .await?;
    }

    // The access token that came with the authorization.
    let key = TokenKey::authorizer(component.id, appid);
    tokens::create_row(&txn, &key).await?;
    match (&info.authorizer_access_token, info.expires_in) {
        (Some(token), Some(expires_in)) => {
            tokens::store_token(svc, &txn, &key, Issued { token, expires_in }).await?;
        }
        _ => tokens::store_none(svc, &txn, &key).await?,
    }
    txn.commit().await?;
    svc.tokens.forget(&key);
    Ok(Upserted {
        authorizer: model,
        was_authorized,
    })
}

/// Applies `api_get_authorizer_info`: profile, kind, permission sets, and the refresh token if
/// WeChat sent one.
pub async fn apply_info(
    svc: &Services,
    a: &authorizer::Model,
    resp: &AuthorizerInfoResponse,
) -> CoreResult<authorizer::Model> {
    let now = svc.now();
    let info = &resp.authorizer_info;
    let kind = if info.is_mini_program() {
        AccountKind::MiniProgram
    } else {
        AccountKind::OfficialAccount
    };
    let nick = if info.nick_name.trim().is_empty() {
        a.appid.clone()
    } else {
        info.nick_name.clone()
    };
    let small = |v: Option<i64>| v.and_then(|v| i32::try_from(v).ok());
    let txn = svc.db.begin_write().await?;
    let mut am: authorizer::ActiveModel = a.clone().into();
    am.kind = Set(kind);
    am.nick_name = Set(nick.chars().take(128).collect());
    am.head_img = Set(info.head_img.clone().filter(|s| !s.is_empty()));
    am.user_name = Set(info.user_name.chars().take(64).collect());
    am.principal_name = Set(info.principal_name.clone().filter(|s| !s.is_empty()));
    am.alias = Set(info.alias.clone().filter(|s| !s.is_empty()));
    am.qrcode_url = Set(info.qrcode_url.clone().filter(|s| !s.is_empty()));
    am.signature = Set(info.signature.clone().filter(|s| !s.is_empty()));
    am.service_type = Set(small(info.service_type_info.as_ref().map(|i| i.id)));
    am.verify_type = Set(small(info.verify_type_info.as_ref().map(|i| i.id)));
    am.account_status = Set(small(info.account_status));
    am.search_text = Set(search_text(
        &a.appid,
        &nick,
        info.principal_name.as_deref(),
        &info.user_name,
    ));
    am.info_synced_at = Set(Some(now));
    am.updated_at = Set(now);
    let model = am.update(&txn).await?;
    if !resp.authorization_info.func_info.is_empty() {
        replace_permissions(&txn, model.id, &resp.authorization_info.func_info).await?;
    }
    if let Some(rt) = &resp.authorization_info.authorizer_refresh_token
        && model.status == AuthorizerStatus::Authorized
    {
        store_refresh_token(svc, &txn, model.component_id, &model.appid, rt).await?;
    }
    txn.commit().await?;
    Ok(model)
}

/// Records WeChat's time of the current authorization of `appid` (the `CreateTime` of its
/// `authorized` or `updateauthorized` push, Unix ms), unless a later one is recorded already.
pub(crate) async fn note_wechat_authorized_at(
    svc: &Services,
    component_id: PlatformId,
    appid: &str,
    wechat_ms: i64,
) -> CoreResult<()> {
    authorizer::Entity::update_many()
        .col_expr(
            authorizer::Column::WechatAuthorizedAt,
            Expr::value(Some(wechat_ms)),
        )
        .filter(authorizer::Column::ComponentId.eq(component_id))
        .filter(authorizer::Column::Appid.eq(appid))
        .filter(authorizer::Column::Status.eq(AuthorizerStatus::Authorized))
        .filter(
            authorizer::Column::WechatAuthorizedAt
                .is_null()
                .or(authorizer::Column::WechatAuthorizedAt.lt(wechat_ms)),
        )
        .exec(svc.db.conn())
        .await?;
    Ok(())
}

/// What says that an account revoked its authorization.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Revocation {
    /// WeChat's `unauthorized` push: its `CreateTime` and when the console received it (Unix
    /// ms). It may be older than the authorization on record: WeChat retries a push it got no
    /// answer to, and a push waits in the queue while the redirect page records a new
    /// authorization at once.
    Push { wechat_at: i64, received_at: i64 },
    /// WeChat answered just now that the account is not authorized (61003).
    Now,
}

impl Revocation {
    /// The authorizers this revocation applies to: with a push, only an authorization it is not
    /// older than: by WeChat's times when the authorization's push was seen, else (only the
    /// redirect page recorded it) by the console's: an authorization recorded after the revoke
    /// arrived came after it.
    fn applies(self) -> Condition {
        match self {
            Revocation::Now => Condition::all(),
            Revocation::Push {
                wechat_at,
                received_at,
            } => Condition::any()
                .add(authorizer::Column::WechatAuthorizedAt.lte(wechat_at))
                .add(
                    Condition::all()
                        .add(authorizer::Column::WechatAuthorizedAt.is_null())
                        .add(authorizer::Column::AuthorizedAt.lte(received_at)),
                ),
        }
    }
}

/// What [`revoke`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Revoked {
    /// The account is revoked now (or was already), its tokens purged.
    Done,
    /// The account authorized again after this revocation: left as it is.
    Stale,
    /// No such account.
    Unknown,
}

/// Records a revocation: the account is kept (with its history), its tokens are purged; unless
/// the revocation is older than the account's current authorization (see [`Revocation`]).
pub async fn revoke(
    svc: &Services,
    component_id: PlatformId,
    appid: &str,
    by: Revocation,
) -> CoreResult<Revoked> {
    let now = svc.now();
    let txn = svc.db.begin_write().await?;
    // Whether this revocation changes anything (for the hourly counter: an account revoked
    // again, by a retried push, is not a second revocation).
    let newly_revoked = authorizer::Entity::find()
        .filter(authorizer::Column::ComponentId.eq(component_id))
        .filter(authorizer::Column::Appid.eq(appid))
        .filter(authorizer::Column::Status.ne(AuthorizerStatus::Revoked))
        .filter(by.applies())
        .one(&txn)
        .await?;
    let res = authorizer::Entity::update_many()
        .col_expr(
            authorizer::Column::Status,
            Expr::value(AuthorizerStatus::Revoked.as_str()),
        )
        .col_expr(
            authorizer::Column::RefreshTokenEnc,
            Expr::value(Option::<String>::None),
        )
        .col_expr(authorizer::Column::RevokedAt, Expr::value(now))
        .col_expr(authorizer::Column::UpdatedAt, Expr::value(now))
        .filter(authorizer::Column::ComponentId.eq(component_id))
        .filter(authorizer::Column::Appid.eq(appid))
        .filter(by.applies())
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        let known = authorizer::Entity::find()
            .filter(authorizer::Column::ComponentId.eq(component_id))
            .filter(authorizer::Column::Appid.eq(appid))
            .one(&txn)
            .await?
            .is_some();
        txn.commit().await?;
        return Ok(if known {
            Revoked::Stale
        } else {
            Revoked::Unknown
        });
    }
    if let Some(a) = newly_revoked {
        crate::activity::count(
            &txn,
            a.tenant_id,
            component_id,
            crate::activity::Metric::Revoked,
            now,
        )
        .await?;
    }
    access_token::cleared(access_token::Entity::update_many())
        .col_expr(
            access_token::Column::Version,
            Expr::col(access_token::Column::Version).add(1),
        )
        .filter(access_token::Column::ComponentId.eq(component_id))
        .filter(access_token::Column::AuthorizerAppid.eq(appid))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    svc.tokens
        .forget(&TokenKey::authorizer(component_id, appid));
    Ok(Revoked::Done)
}
