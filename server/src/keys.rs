//! The master key for secrets at rest: from `WXOPEN_MASTER_KEY`, or, in demo mode only, a key
//! generated once and kept in the data folder.

use std::path::Path;

use anyhow::{Context, bail};
use console_core::secrets::MasterKey;

use crate::config::ServerConfig;

/// File name of the demo's key inside the data folder.
pub const DEMO_KEY_FILE: &str = "master.key";

/// The master key this server must use, or why it cannot start.
pub fn master_key(config: &ServerConfig) -> anyhow::Result<MasterKey> {
    if let Some(k) = &config.master_key {
        return MasterKey::parse(k).context("WXOPEN_MASTER_KEY");
    }
    if config.demo {
        return demo_key(&config.data_dir.join(DEMO_KEY_FILE));
    }
    bail!(
        "WXOPEN_MASTER_KEY is not set. Platform secrets and tokens are encrypted at rest with it.\n\
         Generate one with `wxopen-console gen-master-key`, store it safely (without it stored \
         secrets cannot be read: every platform's secrets would have to be entered again and every \
         merchant would have to authorize again), then set WXOPEN_MASTER_KEY.\n\
         (`wxopen-console serve --demo` generates a throw-away key by itself.)"
    )
}

fn demo_key(path: &Path) -> anyhow::Result<MasterKey> {
    if path.exists() {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading the demo master key {}", path.display()))?;
        return MasterKey::parse(&text)
            .with_context(|| format!("the demo master key {}", path.display()));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let key = MasterKey::generate();
    write_private(path, &key.to_base64())
        .with_context(|| format!("writing the demo master key {}", path.display()))?;
    tracing::info!("generated the demo master key at {}", path.display());
    Ok(key)
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(text.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}
