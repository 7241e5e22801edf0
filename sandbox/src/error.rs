//! WeChat's `{"errcode": N, "errmsg": "..."}` answers, with the texts WeChat uses.

/// A WeChat error answer. The rid is appended when it is sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("errcode {errcode}: {errmsg}")]
pub struct WxErr {
    /// The errcode.
    pub errcode: i64,
    /// The errmsg, without the rid.
    pub errmsg: String,
}

impl WxErr {
    /// Any errcode with its message.
    pub fn new(errcode: i64, errmsg: impl Into<String>) -> Self {
        Self {
            errcode,
            errmsg: errmsg.into(),
        }
    }

    /// -1.
    pub fn system_error() -> Self {
        Self::new(-1, "system error")
    }
    /// 40001: unknown or superseded token.
    pub fn invalid_credential() -> Self {
        Self::new(
            40001,
            "invalid credential, access_token is invalid or not latest",
        )
    }
    /// 42001.
    pub fn token_expired() -> Self {
        Self::new(42001, "access_token expired")
    }
    /// 41001.
    pub fn token_missing() -> Self {
        Self::new(41001, "access_token missing")
    }
    /// 41002.
    pub fn appid_missing() -> Self {
        Self::new(41002, "appid missing")
    }
    /// 40013.
    pub fn invalid_appid() -> Self {
        Self::new(40013, "invalid appid")
    }
    /// 41004.
    pub fn secret_missing() -> Self {
        Self::new(41004, "appsecret missing")
    }
    /// 40125.
    pub fn invalid_secret() -> Self {
        Self::new(40125, "invalid appsecret")
    }
    /// 47001.
    pub fn data_format() -> Self {
        Self::new(47001, "data format error")
    }
    /// 44002.
    pub fn empty_post() -> Self {
        Self::new(44002, "empty post data")
    }
    /// 61004, with the caller's address as WeChat prints it.
    pub fn ip_not_registered(ip: &str) -> Self {
        Self::new(
            61004,
            format!("access clientip is not registered requestIP: {ip}"),
        )
    }
    /// 61005.
    pub fn ticket_expired() -> Self {
        Self::new(61005, "component ticket is expired")
    }
    /// 61006.
    pub fn ticket_invalid() -> Self {
        Self::new(61006, "component ticket is invalid")
    }
    /// 61011.
    pub fn invalid_component() -> Self {
        Self::new(61011, "invalid component")
    }
    /// 45009.
    pub fn quota() -> Self {
        Self::new(45009, "reach max api daily quota limit")
    }
    /// 48001: kept for what is not a missing permission set (a non-beta app renamed as one).
    pub fn api_unauthorized() -> Self {
        Self::new(48001, "api unauthorized")
    }
    /// 61007: the permission set of the API was not granted to the component (reference B20).
    pub fn component_unauthorized() -> Self {
        Self::new(61007, "api is unauthorized to component")
    }
    /// 61028: the component is not published (全网发布); text as seen in the wild.
    pub fn component_unpublished() -> Self {
        Self::new(61028, "component is unpublished")
    }
    /// 61029: the component lacks the sets reuse registration needs (English text not
    /// documented).
    pub fn component_lacks_sets() -> Self {
        Self::new(61029, "component lacks the required permission sets")
    }
    /// 61052: the official account is not verified (English text not documented).
    pub fn oa_not_verified() -> Self {
        Self::new(61052, "official account is not verified")
    }
    /// 61055: the official account's monthly reuse registrations are used up (English text not
    /// documented).
    pub fn reuse_monthly_limit() -> Self {
        Self::new(61055, "exceed the monthly limit of fast registration")
    }
    /// 61060: the redirect_uri of the fastregisterauth page is not on the platform's domain
    /// (English text not documented).
    pub fn reuse_bad_redirect() -> Self {
        Self::new(61060, "invalid redirect uri")
    }
    /// 48006.
    pub fn clear_limit() -> Self {
        Self::new(48006, "forbid to clear quota because of reaching the limit")
    }
    /// 61003.
    pub fn not_authorized() -> Self {
        Self::new(61003, "component is not authorized by this account")
    }
    /// 61009.
    pub fn code_invalid() -> Self {
        Self::new(61009, "code is invalid")
    }
    /// 61010.
    pub fn code_expired() -> Self {
        Self::new(61010, "code is expired")
    }
    /// 61012.
    pub fn invalid_option_name() -> Self {
        Self::new(61012, "invalid option name")
    }
    /// 61013.
    pub fn invalid_option_value() -> Self {
        Self::new(61013, "invalid option value")
    }
    /// 61023.
    pub fn refresh_token_invalid() -> Self {
        Self::new(61023, "refresh_token is invalid")
    }
    /// 61058.
    pub fn reuse_ticket_invalid() -> Self {
        Self::new(61058, "invalid ticket")
    }
    /// 40003.
    pub fn invalid_openid() -> Self {
        Self::new(40003, "invalid openid")
    }
    /// 40004.
    pub fn invalid_media_type() -> Self {
        Self::new(40004, "invalid media type")
    }
    /// 40007.
    pub fn invalid_media_id() -> Self {
        Self::new(40007, "invalid media_id")
    }
    /// 40008.
    pub fn invalid_message_type() -> Self {
        Self::new(40008, "invalid message type")
    }
    /// 40029.
    pub fn invalid_oauth_code() -> Self {
        Self::new(40029, "invalid code")
    }
    /// 89249: a task for the same subject was created less than 24 hours ago.
    pub fn task_running() -> Self {
        Self::new(89249, "task running")
    }
    /// 89254: the component does not offer the sets fast registration needs.
    pub fn lacks_component_rights() -> Self {
        Self::new(89254, "lack of some component rights")
    }
    /// 89250.
    pub fn task_not_found() -> Self {
        Self::new(89250, "task not found")
    }
    /// 89251.
    pub fn legal_person_checking() -> Self {
        Self::new(89251, "legal person checking")
    }
    /// 89253.
    pub fn missing_params() -> Self {
        Self::new(89253, "lack of some params")
    }
    /// 89255.
    pub fn invalid_code_param() -> Self {
        Self::new(89255, "code param is invalid, please check the code length")
    }
    /// 76001.
    pub fn rid_not_found() -> Self {
        Self::new(76001, "rid not found")
    }
    /// 76003.
    pub fn rid_forbidden() -> Self {
        Self::new(76003, "could not query this rid, no permission")
    }
    /// 76021.
    pub fn cgi_path_not_found() -> Self {
        Self::new(76021, "cgi_path not found, please check")
    }
}
