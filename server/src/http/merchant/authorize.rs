//! `/authorize/{token}`: the page a merchant opens from a link (or its QR code). It says which
//! platform asks for what, and its one button (a form POST, so link previews and prefetches never
//! spend a pre_auth_code) takes a fresh pre_auth_code and sends the browser to WeChat's page from
//! this host, which WeChat requires (reference B16): the PC page for computers, the H5 page inside
//! WeChat or on a phone.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use console_app::ssr::AppState;
use console_core::authorization::{self, LinkKind, LinkUnavailable, MerchantLink};
use console_core::format_time_cst;

use super::page::{Page, Tone, esc, render};

/// The merchant routes.
pub fn routes() -> Router<AppState> {
    Router::new().route("/authorize/{token}", get(show).post(start))
}

/// Where the page is opened, by its user agent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Device {
    /// WeChat's own browser on a phone: the H5 page works here.
    WeChat,
    /// A phone's ordinary browser: the H5 page needs WeChat, so the page says so.
    Phone,
    /// A computer (WeChat's desktop browser included): the PC page, scanned with WeChat.
    Desktop,
}

fn device(headers: &HeaderMap) -> Device {
    let ua = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let desktop_wechat = ua.contains("WindowsWechat") || ua.contains("MacWechat");
    let phone = ["Mobile", "Android", "iPhone", "iPad"]
        .iter()
        .any(|m| ua.contains(m));
    if ua.contains("MicroMessenger") && !desktop_wechat {
        Device::WeChat
    } else if phone && !desktop_wechat {
        Device::Phone
    } else {
        Device::Desktop
    }
}

