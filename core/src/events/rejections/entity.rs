//! `push_rejections`: counters of refused pushes (nothing else of them is stored).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "push_rejections")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub component_appid: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub reason: String,
    pub count: i64,
    pub last_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
