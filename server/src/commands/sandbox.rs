//! `wxopen-console sandbox`: the WeChat simulator on its own.

use std::io::Write;
use std::time::Duration;

use anyhow::Context;
use wechat_sandbox::{Sandbox, SandboxConfig};

use crate::cli::SandboxArgs;

/// Runs the sandbox until Ctrl-C.
pub async fn run(args: &SandboxArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("binding {}", args.listen))?;
    let addr = listener.local_addr()?;
    let sandbox = Sandbox::new(SandboxConfig {
        ticket_interval: Duration::from_secs(args.ticket_interval_secs.max(1)),
        public_url: Some(url::Url::parse(&format!("http://{addr}"))?),
        ..SandboxConfig::default()
    });
    if args.seed_accounts {
        sandbox.seed_demo_accounts();
    }
    writeln!(out, "WeChat sandbox listening on http://{addr}")?;
    writeln!(
        out,
        "control API: http://{addr}/_sandbox (see sandbox/README.md)"
    )?;
    tokio::select! {
        served = sandbox.serve(listener) => served.context("serving the sandbox"),
        _ = tokio::signal::ctrl_c() => Ok(()),
    }
}
