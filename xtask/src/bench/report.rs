//! docs/benchmarks.md: the figures, what ran them, and each target met or missed.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use super::{Machine, Plan};

/// What one load measured.
pub struct Load {
    pub rps: f64,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    /// HTTP status -> count.
    pub statuses: BTreeMap<String, u64>,
    /// Connection or protocol errors (not counting requests cut by the deadline).
    pub errors: u64,
    /// The distinct pushes ran out before the time did.
    pub exhausted: bool,
}

/// One figure.
pub struct Figure {
    pub title: String,
    /// Which target applies (see [`target`]); empty: none.
    pub target: &'static str,
    pub command: String,
    pub load: Load,
}

impl Figure {
    pub fn new(title: &str, target: &'static str, command: String, load: Load) -> Self {
        Self {
            title: title.into(),
            target,
            command,
            load,
        }
    }
}

/// The issue's target for a figure: its text and whether the load met it.
fn target(f: &Figure) -> Option<(&'static str, bool)> {
    let l = &f.load;
    let clean = l.errors == 0 && l.statuses.keys().all(|s| s.starts_with('2'));
    Some(match f.target {
        "push" => (
            "≥ 5,000 stored pushes/s, p99 < 20 ms",
            clean && l.rps >= 5000.0 && l.p99_ms < 20.0,
        ),
        "message" => ("≥ 10,000 messages/s answered", clean && l.rps >= 10_000.0),
        "token" => (
            "≥ 20,000 requests/s, p99 < 10 ms at 256 connections",
            clean && l.rps >= 20_000.0 && l.p99_ms < 10.0,
        ),
        "authorizers_page" => ("median < 50 ms", clean && l.p50_ms < 50.0),
        "overview_page" => ("median < 30 ms", clean && l.p50_ms < 30.0),
        _ => return None,
    })
}

/// The figures of one database.
pub struct Backend {
    pub name: String,
    pub figures: Vec<Figure>,
    pub stored_events: Option<u64>,
    pub stored_messages: Option<u64>,
    /// Seconds the push worker took to process the stored pushes after the loads, and how many
    /// were still waiting when the bench stopped waiting.
    pub drain: Option<(f64, u64)>,
    pub rss_idle_mib: f64,
    pub rss_peak_mib: f64,
}

impl Backend {
    pub fn new(name: &str) -> Self {
        Self {
            name: name.into(),
            figures: Vec::new(),
            stored_events: None,
            stored_messages: None,
            drain: None,
            rss_idle_mib: 0.0,
            rss_peak_mib: 0.0,
        }
    }
}

/// Sizes of the release WASM.
pub struct Wasm {
    pub file: String,
    pub raw: u64,
    pub gzip: Option<u64>,
    pub brotli: Option<u64>,
}

/// The largest .wasm under `pkg` and its precompressed copies.
pub fn wasm_sizes(pkg: &Path) -> anyhow::Result<Wasm> {
    let mut best: Option<(u64, std::path::PathBuf)> = None;
    for e in std::fs::read_dir(pkg)? {
        let p = e?.path();
        if p.extension().is_some_and(|x| x == "wasm") {
            let len = p.metadata()?.len();
            if best.as_ref().is_none_or(|(l, _)| len > *l) {
                best = Some((len, p));
            }
        }
    }
    let (raw, path) = best.ok_or_else(|| anyhow::anyhow!("no .wasm in {}", pkg.display()))?;
    let size = |ext: &str| {
        std::fs::metadata(format!("{}.{ext}", path.display()))
            .ok()
            .map(|m| m.len())
    };
    Ok(Wasm {
        file: path
            .file_name()
            .map(|f| f.to_string_lossy().to_string())
            .unwrap_or_default(),
        raw,
        gzip: size("gz"),
        brotli: size("br"),
    })
}

pub struct Report {
    machine: Machine,
    quick: bool,
    plan: Plan,
    date: String,
    pub wasm: Option<Wasm>,
    pub ceiling: Option<Figure>,
    pub backends: Vec<Backend>,
    /// The refresh sweep per database, and the token count it ran with.
    pub sweeps: Vec<super::sweep::Sweep>,
    pub notes: Vec<String>,
}

fn kb(n: u64) -> String {
    format!("{:.0} KB", n as f64 / 1000.0)
}

fn statuses(l: &Load) -> String {
    let mut s: Vec<String> = l
        .statuses
        .iter()
        .map(|(k, n)| format!("{k}: {n}"))
        .collect();
    if l.errors > 0 {
        s.push(format!("errors: {}", l.errors));
    }
    if l.exhausted {
        s.push("pushes ran out".into());
    }
    s.join(", ")
}

