//! `wxopen-console migrate`: apply, roll back, or list migrations.

use std::io::Write;

use migration::{Migrator, MigratorTrait};

use crate::cli::MigrateArgs;

/// Runs `migrate` and reports what it did on `out`.
pub async fn run(url: &str, args: &MigrateArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let db = super::open(url).await?;
    if args.status {
        for m in Migrator::get_applied_migrations(db.conn()).await? {
            writeln!(out, "applied  {}", m.name())?;
        }
        for m in Migrator::get_pending_migrations(db.conn()).await? {
            writeln!(out, "pending  {}", m.name())?;
        }
        return Ok(());
    }
    if let Some(n) = args.down {
        Migrator::down(db.conn(), Some(n)).await?;
        writeln!(out, "rolled back {n} migration(s)")?;
        return Ok(());
    }
    let pending = Migrator::get_pending_migrations(db.conn()).await?.len();
    Migrator::up(db.conn(), None).await?;
    writeln!(
        out,
        "applied {pending} pending migration(s); the schema is up to date"
    )?;
    Ok(())
}
