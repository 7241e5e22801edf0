//! How many WeChat calls went through the proxy, per authorizer, path and day (China time), with
//! the failures among them and the last errcode: shown on the authorizer's page, so staff see who
//! calls what on the account's quota.

use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::error::CoreResult;
use crate::services::Services;
use crate::{AuthorizerId, PlatformId, TenantId};

/// `api_calls`.
pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "api_calls")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub component_id: crate::PlatformId,
        pub authorizer_appid: String,
        pub path: String,
        /// Days since 1970-01-01 in China time (UTC+8).
        pub day: i64,
        pub calls: i64,
        pub failures: i64,
        pub last_errcode: Option<i64>,
        pub last_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

use entity::Column;

const DAY_MS: i64 = 86_400_000;
const CST_OFFSET_MS: i64 = 8 * 3_600_000;

/// The China-time day of `ms`.
pub(crate) fn day_of(ms: i64) -> i64 {
    (ms + CST_OFFSET_MS).div_euclid(DAY_MS)
}

/// Counts one call of `path` for an authorizer; `errcode` is WeChat's answer (0 or none: success).
pub async fn record(
    svc: &Services,
    component_id: PlatformId,
    authorizer_appid: &str,
    path: &str,
    errcode: Option<i64>,
) -> CoreResult<()> {
    let now = svc.now();
    let failed = i64::from(errcode.is_some_and(|c| c != 0));
    let row = entity::ActiveModel {
        component_id: Set(component_id),
        authorizer_appid: Set(authorizer_appid.to_string()),
        path: Set(path.chars().take(128).collect()),
        day: Set(day_of(now)),
        calls: Set(1),
        failures: Set(failed),
        last_errcode: Set(errcode),
        last_at: Set(now),
        ..Default::default()
    };
    entity::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                Column::ComponentId,
                Column::AuthorizerAppid,
                Column::Day,
                Column::Path,
            ])
            .value(
                Column::Calls,
                Expr::col((entity::Entity, Column::Calls)).add(1),
            )
            .value(
                Column::Failures,
                Expr::col((entity::Entity, Column::Failures)).add(failed),
            )
            .value(Column::LastErrcode, Expr::value(errcode))
            .value(Column::LastAt, Expr::value(now))
            .to_owned(),
        )
        .exec_without_returning(svc.db.conn())
        .await?;
    Ok(())
}

/// One path's calls for an authorizer: today and over the last 7 days.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CallCount {
    pub path: String,
    pub today: i64,
    pub week: i64,
    pub week_failures: i64,
    pub last_errcode: Option<i64>,
    pub last_at: i64,
}

/// The proxied calls of a tenant's authorizer over the last 7 days, busiest path first.
pub async fn calls_of(
    svc: &Services,
    tenant_id: TenantId,
    authorizer_id: AuthorizerId,
) -> CoreResult<Vec<CallCount>> {
    let a = crate::authorizers::model(svc, tenant_id, authorizer_id).await?;
    let today = day_of(svc.now());
    let rows = entity::Entity::find()
        .filter(Column::ComponentId.eq(a.component_id))
        .filter(Column::AuthorizerAppid.eq(a.appid.as_str()))
        .filter(Column::Day.gt(today - 7))
        .order_by_desc(Column::LastAt)
        .all(svc.db.conn())
        .await?;
    let mut out: Vec<CallCount> = Vec::new();
    for r in rows {
        let today_calls = if r.day == today { r.calls } else { 0 };
        match out.iter_mut().find(|c| c.path == r.path) {
            Some(c) => {
                c.today += today_calls;
                c.week += r.calls;
                c.week_failures += r.failures;
            }
            None => out.push(CallCount {
                path: r.path,
                today: today_calls,
                week: r.calls,
                week_failures: r.failures,
                last_errcode: r.last_errcode,
                last_at: r.last_at,
            }),
        }
    }
    out.sort_by(|a, b| b.week.cmp(&a.week).then_with(|| a.path.cmp(&b.path)));
    Ok(out)
}