impl Report {
    pub fn new(machine: Machine, quick: bool, plan: Plan) -> Self {
        Self {
            machine,
            quick,
            plan,
            date: crate::proc::output_of("date", &["-u", "+%Y-%m-%d %H:%M UTC"])
                .unwrap_or_default(),
            wasm: None,
            ceiling: None,
            backends: Vec::new(),
            sweeps: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn verdicts(&self) -> Vec<(String, String, bool)> {
        let mut v = Vec::new();
        for b in &self.backends {
            for f in &b.figures {
                if let Some((t, met)) = target(f) {
                    let measured = match f.target {
                        "authorizers_page" | "overview_page" => {
                            format!("median {:.1} ms ({:.0} req/s)", f.load.p50_ms, f.load.rps)
                        }
                        _ => format!("{:.0}/s, p99 {:.1} ms", f.load.rps, f.load.p99_ms),
                    };
                    v.push((format!("{} — {}: {t}", b.name, f.title), measured, met));
                }
            }
            v.push((
                format!(
                    "{} — resident memory of the server under all of the above: < 200 MiB",
                    b.name
                ),
                format!("peak {:.0} MiB", b.rss_peak_mib),
                b.rss_peak_mib > 0.0 && b.rss_peak_mib < 200.0,
            ));
        }
        for sw in &self.sweeps {
            v.push((
                format!(
                    "{} — refresh sweep: {} due authorizer tokens, {} ms WeChat latency, within 60 s",
                    sw.backend, sw.tokens, sw.latency_ms
                ),
                format!("{:.1} s", sw.secs),
                sw.tokens >= 10_000 && sw.secs < 60.0,
            ));
        }
        if let Some(w) = &self.wasm {
            v.push((
                "Release WASM < 450 KB gzip".into(),
                format!(
                    "{} gzip ({} raw)",
                    w.gzip.map_or("not precompressed".into(), kb),
                    kb(w.raw)
                ),
                w.gzip.is_some_and(|g| g < 450_000),
            ));
        }
        v
    }

    /// One line per target, for the terminal.
    pub fn summary(&self) -> String {
        self.verdicts()
            .iter()
            .map(|(t, m, ok)| format!("{} {t}: {m}", if *ok { "MET   " } else { "MISSED" }))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn table(out: &mut String, figures: &[&Figure]) {
        out.push_str("| Figure | Requests/s | p50 | p90 | p99 | Answers | Target |\n");
        out.push_str("|---|---:|---:|---:|---:|---|---|\n");
        for f in figures {
            let t = target(f)
                .map(|(t, met)| format!("{} ({t})", if met { "met" } else { "**missed**" }))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "| {} | {:.0} | {:.1} ms | {:.1} ms | {:.1} ms | {} | {t} |",
                f.title,
                f.load.rps,
                f.load.p50_ms,
                f.load.p90_ms,
                f.load.p99_ms,
                statuses(&f.load)
            );
        }
    }

    pub fn render(&self) -> String {
        let m = &self.machine;
        let mut o = String::new();
        o.push_str("# Benchmarks\n\n");
        o.push_str(
            "Written by `cargo xtask bench` (do not edit by hand; run it again). Release build \
             (`cargo leptos build --release --precompress`), server and load generator on the \
             same machine over loopback, so the load generator takes part of the same cores.\n\n",
        );
        let _ = writeln!(
            o,
            "- **Date:** {}\n- **Machine:** {} cores, {:.1} GiB RAM, {} ({})\n- **Run:** `cargo xtask bench{}` — {} s per load, {} distinct pushes prepared, {} authorizers seeded\n",
            self.date,
            m.cores,
            m.ram_gib,
            m.cpu,
            m.kernel,
            if self.quick { " --quick" } else { "" },
            self.plan.secs,
            self.plan.pushes,
            self.plan.authorizers
        );
        o.push_str(
            "## How\n\n\
             - The server is `target/release/wxopen-console serve --demo` (embedded sandbox) on a \
             fresh database, with a platform the bench creates with known credentials \
             (`create-platform`) and authorizers inserted by SQL; `RUST_LOG=warn`.\n\
             - `GET` loads and the repeated push use [oha](https://crates.io/crates/oha) (installed \
             by xtask with `cargo install oha --locked`), its `--output-format json` read back.\n\
             - Unique pushes and messages use the bench's own loader (`xtask bench-load`, release \
             build): a valid push signs its body (`msg_signature` covers the ciphertext) and a \
             stored push must differ from every other (the console deduplicates on the \
             plaintext), so each request must carry its own query string *and* its own body. \
             oha 1.16 reads URLs (`--urls-from-file`) and bodies (`-Z`) from files but draws each \
             at random and independently, so a URL would almost never meet its body. The loader \
             walks a file of pre-generated `path?query<TAB>body` lines (written with the `wxopen` \
             crate, WXBizMsgCrypt), each sent once, over keep-alive connections with one request \
             in flight each, as oha and wrk do.\n\
             - Memory is the server's VmRSS from `/proc/<pid>/status`, sampled every 100 ms.\n\n",
        );
        if let Some(c) = &self.ceiling {
            o.push_str("## Event URL ceiling\n\n");
            Self::table(&mut o, &[c]);
            let _ = writeln!(o, "\nCommand: `{}`\n", c.command);
        }
        for b in &self.backends {
            let _ = writeln!(o, "## {}\n", b.name);
            let figs: Vec<&Figure> = b.figures.iter().collect();
            Self::table(&mut o, &figs);
            o.push('\n');
            if let (Some(stored), Some(push)) = (
                b.stored_events,
                b.figures.iter().find(|f| f.target == "push"),
            ) {
                let answered = push.load.statuses.get("200").copied().unwrap_or(0);
                let _ = writeln!(
                    o,
                    "- Pushes answered `success`: {answered}; rows in `events` after the load: {stored}{}.",
                    if stored >= answered {
                        " (every answered push was stored)"
                    } else {
                        " (**fewer rows than answers**)"
                    }
                );
            }
            if let Some((secs, left)) = b.drain {
                let _ = writeln!(
                    o,
                    "- The push worker then processed the stored pushes in {secs:.0} s{} (the staff \
                     pages below were measured after that, on an otherwise idle server).",
                    if left > 0 {
                        format!(", **{left} still waiting** when the bench stopped waiting")
                    } else {
                        String::new()
                    }
                );
            }
            if let Some(n) = b.stored_messages {
                let _ = writeln!(o, "- Rows in `messages` after the message load: {n}.");
            }
            if let (Some(c), Some(push)) =
                (&self.ceiling, b.figures.iter().find(|f| f.target == "push"))
                && c.load.rps > 0.0
            {
                let _ = writeln!(
                    o,
                    "- Stored pushes / ceiling: {:.0} / {:.0} = {:.0}%.",
                    push.load.rps,
                    c.load.rps,
                    100.0 * push.load.rps / c.load.rps
                );
            }
            let _ = writeln!(
                o,
                "- Server resident memory: {:.0} MiB after start, {:.0} MiB peak under the loads.\n",
                b.rss_idle_mib, b.rss_peak_mib
            );
            o.push_str("Commands:\n\n");
            for f in &b.figures {
                let _ = writeln!(o, "- {}: `{}`", f.title, f.command);
            }
            o.push('\n');
        }
        if let Some(first) = self.sweeps.first() {
            o.push_str("## Refresh sweep\n\n");
            let _ = writeln!(
                o,
                "{} authorizer tokens made due at once; the sandbox answers every \
                 `api_authorizer_token` {} ms late; the scheduler's sweeps (claim a batch of 100 \
                 with a lease, refresh 8 at a time, sweep again at once while batches are full) \
                 refresh each exactly once (the test checks every row's version moved by one).\n",
                first.tokens, first.latency_ms
            );
            for sw in &self.sweeps {
                let _ = writeln!(o, "- {}: {:.1} s", sw.backend, sw.secs);
            }
            let _ = writeln!(o, "\nCommand: `{}`\n", super::sweep::command(first.tokens));
        }
        if let Some(w) = &self.wasm {
            o.push_str("## Static assets\n\n");
            let _ = writeln!(
                o,
                "- `{}`: {} raw, {} gzip, {} brotli (precompressed by `cargo leptos build --release --precompress`; \
                 served with `Content-Encoding`, `Vary: accept-encoding` and, for hashed names, \
                 `Cache-Control: public, max-age=31536000, immutable`).\n",
                w.file,
                kb(w.raw),
                w.gzip.map_or("-".into(), kb),
                w.brotli.map_or("-".into(), kb)
            );
        }
        o.push_str("## Targets\n\n| Target | Measured | |\n|---|---|---|\n");
        for (t, m, ok) in self.verdicts() {
            let _ = writeln!(
                o,
                "| {t} | {m} | {} |",
                if ok { "met" } else { "**missed**" }
            );
        }
        o.push('\n');
        for n in &self.notes {
            let _ = writeln!(o, "- {n}");
        }
        o
    }
}
