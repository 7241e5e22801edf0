//! Component token, authorization, authorizer tokens, info, list and options (reference C.1).

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{ApiError, Client, Endpoint};
use crate::appid::AppId;
use crate::secret::Secret;

/// `api_component_token` response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComponentAccessToken {
    /// The component access token.
    pub component_access_token: Secret,
    /// Lifetime in seconds (7200).
    pub expires_in: u64,
}

/// `api_create_preauthcode` response. A pre-auth code is single use: one per link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreAuthCode {
    /// The code to put in an authorization link.
    pub pre_auth_code: Secret,
    /// Lifetime in seconds.
    pub expires_in: u64,
}

/// `api_query_auth` response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueryAuth {
    /// The authorization.
    pub authorization_info: AuthorizationInfo,
}

/// `authorization_info` of `api_query_auth` and `api_get_authorizer_info`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorizationInfo {
    /// The authorizer.
    pub authorizer_appid: AppId,
    /// Present in `api_query_auth`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorizer_access_token: Option<Secret>,
    /// Present in `api_query_auth`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<u64>,
    /// Present when the authorizer granted API permissions. Persist it: it is the only way back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorizer_refresh_token: Option<Secret>,
    /// The permission sets actually granted; do not assume the requested ones.
    #[serde(default)]
    pub func_info: Vec<FuncInfo>,
}

/// One granted permission set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FuncInfo {
    /// The permission set.
    pub funcscope_category: IdInfo,
    /// Confirmation state, for permission sets that need the merchant's confirmation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirm_info: Option<ConfirmInfo>,
}

/// `{"id": N}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdInfo {
    /// The id.
    pub id: i64,
}

/// `confirm_info` of a permission set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmInfo {
    /// 1 if the set needs confirmation.
    #[serde(default)]
    pub need_confirm: i64,
    /// 1 if already confirmed.
    #[serde(default)]
    pub already_confirm: i64,
    /// 1 if it can be confirmed.
    #[serde(default)]
    pub can_confirm: i64,
}

/// `api_authorizer_token` response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorizerAccessToken {
    /// The authorizer access token.
    pub authorizer_access_token: Secret,
    /// Lifetime in seconds (7200).
    pub expires_in: u64,
    /// The refresh token to use next time. Persist whatever is returned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorizer_refresh_token: Option<Secret>,
}

/// `api_get_authorizer_info` response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorizerInfoResponse {
    /// The account.
    pub authorizer_info: AuthorizerInfo,
    /// Its authorization.
    pub authorization_info: AuthorizationInfo,
}

/// The account's profile. Fields WeChat omits for some account types are optional.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AuthorizerInfo {
    /// Nickname.
    #[serde(default)]
    pub nick_name: String,
    /// Avatar URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head_img: Option<String>,
    /// Account type (official account: 0 subscription, 1 upgraded, 2 service; mini program: 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_type_info: Option<IdInfo>,
    /// Verification type (-1 unverified, 0 WeChat verified, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verify_type_info: Option<IdInfo>,
    /// Original id (`gh_…`), the `ToUserName` of its message pushes.
    #[serde(default)]
    pub user_name: String,
    /// Entity name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal_name: Option<String>,
    /// WeChat id alias.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    /// Feature flags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_info: Option<BusinessInfo>,
    /// QR code URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qrcode_url: Option<String>,
    /// Account description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
    /// Present only for mini programs.
    #[serde(
        rename = "MiniProgramInfo",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mini_program_info: Option<MiniProgramInfo>,
    /// Registration type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub register_type: Option<i64>,
    /// Account status (1 normal, 14 deregistered, 16 banned, 18 frozen, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_status: Option<i64>,
    /// Contact configuration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basic_config: Option<BasicConfig>,
}

impl AuthorizerInfo {
    /// A mini program, as opposed to an official account: WeChat sends `MiniProgramInfo` only
    /// for mini programs.
    pub fn is_mini_program(&self) -> bool {
        self.mini_program_info.is_some()
    }
}

