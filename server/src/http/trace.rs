//! Request logging without query strings: they carry signatures, codes and tickets.

use axum::http::Request;
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::trace::{DefaultOnResponse, MakeSpan, TraceLayer};
use tracing::{Level, Span};

/// Spans named by method and path only.
#[derive(Clone, Copy, Debug, Default)]
pub struct PathOnlySpan;

/// The path as logged: a link page's, registration page's or invitation's token is a credential
/// (whoever has it can start an authorization or a registration, or join a tenant), so it is cut
/// off.
fn loggable(path: &str) -> &str {
    if path.starts_with("/authorize/") {
        "/authorize/…"
    } else if path.starts_with("/register/") {
        "/register/…"
    } else if path.starts_with("/invite/") {
        "/invite/…"
    } else {
        path
    }
}

impl<B> MakeSpan<B> for PathOnlySpan {
    fn make_span(&mut self, req: &Request<B>) -> Span {
        tracing::info_span!("http", method = %req.method(), path = %loggable(req.uri().path()))
    }
}

/// The request-logging layer.
pub fn layer() -> TraceLayer<SharedClassifier<ServerErrorsAsFailures>, PathOnlySpan> {
    TraceLayer::new_for_http()
        .make_span_with(PathOnlySpan)
        .on_response(DefaultOnResponse::new().level(Level::INFO))
}

#[cfg(test)]
mod tests {
    use super::loggable;

    #[test]
    fn link_tokens_stay_out_of_the_log() {
        assert_eq!(loggable("/authorize/abcdefgh"), "/authorize/…");
        assert_eq!(loggable("/register/abcdefgh"), "/register/…");
        assert_eq!(loggable("/invite/abcdefgh"), "/invite/…");
        assert_eq!(loggable("/platforms/3"), "/platforms/3");
    }
}
