//! Fuzzing the HTTP edge (issue 13): malformed, oversize and random bodies, headers and query
//! strings on every public route (the WeChat endpoints, the merchant pages, `/api/v1` with and
//! without a valid key, every server function, every page), from a seeded generator so a failure
//! replays. Bad input is the caller's fault: never a 5xx (503 only where the route documents an
//! unavailable upstream), never a panic, and the server still answers `/healthz` afterwards.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the test failing

use std::fmt::Write as _;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use console_core::ApiScope;
use console_core::api_keys::{self, Creator, NewApiKey};
use futures::StreamExt;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use reqwest::{Method, StatusCode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::access_rules::{HTTP_ROUTES, Ids, Route, functions};
use crate::helpers::{TestApp, never_shown};

/// Requests in one run: enough to reach every route many times, few enough for CI.
const REQUESTS: usize = 3_000;
/// Requests in flight at once.
const CONCURRENCY: usize = 16;
/// Bodies above every limit the server sets (the WeChat endpoints take 1 MiB at most).
const OVERSIZE: usize = 3 * 1024 * 1024;

/// Panics seen on this test's threads (the server's tasks run on them: a current-thread runtime).
static PANICS: OnceLock<Arc<Mutex<Vec<String>>>> = OnceLock::new();

fn record_panics() -> Arc<Mutex<Vec<String>>> {
    PANICS
        .get_or_init(|| {
            let seen = Arc::new(Mutex::new(Vec::new()));
            let mine = seen.clone();
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                let thread = std::thread::current();
                if thread.name().is_some_and(|n| n.contains("fuzz_edge")) {
                    mine.lock().unwrap().push(info.to_string());
                }
                previous(info);
            }));
            seen
        })
        .clone()
}

/// One generated request.
#[derive(Debug)]
struct Case {
    method: Method,
    path: String,
    headers: Vec<(String, Vec<u8>)>,
    body: Vec<u8>,
    /// A 503 is a documented answer here (the route reaches WeChat, or a sandbox that refuses).
    may_be_unavailable: bool,
}

