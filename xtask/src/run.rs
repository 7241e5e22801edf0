//! `cargo xtask run`: build with cargo-leptos, then start the demo.

use std::process::Command;

use clap::Args;

use crate::proc::{announce, root, run as run_cmd};
use crate::{site, tools};

/// Options of `cargo xtask run`.
#[derive(Args)]
pub struct RunArgs {
    /// Optimised build (also installs wasm-opt if missing).
    #[arg(long)]
    release: bool,
    /// Extra arguments for `wxopen-console serve` (default: `--demo`).
    #[arg(last = true)]
    serve_args: Vec<String>,
}

/// Builds the site and runs the server in the foreground until Ctrl-C.
pub fn run(args: &RunArgs) -> anyhow::Result<()> {
    tools::ensure_build_tools(args.release)?;
    site::build(args.release)?;
    let profile = if args.release { "release" } else { "debug" };
    let bin = root().join("target").join(profile).join("wxopen-console");
    let serve_args: Vec<String> = if args.serve_args.is_empty() {
        vec!["serve".into(), "--demo".into()]
    } else {
        std::iter::once("serve".to_string())
            .chain(args.serve_args.iter().cloned())
            .collect()
    };
    announce(&format!("Starting wxopen-console {}", serve_args.join(" ")));
    run_cmd(
        "wxopen-console",
        Command::new(bin).args(&serve_args).current_dir(root()),
    )
}
