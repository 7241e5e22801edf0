//! The refresh-sweep figure: console-core's ignored test `refresh_sweep::ten_thousand_due_tokens`
//! in release, on SQLite and (when configured) PostgreSQL; it prints one `FIGURE` line per
//! database, read back here.

use std::process::Command;

use anyhow::Context;

use crate::proc::{announce, cargo, root};

/// One database's sweep.
pub struct Sweep {
    pub backend: String,
    pub tokens: u64,
    pub latency_ms: u64,
    pub secs: f64,
}

/// The command, as the report shows it.
pub fn command(tokens: u64) -> String {
    format!(
        "WXOPEN_SWEEP_TOKENS={tokens} cargo test --release -p console-core --test refresh_sweep -- --ignored --nocapture"
    )
}

/// Runs the sweep with `tokens` due tokens; `postgres`: a server URL for the test's databases.
pub fn run(tokens: u64, postgres: Option<&str>) -> anyhow::Result<Vec<Sweep>> {
    announce(&format!(
        "Refresh sweep: {tokens} due authorizer tokens, 20 ms WeChat latency (release test build)"
    ));
    let mut cmd: Command = cargo();
    cmd.args([
        "test",
        "--release",
        "-p",
        "console-core",
        "--test",
        "refresh_sweep",
        "--",
        "--ignored",
        "--nocapture",
    ])
    .env("WXOPEN_SWEEP_TOKENS", tokens.to_string())
    .env("RUST_LOG", "warn")
    .current_dir(root());
    match postgres {
        Some(url) => cmd.env("TEST_DATABASE_URL", url),
        None => cmd.env_remove("TEST_DATABASE_URL"),
    };
    let out = cmd.output().context("running the refresh-sweep test")?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    anyhow::ensure!(
        out.status.success(),
        "the refresh-sweep test failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sweeps = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("FIGURE refresh_sweep "))
        .filter_map(|j| serde_json::from_str::<serde_json::Value>(j).ok())
        .map(|v| Sweep {
            backend: match v["backend"].as_str() {
                Some("Postgres") => "PostgreSQL".into(),
                Some("Sqlite") => "SQLite".into(),
                other => other.unwrap_or("?").into(),
            },
            tokens: v["tokens"].as_u64().unwrap_or(0),
            latency_ms: v["latency_ms"].as_u64().unwrap_or(0),
            secs: v["secs"].as_f64().unwrap_or(0.0),
        })
        .collect::<Vec<_>>();
    anyhow::ensure!(
        !sweeps.is_empty(),
        "the refresh-sweep test printed no figure"
    );
    Ok(sweeps)
}
