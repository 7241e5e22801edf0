//! The WeChat path a proxied call goes to, checked before anything is sent: the proxy only ever
//! reaches the API host, never another host or a path outside it.

use crate::error::{CoreError, CoreResult};
use crate::message::Bi;

/// A path on WeChat's API host such as `cgi-bin/user/info`: segments of letters, digits, `_`,
/// `-` and `.` (never `.` or `..` alone), at most 128 characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct WechatPath(String);

impl WechatPath {
    /// Parses a path, with or without its leading `/`.
    pub fn parse(raw: &str) -> CoreResult<Self> {
        let p = raw.trim_start_matches('/');
        let ok = !p.is_empty()
            && p.len() <= 128
            && p.split('/').all(|seg| {
                !seg.is_empty()
                    && seg != "."
                    && seg != ".."
                    && seg
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
            });
        if ok {
            Ok(Self(p.to_string()))
        } else {
            Err(CoreError::Invalid(
                Bi::new(
                    "微信接口路径无效：应形如 cgi-bin/user/info（字母、数字、_ - .，不超过 128 个字符）",
                    "Invalid WeChat path: it looks like cgi-bin/user/info (letters, digits, _ - ., at most 128 characters)",
                )
                .on_field("path"),
            ))
        }
    }

    /// The path without its leading `/`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for WechatPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_paths_on_the_api_host() {
        assert_eq!(
            WechatPath::parse("/cgi-bin/user/info").unwrap().as_str(),
            "cgi-bin/user/info"
        );
        assert!(WechatPath::parse("wxa/getwxacodeunlimit").is_ok());
        for bad in [
            "",
            "/",
            "cgi-bin/../x",
            "cgi-bin//x",
            "cgi-bin/./x",
            "http://evil/x",
            "cgi-bin/x?access_token=1",
            "cgi-bin/%2e%2e/x",
            "cgi-bin/x y",
        ] {
            assert!(WechatPath::parse(bad).is_err(), "{bad:?} must be refused");
        }
        assert!(WechatPath::parse(&"a".repeat(129)).is_err());
    }
}
