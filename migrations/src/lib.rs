//! Schema of wxopen-console, written with sea-query's schema builder so that it runs unchanged on
//! SQLite (the embedded default) and PostgreSQL (production, several instances).
//!
//! Conventions: ids are `BIGINT` auto-increment; every instant is a `BIGINT` of Unix milliseconds
//! (SQLite compares timestamp text lexically, which breaks `refresh_due_at <= ?` style queries when
//! fractional digits differ; integers compare the same on both backends); SQLite gets one
//! `ALTER TABLE` per change.

pub use sea_orm_migration::prelude::*;

mod m20261121_000001_accounts;
mod m20261122_000002_platforms;
mod m20261129_000003_merchant_links;
mod m20261129_000004_messages;
mod m20261129_000005_registration_tasks;
mod m20261130_000006_staff_access;
mod m20261130_000007_correctness;
mod m20261130_000008_retention_and_keys;
mod m20261130_000009_audit_log;
mod m20261130_000010_platform_admin;
mod m20261201_000011_platform_api;
mod m20261202_000012_alerts;
mod m20261202_000013_activity;

/// Every migration, oldest first.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261121_000001_accounts::Migration),
            Box::new(m20261122_000002_platforms::Migration),
            Box::new(m20261129_000003_merchant_links::Migration),
            Box::new(m20261129_000004_messages::Migration),
            Box::new(m20261129_000005_registration_tasks::Migration),
            Box::new(m20261130_000006_staff_access::Migration),
            Box::new(m20261130_000007_correctness::Migration),
            Box::new(m20261130_000008_retention_and_keys::Migration),
            Box::new(m20261130_000009_audit_log::Migration),
            Box::new(m20261130_000010_platform_admin::Migration),
            Box::new(m20261201_000011_platform_api::Migration),
            Box::new(m20261202_000012_alerts::Migration),
            Box::new(m20261202_000013_activity::Migration),
        ]
    }
}
