//! Counters of refused pushes: nothing of a refused push is stored but this.

pub mod entity;

use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{EntityTrait, Set};

use self::entity as rejection;
use crate::error::CoreResult;
use crate::services::Services;

/// One counter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RejectionCount {
    pub reason: String,
    pub count: i64,
    pub last_at: i64,
}

/// Adds one to the counter of `(appid, reason)`. Unknown appids share one bucket, so that
/// garbage URLs cannot grow the table.
pub(crate) async fn count(svc: &Services, appid: &str, reason: &str) -> CoreResult<()> {
    let now = svc.now();
    rejection::Entity::insert(rejection::ActiveModel {
        component_appid: Set(appid.chars().take(40).collect()),
        reason: Set(reason.into()),
        count: Set(1),
        last_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([rejection::Column::ComponentAppid, rejection::Column::Reason])
            .value(
                rejection::Column::Count,
                Expr::col((rejection::Entity, rejection::Column::Count)).add(1),
            )
            .value(rejection::Column::LastAt, Expr::value(now))
            .to_owned(),
    )
    .exec(svc.db.conn())
    .await?;
    Ok(())
}
