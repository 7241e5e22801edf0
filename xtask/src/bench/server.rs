//! Starting the release server (and the ceiling) on loopback, loading it, sampling its memory.

use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use anyhow::Context;

use super::report::{Backend, Figure, Load};
use super::{APPID, Plan, TENANT, TOKEN, free_port, helper, psql, sqlite, wait_for_port};
use crate::proc::{announce, root};

/// Connections for the push and API loads (as in the wrk measurement).
const CONNECTIONS: usize = 64;
/// Connections for the token API (the figure).
const TOKEN_CONNECTIONS: usize = 256;
/// Connections for the staff pages (a few staff at once; the median is close to server time).
const PAGE_CONNECTIONS: usize = 4;

fn bin() -> std::path::PathBuf {
    root().join("target/release/wxopen-console")
}

/// A child process killed when dropped.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        for _ in 0..50 {
            if matches!(self.0.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Peak resident memory of a process, sampled every 100 ms from /proc/<pid>/status.
struct RssSampler {
    stop: Arc<AtomicBool>,
    peak_kib: Arc<AtomicU64>,
}

impl RssSampler {
    fn start(pid: u32) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let peak_kib = Arc::new(AtomicU64::new(0));
        let (s, p) = (stop.clone(), peak_kib.clone());
        std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                let status =
                    std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
                if let Some(kib) = status
                    .lines()
                    .find_map(|l| l.strip_prefix("VmRSS:"))
                    .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
                {
                    p.fetch_max(kib, Ordering::Relaxed);
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        });
        Self { stop, peak_kib }
    }

    fn peak_mib(&self) -> f64 {
        self.peak_kib.load(Ordering::Relaxed) as f64 / 1024.0
    }
}

impl Drop for RssSampler {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// The paired loader (release helper), for pushes and messages.
fn paired(addr: SocketAddr, file: &Path, secs: u64, cycle: bool) -> anyhow::Result<(String, Load)> {
    let mut cmd = Command::new(helper());
    cmd.args([
        "bench-load",
        "--addr",
        &addr.to_string(),
        "--file",
        &file.to_string_lossy(),
        "-c",
        &CONNECTIONS.to_string(),
        "--secs",
        &secs.to_string(),
    ]);
    if cycle {
        cmd.arg("--cycle");
    }
    let shown = format!(
        "target/release/xtask bench-load --addr {addr} --file target/bench/{} -c {CONNECTIONS} --secs {secs}{}",
        file.file_name().unwrap_or_default().to_string_lossy(),
        if cycle { " --cycle" } else { "" }
    );
    let out = cmd.output().context("running the bench loader")?;
    anyhow::ensure!(
        out.status.success(),
        "bench loader: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).context("loader output")?;
    let statuses = v["statuses"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, n)| (k.clone(), n.as_u64().unwrap_or(0)))
                .filter(|(_, n)| *n > 0)
                .collect()
        })
        .unwrap_or_default();
    Ok((
        shown,
        Load {
            rps: v["rps"].as_f64().unwrap_or(0.0),
            p50_ms: v["p50_ms"].as_f64().unwrap_or(0.0),
            p90_ms: v["p90_ms"].as_f64().unwrap_or(0.0),
            p99_ms: v["p99_ms"].as_f64().unwrap_or(0.0),
            statuses,
            errors: v["errors"].as_u64().unwrap_or(0),
            exhausted: v["exhausted"].as_bool().unwrap_or(false),
        },
    ))
}

/// oha, bounded in time, its JSON output read back.
fn oha(
    url: &str,
    connections: usize,
    secs: u64,
    extra: &[&str],
    shown_extra: &str,
) -> anyhow::Result<(String, Load)> {
    let c = connections.to_string();
    let z = format!("{secs}s");
    let mut args = vec![
        url,
        "-z",
        &z,
        "-c",
        &c,
        "--no-tui",
        "--output-format",
        "json",
    ];
    args.extend_from_slice(extra);
    let out = Command::new("oha")
        .args(&args)
        .output()
        .context("running oha")?;
    anyhow::ensure!(
        out.status.success(),
        "oha: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).context("oha's JSON")?;
    let pct = |p: &str| v["latencyPercentiles"][p].as_f64().unwrap_or(0.0) * 1000.0;
    let statuses = v["statusCodeDistribution"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, n)| (k.clone(), n.as_u64().unwrap_or(0)))
                .collect()
        })
        .unwrap_or_default();
    let errors = v["errorDistribution"]
        .as_object()
        .map(|m| {
            m.iter()
                .filter(|(k, _)| !k.contains("aborted due to deadline"))
                .map(|(_, n)| n.as_u64().unwrap_or(0))
                .sum()
        })
        .unwrap_or(0);
    Ok((
        format!("oha '{url}' -z {z} -c {c} --no-tui --output-format json{shown_extra}"),
        Load {
            rps: v["summary"]["requestsPerSec"].as_f64().unwrap_or(0.0),
            p50_ms: pct("p50"),
            p90_ms: pct("p90"),
            p99_ms: pct("p99"),
            statuses,
            errors,
            exhausted: false,
        },
    ))
}

