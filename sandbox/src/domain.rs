//! The domains a component declares (授权发起页域名 `auth_domain`, 公众号开发域名
//! `oa_dev_domain`) and how WeChat checks a URL against them: the host case-insensitively, and a
//! port left out means the scheme's default (http 80, https 443). Reference B16, B17.

use url::Url;

/// A configured authority, `host[:port]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authority {
    /// Lower case (IDNA for non-ASCII names).
    pub host: String,
    /// `None`: whatever the scheme's default is.
    pub port: Option<u16>,
}

impl std::fmt::Display for Authority {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.port {
            Some(port) => write!(f, "{}:{port}", self.host),
            None => f.write_str(&self.host),
        }
    }
}

/// Parses `host[:port]` (no scheme, path, query or user). `None` when it is not one.
pub fn parse(value: &str) -> Option<Authority> {
    let value = value.trim();
    if value.is_empty()
        || value
            .chars()
            .any(|c| matches!(c, '/' | '\\' | '?' | '#' | '@') || c.is_whitespace())
    {
        return None;
    }
    // Each special scheme hides its own default port, so read the port from both.
    let http = Url::parse(&format!("http://{value}/")).ok()?;
    let https = Url::parse(&format!("https://{value}/")).ok()?;
    let host = http.host_str()?.to_ascii_lowercase();
    Some(Authority {
        host,
        port: http.port().or(https.port()),
    })
}

/// The normalised form of a configured domain (lower-case host, the port as given).
pub fn normalise(value: &str) -> Option<String> {
    parse(value).map(|a| a.to_string())
}

/// The authority of an http(s) URL: its host, and its port when it is not the scheme's default.
pub fn authority_of(url: &str) -> Option<String> {
    let url = http_url(url)?;
    let host = url.host_str()?.to_ascii_lowercase();
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host,
    })
}

/// The host of a URL as WeChat's messages name it; the raw text when it is not a URL.
pub fn host_of(url: &str) -> String {
    http_url(url)
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .unwrap_or_else(|| url.trim().to_owned())
}

/// Whether the http(s) URL `url` is on the configured domain `configured`.
pub fn url_on(configured: &str, url: &str) -> bool {
    let (Some(domain), Some(url)) = (parse(configured), http_url(url)) else {
        return false;
    };
    let same_host = url
        .host_str()
        .is_some_and(|h| h.eq_ignore_ascii_case(&domain.host));
    let same_port = match domain.port {
        None => url.port().is_none(),
        Some(port) => url.port_or_known_default() == Some(port),
    };
    same_host && same_port
}

fn http_url(value: &str) -> Option<Url> {
    Url::parse(value.trim())
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorities_parse_and_normalise() {
        assert_eq!(
            normalise("Console.Example.COM").unwrap(),
            "console.example.com"
        );
        assert_eq!(normalise("c.example.com:80").unwrap(), "c.example.com:80");
        assert_eq!(normalise("c.example.com:443").unwrap(), "c.example.com:443");
        assert_eq!(normalise("127.0.0.1:8080").unwrap(), "127.0.0.1:8080");
        assert_eq!(normalise("[::1]:9000").unwrap(), "[::1]:9000");
        for bad in [
            "",
            "https://c.example.com",
            "c.example.com/x",
            "a@b",
            "c d",
            "c:99999",
        ] {
            assert!(parse(bad).is_none(), "{bad}");
        }
        assert_eq!(
            authority_of("https://Console.example.com:443/cb").unwrap(),
            "console.example.com"
        );
        assert_eq!(
            authority_of("http://127.0.0.1:3000/wechat/events").unwrap(),
            "127.0.0.1:3000"
        );
        assert_eq!(authority_of("ftp://x/"), None);
    }

    #[test]
    fn urls_are_matched_with_default_ports() {
        assert!(url_on(
            "console.example.com",
            "https://CONSOLE.example.com/a?b"
        ));
        assert!(url_on(
            "console.example.com",
            "http://console.example.com:80/"
        ));
        assert!(url_on(
            "console.example.com",
            "https://console.example.com:443/"
        ));
        assert!(!url_on(
            "console.example.com",
            "https://console.example.com:8443/"
        ));
        assert!(url_on(
            "console.example.com:443",
            "https://console.example.com/"
        ));
        assert!(url_on(
            "console.example.com:80",
            "http://console.example.com/"
        ));
        assert!(url_on("127.0.0.1:3000", "http://127.0.0.1:3000/cb"));
        assert!(!url_on("127.0.0.1:3000", "http://127.0.0.1:3001/cb"));
        assert!(!url_on("console.example.com", "https://evil.example.com/"));
        assert!(!url_on(
            "console.example.com",
            "https://console.example.com.evil.com/"
        ));
        assert!(!url_on("console.example.com", "javascript:alert(1)"));
        assert_eq!(host_of("https://a.example.com:8080/x"), "a.example.com");
        assert_eq!(host_of(" not a url "), "not a url");
    }
}