/// `business_info` flags (0 or 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BusinessInfo {
    /// Stores.
    #[serde(default)]
    pub open_store: i64,
    /// Scan.
    #[serde(default)]
    pub open_scan: i64,
    /// Payment.
    #[serde(default)]
    pub open_pay: i64,
    /// Cards.
    #[serde(default)]
    pub open_card: i64,
    /// Shake.
    #[serde(default)]
    pub open_shake: i64,
}

/// `MiniProgramInfo`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MiniProgramInfo {
    /// Server domains.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<Network>,
    /// Service categories.
    #[serde(default)]
    pub categories: Vec<Category>,
    /// Visit status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visit_status: Option<i64>,
}

/// `MiniProgramInfo.network`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Network {
    /// `RequestDomain`.
    #[serde(default)]
    pub request_domain: Vec<String>,
    /// `WsRequestDomain`.
    #[serde(default)]
    pub ws_request_domain: Vec<String>,
    /// `UploadDomain`.
    #[serde(default)]
    pub upload_domain: Vec<String>,
    /// `DownloadDomain`.
    #[serde(default)]
    pub download_domain: Vec<String>,
    /// `BizDomain`.
    #[serde(default)]
    pub biz_domain: Vec<String>,
    /// `UDPDomain`.
    #[serde(default, rename = "UDPDomain")]
    pub udp_domain: Vec<String>,
}

/// A mini program category.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Category {
    /// First level.
    #[serde(default)]
    pub first: String,
    /// Second level.
    #[serde(default)]
    pub second: String,
}

/// `basic_config`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BasicConfig {
    /// A phone number is configured.
    #[serde(default, deserialize_with = "super::types::lenient_bool")]
    pub is_phone_configured: bool,
    /// An email is configured.
    #[serde(default, deserialize_with = "super::types::lenient_bool")]
    pub is_email_configured: bool,
}

/// `api_get_authorizer_list` response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorizerList {
    /// Total number of authorizers.
    pub total_count: u64,
    /// This page.
    #[serde(default)]
    pub list: Vec<AuthorizerListItem>,
}

/// One authorizer in [`AuthorizerList`]; its refresh token is the recovery path for 61023.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorizerListItem {
    /// The authorizer.
    pub authorizer_appid: AppId,
    /// Its current refresh token.
    pub refresh_token: Secret,
    /// Authorization time, unix seconds.
    #[serde(default)]
    pub auth_time: i64,
}

/// An authorizer option (`location_report`, `voice_recognize`, `customer_service`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorizerOption {
    /// The authorizer (legacy endpoint only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorizer_appid: Option<AppId>,
    /// Option name.
    pub option_name: String,
    /// Option value, as WeChat's string.
    pub option_value: String,
}

impl Client {
    /// `api_component_token`: a component access token from the appsecret and the latest ticket.
    pub async fn component_token(
        &self,
        component_appid: &AppId,
        component_appsecret: &Secret,
        component_verify_ticket: &Secret,
    ) -> Result<ComponentAccessToken, ApiError> {
        let body = json!({
            "component_appid": component_appid,
            "component_appsecret": component_appsecret,
            "component_verify_ticket": component_verify_ticket,
        });
        self.post_json(Endpoint::ComponentToken, None, &body).await
    }

    /// `api_start_push_ticket`: asks WeChat to (re)start pushing component_verify_ticket.
    pub async fn start_push_ticket(
        &self,
        component_appid: &AppId,
        component_secret: &Secret,
    ) -> Result<(), ApiError> {
        let body = json!({
            "component_appid": component_appid,
            "component_secret": component_secret,
        });
        self.post_unit(Endpoint::StartPushTicket, None, &body).await
    }

    /// `api_create_preauthcode`: a fresh, single-use pre-auth code for one authorization link.
    pub async fn create_pre_auth_code(
        &self,
        component_access_token: &Secret,
        component_appid: &AppId,
    ) -> Result<PreAuthCode, ApiError> {
        let body = json!({ "component_appid": component_appid });
        self.post_json(
            Endpoint::CreatePreAuthCode,
            Some(component_access_token),
            &body,
        )
        .await
    }

