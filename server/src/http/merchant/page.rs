//! One look for every merchant page: a card with an icon, a Chinese title with its English line,
//! and a body. Colours meet WCAG 2 AA; responses are never cached. Their security headers (no
//! framing, no sniffing, a Referrer-Policy that still sends the console's origin to WeChat, which
//! checks it, reference B16) are every response's, from `http::security_headers`, whose CSP
//! allows the inline stylesheet below by its hash.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use console_core::authorizers::entity::authorizer;

/// What the page's icon says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Ok,
    Error,
    /// A page that asks the merchant to do something.
    Info,
}

/// A merchant-facing page.
pub struct Page {
    tone: Tone,
    title: String,
    title_en: String,
    /// Trusted HTML (every value in it escaped by the builder).
    body: String,
}

/// Escapes text for HTML content and attribute values (the console's one escaper).
pub use console_app::ssr::escape_html as esc;

impl Page {
    /// A page with trusted `body` HTML.
    pub fn new(tone: Tone, title: &str, title_en: &str, body: String) -> Self {
        Self {
            tone,
            title: title.into(),
            title_en: title_en.into(),
            body,
        }
    }

    /// The authorization worked.
    pub fn success(platform: &str, a: &authorizer::Model) -> Self {
        let kind = match a.kind.as_str() {
            "mini_program" => "小程序",
            "official_account" => "公众号",
            _ => "账号",
        };
        let avatar = a
            .head_img
            .as_deref()
            .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
            .map(|u| {
                format!(
                    r#"<img class="avatar" src="{}" alt="" width="72" height="72">"#,
                    esc(u)
                )
            })
            .unwrap_or_default();
        Self::new(
            Tone::Ok,
            "授权成功",
            "Authorization complete",
            format!(
                r#"{avatar}<p class="name" data-testid="authorized-name">{}</p>
<p class="meta">{kind} · {}</p>
<p>您已将该{kind}授权给 <strong>{}</strong>，可以关闭本页面了。</p>
<p class="en" lang="en">You authorized this account for {}. You may close this page.</p>"#,
                esc(&a.nick_name),
                esc(&a.appid),
                esc(platform),
                esc(platform),
            ),
        )
    }

    /// Something went wrong; `advice` says what the merchant can do.
    pub fn error(title: &str, title_en: &str, advice: &str) -> Self {
        Self::new(
            Tone::Error,
            title,
            title_en,
            format!(r#"<p data-testid="authorized-error">{}</p>"#, esc(advice)),
        )
    }

    /// Something went wrong, with the advice in both languages.
    pub fn error_bi(title: &str, title_en: &str, advice: &str, advice_en: &str) -> Self {
        Self::new(
            Tone::Error,
            title,
            title_en,
            format!(
                r#"<p data-testid="authorized-error">{}</p><p class="en" lang="en">{}</p>"#,
                esc(advice),
                esc(advice_en)
            ),
        )
    }
}

/// The merchant pages' stylesheet, inline (the CSP names its hash: change it freely).
pub const STYLE: &str = r#"
body{margin:0;font-family:-apple-system,BlinkMacSystemFont,"PingFang SC","Microsoft YaHei",sans-serif;background:#f2f3f5;color:#1d2129;display:grid;place-items:center;min-height:100vh;line-height:1.6}
.card{background:#fff;border-radius:12px;box-shadow:0 2px 12px rgba(0,0,0,.06);padding:32px 28px;max-width:460px;width:calc(100% - 32px);text-align:center;box-sizing:border-box}
.icon{width:56px;height:56px;border-radius:50%;display:inline-grid;place-items:center;font-size:30px;color:#fff;margin-bottom:12px}
.ok{background:#057a3c}.err{background:#c9302c}.info{background:#1f5fbf}
h1{font-size:20px;margin:0 0 4px}.sub{color:#4e5969;margin:0 0 18px;font-size:14px}
.avatar{border-radius:12px;display:block;margin:8px auto}.name{font-size:17px;font-weight:600;margin:6px 0 2px}
.meta,.en{color:#4e5969;font-size:14px}.meta{margin:0 0 14px}
dl{text-align:left;margin:16px 0;display:grid;grid-template-columns:auto 1fr;gap:6px 12px}
dt{color:#4e5969;font-size:14px}dd{margin:0;font-size:15px}
ul.sets{margin:0;padding:0;list-style:none;display:flex;flex-wrap:wrap;gap:6px}
ul.sets li{background:#e8f3ff;color:#0e3c8c;border-radius:4px;padding:2px 8px;font-size:14px}
.btn{display:inline-block;border:0;border-radius:6px;background:#057a3c;color:#fff;font-size:17px;padding:12px 28px;cursor:pointer;margin-top:8px;width:100%}
.btn:focus-visible{outline:3px solid #1f5fbf;outline-offset:2px}
.hint{background:#fff7e8;color:#5c3800;border-radius:6px;padding:10px 12px;font-size:14px;text-align:left}
.steps{text-align:left;font-size:14px;color:#1d2129;padding-left:20px}
"#;

/// Renders a page with its status, never cached.
pub fn render(status: StatusCode, page: Page) -> Response {
    let (icon, class) = match page.tone {
        Tone::Ok => ("✓", "ok"),
        Tone::Error => ("!", "err"),
        Tone::Info => ("→", "info"),
    };
    let html = format!(
        r#"<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{STYLE}</style></head>
<body><main class="card"><div class="icon {class}" aria-hidden="true">{icon}</div>
<h1 data-testid="authorized-title">{title}</h1><p class="sub" lang="en">{title_en}</p>
{body}
</main></body></html>"#,
        title = esc(&page.title),
        title_en = esc(&page.title_en),
        body = page.body,
    );
    let mut res = (status, Html(html)).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}
