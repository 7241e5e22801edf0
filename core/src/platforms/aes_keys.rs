//! The end of an EncodingAESKey rotation. A new key keeps the old one as the "previous key" so
//! that pushes WeChat sealed before the switch still open; once WeChat seals with the new key,
//! staff retire the previous one and pushes sealed with it are refused from then on (a key that
//! leaked is no longer accepted forever).

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::entity as component;
use super::service::{PlatformView, get, get_model};
use crate::error::CoreResult;
use crate::services::Services;
use crate::{PlatformId, TenantId};

/// Forgets the previous EncodingAESKey of a platform of `tenant_id` (nothing to do without one).
pub async fn retire_previous_key(
    svc: &Services,
    tenant_id: TenantId,
    id: PlatformId,
) -> CoreResult<PlatformView> {
    let m = get_model(svc, tenant_id, id).await?;
    component::Entity::update_many()
        .col_expr(
            component::Column::PrevAesKeyEnc,
            Expr::value(Option::<String>::None),
        )
        .col_expr(component::Column::UpdatedAt, Expr::value(svc.now()))
        .filter(component::Column::Id.eq(m.id))
        .exec(svc.db.conn())
        .await?;
    svc.push_keys.forget(&m.appid);
    get(svc, tenant_id, id).await
}
