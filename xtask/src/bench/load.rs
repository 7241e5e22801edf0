//! A closed-loop HTTP/1.1 load generator for requests that must pair a query string with a body.
//!
//! Why not oha here: a valid WeChat push signs its body (`msg_signature` covers the ciphertext),
//! and a stored push must be unique (the console deduplicates on the plaintext). oha 1.16 can
//! read URLs from a file (`--urls-from-file`) and bodies line by line (`-Z`), but draws each at
//! random and independently, so a URL would almost never meet its own body. This loader walks a
//! file of `path?query<TAB>body` lines in order, each line sent once (or cycled with `--cycle`),
//! over keep-alive connections, one request in flight per connection, like wrk and oha.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;

/// One request of the file: path with query, and body.
struct Pair {
    path: String,
    body: String,
}

fn read_pairs(file: &Path) -> anyhow::Result<Vec<Pair>> {
    let f = std::fs::File::open(file).with_context(|| format!("opening {}", file.display()))?;
    let mut pairs = Vec::new();
    for line in BufReader::new(f).lines() {
        let line = line?;
        if let Some((path, body)) = line.split_once('\t') {
            pairs.push(Pair {
                path: path.to_string(),
                body: body.to_string(),
            });
        }
    }
    anyhow::ensure!(!pairs.is_empty(), "{} holds no request", file.display());
    Ok(pairs)
}

/// What one connection saw.
#[derive(Default)]
struct Seen {
    latencies_us: Vec<u32>,
    ok: u64,
    other_status: Vec<(u16, u64)>,
    errors: u64,
}

impl Seen {
    fn status(&mut self, code: u16) {
        if code == 200 {
            self.ok += 1;
        } else if let Some(e) = self.other_status.iter_mut().find(|(c, _)| *c == code) {
            e.1 += 1;
        } else {
            self.other_status.push((code, 1));
        }
    }
}

/// Reads one response; returns its status. Bodies are sized by Content-Length (axum sends it
/// for every answer these endpoints give).
fn read_response(stream: &mut TcpStream, buf: &mut Vec<u8>) -> anyhow::Result<u16> {
    buf.clear();
    let mut chunk = [0u8; 8192];
    let header_end = loop {
        let n = stream.read(&mut chunk)?;
        anyhow::ensure!(n > 0, "connection closed");
        buf.extend_from_slice(&chunk[..n]);
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos + 4;
        }
    };
    let head = std::str::from_utf8(&buf[..header_end]).context("response head")?;
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .context("status line")?;
    let len: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .context("no Content-Length")?;
    while buf.len() < header_end + len {
        let n = stream.read(&mut chunk)?;
        anyhow::ensure!(n > 0, "connection closed in the body");
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok(status)
}

fn connection(
    addr: SocketAddr,
    pairs: &[Pair],
    next: &AtomicUsize,
    cycle: bool,
    exhausted: &AtomicBool,
    deadline: Instant,
) -> Seen {
    let mut seen = Seen::default();
    let mut buf = Vec::with_capacity(8192);
    let mut req = Vec::with_capacity(4096);
    let mut stream: Option<TcpStream> = None;
    while Instant::now() < deadline {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let pair = if i < pairs.len() {
            &pairs[i]
        } else if cycle {
            &pairs[i % pairs.len()]
        } else {
            exhausted.store(true, Ordering::Relaxed);
            break;
        };
        let s = match stream.take() {
            Some(s) => s,
            None => match TcpStream::connect(addr) {
                Ok(s) => {
                    let _ = s.set_nodelay(true);
                    let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
                    s
                }
                Err(_) => {
                    seen.errors += 1;
                    std::thread::sleep(Duration::from_millis(10));
                    continue;
                }
            },
        };
        let mut s = s;
        req.clear();
        let _ = write!(
            req,
            "POST {} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/xml\r\nContent-Length: {}\r\n\r\n{}",
            pair.path,
            pair.body.len(),
            pair.body
        );
        let started = Instant::now();
        let answer = s
            .write_all(&req)
            .map_err(anyhow::Error::from)
            .and_then(|()| read_response(&mut s, &mut buf));
        match answer {
            Ok(code) => {
                let us = u32::try_from(started.elapsed().as_micros()).unwrap_or(u32::MAX);
                seen.latencies_us.push(us);
                seen.status(code);
                stream = Some(s);
            }
            Err(_) => seen.errors += 1,
        }
    }
    seen
}

fn percentile_ms(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * (sorted.len() as f64 - 1.0)).round() as usize;
    f64::from(sorted[rank.min(sorted.len() - 1)]) / 1000.0
}

/// Runs the load for `duration` over `connections` connections; prints one JSON object.
pub fn run(
    addr: SocketAddr,
    file: &Path,
    connections: usize,
    duration: Duration,
    cycle: bool,
) -> anyhow::Result<()> {
    let pairs = Arc::new(read_pairs(file)?);
    let next = Arc::new(AtomicUsize::new(0));
    let exhausted = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let deadline = started + duration;
    let handles: Vec<_> = (0..connections)
        .map(|_| {
            let (pairs, next, exhausted) = (pairs.clone(), next.clone(), exhausted.clone());
            std::thread::spawn(move || connection(addr, &pairs, &next, cycle, &exhausted, deadline))
        })
        .collect();
    let mut all = Seen::default();
    for h in handles {
        let s = h
            .join()
            .map_err(|_| anyhow::anyhow!("a load thread panicked"))?;
        all.latencies_us.extend(s.latencies_us);
        all.ok += s.ok;
        all.errors += s.errors;
        for (c, n) in s.other_status {
            for _ in 0..n {
                all.status(c);
            }
        }
    }
    let secs = started.elapsed().as_secs_f64();
    all.latencies_us.sort_unstable();
    let l = &all.latencies_us;
    let statuses: serde_json::Map<String, serde_json::Value> =
        std::iter::once(("200".to_string(), all.ok.into()))
            .chain(
                all.other_status
                    .iter()
                    .map(|(c, n)| (c.to_string(), (*n).into())),
            )
            .collect();
    let out = serde_json::json!({
        "requests": l.len(),
        "seconds": secs,
        "rps": l.len() as f64 / secs,
        "ok_rps": all.ok as f64 / secs,
        "p50_ms": percentile_ms(l, 50.0),
        "p90_ms": percentile_ms(l, 90.0),
        "p99_ms": percentile_ms(l, 99.0),
        "max_ms": percentile_ms(l, 100.0),
        "statuses": statuses,
        "errors": all.errors,
        "exhausted": exhausted.load(Ordering::Relaxed),
    });
    println!("{out}");
    Ok(())
}
