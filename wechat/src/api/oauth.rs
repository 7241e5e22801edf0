//! Web OAuth and mini program login on behalf of an authorizer, and the JS-SDK ticket.

use serde::{Deserialize, Serialize};

use super::client::Endpoints;
use super::{ApiError, Client, Endpoint};
use crate::appid::AppId;
use crate::secret::Secret;

/// `sns/oauth2/component/access_token` and `refresh_token` response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OAuthToken {
    /// The user's web access token.
    pub access_token: Secret,
    /// Lifetime in seconds.
    pub expires_in: u64,
    /// Refreshes `access_token`.
    pub refresh_token: Secret,
    /// The user's openid under the authorizer.
    pub openid: String,
    /// Granted scope.
    #[serde(default)]
    pub scope: String,
    /// The user's unionid, when the account has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unionid: Option<String>,
}

/// `sns/userinfo` response: the profile a user agreed to share (`snsapi_userinfo`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OAuthUserInfo {
    /// The user's openid under the authorizer.
    pub openid: String,
    /// Nickname.
    #[serde(default)]
    pub nickname: String,
    /// 0 unknown, 1 male, 2 female (WeChat no longer fills it in: always 0 now).
    #[serde(default)]
    pub sex: i64,
    /// Province, as the user set it (often empty).
    #[serde(default)]
    pub province: String,
    /// City, as the user set it (often empty).
    #[serde(default)]
    pub city: String,
    /// Country, as the user set it (often empty).
    #[serde(default)]
    pub country: String,
    /// Avatar URL (may be empty).
    #[serde(default)]
    pub headimgurl: String,
    /// Privileges (WeChat Pay cards and the like).
    #[serde(default)]
    pub privilege: Vec<String>,
    /// The user's unionid, when the account is bound to an Open Platform account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unionid: Option<String>,
}

/// `sns/component/jscode2session` response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// The user's openid under the mini program.
    pub openid: String,
    /// The session key.
    pub session_key: Secret,
    /// The user's unionid, when available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unionid: Option<String>,
}

/// `ticket/getticket?type=jsapi` response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsApiTicket {
    /// The JS-SDK ticket.
    pub ticket: Secret,
    /// Lifetime in seconds.
    pub expires_in: u64,
}

/// The OAuth scope of [`oauth_authorize_url`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OAuthScope {
    /// `snsapi_base`: openid only, silent.
    Base,
    /// `snsapi_userinfo`: profile, with the user's consent.
    UserInfo,
}

impl OAuthScope {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Base => "snsapi_base",
            Self::UserInfo => "snsapi_userinfo",
        }
    }
}

/// The web OAuth link on behalf of an official account
/// (`open.weixin.qq.com/connect/oauth2/authorize … &component_appid=…#wechat_redirect`).
pub fn oauth_authorize_url(
    endpoints: &Endpoints,
    appid: &AppId,
    redirect_uri: &str,
    scope: OAuthScope,
    state: &str,
    component_appid: &AppId,
) -> String {
    let mut url = crate::links::query_link(
        &endpoints.open,
        "/connect/oauth2/authorize",
        &[
            ("appid", appid.as_str()),
            ("redirect_uri", redirect_uri),
            ("response_type", "code"),
            ("scope", scope.as_str()),
            ("state", state),
            ("component_appid", component_appid.as_str()),
        ],
    );
    url.push_str("#wechat_redirect");
    url
}

impl Client {
    /// Exchanges a web OAuth `code` on behalf of `appid`.
    pub async fn oauth_access_token(
        &self,
        component_access_token: &Secret,
        component_appid: &AppId,
        appid: &AppId,
        code: &Secret,
    ) -> Result<OAuthToken, ApiError> {
        let params = [
            ("appid", appid.as_str()),
            ("code", code.expose()),
            ("grant_type", "authorization_code"),
            ("component_appid", component_appid.as_str()),
        ];
        self.get_query(
            Endpoint::OAuthAccessToken,
            Some(component_access_token),
            &params,
        )
        .await
    }

    /// Refreshes a web OAuth token on behalf of `appid`.
    pub async fn oauth_refresh_token(
        &self,
        component_access_token: &Secret,
        component_appid: &AppId,
        appid: &AppId,
        refresh_token: &Secret,
    ) -> Result<OAuthToken, ApiError> {
        let params = [
            ("appid", appid.as_str()),
            ("grant_type", "refresh_token"),
            ("component_appid", component_appid.as_str()),
            ("refresh_token", refresh_token.expose()),
        ];
        self.get_query(
            Endpoint::OAuthRefreshToken,
            Some(component_access_token),
            &params,
        )
        .await
    }

    /// The profile behind a `snsapi_userinfo` grant, with the user's own OAuth token (not the
    /// component's; WeChat answers 48001 for a `snsapi_base` token).
    pub async fn sns_userinfo(
        &self,
        oauth_access_token: &Secret,
        openid: &str,
    ) -> Result<OAuthUserInfo, ApiError> {
        let params = [("openid", openid), ("lang", "zh_CN")];
        self.get_query(Endpoint::SnsUserInfo, Some(oauth_access_token), &params)
            .await
    }

    /// Mini program login on behalf of `appid`: `wx.login()`'s code to openid and session key.
    pub async fn jscode2session(
        &self,
        component_access_token: &Secret,
        component_appid: &AppId,
        appid: &AppId,
        js_code: &Secret,
    ) -> Result<Session, ApiError> {
        let params = [
            ("appid", appid.as_str()),
            ("js_code", js_code.expose()),
            ("grant_type", "authorization_code"),
            ("component_appid", component_appid.as_str()),
        ];
        self.get_query(
            Endpoint::JsCode2Session,
            Some(component_access_token),
            &params,
        )
        .await
    }

    /// The JS-SDK ticket of an authorizer, with its access token.
    pub async fn jsapi_ticket(
        &self,
        authorizer_access_token: &Secret,
    ) -> Result<JsApiTicket, ApiError> {
        self.get_query(Endpoint::JsApiTicket, Some(authorizer_access_token), &[])
            .await
    }
}
