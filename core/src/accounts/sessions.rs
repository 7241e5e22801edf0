//! Ending a user's sessions. A session remembers the user's session epoch at sign-in and is
//! valid only while the user's epoch is unchanged, so raising the epoch ends every session at
//! its next request, on every instance, without touching the session store.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::entity::user;
use crate::UserId;
use crate::db::Db;
use crate::error::{CoreError, CoreResult};

/// Ends every session of `user_id` ("sign out everywhere"); returns the new epoch.
pub async fn end_sessions(db: &Db, user_id: UserId) -> CoreResult<i64> {
    user::Entity::update_many()
        .col_expr(
            user::Column::SessionEpoch,
            Expr::col(user::Column::SessionEpoch).add(1),
        )
        .filter(user::Column::Id.eq(user_id))
        .exec(db.conn())
        .await?;
    user::Entity::find_by_id(user_id)
        .one(db.conn())
        .await?
        .map(|u| u.session_epoch)
        .ok_or(CoreError::NotFound("user"))
}
