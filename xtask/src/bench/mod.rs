//! `cargo xtask bench [--quick]`: load figures of the release build on this machine, written to
//! `docs/benchmarks.md` with the machine, the exact commands, the date and each target met or
//! missed. Loopback only, every load bounded in time.

mod ceiling;
mod load;
mod pushes;
mod report;
mod server;
mod sweep;

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Args;

use crate::proc::{announce, cargo, elapsed, output_of, root, run};
use crate::{site, tools};

pub use ceiling::serve as serve_ceiling;
pub use load::run as run_load;

/// Options of `cargo xtask bench`.
#[derive(Args)]
pub struct BenchArgs {
    /// About a minute: shorter loads, fewer pushes (a CI-sized check, not the published figures).
    #[arg(long)]
    quick: bool,
    /// Reuse the release build already in target/ (no `cargo leptos build --release`).
    #[arg(long)]
    no_build: bool,
    /// SQLite only, even when PostgreSQL is reachable.
    #[arg(long)]
    no_postgres: bool,
}

/// oha release from crates.io.
const OHA_VERSION: &str = "1.16.0";
/// The PostgreSQL server the bench creates a throw-away database on.
const POSTGRES: &str = "postgres://postgres@127.0.0.1:5432";

/// The platform the bench creates, with credentials it knows (the demo's are random).
pub const APPID: &str = "wxbe4c000000000001";
pub const TOKEN: &str = "benchtoken2026";
pub const TENANT: &str = "演示科技有限公司";

/// How long each load runs and how many distinct pushes are prepared.
#[derive(Clone, Copy)]
pub struct Plan {
    pub secs: u64,
    pub pushes: usize,
    pub authorizers: u64,
}

fn ensure_oha() -> anyhow::Result<()> {
    let have = output_of("oha", &["--version"]).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(OHA_VERSION) {
        return Ok(());
    }
    announce(&format!(
        "Installing oha {OHA_VERSION} from crates.io (the HTTP load generator; about 5 minutes, once)"
    ));
    run(
        "cargo install oha",
        cargo().args(["install", "oha", "--version", OHA_VERSION, "--locked"]),
    )
}

/// A free loopback port.
pub fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Waits until something accepts connections on `addr`.
pub fn wait_for_port(addr: SocketAddr, timeout: Duration) -> anyhow::Result<()> {
    let until = Instant::now() + timeout;
    while Instant::now() < until {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    anyhow::bail!("nothing listens on {addr} after {timeout:?}")
}

fn postgres_reachable() -> bool {
    "127.0.0.1:5432"
        .parse()
        .ok()
        .is_some_and(|a| TcpStream::connect_timeout(&a, Duration::from_secs(1)).is_ok())
        && output_of("psql", &["--version"]).is_some()
}

/// The release `xtask` binary, which runs the ceiling server and the paired loader optimised.
pub fn helper() -> PathBuf {
    root().join("target/release/xtask")
}

/// The machine, for the report.
pub struct Machine {
    pub cores: usize,
    pub ram_gib: f64,
    pub cpu: String,
    pub kernel: String,
}

fn machine() -> Machine {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let kib: f64 = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0);
    Machine {
        cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
        ram_gib: kib / 1024.0 / 1024.0,
        cpu: cpuinfo
            .lines()
            .find_map(|l| l.strip_prefix("model name"))
            .map(|v| v.trim_start_matches([' ', '\t', ':']).to_string())
            .unwrap_or_else(|| "unknown".into()),
        kernel: output_of("uname", &["-sr"]).unwrap_or_default(),
    }
}

