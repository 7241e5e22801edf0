//! Reading authorizers: a filtered, server-side paginated list that stays fast with 100,000 rows
//! (indexed filters, permission filter through its own index, one query per page for the
//! side data), and the detail of one.

use std::collections::HashMap;

use sea_orm::sea_query::{Expr, LikeExpr, Query};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::entity::{authorizer, permission};
use crate::error::{CoreError, CoreResult};
use crate::events::entity as event;
use crate::platforms::entity as component;
use crate::services::Services;
use crate::tokens::entity as access_token;
use crate::{
    AccountKind, AuthorizerId, AuthorizerStatus, ListPage, PageInfo, PlatformId, TenantId,
};

/// Filters of the authorizer list; all optional.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuthorizerFilter {
    /// Name, appid, principal or user name (case-insensitive substring; an exact appid is
    /// looked up by index).
    pub q: Option<String>,
    pub component_id: Option<PlatformId>,
    pub kind: Option<AccountKind>,
    pub status: Option<AuthorizerStatus>,
    /// Has this permission set.
    pub func_id: Option<i32>,
    /// 1-based.
    pub page: u64,
    pub per_page: u64,
}

/// A granted permission set and its confirmation state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Permission {
    pub id: i32,
    pub need_confirm: Option<i32>,
    pub already_confirm: Option<i32>,
    pub can_confirm: Option<i32>,
}

/// One line of the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthorizerRow {
    pub id: AuthorizerId,
    pub component_id: PlatformId,
    pub component_name: String,
    pub component_appid: String,
    pub appid: String,
    pub kind: AccountKind,
    pub nick_name: String,
    pub head_img: Option<String>,
    pub principal_name: Option<String>,
    pub status: AuthorizerStatus,
    pub permissions: Vec<Permission>,
    pub token_expires_at: Option<i64>,
    pub token_failures: i32,
    pub token_last_error: Option<String>,
    pub token_refreshed_at: Option<i64>,
    pub token_refresh_due_at: Option<i64>,
    pub authorized_at: i64,
}

/// Everything about one authorizer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthorizerDetail {
    pub row: AuthorizerRow,
    pub user_name: String,
    pub alias: Option<String>,
    pub qrcode_url: Option<String>,
    pub signature: Option<String>,
    pub service_type: Option<i32>,
    pub verify_type: Option<i32>,
    pub account_status: Option<i32>,
    pub has_refresh_token: bool,
    pub token_refreshed_at: Option<i64>,
    pub token_refresh_due_at: Option<i64>,
    pub info_synced_at: Option<i64>,
    pub revoked_at: Option<i64>,
    pub updated_at: i64,
}

fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The two queries of a page want different shapes of the permission filter.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// `IN (SELECT …)`: drives the count from the permission index (measured: 20 ms vs 38 ms
    /// for EXISTS at 100,000 authorizers on SQLite).
    Count,
    /// Correlated `EXISTS`: keeps the tenant's index order so LIMIT stops early (0.1 ms).
    Page,
}

fn conditions(tenant_id: TenantId, f: &AuthorizerFilter, shape: Shape) -> Condition {
    let mut cond = Condition::all().add(authorizer::Column::TenantId.eq(tenant_id));
    if let Some(q) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let lower = q.to_lowercase();
        if wxopen::AppId::parse(&lower).is_ok() {
            cond = cond.add(authorizer::Column::Appid.eq(lower));
        } else {
            let pattern = format!("%{}%", escape_like(&lower));
            cond = cond.add(
                Expr::col(authorizer::Column::SearchText).like(LikeExpr::new(pattern).escape('\\')),
            );
        }
    }
    if let Some(c) = f.component_id {
        cond = cond.add(authorizer::Column::ComponentId.eq(c));
    }
    if let Some(k) = f.kind {
        cond = cond.add(authorizer::Column::Kind.eq(k));
    }
    if let Some(s) = f.status {
        cond = cond.add(authorizer::Column::Status.eq(s));
    }
    if let Some(func) = f.func_id {
        cond = cond.add(match shape {
            Shape::Count => authorizer::Column::Id.in_subquery(
                Query::select()
                    .column(permission::Column::AuthorizerId)
                    .from(permission::Entity)
                    .and_where(permission::Column::FuncId.eq(func))
                    .to_owned(),
            ),
            Shape::Page => Expr::exists(
                Query::select()
                    .expr(Expr::val(1))
                    .from(permission::Entity)
                    .and_where(
                        Expr::col((permission::Entity, permission::Column::AuthorizerId))
                            .equals((authorizer::Entity, authorizer::Column::Id)),
                    )
                    .and_where(Expr::col((permission::Entity, permission::Column::FuncId)).eq(func))
                    .to_owned(),
            ),
        });
    }
    cond
}

/// One page of `tenant_id`'s authorizers, newest authorization first.
pub async fn list(
    svc: &Services,
    tenant_id: TenantId,
    f: &AuthorizerFilter,
) -> CoreResult<ListPage<AuthorizerRow>> {
    let asked = PageInfo::asked(f.page, f.per_page);
    // A bare COUNT (sea-orm's `count()` wraps the full SELECT, defeating covering indexes).
    let total: i64 = authorizer::Entity::find()
        .select_only()
        .column_as(authorizer::Column::Id.count(), "n")
        .filter(conditions(tenant_id, f, Shape::Count))
        .into_tuple()
        .one(svc.db.conn())
        .await?
        .unwrap_or(0);
    let total = u64::try_from(total).unwrap_or(0);
    let models = authorizer::Entity::find()
        .filter(conditions(tenant_id, f, Shape::Page))
        .order_by_desc(authorizer::Column::AuthorizedAt)
        .order_by_desc(authorizer::Column::Id)
        .offset(asked.offset())
        .limit(asked.per_page)
        .all(svc.db.conn())
        .await?;
    let items = rows(svc, models).await?;
    Ok(ListPage {
        page: asked.with_total(total),
        items,
    })
}

