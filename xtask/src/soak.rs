//! `cargo xtask soak [--minutes N]`: the long version of the failure scenarios, for a machine that
//! can spare the time (CI runs the short ones in `cargo xtask test`). It repeats, until the time
//! is up or one fails: the bad day at WeChat (20 % faults for eight hours of fast clock), the
//! refresh sweep with 10,000 due tokens in release, and, on PostgreSQL, three instances with a
//! `kill -9`, the database outage and a graceful shutdown. Repetition is the point: a scenario
//! that fails one run in fifty is a bug a real day finds.

use std::time::{Duration, Instant};

use anyhow::bail;
use clap::Args;

use crate::proc::{announce, cargo, elapsed, run};

/// Options of `cargo xtask soak`.
#[derive(Args)]
pub struct SoakArgs {
    /// How long to keep going (a round that has started is finished).
    #[arg(long, default_value_t = 60)]
    minutes: u64,
}

/// One scenario: a name and the cargo arguments that run it.
struct Scenario {
    name: &'static str,
    args: &'static [&'static str],
    needs_postgres: bool,
}

const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "a bad day at WeChat (8 h of fast clock, 20 % faults)",
        args: &["test", "-p", "console-core", "--test", "bad_day"],
        needs_postgres: false,
    },
    Scenario {
        name: "refresh sweep: 10,000 due tokens, 20 ms latency (release)",
        args: &[
            "test",
            "--release",
            "-p",
            "console-core",
            "--test",
            "refresh_sweep",
            "--",
            "--include-ignored",
        ],
        needs_postgres: false,
    },
    Scenario {
        name: "three instances, kill -9; database outage; graceful shutdown",
        args: &[
            "test",
            "-p",
            "console-server",
            "--test",
            "api",
            "--",
            "many_instances",
            "db_outage",
            "graceful_shutdown",
        ],
        needs_postgres: true,
    },
];

/// Runs the scenarios round after round for `--minutes`.
pub fn soak(args: &SoakArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let until = started + Duration::from_secs(args.minutes * 60);
    let postgres = crate::test::postgres_url()?;
    if postgres.is_none() {
        println!("PostgreSQL is not reachable: the many-instance and outage scenarios are skipped");
    }
    let mut rounds = 0;
    while Instant::now() < until {
        rounds += 1;
        for s in SCENARIOS {
            if s.needs_postgres && postgres.is_none() {
                continue;
            }
            announce(&format!("Soak round {rounds}: {}", s.name));
            let mut cmd = cargo();
            cmd.args(s.args).env("RUST_LOG", "warn");
            match &postgres {
                Some(url) => cmd.env("TEST_DATABASE_URL", url),
                None => cmd.env_remove("TEST_DATABASE_URL"),
            };
            if let Err(e) = run(s.name, &mut cmd) {
                bail!(
                    "xtask soak: FAILED in round {rounds} ({}): {e}",
                    elapsed(started)
                );
            }
        }
    }
    println!(
        "\nxtask soak: PASSED - {rounds} rounds of every scenario - {}",
        elapsed(started)
    );
    Ok(())
}
