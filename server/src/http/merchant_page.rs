//! The few pages merchants see: plain server-rendered HTML, Chinese first, no JavaScript.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use console_core::authorizers::entity::authorizer;

/// A merchant-facing page.
pub struct Page {
    ok: bool,
    title: String,
    title_en: String,
    body: String,
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

impl Page {
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
        Self {
            ok: true,
            title: "授权成功".into(),
            title_en: "Authorization complete".into(),
            body: format!(
                r#"{avatar}<p class="name" data-testid="authorized-name">{}</p>
<p class="meta">{kind} · {}</p>
<p>您已将该{kind}授权给 <strong>{}</strong>，可以关闭本页面了。</p>
<p class="en">You authorized this account for {}. You may close this page.</p>"#,
                esc(&a.nick_name),
                esc(&a.appid),
                esc(platform),
                esc(platform),
            ),
        }
    }

    /// Something went wrong; `advice` says what the merchant can do.
    pub fn error(title: &str, title_en: &str, advice: &str) -> Self {
        Self {
            ok: false,
            title: title.into(),
            title_en: title_en.into(),
            body: format!(r#"<p data-testid="authorized-error">{}</p>"#, esc(advice)),
        }
    }
}

/// Renders a page with its status.
pub fn render(status: StatusCode, page: Page) -> Response {
    let icon = if page.ok { "✓" } else { "!" };
    let class = if page.ok { "ok" } else { "err" };
    let html = format!(
        r#"<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body{{margin:0;font-family:-apple-system,BlinkMacSystemFont,"PingFang SC","Microsoft YaHei",sans-serif;background:#f5f6f7;color:#1f2329;display:grid;place-items:center;min-height:100vh}}
.card{{background:#fff;border-radius:12px;box-shadow:0 2px 12px rgba(0,0,0,.06);padding:32px 28px;max-width:420px;width:calc(100% - 32px);text-align:center}}
.icon{{width:56px;height:56px;border-radius:50%;display:inline-grid;place-items:center;font-size:30px;color:#fff;margin-bottom:12px}}
.ok{{background:#07c160}}.err{{background:#f53f3f}}
h1{{font-size:20px;margin:0 0 4px}}.sub{{color:#86909c;margin:0 0 18px;font-size:13px}}
.avatar{{border-radius:12px;display:block;margin:8px auto}}.name{{font-size:17px;font-weight:600;margin:6px 0 2px}}
.meta{{color:#86909c;font-size:13px;margin:0 0 14px}}.en{{color:#86909c;font-size:13px}}
</style></head>
<body><main class="card"><div class="icon {class}">{icon}</div>
<h1 data-testid="authorized-title">{title}</h1><p class="sub">{title_en}</p>
{body}
</main></body></html>"#,
        title = esc(&page.title),
        title_en = esc(&page.title_en),
        body = page.body,
    );
    (status, Html(html)).into_response()
}
