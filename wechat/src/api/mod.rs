//! The typed async client for the Open Platform APIs (reference C.1–C.3).
//!
//! Every method takes the token it needs and returns a typed result; WeChat's `errcode`
//! becomes [`ApiError::WeChat`] with a per-endpoint [`Meaning`]. The client keeps no state
//! besides its connection pool, and never retries.

mod client;
mod component;
mod endpoint;
mod error;
mod message;
mod oauth;
mod quota;
mod register;
mod types;

pub use client::{Client, ClientBuildError, Endpoints};
pub use component::{
    AuthorizationInfo, AuthorizerAccessToken, AuthorizerInfo, AuthorizerInfoResponse,
    AuthorizerList, AuthorizerListItem, AuthorizerOption, BasicConfig, BusinessInfo, Category,
    ComponentAccessToken, ConfirmInfo, FuncInfo, IdInfo, MiniProgramInfo, Network, PreAuthCode,
    QueryAuth,
};
pub use endpoint::Endpoint;
pub use error::{ApiError, Meaning, WxError, meaning};
pub use message::{FollowerIds, Followers};
pub use oauth::{JsApiTicket, OAuthScope, OAuthToken, OAuthUserInfo, Session, oauth_authorize_url};
pub use quota::{Quota, QuotaInfo, RateLimit, RidInfo, RidRequest};
pub use register::{
    BetaRegistration, BetaVerification, EnterpriseRegistration, RegistrationTask,
    ReuseOaRegistration,
};
