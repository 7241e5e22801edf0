//! Web OAuth (网页授权) on behalf of an official account, for a tenant's own pages (issue 12,
//! seed 000). The tenant's page sends the user to `/oauth/{component}/{authorizer}/start`; the
//! console checks the return address against the platform's allow-list and the account's
//! eligibility (reference B25), sends the user to WeChat with a one-time `state`, takes WeChat's
//! redirect at `/oauth/callback` (on the console's host, which must be the platform's
//! 公众号开发域名, reference B17), exchanges the code with the component token and sends the
//! user back with a one-time ticket; the tenant's server redeems the ticket for the openid (and
//! profile). The browser never carries an openid, and a `state` or ticket is usable once.

pub mod entity;
mod flow;
mod origins;
mod result;

pub use flow::{CallbackQuery, MAX_TENANT_STATE, StartRequest, callback, callback_url, start};
pub use origins::{MAX_ORIGINS, MAX_RETURN_LEN, ReturnOrigins, return_origins, set_return_origins};
pub use result::{OAuthResult, OAuthUser, oauth_result, oauth_result_within};

use crate::error::CoreError;
use crate::message::Bi;

/// A `state` is good for this long (WeChat's codes live 5 minutes; a user may linger on the
/// consent page).
pub const STATE_TTL_MS: i64 = 10 * 60 * 1000;
/// A result ticket is good for this long: the tenant's server redeems it at once.
pub const RESULT_TTL_MS: i64 = 5 * 60 * 1000;

/// Why a start or a callback was refused: each is shown to the user as a bilingual page, never
/// as a redirect.
#[derive(Debug, thiserror::Error)]
pub enum OAuthRefused {
    /// No enabled platform or no authorizer of it with these appids.
    #[error("unknown platform or account")]
    UnknownAccount,
    #[error("bad scope")]
    BadScope,
    /// `return_to` is not on the platform's allow-list (or malformed).
    #[error("return address not allowed")]
    ReturnNotAllowed,
    /// The tenant's `state` is too long or has control characters.
    #[error("bad tenant state")]
    BadTenantState,
    /// The account cannot use web OAuth (why, in both languages).
    #[error("not eligible: {0}")]
    NotEligible(Bi),
    /// Unknown, malformed or mismatched `state`: forged, or not ours.
    #[error("invalid state")]
    StateInvalid,
    /// The state was used already (a reload or a replay).
    #[error("state used")]
    StateUsed,
    #[error("state expired")]
    StateExpired,
    #[error(transparent)]
    Core(#[from] CoreError),
}

impl OAuthRefused {
    /// What the user's page says.
    pub fn message(&self) -> Bi {
        match self {
            Self::UnknownAccount => Bi::new(
                "找不到该公众号或第三方平台，请检查链接",
                "The official account or platform was not found; check the link",
            ),
            Self::BadScope => Bi::new(
                "scope 参数须为 snsapi_base 或 snsapi_userinfo",
                "scope must be snsapi_base or snsapi_userinfo",
            ),
            Self::ReturnNotAllowed => Bi::new(
                "返回地址不在该平台允许的网页授权返回来源中，请联系服务商",
                "The return address is not on the platform's list of allowed web OAuth return origins; contact the service provider",
            ),
            Self::BadTenantState => Bi::new(
                format!("state 参数过长（最多 {MAX_TENANT_STATE} 个字符）或含有控制字符"),
                format!(
                    "state is too long ({MAX_TENANT_STATE} characters at most) or has control characters"
                ),
            ),
            Self::NotEligible(why) => why.clone(),
            Self::StateInvalid => Bi::new(
                "授权请求无效，请返回原页面重新发起",
                "This authorization request is not valid; go back to the page and start again",
            ),
            Self::StateUsed => Bi::new(
                "授权请求已使用，请返回原页面重新发起",
                "This authorization request was already used; go back to the page and start again",
            ),
            Self::StateExpired => Bi::new(
                "授权请求已过期，请返回原页面重新发起",
                "This authorization request has expired; go back to the page and start again",
            ),
            Self::Core(e) => e.public_message(),
        }
    }
}