/// Random bytes, printable or not.
fn bytes(rng: &mut StdRng, max: usize) -> Vec<u8> {
    let n = rng.gen_range(0..=max);
    (0..n).map(|_| rng.r#gen::<u8>()).collect()
}

/// Random text of the kind WeChat and browsers send, with the odd control character and emoji.
fn text(rng: &mut StdRng, max: usize) -> String {
    const PIECES: &[&str] = &[
        "a",
        "Z",
        "0",
        "9",
        "wx",
        "@@@",
        "=",
        "&",
        "%",
        "%zz",
        "%00",
        "+",
        " ",
        "/",
        "..",
        "'",
        "\"",
        "<",
        ">",
        "]]>",
        "\u{0}",
        "\n",
        "\r\n",
        "商户",
        "🙂",
        "\u{202e}",
        "{",
        "}",
        ";",
        "--",
        "null",
        "-1",
        "99999999999999999999",
        "NaN",
    ];
    let n = rng.gen_range(0..=max);
    (0..n)
        .map(|_| PIECES[rng.gen_range(0..PIECES.len())])
        .collect()
}

/// `text` percent-encoded for a URL (the generator controls the bytes, not `url`).
fn encoded(rng: &mut StdRng, max: usize) -> String {
    let mut out = String::new();
    for b in text(rng, max).bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A query string: none, WeChat's signature parameters with random values, or random pairs.
fn query(rng: &mut StdRng) -> String {
    const KEYS: &[&str] = &[
        "signature",
        "timestamp",
        "nonce",
        "msg_signature",
        "encrypt_type",
        "openid",
        "auth_code",
        "expires_in",
        "code",
        "state",
        "scope",
        "return_to",
        "appid",
        "page",
        "q",
        "next",
        "status",
    ];
    match rng.gen_range(0..6) {
        0 => String::new(),
        1 => format!("?{}", encoded(rng, 40)),
        // Oversize: the server must refuse it, not fail on it.
        2 => format!("?q={}", "x".repeat(rng.gen_range(4_000..20_000))),
        _ => {
            let pairs: Vec<String> = (0..rng.gen_range(1..8))
                .map(|_| {
                    let k = KEYS[rng.gen_range(0..KEYS.len())];
                    let v = match rng.gen_range(0..4) {
                        0 => rng.gen_range(-10i64..10_000_000_000).to_string(),
                        1 => "aes".to_string(),
                        _ => encoded(rng, 20),
                    };
                    format!("{k}={v}")
                })
                .collect();
            format!("?{}", pairs.join("&"))
        }
    }
}

/// A body: empty, random bytes, broken or hostile XML, JSON, a form, or more than any limit.
fn body(rng: &mut StdRng) -> (Vec<u8>, Option<&'static str>) {
    match rng.gen_range(0..10) {
        0 => (Vec::new(), None),
        1 => (bytes(rng, 2_000), Some("application/octet-stream")),
        2 => (
            format!(
                "<xml><ToUserName><![CDATA[{}]]></ToUserName><Encrypt><![CDATA[{}]]></Encrypt></xml>",
                text(rng, 10),
                encoded(rng, 60)
            )
            .into_bytes(),
            Some("text/xml"),
        ),
        3 => {
            // Truncated, nested, entity-laden XML.
            let depth = rng.gen_range(1..2_000);
            let mut x = "<xml>".repeat(depth);
            x.push_str("<!DOCTYPE x [<!ENTITY a \"aaaa\">]>&a;&a;");
            let cut = rng.gen_range(0..=x.len());
            (x.into_bytes()[..cut].to_vec(), Some("text/xml"))
        }
        4 => (
            format!(
                "{{\"appid\":{},\"a\":[[[[{}]]]],\"code\":\"{}\"",
                rng.gen_range(-5i64..5),
                text(rng, 10),
                text(rng, 10)
            )
            .into_bytes(),
            Some("application/json"),
        ),
        5 => (
            "[".repeat(rng.gen_range(1..5_000)).into_bytes(),
            Some("application/json"),
        ),
        6 => (
            format!(
                "{}={}&{}={}&%zz=%%",
                encoded(rng, 8),
                encoded(rng, 30),
                encoded(rng, 8),
                encoded(rng, 30)
            )
            .into_bytes(),
            Some("application/x-www-form-urlencoded"),
        ),
        7 => (
            vec![b'<'; OVERSIZE + rng.gen_range(0..1024)],
            Some("text/xml"),
        ),
        8 => (
            b"--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n".to_vec(),
            Some("multipart/form-data; boundary=x"),
        ),
        _ => (text(rng, 200).into_bytes(), Some("text/plain")),
    }
}

/// Headers a client may send wrongly: a bad bearer or the valid key, garbage cookies, a forged
/// forwarded address, odd content types and encodings.
fn headers(rng: &mut StdRng, key: &str) -> Vec<(String, Vec<u8>)> {
    let mut h = Vec::new();
    if rng.gen_bool(0.5) {
        let v = match rng.gen_range(0..5) {
            0 => format!("Bearer {key}"),
            1 => format!("Bearer {}", encoded(rng, 60)),
            2 => "Bearer ".to_string(),
            3 => format!("Basic {}", encoded(rng, 20)),
            _ => format!("Bearer {key}{}", encoded(rng, 3)),
        };
        h.push(("authorization".into(), v.into_bytes()));
    }
    if rng.gen_bool(0.3) {
        let v = format!("wxopen_session={}", encoded(rng, 40));
        h.push(("cookie".into(), v.into_bytes()));
    }
    if rng.gen_bool(0.2) {
        h.push(("x-forwarded-for".into(), encoded(rng, 20).into_bytes()));
    }
    if rng.gen_bool(0.2) {
        h.push(("content-encoding".into(), b"gzip".to_vec()));
    }
    if rng.gen_bool(0.2) {
        h.push(("accept".into(), text(rng, 10).into_bytes()));
    }
    if rng.gen_bool(0.1) {
        // Not valid UTF-8, still a legal header value.
        h.push(("user-agent".into(), vec![0xff, 0xfe, b'M', 0x80]));
    }
    h
}

/// A route's path with its parameters replaced by random segments, sometimes kept or set to
/// the real platform's appid.
fn mutate_path(rng: &mut StdRng, example: &str, appid: &str) -> String {
    let (path, q) = example.split_once('?').unwrap_or((example, ""));
    let segs: Vec<String> = path
        .split('/')
        .map(|seg| {
            let is_param =
                seg.starts_with("wx") || seg.len() >= 32 || seg == "1" || seg == "999999";
            if !is_param {
                return seg.to_string();
            }
            match rng.gen_range(0..6) {
                0 => seg.to_string(),
                1 | 2 if seg.starts_with("wx") => appid.to_string(),
                3 => "x".repeat(rng.gen_range(200..5_000)),
                _ => {
                    let s = encoded(rng, 20);
                    if s.is_empty() { "%20".into() } else { s }
                }
            }
        })
        .collect();
    let mut out = segs.join("/");
    if !q.is_empty() && rng.gen_bool(0.5) {
        out.push('?');
        out.push_str(q);
    } else {
        out.push_str(&query(rng));
    }
    out
}

fn method(rng: &mut StdRng) -> Method {
    const M: &[Method] = &[
        Method::GET,
        Method::POST,
        Method::POST,
        Method::PUT,
        Method::DELETE,
        Method::PATCH,
        Method::HEAD,
        Method::OPTIONS,
    ];
    M[rng.gen_range(0..M.len())].clone()
}

/// Every target: the routes of the access table, the pages, the server functions.
fn cases(rng: &mut StdRng, appid: &str, key: &str, pages: &[String]) -> Vec<Case> {
    let endpoints: Vec<&'static str> = functions(&Ids::none()).iter().map(|f| f.endpoint).collect();
    (0..REQUESTS)
        .map(|_| {
            let (b, ctype) = body(rng);
            let mut headers = headers(rng, key);
            if let Some(c) = ctype
                && rng.gen_bool(0.9)
            {
                headers.push(("content-type".into(), c.as_bytes().to_vec()));
            }
            match rng.gen_range(0..10) {
                // The server functions: garbage form bodies, the odd wrong method.
                0..=2 => {
                    let ep = endpoints[rng.gen_range(0..endpoints.len())];
                    Case {
                        method: if rng.gen_bool(0.9) {
                            Method::POST
                        } else {
                            method(rng)
                        },
                        path: format!("/api/{ep}{}", query(rng)),
                        headers,
                        body: b,
                        may_be_unavailable: false,
                    }
                }
                // The pages, mostly GET with random queries and ids.
                3 => {
                    let page = &pages[rng.gen_range(0..pages.len())];
                    Case {
                        method: if rng.gen_bool(0.8) {
                            Method::GET
                        } else {
                            method(rng)
                        },
                        path: mutate_path(rng, page, appid),
                        headers,
                        body: b,
                        may_be_unavailable: false,
                    }
                }
                _ => {
                    let (_, rule, example) = HTTP_ROUTES[rng.gen_range(0..HTTP_ROUTES.len())];
                    // The proxy and the merchant pages reach WeChat: its unavailability is a
                    // documented 503 (here the sandbox refuses what garbage asks for).
                    let upstream =
                        matches!(rule, Route::ApiKey | Route::Merchant | Route::Staff(_));
                    Case {
                        method: if rng.gen_bool(0.7) {
                            if example.starts_with("/wechat/") && !example.contains("authorized") {
                                Method::POST
                            } else {
                                Method::GET
                            }
                        } else {
                            method(rng)
                        },
                        path: mutate_path(rng, example, appid),
                        headers,
                        body: b,
                        may_be_unavailable: upstream,
                    }
                }
            }
        })
        .collect()
}

/// Sends one case; the answer's status, or the transport error.
async fn send(client: &reqwest::Client, base: &str, c: &Case) -> Result<StatusCode, String> {
    let mut req = client.request(c.method.clone(), format!("{base}{}", c.path));
    for (k, v) in &c.headers {
        // Control characters cannot travel in a header value at all; everything else may.
        let v: Vec<u8> = v
            .iter()
            .map(|&b| if b < 0x20 || b == 0x7f { b'?' } else { b })
            .collect();
        req = req.header(k.as_str(), v);
    }
    if !c.body.is_empty() {
        req = req.body(c.body.clone());
    }
    match req.send().await {
        Ok(res) => {
            let status = res.status();
            // Read the body too: a handler may fail while streaming it.
            res.bytes().await.map_err(|e| format!("{e:?}"))?;
            Ok(status)
        }
        Err(e) => Err(format!("{e:?}")),
    }
}

/// Bytes that are not HTTP, or barely: the server closes or answers 4xx, nothing else.
async fn raw_garbage(rng: &mut StdRng, addr: &str) -> Vec<String> {
    let mut wrong = Vec::new();
    let mut inputs: Vec<Vec<u8>> = vec![
        b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n".to_vec(),
        b"POST /wechat/wx0/events HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n".to_vec(),
        b"POST /wechat/wx0/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".to_vec(),
        format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(70_000)).into_bytes(),
        format!("GET / HTTP/1.1\r\nHost: x\r\nX-A: {}\r\n\r\n", "b".repeat(200_000)).into_bytes(),
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03".to_vec(),
    ];
    for _ in 0..20 {
        inputs.push(bytes(rng, 600));
    }
    for input in inputs {
        let Ok(mut s) = tokio::net::TcpStream::connect(addr).await else {
            wrong.push("connect refused".into());
            continue;
        };
        let _ = s.write_all(&input).await;
        let mut buf = vec![0u8; 64];
        let read = tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf)).await;
        if let Ok(Ok(n)) = read {
            let head = String::from_utf8_lossy(&buf[..n]);
            if head.starts_with("HTTP/1.1 5") {
                wrong.push(format!(
                    "{head:?} for {:?}",
                    String::from_utf8_lossy(&input[..input.len().min(60)])
                ));
            }
        }
    }
    wrong
}

