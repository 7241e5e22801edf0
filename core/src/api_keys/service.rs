//! Creating, listing and revoking a tenant's API keys.

use std::collections::HashMap;

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use wxopen::Secret;

use super::KEY_PREFIX;
use super::entity::{self as api_key, Column};
use crate::error::{CoreError, CoreResult};
use crate::message::Bi;
use crate::platforms::entity as component;
use crate::services::Services;
use crate::{ApiKeyId, ApiKeyView, ApiScope, KeyPlatform, PlatformId, TenantId, UserId};

/// What a new key may do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewApiKey {
    /// What it is for ("CMS", "customer service"), 1 to 64 characters.
    pub name: String,
    /// At least one.
    pub scopes: Vec<ApiScope>,
    /// The platforms it may reach; empty: every platform of the tenant, now and later.
    pub platforms: Vec<PlatformId>,
}

/// Who creates a key: a staff user, or the operator's command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Creator {
    pub user_id: Option<UserId>,
    pub name: String,
}

fn invalid(zh: &str, en: &str, field: &str) -> CoreError {
    CoreError::Invalid(Bi::new(zh, en).on_field(field))
}

/// The stored scope words.
pub(super) fn scopes_to_stored(scopes: &[ApiScope]) -> String {
    let mut words: Vec<&str> = ApiScope::ALL
        .iter()
        .filter(|s| scopes.contains(s))
        .map(|s| s.as_str())
        .collect();
    words.dedup();
    words.join(",")
}

/// The scopes of a stored row (unknown words are dropped: a key never gains a scope by them).
pub(super) fn scopes_from_stored(stored: &str) -> Vec<ApiScope> {
    stored
        .split(',')
        .filter_map(|w| ApiScope::parse(w.trim()).ok())
        .collect()
}

/// The platform ids of a stored row.
pub(super) fn platforms_from_stored(stored: &str) -> Vec<PlatformId> {
    stored
        .split(',')
        .filter_map(|w| w.trim().parse().ok())
        .collect()
}

/// Checks `input` against the tenant's platforms; returns the name and the stored platform list.
async fn checked(
    svc: &Services,
    tenant_id: TenantId,
    input: &NewApiKey,
) -> CoreResult<(String, String)> {
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 64 {
        return Err(invalid(
            "名称为 1 到 64 个字符，用于说明密钥给谁用",
            "The name must be 1 to 64 characters: say what the key is for",
            "name",
        ));
    }
    if input.scopes.is_empty() {
        return Err(invalid(
            "至少选择一项权限范围",
            "Choose at least one scope",
            "scopes",
        ));
    }
    let mut ids = input.platforms.clone();
    ids.sort();
    ids.dedup();
    if !ids.is_empty() {
        let found = component::Entity::find()
            .filter(component::Column::TenantId.eq(tenant_id))
            .filter(component::Column::Id.is_in(ids.clone()))
            .all(svc.db.conn())
            .await?;
        if found.len() != ids.len() {
            return Err(invalid(
                "所选平台不属于本租户",
                "A chosen platform does not belong to this tenant",
                "platforms",
            ));
        }
    }
    let stored = ids
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",");
    Ok((name.to_string(), stored))
}

/// Creates a key for `tenant_id`. The returned secret exists nowhere else: show it once.
pub async fn create(
    svc: &Services,
    tenant_id: TenantId,
    by: &Creator,
    input: &NewApiKey,
) -> CoreResult<(ApiKeyView, Secret)> {
    let (name, platform_ids) = checked(svc, tenant_id, input).await?;
    let key = format!("{KEY_PREFIX}{}", crate::secrets::random_token());
    let prefix: String = key.chars().take(12).collect();
    let row = api_key::ActiveModel {
        tenant_id: Set(tenant_id),
        name: Set(name),
        prefix: Set(prefix),
        secret_hash: Set(crate::page_token::hash(&key)),
        scopes: Set(scopes_to_stored(&input.scopes)),
        platform_ids: Set(platform_ids),
        created_by: Set(by.user_id),
        created_by_name: Set(by.name.chars().take(64).collect()),
        created_at: Set(svc.now()),
        revoked_at: Set(None),
        last_used_at: Set(None),
        ..Default::default()
    };
    let inserted = api_key::Entity::insert(row)
        .exec_with_returning(svc.db.conn())
        .await?;
    let view = views(svc, tenant_id, vec![inserted])
        .await?
        .pop()
        .ok_or_else(|| CoreError::Internal("created API key not returned".into()))?;
    Ok((view, Secret::new(key)))
}

/// The tenant's keys, newest first (revoked ones included, marked).
pub async fn list(svc: &Services, tenant_id: TenantId) -> CoreResult<Vec<ApiKeyView>> {
    let rows = api_key::Entity::find()
        .filter(Column::TenantId.eq(tenant_id))
        .order_by_desc(Column::CreatedAt)
        .order_by_desc(Column::Id)
        .all(svc.db.conn())
        .await?;
    views(svc, tenant_id, rows).await
}

/// Revokes a key of `tenant_id`: it is refused from the next request on. Revoking twice is
/// harmless; another tenant's key is "not found".
pub async fn revoke(svc: &Services, tenant_id: TenantId, id: ApiKeyId) -> CoreResult<ApiKeyView> {
    api_key::Entity::update_many()
        .col_expr(Column::RevokedAt, Expr::value(svc.now()))
        .filter(Column::Id.eq(id))
        .filter(Column::TenantId.eq(tenant_id))
        .filter(Column::RevokedAt.is_null())
        .exec(svc.db.conn())
        .await?;
    super::cache::forget_all();
    let row = api_key::Entity::find_by_id(id)
        .filter(Column::TenantId.eq(tenant_id))
        .one(svc.db.conn())
        .await?
        .ok_or(CoreError::NotFound("API key"))?;
    views(svc, tenant_id, vec![row])
        .await?
        .pop()
        .ok_or(CoreError::NotFound("API key"))
}

/// Rows as views, with their platforms' names.
async fn views(
    svc: &Services,
    tenant_id: TenantId,
    rows: Vec<api_key::Model>,
) -> CoreResult<Vec<ApiKeyView>> {
    let platforms: HashMap<PlatformId, component::Model> = component::Entity::find()
        .filter(component::Column::TenantId.eq(tenant_id))
        .all(svc.db.conn())
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| ApiKeyView {
            id: r.id,
            name: r.name,
            prefix: r.prefix,
            scopes: scopes_from_stored(&r.scopes),
            platforms: platforms_from_stored(&r.platform_ids)
                .into_iter()
                .filter_map(|id| platforms.get(&id))
                .map(|p| KeyPlatform {
                    id: p.id,
                    appid: p.appid.clone(),
                    name: p.name.clone(),
                })
                .collect(),
            created_at: r.created_at,
            created_by: r.created_by_name,
            last_used_at: r.last_used_at,
            revoked_at: r.revoked_at,
        })
        .collect())
}
