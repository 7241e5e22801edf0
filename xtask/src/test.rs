//! `cargo xtask test`: every check, in order, with one summary line at the end.

use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use anyhow::bail;
use clap::Args;

use crate::e2e;
use crate::proc::{announce, cargo, elapsed, run, run_capture};

/// Options of `cargo xtask test`.
#[derive(Args)]
pub struct TestArgs {
    /// Skip the Playwright browser tests.
    #[arg(long)]
    no_e2e: bool,
    /// Only the Playwright browser tests.
    #[arg(long, conflicts_with = "no_e2e")]
    e2e_only: bool,
    /// Only the Playwright tests whose title matches this regular expression (Playwright's
    /// `--grep`), for iterating on one flow.
    #[arg(long, conflicts_with = "no_e2e")]
    grep: Option<String>,
}

/// The PostgreSQL server tests use when nothing else is configured.
const LOCAL_POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/test";

#[derive(Default)]
struct Summary {
    done: Vec<String>,
}

impl Summary {
    fn line(&self, started: Instant, ok: bool) -> String {
        format!(
            "xtask test: {} - {} - {}",
            if ok { "PASSED" } else { "FAILED" },
            if self.done.is_empty() {
                "nothing ran".to_string()
            } else {
                self.done.join(", ")
            },
            elapsed(started)
        )
    }
}

/// Runs the checks; prints the summary line whether they pass or not.
pub fn test(args: &TestArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let mut summary = Summary::default();
    let result = run_all(args, &mut summary);
    println!("\n{}", summary.line(started, result.is_ok()));
    result
}

fn run_all(args: &TestArgs, summary: &mut Summary) -> anyhow::Result<()> {
    if !args.e2e_only {
        announce("cargo fmt --check");
        run("fmt", cargo().args(["fmt", "--all", "--", "--check"]))?;
        summary.done.push("fmt".into());

        announce("clippy, server side (-D warnings)");
        run(
            "clippy (host)",
            cargo().args([
                "clippy",
                "--workspace",
                "--exclude",
                "console-frontend",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
        )?;
        crate::tools::ensure_build_tools(false)?;
        announce("clippy, browser side (wasm32, -D warnings)");
        run(
            "clippy (wasm)",
            cargo().args([
                "clippy",
                "-p",
                "console-frontend",
                "-p",
                "console-app",
                "--target",
                "wasm32-unknown-unknown",
                "--target-dir",
                "target/front",
                "--",
                "-D",
                "warnings",
            ]),
        )?;
        summary.done.push("clippy (host + wasm)".into());

        let pg = postgres_url()?;
        announce(&format!(
            "Rust tests on SQLite{}",
            if pg.is_some() {
                " and PostgreSQL"
            } else {
                " (PostgreSQL not reachable: skipped)"
            }
        ));
        let mut cmd = cargo();
        cmd.args(["test", "--workspace", "--exclude", "console-frontend"]);
        match &pg {
            Some(url) => cmd.env("TEST_DATABASE_URL", url),
            None => cmd.env_remove("TEST_DATABASE_URL"),
        };
        let (ok, out) = run_capture("cargo test", &mut cmd)?;
        let (passed, failed) = count_rust_tests(&out);
        if !ok {
            summary.done.push(format!(
                "Rust tests FAILED ({failed} failed, {passed} passed)"
            ));
            bail!("Rust tests failed");
        }
        summary.done.push(format!(
            "{passed} Rust tests ({})",
            if pg.is_some() {
                "SQLite + PostgreSQL"
            } else {
                "SQLite only"
            }
        ));
    }
    if !args.no_e2e {
        let passed = e2e::run(args.grep.as_deref())?;
        summary.done.push(format!("{passed} Playwright tests"));
    }
    Ok(())
}

/// `TEST_DATABASE_URL`, else the local server if it answers; required when
/// `WXOPEN_REQUIRE_POSTGRES=1` (CI).
pub fn postgres_url() -> anyhow::Result<Option<String>> {
    if let Ok(url) = std::env::var("TEST_DATABASE_URL")
        && !url.trim().is_empty()
    {
        return Ok(Some(url));
    }
    let addr: SocketAddr = ([127, 0, 0, 1], 5432).into();
    if TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_ok() {
        return Ok(Some(LOCAL_POSTGRES.to_string()));
    }
    if std::env::var("WXOPEN_REQUIRE_POSTGRES").as_deref() == Ok("1") {
        bail!("WXOPEN_REQUIRE_POSTGRES=1 but PostgreSQL is not reachable at 127.0.0.1:5432");
    }
    Ok(None)
}

/// Sums `test result:` lines: (passed, failed).
fn count_rust_tests(out: &str) -> (u64, u64) {
    let mut passed = 0;
    let mut failed = 0;
    for line in out.lines().filter(|l| l.starts_with("test result:")) {
        let num_before = |word: &str| -> u64 {
            line.split(';')
                .find(|part| part.trim_end().ends_with(word))
                .and_then(|part| part.split_whitespace().rev().nth(1))
                .and_then(|n| n.parse().ok())
                .unwrap_or(0)
        };
        passed += num_before("passed");
        failed += num_before("failed");
    }
    (passed, failed)
}

#[cfg(test)]
mod tests {
    use super::count_rust_tests;

    #[test]
    fn counts_every_test_result_line() {
        let out = "test result: ok. 7 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.31s\n\
                   noise\n\
                   test result: FAILED. 16 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out\n";
        assert_eq!(count_rust_tests(out), (23, 2));
    }
}
