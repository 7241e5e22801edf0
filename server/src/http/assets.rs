//! The site's WASM, JS and CSS under `/pkg`: the brotli or gzip copy that
//! `cargo leptos build --release --precompress` wrote beside each file when the browser accepts it
//! (the 1.7 MB WASM goes out as about a third of that without a compressing proxy in front),
//! and, for file names carrying a content hash, a year-long immutable cache lifetime: a new build
//! has new names, so a browser never needs to ask again.

use std::path::PathBuf;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::{Next, from_fn};
use axum::response::Response;
use leptos::config::LeptosOptions;
use tower_http::services::ServeDir;

/// For files whose name carries a content hash.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// For the others (a development build): revalidate each time (Last-Modified answers 304).
pub const REVALIDATE: &str = "no-cache";

/// Whether cargo-leptos wrote its hash file beside the running binary.
pub fn hash_file_present(options: &LeptosOptions) -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|d| d.join(options.hash_file.as_ref())))
        .is_some_and(|p| p.exists())
}

/// `name.<22-character MD5 in base64url>.ext`, as cargo-leptos names hashed files.
fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3
        && parts[1..parts.len() - 1].iter().any(|p| {
            p.len() == 22
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

async fn cache_headers(req: Request, next: Next) -> Response {
    let hashed = is_hashed(req.uri().path());
    let mut res = next.run(req).await;
    if res.status().is_success() || res.status() == axum::http::StatusCode::NOT_MODIFIED {
        let h = res.headers_mut();
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(if hashed { IMMUTABLE } else { REVALIDATE }),
        );
        // Caches must keep the brotli, gzip and plain answers apart.
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    res
}

/// `/pkg/*` from `<site-root>/<site-pkg-dir>`.
pub fn routes<S: Clone + Send + Sync + 'static>(options: &LeptosOptions) -> Router<S> {
    let dir = PathBuf::from(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    let files = ServeDir::new(dir).precompressed_br().precompressed_gzip();
    Router::new().nest_service(
        &format!("/{}", options.site_pkg_dir.trim_matches('/')),
        Router::new()
            .fallback_service(files)
            .layer(from_fn(cache_headers)),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use axum::body::Body;
    use tower::ServiceExt;

    #[test]
    fn hashed_names_are_recognised() {
        assert!(is_hashed("/pkg/wxopen-console.dGhpcyBpcyBhIGhhc2gxMg.wasm"));
        assert!(!is_hashed("/pkg/wxopen-console.wasm"));
        assert!(!is_hashed("/pkg/wxopen-console_bg.wasm"));
    }

    #[tokio::test]
    async fn wasm_goes_out_precompressed_with_cache_headers() {
        let site = tempfile_dir();
        let pkg = site.join("pkg");
        std::fs::create_dir_all(&pkg).unwrap();
        let name = "wxopen-console.dGhpcyBpcyBhIGhhc2gxMg.wasm";
        std::fs::write(pkg.join(name), vec![0u8; 4096]).unwrap();
        std::fs::write(pkg.join(format!("{name}.br")), b"brotli").unwrap();
        std::fs::write(pkg.join(format!("{name}.gz")), b"gzip").unwrap();
        std::fs::write(pkg.join("plain.css"), b"body{}").unwrap();
        let options = LeptosOptions::builder()
            .output_name("wxopen-console")
            .site_root(site.to_string_lossy().to_string())
            .site_pkg_dir("pkg")
            .build();
        let app: Router = routes(&options);
        let get = |path: &str, enc: &str| {
            Request::builder()
                .uri(path)
                .header(header::ACCEPT_ENCODING, enc)
                .body(Body::empty())
                .unwrap()
        };
        let path = format!("/pkg/{name}");
        for (enc, want, body) in [
            ("gzip, deflate, br", Some("br"), &b"brotli"[..]),
            ("gzip", Some("gzip"), &b"gzip"[..]),
            ("identity", None, &[0u8; 4096][..]),
        ] {
            let res = app.clone().oneshot(get(&path, enc)).await.unwrap();
            assert_eq!(res.status(), 200, "{enc}");
            let h = res.headers();
            assert_eq!(
                h.get(header::CONTENT_ENCODING).map(|v| v.to_str().unwrap()),
                want,
                "{enc}"
            );
            assert_eq!(h[header::CACHE_CONTROL], IMMUTABLE);
            assert_eq!(h[header::VARY], "accept-encoding");
            assert_eq!(h[header::CONTENT_TYPE], "application/wasm");
            let bytes = axum::body::to_bytes(res.into_body(), 1 << 20)
                .await
                .unwrap();
            assert_eq!(&bytes[..], body, "{enc}");
        }
        let res = app
            .clone()
            .oneshot(get("/pkg/plain.css", "br"))
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()[header::CACHE_CONTROL], REVALIDATE);
        assert!(res.headers().get(header::CONTENT_ENCODING).is_none());
        let res = app.oneshot(get("/pkg/missing.js", "br")).await.unwrap();
        assert_eq!(res.status(), 404);
        std::fs::remove_dir_all(&site).ok();
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("wxopen-assets-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        d
    }
}
