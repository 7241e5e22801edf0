//! `/register/{token}`: the page an official account's administrator opens to let a platform
//! register a mini program with the account's qualification. Its button (a form POST) sends the
//! browser to WeChat's `fastregisterauth` from this host (WeChat checks the Referer, reference
//! B16); WeChat sends the administrator back to `/wechat/{component_appid}/fastregister` with a
//! `ticket`, which the console turns into the new mini program at once.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use console_app::ssr::AppState;
use console_core::registrations::{self, ReusePage};
use console_core::{CoreError, TaskState, format_time_cst};
use serde::Deserialize;

use super::page::{Page, Tone, esc, render};

/// The routes of the administrator's page and WeChat's return.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/register/{token}", get(show).post(start))
        .route("/wechat/{appid}/fastregister", get(returned))
}

fn page_of(p: &ReusePage) -> Page {
    let copy = if p.copy_verification {
        "同时复用公众号的微信认证"
    } else {
        "不复用公众号的微信认证"
    };
    let copy_en = if p.copy_verification {
        "the account's WeChat verification is copied too"
    } else {
        "the account's WeChat verification is not copied"
    };
    match p.state {
        TaskState::Waiting | TaskState::Starting => Page::new(
            Tone::Info,
            "复用公众号资质注册小程序",
            "Register a mini program with your official account's qualification",
            format!(
                r#"<p class="name" data-testid="register-account">{account}</p>
<p class="meta">{appid}</p>
<p><strong>{platform}</strong> 请求用该公众号的主体资质为您注册一个小程序（{copy}）。</p>
<p class="en" lang="en">{platform} asks to register a mini program with this account's qualification ({copy_en}).</p>
<ol class="steps"><li>点击下方按钮，用公众号管理员的微信扫码并确认。</li><li>确认后将回到本站，小程序随即创建。</li></ol>
<p class="meta">有效期至 {until}（北京时间）· 每个公众号每月最多复用 5 次</p>
<form method="post"><button class="btn" type="submit" data-testid="register-start">前往微信确认 · Confirm in WeChat</button></form>"#,
                account = esc(&p.official_account),
                appid = esc(&p.official_account_appid),
                platform = esc(&p.platform_name),
                until = esc(&format_time_cst(p.deadline_at)),
            ),
        ),
        TaskState::Succeeded => Page::new(
            Tone::Ok,
            "小程序注册成功",
            "The mini program is registered",
            format!(
                r#"<p class="name" data-testid="register-result">{}</p><p>新小程序已授权给 <strong>{}</strong>，可以关闭本页面了。</p><p class="en" lang="en">The new mini program is authorized to {}. You may close this page.</p>"#,
                esc(p.result_appid.as_deref().unwrap_or_default()),
                esc(&p.platform_name),
                esc(&p.platform_name),
            ),
        ),
        TaskState::Failed | TaskState::Expired => {
            let (zh, en) = match &p.error {
                Some(e) => (e.zh.clone(), e.en.clone()),
                None => ("该注册已结束".into(), "This registration has ended".into()),
            };
            Page::error_bi(
                "无法注册小程序",
                "The mini program could not be registered",
                &format!("{zh}。请联系为您服务的平台。"),
                &format!("{en}. Please contact the platform serving you."),
            )
        }
    }
}

fn not_found() -> Response {
    render(
        StatusCode::NOT_FOUND,
        Page::error_bi(
            "页面不存在或已失效",
            "This page does not exist or no longer works",
            "请向为您服务的平台索取新的注册页面。",
            "Ask the platform serving you for a new registration page.",
        ),
    )
}

fn failed(e: &CoreError) -> Response {
    match e {
        CoreError::NotFound(_) => not_found(),
        other => {
            let (zh, en) = match other.message() {
                Some(m) => (m.zh.clone(), m.en.clone()),
                None => {
                    let reference =
                        console_app::ssr::log_reference(format!("registration page: {other}"));
                    (
                        format!("服务暂时不可用，请稍后再试（编号 {reference}）"),
                        format!(
                            "The service is unavailable; try again later (reference {reference})"
                        ),
                    )
                }
            };
            render(
                StatusCode::OK,
                Page::error_bi(
                    "无法注册小程序",
                    "The mini program could not be registered",
                    &zh,
                    &en,
                ),
            )
        }
    }
}

/// `GET /register/{token}`.
async fn show(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    match registrations::open_reuse_page(&state.services, &token).await {
        Ok(p) => render(StatusCode::OK, page_of(&p)),
        Err(e) => failed(&e),
    }
}

/// `POST /register/{token}`: WeChat's `fastregisterauth` page (303), opened from this host.
async fn start(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    match registrations::start_reuse_redirect(&state.services, &token).await {
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
            Err(e) => failed(&CoreError::Internal(format!(
                "fastregisterauth URL is not a header value: {e}"
            ))),
        },
        Err(e) => failed(&e),
    }
}

#[derive(Deserialize)]
struct Return {
    task: Option<String>,
    ticket: Option<String>,
}

/// `GET /wechat/{component_appid}/fastregister?task=…&ticket=…`: WeChat's return.
async fn returned(
    State(state): State<AppState>,
    Path(appid): Path<String>,
    Query(q): Query<Return>,
) -> Response {
    let (Some(token), Some(ticket)) = (q.task, q.ticket) else {
        return render(
            StatusCode::BAD_REQUEST,
            Page::error_bi(
                "未收到微信的确认",
                "WeChat's confirmation did not arrive",
                "页面地址缺少微信返回的 ticket，请回到注册页面重新确认。",
                "The address lacks WeChat's ticket: go back to the registration page and confirm again.",
            ),
        );
    };
    match registrations::on_reuse_return(&state.services, &appid, &token, &ticket).await {
        Ok(r) => {
            let mut res = render(StatusCode::OK, page_of(&r.page));
            // Still waiting for a retry: look again shortly.
            if r.page.state == TaskState::Waiting
                && let Ok(v) = HeaderValue::from_str(&format!("7; url=/register/{token}"))
            {
                res.headers_mut().insert("refresh", v);
            }
            res
        }
        Err(e) => failed(&e),
    }
}
