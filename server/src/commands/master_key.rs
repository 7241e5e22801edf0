//! `rotate-master-key`: re-seals every secret under the new master key while the servers keep
//! running, then says whether the old key may be dropped.

use std::io::Write;

use anyhow::bail;
use console_core::clock;
use console_core::secrets::instances::{self, InstanceKeys};
use console_core::secrets::rotation::{self, ColumnProgress};

use crate::cli::RotateMasterKeyArgs;
use crate::keys;

/// Runs the rotation on the database at `url`, reporting to `out`. Fails (after re-sealing
/// what it could) when the old key is still needed.
pub async fn rotate(
    url: &str,
    args: &RotateMasterKeyArgs,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let keys = keys::command_keys(&args.keys, "it is the new key to seal with")?;
    let Some(previous) = &keys.previous else {
        bail!(
            "WXOPEN_PREVIOUS_MASTER_KEY (or WXOPEN_PREVIOUS_MASTER_KEY_FILE) is not set: it must hold the key being replaced, \
             and WXOPEN_MASTER_KEY the new one (see README, \"Rotating the master key\")"
        );
    };
    let (new_fp, old_fp) = (keys.current.fingerprint(), previous.fingerprint());
    if new_fp == old_fp {
        bail!("WXOPEN_MASTER_KEY and WXOPEN_PREVIOUS_MASTER_KEY are the same key");
    }
    let secrets = keys.secret_box();
    let clock = clock::system();
    let db = super::open_migrated(url).await?;
    writeln!(out, "new key {new_fp}, old key {old_fp}")?;

    // Re-sealing before every running instance reads the new key would lock it out.
    let unready = rotation::unready_instances(&db, &new_fp, clock.now_ms()).await?;
    if !unready.is_empty() {
        bail!(
            "these running instances cannot read the new key yet: {}.\n\
             Restart every instance with WXOPEN_MASTER_KEY=<new key> and \
             WXOPEN_PREVIOUS_MASTER_KEY=<old key> first, then run rotate-master-key again. \
             Nothing was changed.",
            describe(&unready)
        );
    }
    let live = instances::live(&db, clock.now_ms()).await?;
    writeln!(
        out,
        "{} running instance(s), all reading the new key",
        live.len()
    )?;

    let mut report = |p: &ColumnProgress| {
        let _ = writeln!(
            out,
            "  {}: {}/{} (re-sealed {}, already new {}, replaced meanwhile {}, unreadable {})",
            p.column, p.seen, p.total, p.resealed, p.current, p.replaced, p.unreadable
        );
    };
    rotation::reseal_all(&db, &secrets, &mut report).await?;

    let remaining = rotation::remaining(&db, &secrets).await?;
    for r in remaining.iter().filter(|r| r.unreadable > 0) {
        writeln!(
            out,
            "warning: {}: {} value(s) open with neither key (altered, or sealed with another key); \
             they were unreadable before this rotation too",
            r.column, r.unreadable
        )?;
    }
    let live = instances::live(&db, clock.now_ms()).await?;
    match rotation::may_drop_previous(&remaining, &live, &old_fp) {
        Ok(()) => {
            writeln!(
                out,
                "Every secret is sealed with the new key and no running instance seals with the old one: \
                 it is now safe to drop the old key. Remove WXOPEN_PREVIOUS_MASTER_KEY from every instance \
                 (at its next restart), then destroy the old key."
            )?;
            Ok(())
        }
        Err(reasons) => {
            for r in &reasons {
                writeln!(out, "still needs the old key: {r}")?;
            }
            bail!(
                "it is NOT yet safe to drop the old key: restart the instances named above with the new \
                 key as WXOPEN_MASTER_KEY, then run rotate-master-key again"
            )
        }
    }
}

fn describe(instances: &[InstanceKeys]) -> String {
    instances
        .iter()
        .map(|i| format!("{} (key {})", i.instance_id, i.current))
        .collect::<Vec<_>>()
        .join(", ")
}