fn sets_html(ids: &[u32]) -> String {
    if ids.is_empty() {
        return r#"<span data-testid="link-sets-all">该平台申请的全部权限 <span class="en" lang="en">(every permission set the platform offers)</span></span>"#.into();
    }
    let items: String = ids
        .iter()
        .filter_map(|id| wxopen::funcscope::by_id(*id))
        .map(|f| {
            format!(
                r#"<li data-testid="link-set" title="{}">{}</li>"#,
                esc(f.en),
                esc(f.zh)
            )
        })
        .collect();
    format!(r#"<ul class="sets">{items}</ul>"#)
}

fn link_page(link: &MerchantLink, device: Device) -> Page {
    let who = link.target.describe();
    let (who, who_en) = (who.zh, who.en);
    let until = format_time_cst(link.expires_at);
    let (steps, hint) = match device {
        Device::Desktop => (
            "点击下方按钮后将打开微信公众平台的授权页，请用公众号或小程序管理员的微信扫码，并在手机上确认授权。",
            "",
        ),
        Device::WeChat => ("点击下方按钮，在微信中选择要授权的账号并确认。", ""),
        Device::Phone => (
            "点击下方按钮，在微信中选择要授权的账号并确认。",
            r#"<p class="hint" data-testid="open-in-wechat">请在微信中打开本页面（把链接发到微信后点开，或用微信扫一扫二维码），在手机浏览器中无法完成授权。<br><span lang="en">Open this page inside WeChat (send the link to yourself in WeChat, or scan its QR code): a phone's browser cannot complete the authorization.</span></p>"#,
        ),
    };
    Page::new(
        Tone::Info,
        &format!("「{}」申请授权", link.platform_name),
        &format!("{} asks for your authorization", link.platform_name),
        format!(
            r#"<p>服务商 <strong data-testid="link-platform">{platform}</strong> 请求管理您的账号，以便为您提供服务。</p>
<dl>
<dt>可授权的账号</dt><dd data-testid="link-target">{who} <span class="en" lang="en">({who_en})</span></dd>
<dt>申请的权限</dt><dd>{sets}</dd>
<dt>链接有效期至</dt><dd data-testid="link-valid-until">{until}</dd>
</dl>
{hint}
<p class="steps">{steps}</p>
<form method="post">
<button type="submit" class="btn" id="authorize" data-testid="authorize-button">前往微信授权 <span lang="en">· Authorize in WeChat</span></button>
</form>"#,
            platform = esc(&link.platform_name),
            who = esc(&who),
            who_en = esc(&who_en),
            sets = sets_html(&link.category_ids),
            until = esc(&until),
            hint = hint,
            steps = esc(steps),
        ),
    )
}

/// The friendly page for a link that cannot be used; never a raw error.
fn unavailable(e: &LinkUnavailable) -> Response {
    let (status, title, title_en, advice, advice_en) = match e {
        LinkUnavailable::NotFound => (
            StatusCode::NOT_FOUND,
            "授权链接无效",
            "This authorization link is not valid",
            "请确认链接完整无误，或联系为您提供服务的服务商重新发送授权链接。",
            "Check that the link is complete, or ask your service provider for a new one.",
        ),
        LinkUnavailable::Expired => (
            StatusCode::GONE,
            "授权链接已过期",
            "This authorization link has expired",
            "请联系为您提供服务的服务商，重新获取授权链接。",
            "Ask your service provider for a new authorization link.",
        ),
        LinkUnavailable::Revoked => (
            StatusCode::GONE,
            "授权链接已失效",
            "This authorization link was withdrawn",
            "服务商已停用此链接。如仍需授权，请联系服务商获取新的授权链接。",
            "The service provider withdrew this link. Ask them for a new one if you still want to authorize.",
        ),
        LinkUnavailable::UsedUp => (
            StatusCode::GONE,
            "授权链接已使用",
            "This authorization link was already used",
            "此链接只能使用一次，并已完成授权。如需再次授权，请联系服务商获取新的链接。",
            "This single-use link has already been used to authorize. Ask your service provider for a new one to authorize again.",
        ),
        LinkUnavailable::PlatformDisabled => (
            StatusCode::SERVICE_UNAVAILABLE,
            "暂时无法授权",
            "Authorization is not possible right now",
            "服务商暂停了授权服务，请稍后再试或联系服务商。",
            "The service provider has paused authorizations; try again later or contact them.",
        ),
        LinkUnavailable::TooManyAttempts => (
            StatusCode::TOO_MANY_REQUESTS,
            "尝试次数过多",
            "Too many attempts",
            "此链接在一小时内被使用的次数过多，请稍后再试。",
            "This link was used too often in the last hour; try again later.",
        ),
        LinkUnavailable::Core(e) => {
            let reference =
                console_app::ssr::log_reference(format!("authorization link page: {e}"));
            let (title, title_en) = if e.is_retryable() || e.message().is_some() {
                ("暂时无法连接微信", "WeChat cannot be reached right now")
            } else {
                ("服务暂时不可用", "The service is temporarily unavailable")
            };
            return render(
                StatusCode::SERVICE_UNAVAILABLE,
                Page::error_bi(
                    title,
                    title_en,
                    &format!(
                        "请稍后刷新本页面再试；如仍无法完成，请联系服务商（参考编号 {reference}）。"
                    ),
                    &format!(
                        "Reload this page in a moment; if it still fails, contact your service provider (reference {reference})."
                    ),
                ),
            );
        }
    };
    render(status, Page::error_bi(title, title_en, advice, advice_en))
}

/// `GET /authorize/{token}`: the link's page.
async fn show(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    match authorization::open_link(&state.services, &token).await {
        Ok(link) => render(StatusCode::OK, link_page(&link, device(&headers))),
        Err(e) => unavailable(&e),
    }
}

/// `POST /authorize/{token}`: a fresh pre_auth_code, then WeChat's page (303), so that the
/// browser arrives there with this page as its Referer.
async fn start(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let kind = match device(&headers) {
        Device::Desktop => LinkKind::Pc,
        Device::WeChat | Device::Phone => LinkKind::H5,
    };
    match authorization::start_attempt(&state.services, &token, kind).await {
        Ok(url) => match HeaderValue::from_str(&url) {
            Ok(location) => {
                let mut res = StatusCode::SEE_OTHER.into_response();
                let h = res.headers_mut();
                h.insert(header::LOCATION, location);
                // The Referrer-Policy that lets WeChat see the console's origin is every
                // response's (http::security_headers).
                h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
                res
            }
            Err(e) => unavailable(&LinkUnavailable::Core(console_core::CoreError::Internal(
                format!("WeChat URL is not a header value: {e}"),
            ))),
        },
        Err(e) => unavailable(&e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ua(s: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::USER_AGENT, HeaderValue::from_str(s).unwrap());
        h
    }

    #[test]
    fn each_device_gets_the_page_that_works_there() {
        let iphone_wechat = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN";
        let android_chrome = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36";
        let windows_wechat = "Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0 Safari/537.36 MicroMessenger/7.0.20.1781(0x6700143B) NetType/WIFI MiniProgramEnv/Windows WindowsWechat";
        let desktop = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";
        assert_eq!(device(&ua(iphone_wechat)), Device::WeChat);
        assert_eq!(device(&ua(android_chrome)), Device::Phone);
        assert_eq!(device(&ua(windows_wechat)), Device::Desktop);
        assert_eq!(device(&ua(desktop)), Device::Desktop);
        assert_eq!(device(&HeaderMap::new()), Device::Desktop);
    }
}
