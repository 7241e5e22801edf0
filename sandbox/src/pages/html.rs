//! HTML helpers for the merchant-facing pages: escaping, the layout, error pages.

use axum::response::Html;

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;background:#f2f2f2;margin:0;color:#1a1a1a}\
main{max-width:560px;margin:40px auto;background:#fff;border-radius:8px;padding:28px 32px;box-shadow:0 1px 3px rgba(0,0,0,.08)}\
main.h5{max-width:none;margin:0;border-radius:0;min-height:100vh;box-sizing:border-box}\
h1{font-size:20px;margin:0 0 6px}p.en{color:#888;font-size:13px;margin:2px 0 16px}\
.banner{background:#07c160;color:#fff;font-size:12px;padding:4px 12px;text-align:center}\
fieldset{border:1px solid #e5e5e5;border-radius:6px;margin:16px 0;padding:10px 14px}legend{color:#576b95;font-size:14px}\
label{display:flex;align-items:center;gap:10px;padding:6px 0;cursor:pointer}label img{width:32px;height:32px;border-radius:50%}\
.meta{color:#888;font-size:12px}.actions{display:flex;gap:12px;margin-top:20px}\
button{font-size:15px;padding:9px 22px;border-radius:4px;border:1px solid #d9d9d9;background:#f7f7f7;cursor:pointer}\
button.primary{background:#07c160;border-color:#07c160;color:#fff}.error{color:#fa5151}\
dl{display:grid;grid-template-columns:max-content 1fr;gap:6px 14px;font-size:14px}dt{color:#888}";

/// A whole page.
pub fn page(title: &str, mobile: bool, body: &str) -> Html<String> {
    Html(format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{}</title><style>{STYLE}</style></head>\
<body><div class=\"banner\">微信开放平台沙箱 · WeChat Open Platform sandbox</div><main class=\"{}\">{body}</main></body></html>",
        esc(title),
        if mobile { "h5" } else { "pc" },
    ))
}

/// A clear error page: Chinese, then an English line. HTTP 200, as WeChat's own. The Chinese
/// text is the element `[data-testid=wx-error]`, for browser tests.
pub fn error_page(title: &str, zh: &str, en: &str) -> Html<String> {
    page(
        title,
        false,
        &format!(
            "<h1 class=\"error\" data-testid=\"wx-error\">{}</h1><p class=\"en\" id=\"error-en\">{}</p>",
            esc(zh),
            esc(en)
        ),
    )
}

/// WeChat's error page of `open.weixin.qq.com` with an errcode: `<text>，错误码：<code>` as
/// users quote it, the code also in `data-errcode`.
pub fn errcode_page(title: &str, errcode: i64, zh: &str, en: &str) -> Html<String> {
    page(
        title,
        true,
        &format!(
            "<h1 class=\"error\" data-testid=\"wx-error\" data-errcode=\"{errcode}\">{}，错误码：{errcode}</h1>\
<p class=\"en\" id=\"error-en\">{}</p>",
            esc(zh),
            esc(en)
        ),
    )
}

/// A page that says something happened.
pub fn notice_page(title: &str, zh: &str, en: &str) -> Html<String> {
    page(
        title,
        false,
        &format!("<h1>{}</h1><p class=\"en\">{}</p>", esc(zh), esc(en)),
    )
}

/// The repeated values of a form field, and the single ones.
pub struct Form(pub Vec<(String, String)>);

impl Form {
    /// Parses an url-encoded body.
    pub fn parse(body: &[u8]) -> Form {
        Form(url::form_urlencoded::parse(body).into_owned().collect())
    }

    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }

    /// Every value of `name`.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_forms() {
        assert_eq!(
            esc("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
        let f = Form::parse(b"func=1&func=2&appid=wx1&empty=");
        assert_eq!(f.all("func"), vec!["1", "2"]);
        assert_eq!(f.get("appid"), Some("wx1"));
        assert_eq!(f.get("empty"), None);
    }
}
