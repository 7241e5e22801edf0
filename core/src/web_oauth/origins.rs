//! Each platform's allow-list of return origins for web OAuth: the only places the console sends
//! a user (and a result ticket) back to. Exact origins (`https://host[:port]`), no paths and no
//! wildcards, so that a return address can never be steered to a page the tenant did not name;
//! plain `http` only for `localhost` and `127.0.0.1` (local tests).

use sea_orm::{ActiveModelTrait, Set};
use url::Url;

use crate::error::{CoreError, CoreResult};
use crate::message::Bi;
use crate::platforms::entity as component;
use crate::platforms::get_model;
use crate::services::Services;
use crate::{PlatformId, TenantId};

/// At most this many origins per platform.
pub const MAX_ORIGINS: usize = 20;
/// The longest return address accepted.
pub const MAX_RETURN_LEN: usize = 2_000;

/// The form field the allow-list is edited in.
const FIELD: &str = "oauth_return_origins";

/// A platform's allowed return origins, normalised (`Url::origin`'s serialisation: lower-case
/// host, punycode, the port only when not the scheme's default).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReturnOrigins(Vec<String>);

fn bad(zh: String, en: String) -> CoreError {
    CoreError::Invalid(Bi::new(zh, en).on_field(FIELD))
}

/// Whether plain `http` is allowed for this host (a developer's own machine only).
fn local(host: &str) -> bool {
    matches!(host, "localhost" | "127.0.0.1")
}

/// The origin of one line of the allow-list, or why it is not one.
fn origin_of(line: &str) -> CoreResult<String> {
    let refuse = |zh: &str, en: &str| bad(format!("“{line}”：{zh}"), format!("\"{line}\": {en}"));
    if line.contains('*') {
        return Err(refuse(
            "不支持通配符，请逐个填写完整来源",
            "wildcards are not supported; list each origin",
        ));
    }
    let url = Url::parse(line).map_err(|_| {
        refuse(
            "格式不正确，应为 https://域名[:端口]",
            "malformed; enter https://host[:port]",
        )
    })?;
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let scheme_ok = url.scheme() == "https" || (url.scheme() == "http" && local(&host));
    if !scheme_ok || host.is_empty() {
        return Err(refuse(
            "须以 https:// 开头（仅 localhost 与 127.0.0.1 可用 http://）",
            "must start with https:// (http:// only for localhost and 127.0.0.1)",
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(refuse(
            "不能包含用户名或密码",
            "must not contain credentials",
        ));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(refuse(
            "只填写来源（协议、域名和端口），不要包含路径或参数",
            "enter only the origin (scheme, host and port), without a path or query",
        ));
    }
    Ok(url.origin().ascii_serialization())
}

impl ReturnOrigins {
    /// Parses what staff typed: one origin per line, blank lines ignored, duplicates merged.
    pub fn parse(text: &str) -> CoreResult<Self> {
        let mut out: Vec<String> = Vec::new();
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let origin = origin_of(line)?;
            if !out.contains(&origin) {
                out.push(origin);
            }
        }
        if out.len() > MAX_ORIGINS {
            return Err(bad(
                format!("最多 {MAX_ORIGINS} 个来源"),
                format!("At most {MAX_ORIGINS} origins"),
            ));
        }
        Ok(Self(out))
    }

    /// The stored list (written by [`parse`](Self::parse); a line that no longer parses is
    /// left out rather than trusted).
    pub fn stored(text: &str) -> Self {
        Self(
            text.lines()
                .map(str::trim)
                .filter_map(|l| origin_of(l).ok())
                .collect(),
        )
    }

    /// The stored form: one origin per line.
    pub fn to_stored(&self) -> String {
        self.0.join("\n")
    }

    /// The origins.
    pub fn origins(&self) -> &[String] {
        &self.0
    }

    /// Whether nothing is allowed (then web OAuth cannot be started).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `return_to` parsed, when it is an absolute address on one of the origins, without
    /// credentials and not too long.
    pub fn check(&self, return_to: &str) -> Option<Url> {
        if return_to.len() > MAX_RETURN_LEN {
            return None;
        }
        let url = Url::parse(return_to).ok()?;
        let plain = matches!(url.scheme(), "http" | "https")
            && url.username().is_empty()
            && url.password().is_none();
        let origin = url.origin().ascii_serialization();
        (plain && self.0.contains(&origin)).then_some(url)
    }
}

/// The allow-list of platform `id` of `tenant_id`.
pub async fn return_origins(
    svc: &Services,
    tenant_id: TenantId,
    id: PlatformId,
) -> CoreResult<ReturnOrigins> {
    let m = get_model(svc, tenant_id, id).await?;
    Ok(ReturnOrigins::stored(&m.oauth_return_hosts))
}

/// Replaces the allow-list of platform `id` of `tenant_id`.
pub async fn set_return_origins(
    svc: &Services,
    tenant_id: TenantId,
    id: PlatformId,
    origins: &ReturnOrigins,
) -> CoreResult<()> {
    let m = get_model(svc, tenant_id, id).await?;
    let mut am: component::ActiveModel = m.into();
    am.oauth_return_hosts = Set(origins.to_stored());
    am.updated_at = Set(svc.now());
    am.update(svc.db.conn()).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn only_exact_https_origins_or_local_http_are_allowed() {
        let o = ReturnOrigins::parse(
            " https://Shop.Example.com \n\nhttps://shop.example.com:8443/\nhttp://localhost:3000\nhttps://shop.example.com",
        )
        .unwrap();
        assert_eq!(
            o.origins(),
            [
                "https://shop.example.com",
                "https://shop.example.com:8443",
                "http://localhost:3000"
            ]
        );
        assert_eq!(ReturnOrigins::stored(&o.to_stored()), o);
        for bad in [
            "http://shop.example.com",
            "https://*.example.com",
            "https://shop.example.com/path",
            "https://shop.example.com/?a=1",
            "https://u:p@shop.example.com",
            "shop.example.com",
            "ftp://shop.example.com",
        ] {
            assert!(ReturnOrigins::parse(bad).is_err(), "{bad}");
        }
        let many: String = (0..=MAX_ORIGINS)
            .map(|i| format!("https://h{i}.example.com\n"))
            .collect();
        assert!(ReturnOrigins::parse(&many).is_err());
    }

    #[test]
    fn a_return_address_must_be_on_a_listed_origin() {
        let o = ReturnOrigins::parse("https://shop.example.com\nhttp://127.0.0.1:8080").unwrap();
        assert!(o.check("https://shop.example.com/back?x=1#top").is_some());
        assert!(o.check("https://SHOP.example.com:443/back").is_some());
        assert!(o.check("http://127.0.0.1:8080/cb").is_some());
        for bad in [
            "https://shop.example.com.evil.com/",
            "https://evil.com/?https://shop.example.com",
            "http://shop.example.com/",
            "https://shop.example.com:8443/",
            "https://user@shop.example.com/",
            "//shop.example.com/",
            "/relative",
            "javascript:alert(1)",
        ] {
            assert!(o.check(bad).is_none(), "{bad}");
        }
        assert!(
            ReturnOrigins::default()
                .check("https://shop.example.com/")
                .is_none()
        );
    }
}
