//! Running commands: announced, with inherited output or with stdout captured line by line.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, bail};

/// The workspace root (the parent of this crate's folder).
pub fn root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| here.to_path_buf())
}

/// `cargo` as invoked by the user (respects rustup's proxy choice).
pub fn cargo() -> Command {
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    c.current_dir(root());
    c
}

/// Prints a step heading.
pub fn announce(what: &str) {
    println!("\n==> {what}");
}

/// Runs `cmd` with inherited output; fails with `what` if it exits non-zero.
pub fn run(what: &str, cmd: &mut Command) -> anyhow::Result<()> {
    let started = Instant::now();
    let status = cmd
        .status()
        .with_context(|| format!("{what}: cannot start {:?}", cmd.get_program()))?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    println!("    ({what}: {})", elapsed(started));
    Ok(())
}

/// Runs `cmd`, echoing its stdout while keeping a copy; stderr is inherited.
pub fn run_capture(what: &str, cmd: &mut Command) -> anyhow::Result<(bool, String)> {
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("{what}: cannot start {:?}", cmd.get_program()))?;
    let mut kept = String::new();
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines() {
            let line = line.unwrap_or_default();
            println!("{line}");
            kept.push_str(&line);
            kept.push('\n');
        }
    }
    let status = child.wait()?;
    Ok((status.success(), kept))
}

/// The output of a command, if it ran and succeeded.
pub fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// "3m 04s".
pub fn elapsed(since: Instant) -> String {
    let s = since.elapsed().as_secs();
    if s >= 60 {
        format!("{}m {:02}s", s / 60, s % 60)
    } else {
        format!("{s}s")
    }
}
