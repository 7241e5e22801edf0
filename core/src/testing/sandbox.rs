//! The WeChat sandbox on a free port, and its control API (`/_sandbox/…`).

use serde_json::Value;
use wechat_sandbox::{Sandbox, SandboxConfig};

/// A running sandbox and where it answers.
#[derive(Clone)]
pub struct TestSandbox {
    pub sandbox: Sandbox,
    /// Its origin, e.g. `http://127.0.0.1:41234`.
    pub url: String,
    http: reqwest::Client,
}

impl TestSandbox {
    /// Starts a sandbox configured as given on a free port (its `public_url` is set here).
    pub async fn start(config: SandboxConfig) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a port for the sandbox");
        let url = format!("http://{}", listener.local_addr().expect("its address"));
        let sandbox = Sandbox::new(SandboxConfig {
            public_url: Some(url.parse().expect("the sandbox's URL")),
            ..config
        });
        tokio::spawn(sandbox.clone().serve(listener));
        Self::at(sandbox, url)
    }

    /// A sandbox someone else runs at `url` (the server's demo mode).
    pub fn at(sandbox: Sandbox, url: String) -> Self {
        Self {
            sandbox,
            url,
            http: reqwest::Client::new(),
        }
    }

    /// A control-API call (`{url}/_sandbox/{path}` with `body` as JSON); asserts success and
    /// returns the answer (`null` when it is not JSON).
    pub async fn control(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let res = self
            .http
            .request(method, format!("{}/_sandbox/{path}", self.url))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        assert!(status.is_success(), "{path}: {status} {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    /// How often the console called a WeChat API (every appid together).
    pub async fn calls(&self, endpoint: &str) -> u64 {
        let all = self
            .control(reqwest::Method::GET, "calls", Value::Null)
            .await;
        all.get(endpoint)
            .and_then(Value::as_object)
            .map(|per_appid| per_appid.values().filter_map(Value::as_u64).sum())
            .unwrap_or(0)
    }
}
