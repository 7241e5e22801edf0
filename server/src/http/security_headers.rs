//! The security headers of every response, in one place: console pages, server functions,
//! static files, WeChat's endpoints and the merchants' pages alike.
//!
//! The Content-Security-Policy lets only this origin's scripts run, plus the inline scripts
//! Leptos writes into each page (the hydration bootstrap and the serialized resources), which
//! carry a per-response nonce: [`nonce_for_leptos`] hands this layer's nonce to Leptos, which puts
//! it on every script it emits. `'wasm-unsafe-eval'` allows compiling the app's WebAssembly and
//! nothing else (no `eval`). The one inline `<style>` (the merchant pages') is allowed by its
//! hash. See `docs/architecture.md` ("Security headers") for each directive and why.

use std::sync::LazyLock;

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

use super::merchant::page::STYLE;

/// This response's CSP nonce (a request extension, for Leptos to read).
#[derive(Clone, Debug)]
pub struct CspNonce(String);

/// `'sha256-…'` of the merchant pages' inline stylesheet.
static MERCHANT_STYLE: LazyLock<String> =
    LazyLock::new(|| format!("'sha256-{}'", STANDARD.encode(Sha256::digest(STYLE))));

/// The Content-Security-Policy of a response whose inline scripts carry `nonce`.
pub fn content_security_policy(nonce: &str) -> String {
    [
        "default-src 'self'".to_string(),
        format!("script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'"),
        format!("style-src 'self' {}", *MERCHANT_STYLE),
        // Authorizers' avatars are WeChat's images (and the sandbox's, in the demo).
        "img-src 'self' data: https: http:".to_string(),
        "connect-src 'self'".to_string(),
        "font-src 'self'".to_string(),
        "object-src 'none'".to_string(),
        "base-uri 'none'".to_string(),
        "frame-ancestors 'none'".to_string(),
    ]
    .join("; ")
}

/// Adds the security headers to every response, and a fresh nonce to every request.
pub async fn add(mut req: Request, next: Next) -> Response {
    let nonce = console_core::secrets::random_token();
    req.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if let Ok(csp) = HeaderValue::from_str(&content_security_policy(&nonce)) {
        h.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    for (name, value) in [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        // For browsers older than `frame-ancestors`.
        (header::X_FRAME_OPTIONS, "DENY"),
        // The merchant pages' redirects must still tell WeChat the console's origin (it checks
        // the Referer's host, reference B16); never a path, which may hold a link's token.
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
    ] {
        h.insert(name, HeaderValue::from_static(value));
    }
    res
}

/// Leptos context for every page render: the nonce of this request's CSP instead of the one
/// leptos_axum generates (which no header would name).
pub fn nonce_for_leptos() {
    use leptos::prelude::{provide_context, use_context};
    let nonce = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned());
    if let Some(CspNonce(n)) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(n));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_names_the_nonce_and_the_merchant_style() {
        let p = content_security_policy("abc");
        assert!(p.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval'"));
        assert!(p.contains("frame-ancestors 'none'"));
        assert!(!p.contains("unsafe-inline"));
        // The hash is of the exact text between <style> and </style>.
        assert_eq!(MERCHANT_STYLE.len(), "'sha256-'".len() + 44);
    }
}
