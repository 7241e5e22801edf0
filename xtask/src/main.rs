//! `cargo xtask run` starts the demo; `cargo xtask test` runs every check; `cargo xtask bench`
//! measures the release build under load and writes docs/benchmarks.md; `cargo xtask soak`
//! repeats the long failure scenarios; `cargo xtask screenshots`
//! checks and photographs every staff page with a large data set. Each installs what is
//! missing first (wasm32 target, cargo-leptos, the exact wasm-bindgen CLI, wasm-opt for release
//! builds, Chromium and the Playwright package for the browser tests), saying what and how long.

mod bench;
mod e2e;
mod proc;
mod run;
mod screenshots;
mod seed;
mod site;
mod soak;
mod test;
mod tools;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Project tasks for wxopen-console")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Build and start the demo: server + embedded WeChat sandbox on SQLite.
    Run(run::RunArgs),
    /// Everything: fmt, clippy, Rust tests (SQLite, plus PostgreSQL when reachable), Playwright.
    Test(test::TestArgs),
    /// Load figures of the release build (SQLite, and PostgreSQL when reachable), written to
    /// docs/benchmarks.md. `--quick`: about a minute.
    Bench(bench::BenchArgs),
    /// The long failure scenarios, round after round (bad day at WeChat, the 10,000-token refresh
    /// sweep, and on PostgreSQL three instances with kill -9, a database outage, a graceful
    /// shutdown) until `--minutes` are up or one fails.
    Soak(soak::SoakArgs),
    /// Every staff page at 1280x900 with a large seeded data set (100,000 authorizers with the
    /// longest names by default): checked for overflow, saved as PNGs in docs/screenshots.
    Screenshots(screenshots::ScreenshotsArgs),
    /// (layout checks) Seeds authorizers with the longest names into a console database.
    #[command(hide = true)]
    SeedAuthorizers(screenshots::SeedArgs),
    /// (bench) The verify-and-decrypt ceiling server.
    #[command(hide = true)]
    BenchCeiling {
        #[arg(long)]
        listen: std::net::SocketAddr,
        #[arg(long)]
        token: String,
        #[arg(long)]
        aes_key: String,
        #[arg(long)]
        appid: String,
    },
    /// (bench) The paired loader: one query string and body per line of a file.
    #[command(hide = true)]
    BenchLoad {
        #[arg(long)]
        addr: std::net::SocketAddr,
        #[arg(long)]
        file: std::path::PathBuf,
        #[arg(short = 'c', default_value_t = 64)]
        connections: usize,
        #[arg(long, default_value_t = 10)]
        secs: u64,
        /// Start over at the first line when the file runs out (for the ceiling).
        #[arg(long)]
        cycle: bool,
    },
    /// Only install the tools the build needs (what CI caches).
    Setup {
        /// Also install wasm-opt (needed by release builds).
        #[arg(long)]
        release: bool,
        /// Also install Chromium and the Playwright package.
        #[arg(long)]
        e2e: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.task {
        Task::Run(args) => run::run(&args),
        Task::Test(args) => test::test(&args),
        Task::Bench(args) => bench::bench(&args),
        Task::Soak(args) => soak::soak(&args),
        Task::Screenshots(args) => screenshots::screenshots(&args),
        Task::SeedAuthorizers(args) => screenshots::seed_authorizers(&args),
        Task::BenchCeiling {
            listen,
            token,
            aes_key,
            appid,
        } => bench::serve_ceiling(listen, &token, &aes_key, &appid),
        Task::BenchLoad {
            addr,
            file,
            connections,
            secs,
            cycle,
        } => bench::run_load(
            addr,
            &file,
            connections,
            std::time::Duration::from_secs(secs),
            cycle,
        ),
        Task::Setup { release, e2e } => tools::ensure_build_tools(release).and_then(|()| {
            if e2e {
                tools::ensure_e2e_tools()
            } else {
                Ok(())
            }
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: {e:#}");
            ExitCode::FAILURE
        }
    }
}