#[tokio::test]
async fn random_and_malformed_requests_never_fail_the_server() {
    let panics = record_panics();
    let app = TestApp::builder().sandbox().platform().build().await;
    let (_, key) = api_keys::create(
        &app.svc,
        app.tenant_id(),
        &Creator {
            user_id: None,
            name: "fuzz".into(),
        },
        &NewApiKey {
            name: "fuzz".into(),
            scopes: vec![
                ApiScope::Tokens,
                ApiScope::Proxy,
                ApiScope::Registrations,
                ApiScope::OAuth,
            ],
            platforms: vec![],
        },
    )
    .await
    .unwrap();
    never_shown(key.expose());
    let pages: Vec<String> = leptos_axum::generate_route_list(console_app::App)
        .iter()
        .map(|r| {
            r.path()
                .split('/')
                .map(|s| {
                    if s.starts_with(':') || s.starts_with('{') {
                        "999999"
                    } else {
                        s
                    }
                })
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect();
    let appid = app.component().appid.clone();
    let mut rng = StdRng::seed_from_u64(0x13F0_22ED);
    let all = cases(&mut rng, &appid, key.expose(), &pages);

    let started = Instant::now();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let base = app.base_url.clone();
    let answers: Vec<(usize, Result<StatusCode, String>)> =
        futures::stream::iter(all.iter().enumerate())
            .map(|(i, c)| {
                let (client, base) = (&client, &base);
                async move { (i, send(client, base, c).await) }
            })
            .buffer_unordered(CONCURRENCY)
            .collect()
            .await;

    let mut failures = Vec::new();
    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    for (i, answer) in answers {
        let c = &all[i];
        let short = |p: &str| p.chars().take(160).collect::<String>();
        match answer {
            Ok(s) => {
                *statuses.entry(s.as_u16()).or_default() += 1;
                let documented = s == StatusCode::SERVICE_UNAVAILABLE && c.may_be_unavailable;
                if s.is_server_error() && !documented {
                    failures.push(format!("#{i} {} {} -> {s}", c.method, short(&c.path)));
                }
            }
            // A server may close the connection on a body over its limit before reading it all;
            // anything else is a failure.
            Err(e) if c.body.len() >= OVERSIZE => {
                let _ = e;
            }
            Err(e) => failures.push(format!("#{i} {} {} -> {e}", c.method, short(&c.path))),
        }
    }
    let addr = base.trim_start_matches("http://").to_string();
    failures.extend(raw_garbage(&mut rng, &addr).await);
    let elapsed = started.elapsed();

    let health = client
        .get(format!("{base}/healthz"))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(health, StatusCode::OK, "/healthz after the fuzzing");
    failures.extend(
        panics
            .lock()
            .unwrap()
            .iter()
            .map(|p| format!("a panic: {p}")),
    );
    assert!(
        failures.is_empty(),
        "{} failures (statuses {statuses:?}):\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        elapsed < Duration::from_secs(60),
        "{REQUESTS} requests took {elapsed:?}"
    );
    eprintln!("fuzz: {REQUESTS} requests in {elapsed:?}, statuses {statuses:?}");
}
