//! Who is calling the platform API: the key presented as `Authorization: Bearer …`, resolved to
//! its tenant, scopes and platforms. A key of the wrong shape is refused before the database.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::KEY_PREFIX;
use super::cache;
use super::entity::{self as api_key, Column};
use super::service::{platforms_from_stored, scopes_from_stored};
use crate::accounts::entity::tenant;
use crate::error::{CoreError, CoreResult};
use crate::message::Bi;
use crate::platforms::entity as component;
use crate::services::Services;
use crate::{ApiKeyId, ApiScope, PlatformId, TenantId};

/// How often `last_used_at` is written for a busy key (one write a minute, not one per request).
const LAST_USED_EVERY_MS: i64 = 60_000;

/// An authenticated API caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiPrincipal {
    pub key_id: ApiKeyId,
    pub tenant_id: TenantId,
    pub scopes: Vec<ApiScope>,
    /// `None`: every platform of the tenant.
    pub platforms: Option<Vec<PlatformId>>,
}

/// Why a key was refused, for the API's stable error codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyRefusal {
    /// Missing, malformed, unknown or revoked (not told apart: a caller learns nothing).
    Unauthenticated,
    /// The key's tenant is suspended.
    TenantSuspended,
}

impl ApiPrincipal {
    /// Whether the key has `scope`.
    pub fn has(&self, scope: ApiScope) -> bool {
        self.scopes.contains(&scope)
    }

    /// The caller's platform with `appid`: one of its tenant's, and one the key may reach;
    /// otherwise "not found" (another tenant's platform is not even confirmed to exist).
    pub async fn platform(&self, svc: &Services, appid: &str) -> CoreResult<component::Model> {
        let p = match cache::platform(self.tenant_id, appid) {
            Some(p) => p,
            None => {
                let p = component::Entity::find()
                    .filter(component::Column::Appid.eq(appid))
                    .filter(component::Column::TenantId.eq(self.tenant_id))
                    .one(svc.db.conn())
                    .await?
                    .ok_or(CoreError::NotFound("platform"))?;
                cache::remember_platform(&p);
                p
            }
        };
        if cache::reaches(&self.platforms, p.id) {
            Ok(p)
        } else {
            Err(CoreError::NotFound("platform"))
        }
    }
}

/// Whether `key` could be one of ours: `wxk_` and 43 URL-safe characters.
fn well_formed(key: &str) -> bool {
    key.strip_prefix(KEY_PREFIX).is_some_and(|rest| {
        rest.len() == 43
            && rest
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// The caller behind `presented`, or why it is refused. Records the key's last use (at most once
/// a minute).
pub async fn authenticate(
    svc: &Services,
    presented: &str,
) -> CoreResult<Result<ApiPrincipal, KeyRefusal>> {
    let presented = presented.trim();
    if !well_formed(presented) {
        return Ok(Err(KeyRefusal::Unauthenticated));
    }
    let hash = crate::page_token::hash(presented);
    if let Some(p) = cache::caller(&hash) {
        return Ok(Ok(p));
    }
    let Some(row) = api_key::Entity::find()
        .filter(Column::SecretHash.eq(hash.as_str()))
        .filter(Column::RevokedAt.is_null())
        .one(svc.db.conn())
        .await?
    else {
        return Ok(Err(KeyRefusal::Unauthenticated));
    };
    let suspended = tenant::Entity::find_by_id(row.tenant_id)
        .one(svc.db.conn())
        .await?
        .is_none_or(|t| t.suspended_at.is_some());
    if suspended {
        return Ok(Err(KeyRefusal::TenantSuspended));
    }
    let now = svc.now();
    if row
        .last_used_at
        .is_none_or(|t| t + LAST_USED_EVERY_MS <= now)
    {
        api_key::Entity::update_many()
            .col_expr(Column::LastUsedAt, Expr::value(now))
            .filter(Column::Id.eq(row.id))
            .exec(svc.db.conn())
            .await?;
    }
    let platforms = platforms_from_stored(&row.platform_ids);
    let principal = ApiPrincipal {
        key_id: row.id,
        tenant_id: row.tenant_id,
        scopes: scopes_from_stored(&row.scopes),
        platforms: (!platforms.is_empty()).then_some(platforms),
    };
    cache::remember_caller(hash, &principal);
    Ok(Ok(principal))
}

/// The message of a refusal, in both languages.
pub fn refusal_message(r: KeyRefusal) -> Bi {
    match r {
        KeyRefusal::Unauthenticated => Bi::new(
            "API 密钥缺失、无效或已撤销：请在请求头 Authorization: Bearer <密钥> 中提供有效密钥",
            "The API key is missing, invalid or revoked: send a valid key as Authorization: Bearer <key>",
        ),
        KeyRefusal::TenantSuspended => Bi::new(
            "该租户已被平台管理员暂停，API 密钥暂不可用",
            "This tenant is suspended by the platform administrator; its API keys are refused",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_keys_of_our_shape_reach_the_database() {
        let key = format!("{KEY_PREFIX}{}", crate::secrets::random_token());
        assert!(well_formed(&key));
        assert!(!well_formed(&key[1..]));
        assert!(!well_formed(&format!("{key}x")));
        assert!(!well_formed("wxk_' OR 1=1 --"));
        assert!(!well_formed(""));
    }
}
