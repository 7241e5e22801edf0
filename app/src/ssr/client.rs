//! The client's address, for throttling: the TCP peer, or, behind a reverse proxy the operator
//! names with `WXOPEN_TRUSTED_PROXY_HEADER`, the address that proxy wrote into that header.
//!
//! Only the operator knows whether a proxy stands in front: trusting `X-Forwarded-For` without
//! one would let every client choose its own address (and escape throttling), so the header is
//! read only when configured. For a list (`X-Forwarded-For: client, proxy1`) the last entry is
//! taken: it is the one the trusted proxy appended; earlier ones are the client's to invent.

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use http::HeaderName;
use http::request::Parts;

/// Where the client's address comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientAddrSource {
    /// The header the trusted reverse proxy sets (`X-Forwarded-For`, `X-Real-IP`), if any.
    pub trusted_proxy_header: Option<HeaderName>,
}

impl ClientAddrSource {
    /// The client address of the request `parts`: the proxy header's last address when one is
    /// configured and present, otherwise the peer; `None` when neither is known.
    pub fn client_ip(&self, parts: &Parts) -> Option<IpAddr> {
        let from_header = self.trusted_proxy_header.as_ref().and_then(|name| {
            let value = parts.headers.get(name)?.to_str().ok()?;
            parse_addr(value.rsplit(',').next()?)
        });
        from_header.or_else(|| {
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(peer)| peer.ip())
        })
    }
}

/// The client address of the current request (server functions).
pub fn client_ip(state: &super::AppState) -> Option<IpAddr> {
    let parts = leptos::prelude::use_context::<Parts>()?;
    state.access.client_addr.client_ip(&parts)
}

/// An address as proxies write it: `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1`, `[2001:db8::1]:4711`.
fn parse_addr(s: &str) -> Option<IpAddr> {
    let s = s.trim();
    s.parse::<IpAddr>()
        .ok()
        .or_else(|| s.parse::<SocketAddr>().ok().map(|a| a.ip()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn parts(header: Option<(&str, &str)>, peer: Option<&str>) -> Parts {
        let mut req = http::Request::builder().uri("/api/auth/login");
        if let Some((k, v)) = header {
            req = req.header(k, v);
        }
        let (mut parts, ()) = req.body(()).unwrap().into_parts();
        if let Some(p) = peer {
            parts
                .extensions
                .insert(ConnectInfo(p.parse::<SocketAddr>().unwrap()));
        }
        parts
    }

    #[test]
    fn the_peer_counts_unless_a_proxy_header_is_trusted() {
        let p = parts(
            Some(("x-forwarded-for", "198.51.100.7, 203.0.113.5")),
            Some("10.0.0.2:5555"),
        );
        let untrusted = ClientAddrSource::default();
        assert_eq!(untrusted.client_ip(&p), "10.0.0.2".parse().ok());
        let trusted = ClientAddrSource {
            trusted_proxy_header: Some(HeaderName::from_static("x-forwarded-for")),
        };
        assert_eq!(trusted.client_ip(&p), "203.0.113.5".parse().ok());
        // Without the header (a request that did not pass the proxy), the peer.
        let direct = parts(None, Some("10.0.0.3:1"));
        assert_eq!(trusted.client_ip(&direct), "10.0.0.3".parse().ok());
    }

    #[test]
    fn proxy_addresses_may_carry_ports_and_brackets() {
        for (raw, ip) in [
            ("192.0.2.1:4711", "192.0.2.1"),
            (" [2001:db8::1]:80", "2001:db8::1"),
            ("2001:db8::2", "2001:db8::2"),
        ] {
            assert_eq!(parse_addr(raw), ip.parse().ok(), "{raw}");
        }
        assert_eq!(parse_addr("unknown"), None);
    }
}