/// Side data for a page of authorizers: three queries whatever the page size.
async fn rows(svc: &Services, models: Vec<authorizer::Model>) -> CoreResult<Vec<AuthorizerRow>> {
    let ids: Vec<AuthorizerId> = models.iter().map(|m| m.id).collect();
    let mut perms: HashMap<AuthorizerId, Vec<Permission>> = HashMap::new();
    if !ids.is_empty() {
        for p in permission::Entity::find()
            .filter(permission::Column::AuthorizerId.is_in(ids.clone()))
            .order_by_asc(permission::Column::FuncId)
            .all(svc.db.conn())
            .await?
        {
            perms.entry(p.authorizer_id).or_default().push(Permission {
                id: p.func_id,
                need_confirm: p.need_confirm,
                already_confirm: p.already_confirm,
                can_confirm: p.can_confirm,
            });
        }
    }
    let component_ids: Vec<PlatformId> = models.iter().map(|m| m.component_id).collect();
    let components: HashMap<PlatformId, component::Model> = component::Entity::find()
        .filter(component::Column::Id.is_in(component_ids.clone()))
        .all(svc.db.conn())
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let mut tokens: HashMap<(PlatformId, String), access_token::Model> = HashMap::new();
    let appids: Vec<String> = models.iter().map(|m| m.appid.clone()).collect();
    if !appids.is_empty() {
        for t in access_token::Entity::find()
            .filter(access_token::Column::ComponentId.is_in(component_ids))
            .filter(access_token::Column::AuthorizerAppid.is_in(appids))
            .all(svc.db.conn())
            .await?
        {
            tokens.insert((t.component_id, t.authorizer_appid.clone()), t);
        }
    }
    Ok(models
        .into_iter()
        .map(|m| {
            let c = components.get(&m.component_id);
            let t = tokens.get(&(m.component_id, m.appid.clone()));
            AuthorizerRow {
                id: m.id,
                component_id: m.component_id,
                component_name: c.map(|c| c.name.clone()).unwrap_or_default(),
                component_appid: c.map(|c| c.appid.clone()).unwrap_or_default(),
                permissions: perms.remove(&m.id).unwrap_or_default(),
                token_expires_at: t.and_then(|t| t.token_enc.as_ref().and(t.expires_at)),
                token_failures: t.map(|t| t.failures).unwrap_or(0),
                token_last_error: t.and_then(|t| t.last_error.clone()),
                token_refreshed_at: t.and_then(|t| t.refreshed_at),
                token_refresh_due_at: t.and_then(|t| t.refresh_due_at),
                appid: m.appid,
                kind: m.kind,
                nick_name: m.nick_name,
                head_img: m.head_img,
                principal_name: m.principal_name,
                status: m.status,
                authorized_at: m.authorized_at,
            }
        })
        .collect())
}

/// The authorizer `id` of `tenant_id` (other tenants' authorizers are "not found").
pub async fn get(
    svc: &Services,
    tenant_id: TenantId,
    id: AuthorizerId,
) -> CoreResult<AuthorizerDetail> {
    let m = model(svc, tenant_id, id).await?;
    let row = rows(svc, vec![m.clone()])
        .await?
        .into_iter()
        .next()
        .ok_or(CoreError::NotFound("authorizer"))?;
    Ok(AuthorizerDetail {
        token_refreshed_at: row.token_refreshed_at,
        token_refresh_due_at: row.token_refresh_due_at,
        row,
        user_name: m.user_name,
        alias: m.alias,
        qrcode_url: m.qrcode_url,
        signature: m.signature,
        service_type: m.service_type,
        verify_type: m.verify_type,
        account_status: m.account_status,
        has_refresh_token: m.refresh_token_enc.is_some(),
        info_synced_at: m.info_synced_at,
        revoked_at: m.revoked_at,
        updated_at: m.updated_at,
    })
}

/// The row of authorizer `id` in `tenant_id`.
pub(crate) async fn model(
    svc: &Services,
    tenant_id: TenantId,
    id: AuthorizerId,
) -> CoreResult<authorizer::Model> {
    authorizer::Entity::find_by_id(id)
        .filter(authorizer::Column::TenantId.eq(tenant_id))
        .one(svc.db.conn())
        .await?
        .ok_or(CoreError::NotFound("authorizer"))
}

/// The latest pushes about authorizer `id` (its authorization history).
pub async fn recent_events(
    svc: &Services,
    tenant_id: TenantId,
    id: AuthorizerId,
    limit: u64,
) -> CoreResult<Vec<event::Model>> {
    let m = model(svc, tenant_id, id).await?;
    Ok(event::Entity::find()
        .filter(event::Column::TenantId.eq(tenant_id))
        .filter(event::Column::ComponentId.eq(m.component_id))
        .filter(event::Column::AuthorizerAppid.eq(m.appid))
        .order_by_desc(event::Column::ReceivedAt)
        .order_by_desc(event::Column::Id)
        .limit(limit)
        .all(svc.db.conn())
        .await?)
}

#[cfg(test)]
mod tests {
    use super::escape_like;

    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(escape_like("50%_off\\"), "50\\%\\_off\\\\");
    }
}
