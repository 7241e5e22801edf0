//! The staff-access settings of `serve`: the absolute session lifetime and, behind a reverse
//! proxy, the header that carries the client's address (for sign-in throttling).

use std::time::Duration;

use clap::Args;
use console_app::ssr::{AccessPolicy, ClientAddrSource, DEFAULT_SESSION_LIFETIME};
use http::HeaderName;

/// Staff-access flags (flattened into `serve`).
#[derive(Args, Clone, Debug)]
pub struct AccessArgs {
    /// How long a staff session lasts after signing in, however active: a number and a unit,
    /// `90s`, `30m`, `12h` or `7d`. Besides this, a session ends after 12 hours without a request.
    #[arg(long, env = "WXOPEN_SESSION_LIFETIME", default_value = "12h", value_parser = parse_duration)]
    pub session_lifetime: Duration,
    /// The header a trusted reverse proxy sets to the client's address (`X-Forwarded-For`,
    /// `X-Real-IP`); its last address is taken. Unset: the TCP peer's address. Set it only
    /// behind such a proxy, or clients could choose their own address.
    #[arg(long, env = "WXOPEN_TRUSTED_PROXY_HEADER", value_parser = parse_header)]
    pub trusted_proxy_header: Option<HeaderName>,
}

impl Default for AccessArgs {
    fn default() -> Self {
        Self {
            session_lifetime: DEFAULT_SESSION_LIFETIME,
            trusted_proxy_header: None,
        }
    }
}

impl AccessArgs {
    /// The policy the app enforces.
    pub fn policy(&self) -> AccessPolicy {
        AccessPolicy::new(
            self.session_lifetime,
            ClientAddrSource {
                trusted_proxy_header: self.trusted_proxy_header.clone(),
            },
        )
    }
}

/// `90s`, `30m`, `12h`, `7d`.
fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let n: u64 = number
        .parse()
        .map_err(|_| format!("{s:?}: expected a number and a unit, such as 12h"))?;
    let secs = match unit {
        "s" => Some(n),
        "m" => n.checked_mul(60),
        "h" => n.checked_mul(3600),
        "d" => n.checked_mul(86_400),
        _ => None,
    }
    .filter(|secs| *secs > 0)
    .ok_or_else(|| format!("{s:?}: expected a positive number and s, m, h or d, such as 12h"))?;
    Ok(Duration::from_secs(secs))
}

fn parse_header(s: &str) -> Result<HeaderName, String> {
    HeaderName::from_bytes(s.trim().as_bytes()).map_err(|_| format!("{s:?} is not a header name"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_have_a_unit() {
        assert_eq!(parse_duration("12h"), Ok(Duration::from_secs(43_200)));
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("7d"), Ok(Duration::from_secs(604_800)));
        for bad in ["12", "h", "0h", "-1h", "1.5h", "12 hours"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn proxy_headers_are_header_names() {
        assert_eq!(
            parse_header("X-Forwarded-For").ok(),
            Some(HeaderName::from_static("x-forwarded-for"))
        );
        assert!(parse_header("not a header").is_err());
    }
}
