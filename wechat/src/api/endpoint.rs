//! The catalogue of WeChat APIs this crate calls (all on the API host): path and token parameter.

use std::fmt;

/// One WeChat API. Errors carry it, so that an errcode is read in the context of its endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Endpoint {
    /// `cgi-bin/component/api_component_token`.
    ComponentToken,
    /// `cgi-bin/component/api_start_push_ticket`.
    StartPushTicket,
    /// `cgi-bin/component/api_create_preauthcode`.
    CreatePreAuthCode,
    /// `cgi-bin/component/api_query_auth`.
    QueryAuth,
    /// `cgi-bin/component/api_authorizer_token`.
    AuthorizerToken,
    /// `cgi-bin/component/api_get_authorizer_info`.
    AuthorizerInfo,
    /// `cgi-bin/component/api_get_authorizer_list`.
    AuthorizerList,
    /// Legacy `cgi-bin/component/api_get_authorizer_option` (component token).
    GetAuthorizerOptionLegacy,
    /// Legacy `cgi-bin/component/api_set_authorizer_option` (component token).
    SetAuthorizerOptionLegacy,
    /// `cgi-bin/component/get_authorizer_option` (authorizer token).
    GetAuthorizerOption,
    /// `cgi-bin/component/set_authorizer_option` (authorizer token).
    SetAuthorizerOption,
    /// `wxa/component/fastregisterenterpriseweapp?action=create` (new version).
    FastRegisterEnterprise,
    /// `wxa/component/fastregisterenterpriseweapp?action=query` (new version).
    FastRegisterEnterpriseQuery,
    /// `wxa/component/fastregisterpersonalweapp?action=create` (new version).
    FastRegisterPersonal,
    /// `wxa/component/fastregisterpersonalweapp?action=query` (new version).
    FastRegisterPersonalQuery,
    /// `wxa/component/fastregisterbetaweapp`.
    FastRegisterBeta,
    /// `wxa/setbetaweappnickname`.
    SetBetaNickname,
    /// `wxa/verifybetaweapp` (new version).
    VerifyBeta,
    /// `cgi-bin/account/fastregister`: register a mini program reusing an official account.
    FastRegisterReuseOa,
    /// `cgi-bin/openapi/quota/get`.
    QuotaGet,
    /// `cgi-bin/openapi/rid/get`.
    RidGet,
    /// `cgi-bin/clear_quota`.
    ClearQuota,
    /// Legacy `cgi-bin/component/clear_quota`.
    ClearComponentQuotaLegacy,
    /// `cgi-bin/component/clear_quota/v2` (appsecret, no token).
    ClearQuotaV2,
    /// `sns/oauth2/component/access_token`.
    OAuthAccessToken,
    /// `sns/oauth2/component/refresh_token`.
    OAuthRefreshToken,
    /// `sns/userinfo`: a web OAuth user's profile, with the user's own OAuth token.
    SnsUserInfo,
    /// `sns/component/jscode2session`.
    JsCode2Session,
    /// `cgi-bin/ticket/getticket?type=jsapi`.
    JsApiTicket,
    /// `cgi-bin/message/custom/send`: a customer-service message on behalf of an authorizer.
    SendCustomMessage,
    /// `cgi-bin/user/get`: an official account's followers (openids), 10 000 per page.
    UserGet,
}

impl Endpoint {
    /// The path and any fixed query, relative to the host.
    pub fn path(self) -> &'static str {
        match self {
            Self::ComponentToken => "/cgi-bin/component/api_component_token",
            Self::StartPushTicket => "/cgi-bin/component/api_start_push_ticket",
            Self::CreatePreAuthCode => "/cgi-bin/component/api_create_preauthcode",
            Self::QueryAuth => "/cgi-bin/component/api_query_auth",
            Self::AuthorizerToken => "/cgi-bin/component/api_authorizer_token",
            Self::AuthorizerInfo => "/cgi-bin/component/api_get_authorizer_info",
            Self::AuthorizerList => "/cgi-bin/component/api_get_authorizer_list",
            Self::GetAuthorizerOptionLegacy => "/cgi-bin/component/api_get_authorizer_option",
            Self::SetAuthorizerOptionLegacy => "/cgi-bin/component/api_set_authorizer_option",
            Self::GetAuthorizerOption => "/cgi-bin/component/get_authorizer_option",
            Self::SetAuthorizerOption => "/cgi-bin/component/set_authorizer_option",
            Self::FastRegisterEnterprise => {
                "/wxa/component/fastregisterenterpriseweapp?action=create"
            }
            Self::FastRegisterEnterpriseQuery => {
                "/wxa/component/fastregisterenterpriseweapp?action=query"
            }
            Self::FastRegisterPersonal => "/wxa/component/fastregisterpersonalweapp?action=create",
            Self::FastRegisterPersonalQuery => {
                "/wxa/component/fastregisterpersonalweapp?action=query"
            }
            Self::FastRegisterBeta => "/wxa/component/fastregisterbetaweapp",
            Self::SetBetaNickname => "/wxa/setbetaweappnickname",
            Self::VerifyBeta => "/wxa/verifybetaweapp",
            Self::FastRegisterReuseOa => "/cgi-bin/account/fastregister",
            Self::QuotaGet => "/cgi-bin/openapi/quota/get",
            Self::RidGet => "/cgi-bin/openapi/rid/get",
            Self::ClearQuota => "/cgi-bin/clear_quota",
            Self::ClearComponentQuotaLegacy => "/cgi-bin/component/clear_quota",
            Self::ClearQuotaV2 => "/cgi-bin/component/clear_quota/v2",
            Self::OAuthAccessToken => "/sns/oauth2/component/access_token",
            Self::OAuthRefreshToken => "/sns/oauth2/component/refresh_token",
            Self::SnsUserInfo => "/sns/userinfo",
            Self::JsCode2Session => "/sns/component/jscode2session",
            Self::JsApiTicket => "/cgi-bin/ticket/getticket?type=jsapi",
            Self::SendCustomMessage => "/cgi-bin/message/custom/send",
            Self::UserGet => "/cgi-bin/user/get",
        }
    }

    /// The query parameter that carries the token, if the endpoint takes one. The names differ
    /// per endpoint (reference C.1–C.3), which is a classic source of "invalid access_token".
    pub fn token_param(self) -> Option<&'static str> {
        match self {
            Self::ComponentToken | Self::StartPushTicket | Self::ClearQuotaV2 => None,
            Self::CreatePreAuthCode
            | Self::QueryAuth
            | Self::AuthorizerToken
            | Self::AuthorizerInfo
            | Self::AuthorizerList
            | Self::GetAuthorizerOptionLegacy
            | Self::SetAuthorizerOptionLegacy
            | Self::FastRegisterPersonal
            | Self::FastRegisterPersonalQuery
            | Self::ClearComponentQuotaLegacy
            | Self::OAuthAccessToken
            | Self::OAuthRefreshToken
            | Self::JsCode2Session => Some("component_access_token"),
            Self::GetAuthorizerOption
            | Self::SetAuthorizerOption
            | Self::FastRegisterEnterprise
            | Self::FastRegisterEnterpriseQuery
            | Self::FastRegisterBeta
            | Self::SetBetaNickname
            | Self::VerifyBeta
            | Self::FastRegisterReuseOa
            | Self::QuotaGet
            | Self::RidGet
            | Self::ClearQuota
            | Self::JsApiTicket
            | Self::SnsUserInfo
            | Self::SendCustomMessage
            | Self::UserGet => Some("access_token"),
        }
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path();
        f.write_str(path.strip_prefix('/').unwrap_or(path))
    }
}
