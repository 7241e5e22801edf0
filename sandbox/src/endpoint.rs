//! The catalogue of simulated WeChat APIs: the name used by `/_sandbox/calls`, faults and quotas,
//! and the path each answers on.

use serde::Serialize;

/// One simulated WeChat API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Ep {
    ComponentToken,
    StartPushTicket,
    CreatePreAuthCode,
    QueryAuth,
    AuthorizerToken,
    AuthorizerInfo,
    AuthorizerList,
    GetOptionLegacy,
    SetOptionLegacy,
    GetOption,
    SetOption,
    FastRegisterOld,
    FastRegisterEnterprise,
    FastRegisterPersonal,
    FastRegisterBeta,
    SetBetaNickname,
    VerifyBeta,
    FastRegisterReuseOa,
    QuotaGet,
    RidGet,
    ClearQuota,
    ClearComponentQuota,
    ClearQuotaV2,
    CustomSend,
    MediaUpload,
    MediaGet,
    UserInfo,
    UserInfoBatch,
    UserGet,
    JsApiTicket,
    OAuthAccessToken,
    OAuthRefreshToken,
    SnsUserInfo,
}

impl Ep {
    /// Every endpoint.
    pub const ALL: [Ep; 33] = [
        Ep::ComponentToken,
        Ep::StartPushTicket,
        Ep::CreatePreAuthCode,
        Ep::QueryAuth,
        Ep::AuthorizerToken,
        Ep::AuthorizerInfo,
        Ep::AuthorizerList,
        Ep::GetOptionLegacy,
        Ep::SetOptionLegacy,
        Ep::GetOption,
        Ep::SetOption,
        Ep::FastRegisterOld,
        Ep::FastRegisterEnterprise,
        Ep::FastRegisterPersonal,
        Ep::FastRegisterBeta,
        Ep::SetBetaNickname,
        Ep::VerifyBeta,
        Ep::FastRegisterReuseOa,
        Ep::QuotaGet,
        Ep::RidGet,
        Ep::ClearQuota,
        Ep::ClearComponentQuota,
        Ep::ClearQuotaV2,
        Ep::CustomSend,
        Ep::MediaUpload,
        Ep::MediaGet,
        Ep::UserInfo,
        Ep::UserInfoBatch,
        Ep::UserGet,
        Ep::JsApiTicket,
        Ep::OAuthAccessToken,
        Ep::OAuthRefreshToken,
        Ep::SnsUserInfo,
    ];

