//! API quota: inspect, reset, and diagnose a request id (reference C.3).

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{ApiError, Client, Endpoint};
use crate::appid::AppId;
use crate::secret::Secret;

/// `openapi/quota/get` response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaInfo {
    /// Daily quota.
    pub quota: Quota,
    /// Frequency limit of the account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<RateLimit>,
    /// Frequency limit of the component on behalf of the account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component_rate_limit: Option<RateLimit>,
}

/// Daily quota figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quota {
    /// Calls allowed per day.
    pub daily_limit: i64,
    /// Calls made today.
    pub used: i64,
    /// Calls left today.
    pub remain: i64,
}

/// A frequency limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateLimit {
    /// Calls allowed per window.
    pub call_count: i64,
    /// Window length in seconds.
    pub refresh_second: i64,
}

/// `openapi/rid/get` response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RidInfo {
    /// The failed request as WeChat recorded it.
    pub request: RidRequest,
}

/// A recorded request.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RidRequest {
    /// Unix seconds.
    #[serde(default)]
    pub invoke_time: i64,
    /// Duration in milliseconds.
    #[serde(default)]
    pub cost_in_ms: i64,
    /// The URL called (WeChat masks the token).
    #[serde(default)]
    pub request_url: String,
    /// The request body.
    #[serde(default)]
    pub request_body: String,
    /// The response body.
    #[serde(default)]
    pub response_body: String,
    /// The caller's IP as WeChat saw it: the address to whitelist.
    #[serde(default)]
    pub client_ip: String,
}

impl Client {
    /// `openapi/quota/get`: quota of one API path (e.g. `/cgi-bin/component/api_component_token`)
    /// with a component or authorizer token.
    pub async fn quota_get(
        &self,
        access_token: &Secret,
        cgi_path: &str,
    ) -> Result<QuotaInfo, ApiError> {
        let body = json!({ "cgi_path": cgi_path });
        self.post_json(Endpoint::QuotaGet, Some(access_token), &body)
            .await
    }

    /// `openapi/rid/get`: what WeChat recorded for the rid of an error message.
    pub async fn rid_get(&self, access_token: &Secret, rid: &str) -> Result<RidInfo, ApiError> {
        let body = json!({ "rid": rid });
        self.post_json(Endpoint::RidGet, Some(access_token), &body)
            .await
    }

    /// `clear_quota`: resets the quota of `appid` (the component with its token, or an authorizer
    /// with its token). 10 resets per account per month.
    pub async fn clear_quota(&self, access_token: &Secret, appid: &AppId) -> Result<(), ApiError> {
        let body = json!({ "appid": appid });
        self.post_unit(Endpoint::ClearQuota, Some(access_token), &body)
            .await
    }

    /// Legacy `component/clear_quota` with the component token.
    pub async fn clear_component_quota_legacy(
        &self,
        component_access_token: &Secret,
        component_appid: &AppId,
    ) -> Result<(), ApiError> {
        let body = json!({ "component_appid": component_appid });
        self.post_unit(
            Endpoint::ClearComponentQuotaLegacy,
            Some(component_access_token),
            &body,
        )
        .await
    }

    /// `component/clear_quota/v2` with the appsecret and no token, so it works when token calls
    /// are exhausted. `appid` resets an authorizer instead of the component.
    pub async fn clear_quota_v2(
        &self,
        component_appid: &AppId,
        appsecret: &Secret,
        appid: Option<&AppId>,
    ) -> Result<(), ApiError> {
        let mut body = json!({
            "component_appid": component_appid,
            "appsecret": appsecret,
        });
        if let (Some(appid), Some(map)) = (appid, body.as_object_mut()) {
            map.insert("appid".into(), json!(appid));
        }
        self.post_unit(Endpoint::ClearQuotaV2, None, &body).await
    }
}
