//! `cargo xtask run` starts the demo; `cargo xtask test` runs every check. Both install what is
//! missing first (wasm32 target, cargo-leptos, the exact wasm-bindgen CLI, wasm-opt for release
//! builds, Chromium and the Playwright package for the browser tests), saying what and how long.

mod e2e;
mod proc;
mod run;
mod site;
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
