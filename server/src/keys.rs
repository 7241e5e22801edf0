//! The master keys for secrets at rest: the current key from `WXOPEN_MASTER_KEY` or a file (in
//! demo mode only, a key generated once and kept in the data folder), and during a rotation the
//! previous key from `WXOPEN_PREVIOUS_MASTER_KEY` or a file.
//!
//! Never from the command line: every user of the machine can read a process's arguments (`ps`,
//! `/proc/<pid>/cmdline`), and shells keep them in their history.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;
use console_core::secrets::{MasterKey, SecretBox};

use crate::config::ServerConfig;

/// File name of the demo's key inside the data folder.
pub const DEMO_KEY_FILE: &str = "master.key";
/// The variable holding the current key.
pub const MASTER_KEY_VAR: &str = "WXOPEN_MASTER_KEY";
/// The variable holding the previous key during a rotation.
pub const PREVIOUS_KEY_VAR: &str = "WXOPEN_PREVIOUS_MASTER_KEY";

/// Where the master keys are read from, besides the environment. Shared by every subcommand
/// that opens secrets.
#[derive(Args, Clone, Debug, Default)]
pub struct MasterKeyArgs {
    /// Read the master key from this file (instead of WXOPEN_MASTER_KEY), e.g. a mounted
    /// secret. The key itself is never accepted on the command line.
    #[arg(long, env = "WXOPEN_MASTER_KEY_FILE", value_name = "PATH")]
    pub master_key_file: Option<PathBuf>,
    /// During a master-key rotation: read the previous key, still accepted for reading, from
    /// this file (instead of WXOPEN_PREVIOUS_MASTER_KEY).
    #[arg(long, env = "WXOPEN_PREVIOUS_MASTER_KEY_FILE", value_name = "PATH")]
    pub previous_master_key_file: Option<PathBuf>,
}

impl MasterKeyArgs {
    /// The current and previous key's sources, from these flags and the environment.
    pub fn sources(&self) -> anyhow::Result<(Option<KeySource>, Option<KeySource>)> {
        Ok((
            KeySource::from(MASTER_KEY_VAR, self.master_key_file.as_deref())?,
            KeySource::from(PREVIOUS_KEY_VAR, self.previous_master_key_file.as_deref())?,
        ))
    }
}

/// Where one key comes from. The value never appears in `Debug`.
#[derive(Clone)]
pub enum KeySource {
    /// The key itself, from the environment (or a test).
    Value(String),
    /// A file holding the key (surrounding whitespace ignored).
    File(PathBuf),
}

impl std::fmt::Debug for KeySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeySource::Value(_) => f.write_str("Value(***)"),
            KeySource::File(p) => f.debug_tuple("File").field(p).finish(),
        }
    }
}

impl KeySource {
    /// The source named by variable `var` or by a file flag; both at once is ambiguous.
    fn from(var: &str, file: Option<&Path>) -> anyhow::Result<Option<Self>> {
        let value = std::env::var(var).ok().filter(|v| !v.trim().is_empty());
        match (value, file) {
            (Some(_), Some(_)) => bail!("{var} and {var}_FILE are both set: keep one"),
            (Some(v), None) => Ok(Some(KeySource::Value(v))),
            (None, Some(p)) => Ok(Some(KeySource::File(p.to_path_buf()))),
            (None, None) => Ok(None),
        }
    }

    /// The key, or why it cannot be read; `what` names it in the error.
    pub fn read(&self, what: &str) -> anyhow::Result<MasterKey> {
        match self {
            KeySource::Value(v) => MasterKey::parse(v).context(what.to_string()),
            KeySource::File(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("reading {what} from {}", path.display()))?;
                MasterKey::parse(&text).with_context(|| format!("{what} in {}", path.display()))
            }
        }
    }
}

/// The current key and, during a rotation, the previous one.
#[derive(Clone, Debug)]
pub struct MasterKeys {
    pub current: MasterKey,
    pub previous: Option<MasterKey>,
}

impl MasterKeys {
    /// The box that seals with the current key and opens with both.
    pub fn secret_box(&self) -> SecretBox {
        let b = SecretBox::new(&self.current);
        match &self.previous {
            Some(p) => b.with_previous(p),
            None => b,
        }
    }
}

/// The master keys this server must use, or why it cannot start.
pub fn master_keys(config: &ServerConfig) -> anyhow::Result<MasterKeys> {
    let current = match (&config.master_key, config.demo) {
        (Some(source), _) => source.read(MASTER_KEY_VAR)?,
        (None, true) => demo_key(&config.data_dir.join(DEMO_KEY_FILE))?,
        (None, false) => bail!(
            "WXOPEN_MASTER_KEY is not set. Platform secrets and tokens are encrypted at rest with it.\n\
             Generate one with `wxopen-console gen-master-key`, store it safely (without it stored \
             secrets cannot be read: every platform's secrets would have to be entered again and every \
             merchant would have to authorize again), then set WXOPEN_MASTER_KEY (or \
             WXOPEN_MASTER_KEY_FILE, a file holding it).\n\
             (`wxopen-console serve --demo` generates a throw-away key by itself.)"
        ),
    };
    let previous = config
        .previous_master_key
        .as_ref()
        .map(|p| p.read(PREVIOUS_KEY_VAR))
        .transpose()?;
    Ok(MasterKeys { current, previous })
}

/// The keys of a command that works on secrets (`create-platform`, `rotate-master-key`): the
/// current key is required; `what_for` says why in the error.
pub fn command_keys(args: &MasterKeyArgs, what_for: &str) -> anyhow::Result<MasterKeys> {
    let (current, previous) = args.sources()?;
    let Some(current) = current else {
        bail!(
            "WXOPEN_MASTER_KEY is not set (nor WXOPEN_MASTER_KEY_FILE): {what_for} (see `wxopen-console gen-master-key`)"
        );
    };
    Ok(MasterKeys {
        current: current.read(MASTER_KEY_VAR)?,
        previous: previous.map(|p| p.read(PREVIOUS_KEY_VAR)).transpose()?,
    })
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_key_file_is_read_and_its_value_never_printed() {
        let key = MasterKey::generate();
        let path = std::env::temp_dir().join(format!("wxopen-key-{}", uuid_like()));
        std::fs::write(&path, format!("{}\n", key.to_base64())).unwrap();
        let read = KeySource::File(path.clone()).read("the key").unwrap();
        assert_eq!(read.fingerprint(), key.fingerprint());
        std::fs::remove_file(&path).unwrap();
        let err = KeySource::File(path).read("the key").unwrap_err();
        assert!(format!("{err:#}").contains("reading the key"), "{err:#}");

        let shown = format!("{:?}", KeySource::Value(key.to_base64()));
        assert!(!shown.contains(&key.to_base64()), "{shown}");
        assert!(
            KeySource::Value("short".into()).read("K").is_err(),
            "not 32 bytes"
        );
    }

    fn uuid_like() -> String {
        MasterKey::generate().fingerprint().to_string()
    }
}
