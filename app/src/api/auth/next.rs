//! Where to go after signing in: only a path on this site, checked after full percent-decoding,
//! and percent-encoded for the `Location` header.
//!
//! Browsers drop tabs and newlines inside URLs and treat `\` like `/`, so `/%09/evil.example`
//! becomes `//evil.example`, another site. And a `Location` header is ASCII: a raw `/授权账号`
//! made the redirect panic. Hence: decode until nothing changes, refuse control characters,
//! backslashes and `//` in what the browser would see, then encode what is left.

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

/// Where a refused or missing `next` goes.
const HOME: &str = "/";

/// What is percent-encoded in a redirect target (non-ASCII always is); `%` stays, so what was
/// encoded stays encoded once.
const UNSAFE_IN_LOCATION: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'^');

/// The same-site path to redirect to after signing in, `/` unless `next` is one.
pub fn safe_next(next: Option<&str>) -> String {
    next.filter(|raw| is_same_site_path(raw))
        .map(|raw| utf8_percent_encode(raw, UNSAFE_IN_LOCATION).to_string())
        .unwrap_or_else(|| HOME.to_string())
}

fn is_same_site_path(raw: &str) -> bool {
    let Some(decoded) = fully_decoded(raw) else {
        return false;
    };
    raw.starts_with('/')
        && !decoded.contains("//")
        && !decoded.contains('\\')
        && !decoded.chars().any(char::is_control)
}

/// `s` percent-decoded until decoding changes nothing (a `%2509` is a tab too, once a second
/// decoder sees it); `None` when that is not UTF-8 or does not settle.
fn fully_decoded(s: &str) -> Option<String> {
    let mut current = s.to_string();
    for _ in 0..8 {
        let next = percent_decode_str(&current)
            .decode_utf8()
            .ok()?
            .into_owned();
        if next == current {
            return Some(current);
        }
        current = next;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_same_site_paths_are_followed() {
        assert_eq!(safe_next(Some("/events?x=1")), "/events?x=1");
        assert_eq!(safe_next(Some("/settings")), "/settings");
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "/%09/evil.example",
            "/\t/evil.example",
            "/%0a/evil.example",
            "/%2509/evil.example",
            "/%5Cevil.example",
            "/%2F/evil.example",
            "%2Fevents",
            "/%FF",
            "",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn the_target_is_a_valid_ascii_location() {
        let target = safe_next(Some("/authorizers?q=测试 号"));
        assert_eq!(target, "/authorizers?q=%E6%B5%8B%E8%AF%95%20%E5%8F%B7");
        assert!(target.is_ascii());
        // Already encoded stays as it was.
        assert_eq!(safe_next(Some("/a?q=%E6%B5%8B")), "/a?q=%E6%B5%8B");
    }
}