    /// `api_query_auth`: exchanges an authorization code for the authorizer's tokens.
    pub async fn query_auth(
        &self,
        component_access_token: &Secret,
        component_appid: &AppId,
        authorization_code: &Secret,
    ) -> Result<QueryAuth, ApiError> {
        let body = json!({
            "component_appid": component_appid,
            "authorization_code": authorization_code,
        });
        self.post_json(Endpoint::QueryAuth, Some(component_access_token), &body)
            .await
    }

    /// `api_authorizer_token`: a new authorizer access token from the refresh token.
    pub async fn authorizer_token(
        &self,
        component_access_token: &Secret,
        component_appid: &AppId,
        authorizer_appid: &AppId,
        authorizer_refresh_token: &Secret,
    ) -> Result<AuthorizerAccessToken, ApiError> {
        let body = json!({
            "component_appid": component_appid,
            "authorizer_appid": authorizer_appid,
            "authorizer_refresh_token": authorizer_refresh_token,
        });
        self.post_json(
            Endpoint::AuthorizerToken,
            Some(component_access_token),
            &body,
        )
        .await
    }

    /// `api_get_authorizer_info`: the account's profile and granted permission sets.
    pub async fn authorizer_info(
        &self,
        component_access_token: &Secret,
        component_appid: &AppId,
        authorizer_appid: &AppId,
    ) -> Result<AuthorizerInfoResponse, ApiError> {
        let body = json!({
            "component_appid": component_appid,
            "authorizer_appid": authorizer_appid,
        });
        self.post_json(
            Endpoint::AuthorizerInfo,
            Some(component_access_token),
            &body,
        )
        .await
    }

    /// `api_get_authorizer_list`: one page of authorizers, with their refresh tokens.
    /// WeChat allows `count` up to 500.
    pub async fn authorizer_list(
        &self,
        component_access_token: &Secret,
        component_appid: &AppId,
        offset: u32,
        count: u32,
    ) -> Result<AuthorizerList, ApiError> {
        let body = json!({
            "component_appid": component_appid,
            "offset": offset,
            "count": count,
        });
        self.post_json(
            Endpoint::AuthorizerList,
            Some(component_access_token),
            &body,
        )
        .await
    }

    /// Legacy `api_get_authorizer_option` with the component token.
    pub async fn authorizer_option_legacy(
        &self,
        component_access_token: &Secret,
        component_appid: &AppId,
        authorizer_appid: &AppId,
        option_name: &str,
    ) -> Result<AuthorizerOption, ApiError> {
        let body = json!({
            "component_appid": component_appid,
            "authorizer_appid": authorizer_appid,
            "option_name": option_name,
        });
        self.post_json(
            Endpoint::GetAuthorizerOptionLegacy,
            Some(component_access_token),
            &body,
        )
        .await
    }

    /// Legacy `api_set_authorizer_option` with the component token.
    pub async fn set_authorizer_option_legacy(
        &self,
        component_access_token: &Secret,
        component_appid: &AppId,
        authorizer_appid: &AppId,
        option_name: &str,
        option_value: &str,
    ) -> Result<(), ApiError> {
        let body = json!({
            "component_appid": component_appid,
            "authorizer_appid": authorizer_appid,
            "option_name": option_name,
            "option_value": option_value,
        });
        self.post_unit(
            Endpoint::SetAuthorizerOptionLegacy,
            Some(component_access_token),
            &body,
        )
        .await
    }

    /// `get_authorizer_option` with the authorizer's own access token.
    pub async fn authorizer_option(
        &self,
        authorizer_access_token: &Secret,
        option_name: &str,
    ) -> Result<AuthorizerOption, ApiError> {
        let body = json!({ "option_name": option_name });
        self.post_json(
            Endpoint::GetAuthorizerOption,
            Some(authorizer_access_token),
            &body,
        )
        .await
    }

    /// `set_authorizer_option` with the authorizer's own access token.
    pub async fn set_authorizer_option(
        &self,
        authorizer_access_token: &Secret,
        option_name: &str,
        option_value: &str,
    ) -> Result<(), ApiError> {
        let body = json!({ "option_name": option_name, "option_value": option_value });
        self.post_unit(
            Endpoint::SetAuthorizerOption,
            Some(authorizer_access_token),
            &body,
        )
        .await
    }
}