/// Starts the release helper's ceiling server (which also serves the forwarding figure's
/// `/hook`) on a free port; it stops when the guard is dropped.
fn start_ceiling(aes_key: &str) -> anyhow::Result<(SocketAddr, Guard)> {
    let addr: SocketAddr = format!("127.0.0.1:{}", free_port()?).parse()?;
    let child = Command::new(helper())
        .args([
            "bench-ceiling",
            "--listen",
            &addr.to_string(),
            "--token",
            TOKEN,
            "--aes-key",
            aes_key,
            "--appid",
            APPID,
        ])
        .stdout(Stdio::null())
        .spawn()
        .context("starting the bench helper's server")?;
    let guard = Guard(child);
    wait_for_port(addr, Duration::from_secs(10))?;
    Ok((addr, guard))
}

/// The ceiling server with the same pushes, cycled (it stores nothing, so repeats cost the same).
pub fn ceiling(events: &Path, aes_key: &str, plan: Plan) -> anyhow::Result<Figure> {
    let (addr, _guard) = start_ceiling(aes_key)?;
    let (command, load) = paired(addr, events, plan.secs, true)?;
    Ok(Figure::new(
        "Ceiling: verify + decrypt only (minimal axum)",
        "",
        command,
        load,
    ))
}

fn cli(
    url: &str,
    env: &[(&str, &str)],
    args: &[&str],
    stdin: Option<&str>,
) -> anyhow::Result<String> {
    let mut cmd = Command::new(bin());
    cmd.args(args)
        .env("DATABASE_URL", url)
        .envs(env.iter().copied())
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().context("running wxopen-console")?;
    if let (Some(s), Some(mut pipe)) = (stdin, child.stdin.take()) {
        writeln!(pipe, "{s}")?;
    }
    let out = child.wait_with_output()?;
    anyhow::ensure!(
        out.status.success(),
        "wxopen-console {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn count(url: &str, db_file: Option<&Path>, sql: &str) -> u64 {
    match db_file {
        Some(f) => sqlite(f, sql),
        None => psql(url, sql),
    }
    .ok()
    .and_then(|s| s.parse().ok())
    .unwrap_or(0)
}

/// Signs in as the demo owner; returns the session cookie (`name=value`).
fn sign_in(base: &str) -> anyhow::Result<String> {
    let out = Command::new("curl")
        .args([
            "-s",
            "-o",
            "/dev/null",
            "-D",
            "-",
            "-H",
            &format!("Origin: {base}"),
            "--data-urlencode",
            "username=demo",
            "--data-urlencode",
            "password=wxopen-demo",
            &format!("{base}/api/auth/login"),
        ])
        .output()
        .context("running curl")?;
    let head = String::from_utf8_lossy(&out.stdout);
    head.lines()
        .filter_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("set-cookie").then(|| v.trim())
        })
        .find_map(|v| {
            let pair = v.split(';').next()?;
            pair.starts_with("wxopen_session=")
                .then(|| pair.to_string())
        })
        .context("signing in as the demo owner gave no session cookie")
}

/// The prepared requests of the loads.
#[derive(Clone, Copy)]
pub struct LoadFiles<'a> {
    /// Unique valid pushes to the event URL.
    pub events: &'a Path,
    /// Release-test messages (answered by the console itself).
    pub messages: &'a Path,
    /// Ordinary messages, forwarded to the platform's webhook.
    pub forwarded: &'a Path,
}

