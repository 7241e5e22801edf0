//! Two guards in front of the app: staff pages need a signed-in user, and state-changing requests
//! from a browser must come from our own origin (server functions have no CSRF protection of
//! their own).

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use console_app::error::AppError;
use console_app::ssr::{AppState, current_member};
use tower_sessions::Session;

use super::merchant::{Page, render};

/// Paths anyone may load: the login page, assets, server functions (each checks the caller
/// itself), WeChat's endpoints and merchant pages, invitations (the invitee may not have an
/// account yet), health, metrics (their own bearer token).
fn is_public(path: &str) -> bool {
    const EXACT: &[&str] = &[
        "/login",
        "/healthz",
        "/readyz",
        "/metrics",
        "/favicon.svg",
        "/favicon.ico",
        "/robots.txt",
    ];
    const PREFIXES: &[&str] = &[
        "/pkg/",
        "/api/",
        "/wechat/",
        "/assets/",
        "/authorize/",
        "/register/",
        "/invite/",
        "/oauth/",
    ];
    EXACT.contains(&path) || PREFIXES.iter().any(|p| path.starts_with(p))
}

/// Who is asking for a page.
enum Visitor {
    Anonymous,
    /// A member of a tenant (platform administrators who belong to one included).
    Member,
    /// A platform administrator who belongs to no tenant: only the tenants page is theirs.
    TenantlessAdmin,
}

/// The page where a tenantless platform administrator works.
const TENANTS_PAGE: &str = "/tenants";

/// Sends anonymous visitors of staff pages to the login page (and signed-in visitors of the login
/// page to the console). "Signed in" is the server functions' own test (`current_member`): a
/// session that was ended (disabled, signed out everywhere, a new password, too old, no tenant
/// left, its tenant suspended) ends here too, at the next page load. A platform administrator
/// without a tenant is sent to the tenants page from every other staff page.
pub async fn require_login(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let is_get = req.method() == Method::GET || req.method() == Method::HEAD;
    if !is_get || (is_public(&path) && path != "/login") {
        return next.run(req).await;
    }
    let visitor = match req.extensions().get::<Session>() {
        Some(session) => match current_member(&state, session).await {
            Ok(_) => Visitor::Member,
            // Only a platform administrator's valid session answers this.
            Err(AppError::NoTenant) => Visitor::TenantlessAdmin,
            // The session or the account could not be read: when the database is away, say so
            // (503, WeChat-style retry later) instead of sending a signed-in user to sign in.
            Err(AppError::Internal { .. }) if !state.db.ping().await => {
                return database_unavailable();
            }
            Err(_) => Visitor::Anonymous,
        },
        None => Visitor::Anonymous,
    };
    match (visitor, path.as_str()) {
        (Visitor::Member, "/login") => Redirect::to("/").into_response(),
        (Visitor::TenantlessAdmin, TENANTS_PAGE) => next.run(req).await,
        (Visitor::TenantlessAdmin, _) => Redirect::to(TENANTS_PAGE).into_response(),
        (Visitor::Anonymous, "/login") | (Visitor::Member, _) => next.run(req).await,
        (Visitor::Anonymous, _) => {
            let next_path = req
                .uri()
                .path_and_query()
                .map(|pq| pq.as_str().to_string())
                .unwrap_or_else(|| "/".into());
            let target = format!(
                "/login?next={}",
                console_app::components::notice::encode_component(&next_path)
            );
            Redirect::to(&target).into_response()
        }
    }
}

/// A clear, bilingual page while the database cannot be reached; it comes back by itself.
fn database_unavailable() -> Response {
    let mut res = render(
        StatusCode::SERVICE_UNAVAILABLE,
        Page::error_bi(
            "数据库暂时不可用",
            "The database is unavailable",
            "控制台暂时无法连接数据库，恢复后会自动继续工作。请稍后刷新本页面。",
            "The console cannot reach its database right now and carries on by itself once \
             it is back. Reload this page in a moment.",
        ),
    );
    res.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
    res
}

/// Rejects browser requests that change state and come from another site.
pub async fn same_origin(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    // `/api/v1` authenticates with a bearer key, never a cookie: nothing a site can forge.
    let path = req.uri().path();
    let cookie_authenticated = path.starts_with("/api/") && !path.starts_with("/api/v1/");
    if safe || !cookie_authenticated || origin_allowed(req.headers(), &state) {
        return next.run(req).await;
    }
    tracing::warn!(path = %req.uri().path(), "cross-site request refused");
    (StatusCode::FORBIDDEN, "cross-site request refused").into_response()
}

fn origin_allowed(headers: &HeaderMap, state: &AppState) -> bool {
    if headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == "cross-site")
    {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        // Not a browser (browsers send Origin on every POST): cookies alone cannot be forged
        // across sites by such clients.
        return true;
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let origin_host = origin.split("://").nth(1).unwrap_or_default();
    origin == state.config.public_base_url || host.is_some_and(|h| h == origin_host)
}

#[cfg(test)]
mod tests {
    use super::is_public;

    #[test]
    fn staff_pages_are_not_public() {
        for p in ["/", "/settings", "/platforms", "/events?x=1"] {
            assert!(!is_public(p), "{p}");
        }
        for p in [
            "/login",
            "/pkg/wxopen-console.js",
            "/api/auth/login",
            "/healthz",
            "/authorize/abc",
            "/register/abc",
            "/invite/abc",
            "/wechat/wx1/messages/wx2",
        ] {
            assert!(is_public(p), "{p}");
        }
    }
}