/// Runs every figure and writes docs/benchmarks.md.
pub fn bench(args: &BenchArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let plan = if args.quick {
        Plan {
            secs: 3,
            pushes: 40_000,
            authorizers: 10_000,
        }
    } else {
        Plan {
            secs: 15,
            pushes: 200_000,
            authorizers: 100_000,
        }
    };
    tools::ensure_build_tools(true)?;
    ensure_oha()?;
    if !args.no_build {
        site::build(true)?;
        announce("Building the bench helper (cargo build --release -p xtask)");
        run(
            "cargo build xtask",
            cargo().args(["build", "--release", "--quiet", "-p", "xtask"]),
        )?;
    }
    let work = root().join("target/bench");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)?;

    let aes_key = wxopen::EncodingAesKey::from_bytes([7u8; 32]).to_encoded();
    let platform = pushes::Platform {
        appid: APPID,
        token: TOKEN,
        aes_key: &aes_key,
    };
    announce(&format!(
        "Writing {} distinct valid encrypted pushes and messages of each kind",
        plan.pushes
    ));
    let events = work.join("events.tsv");
    let messages = work.join("messages.tsv");
    pushes::write_events(&events, &platform, plan.pushes)?;
    pushes::write_messages(&messages, &platform, plan.pushes)?;
    let forwarded = work.join("forwarded.tsv");
    pushes::write_forwarded(&forwarded, &platform, plan.pushes)?;

    let mut report = report::Report::new(machine(), args.quick, plan);
    let wasm = report::wasm_sizes(&root().join("target/site/pkg"))?;
    if wasm.gzip.is_some() {
        report.wasm = Some(wasm);
    } else {
        // `--no-build` after a debug build (the browser tests) finds no release bundle.
        report.notes.push(format!(
            "The WASM bundle was not measured: target/site/pkg holds a debug build ({}, not \
             precompressed); run without --no-build for the release figure.",
            wasm.file
        ));
    }

    announce("Ceiling: a minimal axum handler that only verifies and decrypts");
    report.ceiling = Some(server::ceiling(&events, &aes_key, plan)?);

    let mut backends = vec![("SQLite", None)];
    if !args.no_postgres && postgres_reachable() {
        backends.push((
            "PostgreSQL",
            Some(format!("wxopen_bench_{}", std::process::id())),
        ));
    } else {
        report.notes.push(
            "PostgreSQL was not reachable at 127.0.0.1:5432 (or `psql` is missing): SQLite only."
                .into(),
        );
    }
    for (name, pg_db) in backends {
        announce(&format!("{name}: server figures"));
        let url = match &pg_db {
            None => format!("sqlite://{}/bench.db", work.display()),
            Some(db) => {
                psql(
                    &format!("{POSTGRES}/postgres"),
                    &format!("CREATE DATABASE {db}"),
                )?;
                format!("{POSTGRES}/{db}")
            }
        };
        let files = server::LoadFiles {
            events: &events,
            messages: &messages,
            forwarded: &forwarded,
        };
        let result = server::figures(name, &url, &work, &aes_key, &files, plan);
        if let Some(db) = &pg_db {
            let _ = psql(
                &format!("{POSTGRES}/postgres"),
                &format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"),
            );
        }
        report.backends.push(result?);
    }
    let sweep_tokens = if args.quick { 1_000 } else { 10_000 };
    let sweep_pg = (!args.no_postgres && postgres_reachable()).then(|| format!("{POSTGRES}/test"));
    // A failed sweep is reported, not allowed to lose every other figure.
    match sweep::run(sweep_tokens, sweep_pg.as_deref()) {
        Ok(sweeps) => report.sweeps = sweeps,
        Err(e) => report
            .notes
            .push(format!("The refresh sweep failed: {e:#}")),
    }
    let path = root().join("docs/benchmarks.md");
    std::fs::write(&path, report.render())
        .with_context(|| format!("writing {}", path.display()))?;
    println!("\n{}", report.summary());
    println!(
        "xtask bench: wrote docs/benchmarks.md - {}",
        elapsed(started)
    );
    Ok(())
}

/// Runs one SQL statement with psql.
pub fn psql(url: &str, sql: &str) -> anyhow::Result<String> {
    let out = Command::new("psql")
        .args([url, "-v", "ON_ERROR_STOP=1", "-qtAc", sql])
        .output()
        .context("running psql")?;
    anyhow::ensure!(
        out.status.success(),
        "psql: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Runs SQL with sqlite3.
pub fn sqlite(file: &Path, sql: &str) -> anyhow::Result<String> {
    let out = Command::new("sqlite3")
        .arg(file)
        .arg(sql)
        .output()
        .context("running sqlite3")?;
    anyhow::ensure!(
        out.status.success(),
        "sqlite3: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}
