//! Injected faults: latency, an errcode, an HTTP status or a dropped connection, for the next N
//! calls of an endpoint or for a share of them. Which installed faults fire for a call is decided
//! in `state` (the faults live in the `World`).

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::endpoint::Ep;

/// What a fault does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// Delay the answer by `value` milliseconds (then answer normally).
    Latency,
    /// Answer `{"errcode": value}` instead.
    Errcode,
    /// Answer with HTTP status `value`.
    HttpStatus,
    /// Close the connection without a complete answer.
    Drop,
}

/// A fault as posted to `/_sandbox/faults`.
#[derive(Debug, Clone, Deserialize)]
pub struct FaultSpec {
    /// An endpoint name (`api_component_token`, …) or `*` for every endpoint.
    pub endpoint: String,
    pub kind: FaultKind,
    #[serde(default)]
    pub value: Option<i64>,
    /// Apply to the next `count` calls.
    #[serde(default)]
    pub count: Option<u64>,
    /// Apply to this share of calls (0.0–1.0), until removed.
    #[serde(default)]
    pub rate: Option<f64>,
}

/// An installed fault.
#[derive(Debug, Clone, Serialize)]
pub struct Fault {
    pub id: u64,
    pub endpoint: String,
    pub kind: FaultKind,
    pub value: i64,
    /// Calls left (`None`: governed by `rate`).
    pub remaining: Option<u64>,
    pub rate: Option<f64>,
}

/// What the handler must do for this call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Injected {
    Latency(Duration),
    Errcode(i64),
    HttpStatus(u16),
    Drop,
}

impl FaultSpec {
    /// Checks the spec and builds the fault.
    pub fn into_fault(self, id: u64) -> Result<Fault, String> {
        if Ep::by_name(&self.endpoint).is_none() && self.endpoint != "*" {
            return Err(format!("unknown endpoint {:?}", self.endpoint));
        }
        let value = match (self.kind, self.value) {
            (FaultKind::Drop, v) => v.unwrap_or(0),
            (FaultKind::Latency, Some(ms)) if ms >= 0 => ms,
            (FaultKind::Errcode, Some(code)) if code != 0 => code,
            (FaultKind::HttpStatus, Some(s)) if (100..=599).contains(&s) => s,
            (kind, v) => return Err(format!("{kind:?} needs a valid value, got {v:?}")),
        };
        let (remaining, rate) = match (self.count, self.rate) {
            (Some(_), Some(_)) => return Err("give count or rate, not both".into()),
            (None, Some(r)) if !(0.0..=1.0).contains(&r) => {
                return Err("rate must be between 0 and 1".into());
            }
            (None, None) => (Some(1), None),
            (count, rate) => (count, rate),
        };
        Ok(Fault {
            id,
            endpoint: self.endpoint,
            kind: self.kind,
            value,
            remaining,
            rate,
        })
    }
}

/// An HTTP answer with the given status and WeChat-like body.
pub fn http_status(status: u16) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        status.canonical_reason().unwrap_or("error").to_owned(),
    )
        .into_response()
}

/// A response whose body fails at once: the connection is closed without a complete answer.
pub fn dropped() -> Response {
    let failing = futures::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "sandbox fault: connection dropped",
        ))
    });
    Response::new(Body::from_stream(failing))
}