/// Every server figure on one database.
pub fn figures(
    name: &str,
    url: &str,
    work: &Path,
    aes_key: &str,
    files: &LoadFiles<'_>,
    plan: Plan,
) -> anyhow::Result<Backend> {
    let LoadFiles {
        events, messages, ..
    } = *files;
    let master_key = cli(url, &[], &["gen-master-key"], None)?;
    let data_dir = work.join(format!("data-{}", name.to_lowercase()));
    let data = data_dir.to_string_lossy().to_string();
    let env: Vec<(&str, &str)> = vec![
        ("WXOPEN_MASTER_KEY", &master_key),
        ("WXOPEN_DATA_DIR", &data),
        // The token API's per-key limits would otherwise be what the bench measures.
        ("WXOPEN_API_RATE", "1000000"),
        ("WXOPEN_API_BURST", "1000000"),
        ("RUST_LOG", "warn"),
    ];
    let db_file = url
        .strip_prefix("sqlite://")
        .map(|f| Path::new(f).to_path_buf());
    cli(url, &env, &["migrate"], None)?;
    cli(url, &env, &["create-tenant", TENANT], None)?;
    cli(
        url,
        &env,
        &[
            "create-platform",
            "--tenant",
            TENANT,
            "--appid",
            APPID,
            "--secret-stdin",
            "--token",
            TOKEN,
            "--aes-key",
            aes_key,
            "--name",
            "bench",
        ],
        Some("0123456789abcdef0123456789abcdef"),
    )?;
    let now_ms = crate::seed::now_ms();
    announce(&format!("{name}: seeding {} authorizers", plan.authorizers));
    let db = crate::seed::Database::from_url(url)?;
    crate::seed::authorizers(
        &db,
        APPID,
        0,
        plan.authorizers,
        crate::seed::Names::Short,
        now_ms,
    )?;

    let port = free_port()?;
    let sandbox_port = free_port()?;
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse()?;
    let base = format!("http://{addr}");
    let log = std::fs::File::create(work.join(format!("server-{}.log", name.to_lowercase())))?;
    let child = Command::new(bin())
        .args([
            "serve",
            "--demo",
            "--listen",
            &addr.to_string(),
            "--sandbox-listen",
            &format!("127.0.0.1:{sandbox_port}"),
        ])
        .env("DATABASE_URL", url)
        .envs(env.iter().copied())
        .current_dir(root())
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()
        .context("starting the release server")?;
    let pid = child.id();
    let _guard = Guard(child);
    wait_for_port(addr, Duration::from_secs(60))?;
    let rss = RssSampler::start(pid);
    let idle_rss = {
        std::thread::sleep(Duration::from_millis(500));
        rss.peak_mib()
    };
    let cookie = sign_in(&base)?;
    let cookie_header = format!("Cookie: {cookie}");
    let secs = plan.secs;
    let mut b = Backend::new(name);

    announce(&format!("{name}: GET /healthz"));
    let (cmd, load) = oha(&format!("{base}/healthz"), CONNECTIONS, secs, &[], "")?;
    b.figures.push(Figure::new(
        "GET /healthz (reads the database)",
        "",
        cmd,
        load,
    ));

    announce(&format!("{name}: unique valid pushes on the event URL"));
    let (cmd, load) = paired(addr, events, secs, false)?;
    b.figures.push(Figure::new(
        "Event URL: unique valid encrypted pushes, each stored",
        "push",
        cmd,
        load,
    ));
    let stored = count(url, db_file.as_deref(), "SELECT count(*) FROM events");
    b.stored_events = Some(stored);

    announce(&format!(
        "{name}: the same push repeated (deduplicated, no insert)"
    ));
    let first = std::fs::read_to_string(events)?
        .lines()
        .next()
        .map(str::to_string)
        .context("no push")?;
    let (path, body) = first.split_once('\t').context("push line")?;
    let body_file = work.join("one-push.xml");
    std::fs::write(&body_file, body)?;
    let body_arg = body_file.to_string_lossy().to_string();
    let (cmd, load) = oha(
        &format!("{base}{path}"),
        CONNECTIONS,
        secs,
        &["-m", "POST", "-T", "text/xml", "-D", &body_arg],
        " -m POST -T text/xml -D target/bench/one-push.xml",
    )?;
    b.figures.push(Figure::new(
        "Event URL: one push repeated (deduplicated)",
        "",
        cmd,
        load,
    ));

    announce(&format!("{name}: release-test messages on the message URL"));
    let (cmd, load) = paired(addr, messages, secs, false)?;
    b.figures.push(Figure::new(
        "Message URL: release-test text, stored, encrypted passive reply",
        "message",
        cmd,
        load,
    ));
    b.stored_messages = Some(count(
        url,
        db_file.as_deref(),
        "SELECT count(*) FROM messages",
    ));

    // Forwarding: the platform's webhook (the helper's /hook, answering at once) gets each
    // message while WeChat waits, as a tenant's own service would.
    announce(&format!("{name}: messages forwarded to a local webhook"));
    let (hook_addr, _hook) = start_ceiling(aes_key)?;
    let platform_id = count(
        url,
        db_file.as_deref(),
        &format!("SELECT id FROM components WHERE appid = '{APPID}'"),
    );
    let set = Command::new("curl")
        .args([
            "-s",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            "-H",
            &cookie_header,
            "-H",
            &format!("Origin: {base}"),
            "--data-urlencode",
            &format!("id={platform_id}"),
            "--data-urlencode",
            &format!("url=http://{hook_addr}/hook"),
            &format!("{base}/api/platforms/set-webhook"),
        ])
        .output()
        .context("running curl")?;
    let code = String::from_utf8_lossy(&set.stdout).to_string();
    anyhow::ensure!(code == "200", "setting the bench webhook answered {code}");
    let (cmd, load) = paired(addr, files.forwarded, secs, false)?;
    b.figures.push(Figure::new(
        "Message URL: ordinary text, stored, forwarded to a local webhook while WeChat waits",
        "message",
        cmd,
        load,
    ));

    // The pages are measured once the push worker has processed the stored pushes, so that they
    // show page time rather than page time beside a draining queue; how long it took is a figure.
    announce(&format!(
        "{name}: waiting for the push worker to process the stored pushes"
    ));
    let backlog = "SELECT count(*) FROM events WHERE status IN ('pending', 'processing')";
    let drain_started = std::time::Instant::now();
    let limit = Duration::from_secs(if plan.secs <= 5 { 20 } else { 120 });
    let mut left = count(url, db_file.as_deref(), backlog);
    while left > 0 && drain_started.elapsed() < limit {
        std::thread::sleep(Duration::from_millis(500));
        left = count(url, db_file.as_deref(), backlog);
    }
    b.drain = Some((drain_started.elapsed().as_secs_f64(), left));

    for (title, path, target) in [
        (
            format!(
                "Staff page /authorizers ({} authorizers, SSR)",
                plan.authorizers
            ),
            "/authorizers",
            "authorizers_page",
        ),
        (
            "Staff page / (overview, SSR)".to_string(),
            "/",
            "overview_page",
        ),
    ] {
        announce(&format!("{name}: GET {path} signed in"));
        let (cmd, load) = oha(
            &format!("{base}{path}"),
            PAGE_CONNECTIONS,
            secs,
            &["-H", &cookie_header],
            " -H 'Cookie: wxopen_session=…'",
        )?;
        b.figures.push(Figure::new(&title, target, cmd, load));
    }

    // The token API from cache: the component token (the stored pushes carried tickets, so the
    // embedded sandbox issues it once; every later request is answered from this process's caches
    // of keys, platforms and tokens).
    announce(&format!("{name}: the token API, 256 connections"));
    let key = cli(
        url,
        &env,
        &[
            "create-api-key",
            "--tenant",
            TENANT,
            "--scope",
            "tokens",
            "--name",
            "bench",
        ],
        None,
    )?;
    let auth = format!("Authorization: Bearer {key}");
    // The bench's own platform is unknown to the embedded sandbox (as an unregistered appid is to
    // WeChat), so the token comes from the demo platform of the same tenant, which the sandbox
    // knows and sends tickets to.
    let listed = Command::new("curl")
        .args(["-s", "-f", "-H", &auth, &format!("{base}/api/v1/platforms")])
        .output()
        .context("running curl")?;
    let listed: serde_json::Value =
        serde_json::from_slice(&listed.stdout).context("the platform list of the token API")?;
    let demo_appid = listed
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["appid"].as_str())
        .find(|a| *a != APPID)
        .context("the demo platform is not in the token API's platform list")?
        .to_string();
    let token_url = format!("{base}/api/v1/platforms/{demo_appid}/component-token");
    // The sandbox's first ticket may still be on its way: up to ten seconds for the first token.
    let mut warm = false;
    for _ in 0..20 {
        warm = Command::new("curl")
            .args(["-s", "-f", "-o", "/dev/null", "-H", &auth, &token_url])
            .status()
            .context("running curl")?
            .success();
        if warm {
            break;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    anyhow::ensure!(warm, "the token API did not answer 200 before the load");
    let (cmd, load) = oha(
        &token_url,
        TOKEN_CONNECTIONS,
        secs,
        &["-H", &auth],
        " -H 'Authorization: Bearer wxk_…'",
    )?;
    b.figures.push(Figure::new(
        "Token API: GET …/component-token (from cache)",
        "token",
        cmd,
        load,
    ));
    b.rss_idle_mib = idle_rss;
    b.rss_peak_mib = rss.peak_mib();
    Ok(b)
}
