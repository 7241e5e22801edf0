//! Which master keys the running instances use. Each instance records the fingerprints of the
//! key it seals with and the previous key it also opens with, every [`HEARTBEAT_MS`];
//! `rotate-master-key` reads them to know whether every instance can already read the new key
//! (before re-sealing) and whether any still seals with the old one (before saying it may go).

use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use super::KeyFingerprint;
use crate::db::Db;
use crate::error::CoreResult;
use crate::services::Services;

/// How often a running instance records its keys.
pub const HEARTBEAT_MS: i64 = 30_000;
/// An instance not heard of for this long is taken as stopped.
pub const LIVE_MS: i64 = 4 * HEARTBEAT_MS;
/// Rows of instances gone for this long are removed.
const FORGET_MS: i64 = 24 * 3600 * 1000;

/// `console_instances`.
pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "console_instances")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub instance_id: String,
        /// Fingerprint of the key it seals with.
        pub current_key: String,
        /// Fingerprint of the previous key it also opens with.
        pub previous_key: Option<String>,
        pub started_at: i64,
        pub seen_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A running instance and its keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstanceKeys {
    pub instance_id: String,
    pub current: KeyFingerprint,
    pub previous: Option<KeyFingerprint>,
    pub seen_at: i64,
}

impl InstanceKeys {
    /// Whether this instance opens values sealed with `key`.
    pub fn opens(&self, key: &KeyFingerprint) -> bool {
        &self.current == key || self.previous.as_ref() == Some(key)
    }
}

/// Records this instance's keys now, and forgets instances gone for a day.
pub async fn record(svc: &Services) -> CoreResult<()> {
    let now = svc.now();
    let row = entity::ActiveModel {
        instance_id: Set(svc.instance_id.clone()),
        current_key: Set(svc.secrets.current_key().to_string()),
        previous_key: Set(svc.secrets.previous_key().map(ToString::to_string)),
        started_at: Set(now),
        seen_at: Set(now),
    };
    entity::Entity::insert(row)
        .on_conflict(
            OnConflict::column(entity::Column::InstanceId)
                .update_columns([
                    entity::Column::CurrentKey,
                    entity::Column::PreviousKey,
                    entity::Column::SeenAt,
                ])
                .to_owned(),
        )
        .exec(svc.db.conn())
        .await?;
    entity::Entity::delete_many()
        .filter(entity::Column::SeenAt.lt(now - FORGET_MS))
        .exec(svc.db.conn())
        .await?;
    Ok(())
}

/// Removes this instance's row (a clean stop: it no longer counts as running).
pub async fn forget(svc: &Services) -> CoreResult<()> {
    entity::Entity::delete_by_id(svc.instance_id.clone())
        .exec(svc.db.conn())
        .await?;
    Ok(())
}

/// Records this instance's keys every [`HEARTBEAT_MS`] until `stop`, then forgets it.
pub async fn run_heartbeat(svc: Services, stop: impl Future<Output = ()>) {
    let every = std::time::Duration::from_millis(HEARTBEAT_MS.unsigned_abs());
    tokio::pin!(stop);
    loop {
        if let Err(e) = record(&svc).await {
            tracing::warn!("recording this instance's master keys failed: {e}");
        }
        tokio::select! {
            () = &mut stop => break,
            () = tokio::time::sleep(every) => {}
        }
    }
    if let Err(e) = forget(&svc).await {
        tracing::warn!("removing this instance's master keys failed: {e}");
    }
}

/// The instances heard of within [`LIVE_MS`] before `now`.
pub async fn live(db: &Db, now: i64) -> CoreResult<Vec<InstanceKeys>> {
    Ok(entity::Entity::find()
        .filter(entity::Column::SeenAt.gte(now - LIVE_MS))
        .order_by_asc(entity::Column::InstanceId)
        .all(db.conn())
        .await?
        .into_iter()
        .map(|m| InstanceKeys {
            instance_id: m.instance_id,
            current: KeyFingerprint::from_stored(m.current_key),
            previous: m.previous_key.map(KeyFingerprint::from_stored),
            seen_at: m.seen_at,
        })
        .collect())
}