    /// The path on the API host.
    pub fn path(self) -> &'static str {
        match self {
            Ep::ComponentToken => "/cgi-bin/component/api_component_token",
            Ep::StartPushTicket => "/cgi-bin/component/api_start_push_ticket",
            Ep::CreatePreAuthCode => "/cgi-bin/component/api_create_preauthcode",
            Ep::QueryAuth => "/cgi-bin/component/api_query_auth",
            Ep::AuthorizerToken => "/cgi-bin/component/api_authorizer_token",
            Ep::AuthorizerInfo => "/cgi-bin/component/api_get_authorizer_info",
            Ep::AuthorizerList => "/cgi-bin/component/api_get_authorizer_list",
            Ep::GetOptionLegacy => "/cgi-bin/component/api_get_authorizer_option",
            Ep::SetOptionLegacy => "/cgi-bin/component/api_set_authorizer_option",
            Ep::GetOption => "/cgi-bin/component/get_authorizer_option",
            Ep::SetOption => "/cgi-bin/component/set_authorizer_option",
            Ep::FastRegisterOld => "/cgi-bin/component/fastregisterweapp",
            Ep::FastRegisterEnterprise => "/wxa/component/fastregisterenterpriseweapp",
            Ep::FastRegisterPersonal => "/wxa/component/fastregisterpersonalweapp",
            Ep::FastRegisterBeta => "/wxa/component/fastregisterbetaweapp",
            Ep::SetBetaNickname => "/wxa/setbetaweappnickname",
            Ep::VerifyBeta => "/wxa/verifybetaweapp",
            Ep::FastRegisterReuseOa => "/cgi-bin/account/fastregister",
            Ep::QuotaGet => "/cgi-bin/openapi/quota/get",
            Ep::RidGet => "/cgi-bin/openapi/rid/get",
            Ep::ClearQuota => "/cgi-bin/clear_quota",
            Ep::ClearComponentQuota => "/cgi-bin/component/clear_quota",
            Ep::ClearQuotaV2 => "/cgi-bin/component/clear_quota/v2",
            Ep::CustomSend => "/cgi-bin/message/custom/send",
            Ep::MediaUpload => "/cgi-bin/media/upload",
            Ep::MediaGet => "/cgi-bin/media/get",
            Ep::UserInfo => "/cgi-bin/user/info",
            Ep::UserInfoBatch => "/cgi-bin/user/info/batchget",
            Ep::UserGet => "/cgi-bin/user/get",
            Ep::JsApiTicket => "/cgi-bin/ticket/getticket",
            Ep::OAuthAccessToken => "/sns/oauth2/component/access_token",
            Ep::OAuthRefreshToken => "/sns/oauth2/component/refresh_token",
            Ep::SnsUserInfo => "/sns/userinfo",
        }
    }

    /// The name in `/_sandbox/calls`, faults and quotas: the path's last segment, or the last two
    /// where the last alone is ambiguous.
    pub fn name(self) -> &'static str {
        match self {
            Ep::ComponentToken => "api_component_token",
            Ep::StartPushTicket => "api_start_push_ticket",
            Ep::CreatePreAuthCode => "api_create_preauthcode",
            Ep::QueryAuth => "api_query_auth",
            Ep::AuthorizerToken => "api_authorizer_token",
            Ep::AuthorizerInfo => "api_get_authorizer_info",
            Ep::AuthorizerList => "api_get_authorizer_list",
            Ep::GetOptionLegacy => "api_get_authorizer_option",
            Ep::SetOptionLegacy => "api_set_authorizer_option",
            Ep::GetOption => "get_authorizer_option",
            Ep::SetOption => "set_authorizer_option",
            Ep::FastRegisterOld => "fastregisterweapp",
            Ep::FastRegisterEnterprise => "fastregisterenterpriseweapp",
            Ep::FastRegisterPersonal => "fastregisterpersonalweapp",
            Ep::FastRegisterBeta => "fastregisterbetaweapp",
            Ep::SetBetaNickname => "setbetaweappnickname",
            Ep::VerifyBeta => "verifybetaweapp",
            Ep::FastRegisterReuseOa => "fastregister",
            Ep::QuotaGet => "quota/get",
            Ep::RidGet => "rid/get",
            Ep::ClearQuota => "clear_quota",
            Ep::ClearComponentQuota => "component/clear_quota",
            Ep::ClearQuotaV2 => "clear_quota/v2",
            Ep::CustomSend => "custom/send",
            Ep::MediaUpload => "media/upload",
            Ep::MediaGet => "media/get",
            Ep::UserInfo => "user/info",
            Ep::UserInfoBatch => "batchget",
            Ep::UserGet => "user/get",
            Ep::JsApiTicket => "getticket",
            Ep::OAuthAccessToken => "oauth2/component/access_token",
            Ep::OAuthRefreshToken => "oauth2/component/refresh_token",
            Ep::SnsUserInfo => "sns/userinfo",
        }
    }

    /// The endpoint with this name.
    pub fn by_name(name: &str) -> Option<Ep> {
        Ep::ALL.into_iter().find(|e| e.name() == name)
    }

    /// The endpoint answering on this path (as given to `openapi/quota/get`'s `cgi_path`).
    pub fn by_path(path: &str) -> Option<Ep> {
        let path = path.split('?').next().unwrap_or(path);
        let path = if path.starts_with('/') {
            path.to_owned()
        } else {
            format!("/{path}")
        };
        Ep::ALL.into_iter().find(|e| e.path() == path)
    }

    /// The default daily quota of one account for this API.
    pub fn default_daily_limit(self) -> u64 {
        match self {
            Ep::ComponentToken => 2_000,
            Ep::AuthorizerToken => 2_000,
            Ep::CreatePreAuthCode => 3_000,
            Ep::ClearQuotaV2 | Ep::ClearQuota | Ep::ClearComponentQuota => 100,
            _ => 100_000,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_paths_are_unique_and_found() {
        for (i, a) in Ep::ALL.iter().enumerate() {
            for b in &Ep::ALL[i + 1..] {
                assert_ne!(a.name(), b.name());
                assert_ne!(a.path(), b.path());
            }
            assert_eq!(Ep::by_name(a.name()), Some(*a));
            assert_eq!(Ep::by_path(a.path()), Some(*a));
        }
        assert_eq!(
            Ep::by_path("cgi-bin/component/api_component_token?x=1"),
            Some(Ep::ComponentToken)
        );
    }
}
