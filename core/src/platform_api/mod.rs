//! What the platform API (`/api/v1`, issue 12) and the console's business calls need from the
//! domain: tokens handed to a tenant's services (with the account's state checked first, and
//! compare-and-expire when a service reports a token WeChat refused), the WeChat API proxy
//! (the authorizer's token injected, one retry after 40001/42001, downloads streamed), and the
//! count of proxied calls per authorizer, path and day.
//!
//! No HTTP server lives here: the server maps these results to its JSON answers.

pub mod calls;
mod path;
pub mod proxy;
pub(crate) mod ticket;
mod tokens;

pub use calls::{CallCount, calls_of};
pub use path::WechatPath;
pub use proxy::{ProxyBody, ProxyRequest, ProxyResponse, ProxyResponseBody, forward};
pub use ticket::{JsApiTicket, jsapi_ticket};
pub use tokens::{
    InvalidReport, TokenRefusal, authorizer_for_api, authorizer_token, component_token,
    report_invalid,
};
