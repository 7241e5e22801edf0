//! The Playwright suite against a freshly built server (demo mode, throw-away SQLite database).

use std::fs::File;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use crate::proc::{announce, root, run_capture};
use crate::{site, tools};

/// Kills the server when the tests end, however they end.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The demo server on a throw-away SQLite database under `dir`, killed when dropped.
pub struct Demo {
    _server: Server,
    pub base_url: String,
    pub sandbox_url: String,
    pub database_url: String,
    pub log_path: std::path::PathBuf,
}

/// Starts the built server in demo mode on free loopback ports, with a fresh database in `dir`.
pub fn start_demo(dir: &Path) -> anyhow::Result<Demo> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let port = free_port()?;
    let sandbox_port = free_port()?;
    let base_url = format!("http://127.0.0.1:{port}");
    let log_path = dir.join("server.log");
    let log = File::create(&log_path)?;
    let database_url = format!("sqlite://{}", dir.join("wxopen.db").display());

    announce(&format!("Starting the demo server at {base_url}"));
    let child = Command::new(root().join("target/debug/wxopen-console"))
        .args(["serve", "--demo", "--listen", &format!("127.0.0.1:{port}")])
        .env("DATABASE_URL", &database_url)
        .env("WXOPEN_SANDBOX_ADDR", format!("127.0.0.1:{sandbox_port}"))
        .env("LEPTOS_SITE_ROOT", root().join("target/site"))
        .env("RUST_LOG", "info")
        .current_dir(root())
        .stdout(log.try_clone()?)
        .stderr(log)
        .stdin(Stdio::null())
        .spawn()
        .context("starting target/debug/wxopen-console")?;
    let server = Server(child);
    if let Err(e) = wait_healthy(port, Duration::from_secs(90)) {
        drop(server);
        let tail = std::fs::read_to_string(&log_path).unwrap_or_default();
        bail!("{e}\n--- server log ({}) ---\n{tail}", log_path.display());
    }
    Ok(Demo {
        _server: server,
        base_url,
        sandbox_url: format!("http://127.0.0.1:{sandbox_port}"),
        database_url,
        log_path,
    })
}

/// Runs Playwright (with `args` after `playwright test`) against the demo; the number of passed
/// tests. The layout spec seeds authorizers through this program (`XTASK_BIN seed-authorizers`).
pub fn playwright(demo: &Demo, args: &[&str], env: &[(&str, String)]) -> anyhow::Result<u64> {
    announce("Playwright (Debian Chromium, headless)");
    let xtask = std::env::current_exe().context("locating the xtask binary")?;
    let (ok, out) = run_capture(
        "playwright",
        Command::new("npx")
            .args(["playwright", "test"])
            .args(args)
            .current_dir(root().join("end2end"))
            .env("BASE_URL", &demo.base_url)
            .env("SANDBOX_URL", &demo.sandbox_url)
            .env("E2E_DATABASE_URL", &demo.database_url)
            .env("XTASK_BIN", xtask)
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
    )?;
    let passed = out
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_suffix(')')
                .and_then(|l| l.split_once(" passed ("))
        })
        .and_then(|(n, _)| n.trim().parse().ok())
        .unwrap_or(0);
    if !ok {
        bail!(
            "Playwright tests failed (server log: {}, traces: end2end/test-results)",
            demo.log_path.display()
        );
    }
    Ok(passed)
}

/// Builds, starts the server, runs Playwright; returns the number of passed tests.
pub fn run(grep: Option<&str>) -> anyhow::Result<u64> {
    tools::ensure_build_tools(false)?;
    site::build(false)?;
    tools::ensure_e2e_tools()?;
    let demo = start_demo(&root().join("target/e2e"))?;
    let args: Vec<&str> = grep.map(|g| vec!["--grep", g]).unwrap_or_default();
    playwright(&demo, &args, &[])
}

fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Polls `GET /healthz` until it answers 200.
fn wait_healthy(port: u16, timeout: Duration) -> anyhow::Result<()> {
    let started = Instant::now();
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    while started.elapsed() < timeout {
        if let Ok(mut s) = TcpStream::connect_timeout(&addr, Duration::from_millis(500)) {
            let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
            let req = format!("GET /healthz HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n");
            if s.write_all(req.as_bytes()).is_ok() {
                let mut buf = String::new();
                let _ = s.read_to_string(&mut buf);
                if buf.starts_with("HTTP/1.0 200") || buf.starts_with("HTTP/1.1 200") {
                    return Ok(());
                }
            }
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    bail!(
        "the server did not become healthy within {}s",
        timeout.as_secs()
    )
}
