//! The CLI subcommands other than `serve`.

pub mod accounts;
pub mod api_key;
pub mod master_key;
pub mod migrate;
pub mod platform;
pub mod sandbox;

use anyhow::Context;
use console_core::{Db, DbOptions, db::redact_url};

/// Connects to the database named on the command line and applies pending migrations.
pub async fn open_migrated(url: &str) -> anyhow::Result<Db> {
    let db = open(url).await?;
    db.migrate().await.context("applying database migrations")?;
    Ok(db)
}

/// Connects to the database named on the command line.
pub async fn open(url: &str) -> anyhow::Result<Db> {
    Db::connect(&DbOptions::new(url))
        .await
        .with_context(|| format!("opening {}", redact_url(url)))
}
