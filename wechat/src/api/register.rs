//! Fast registration of mini programs: the new-version APIs only (reference C.2, B10).
//!
//! The old `fastregisterweapp` and the old-version flows went offline on 2026-04-30, so they are
//! deliberately absent.

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{ApiError, Client, Endpoint};
use crate::appid::AppId;
use crate::secret::Secret;

/// A new-version enterprise or personal registration task.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RegistrationTask {
    /// Correlates with `<info><taskid>` of the `notify_third_fasteregister` push.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taskid: Option<String>,
    /// The page the legal person or user must complete within 24 hours: show it as a QR code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorize_url: Option<String>,
    /// Task status (0 created … 12 created app; 1001–1008 limits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<i64>,
}

/// `fastregisterbetaweapp` response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BetaRegistration {
    /// Correlates with `<info><unique_id>` of `notify_third_fastregisterbetaapp`.
    pub unique_id: String,
    /// The confirmation page for the future admin, valid 24 hours.
    pub authorize_url: String,
}

/// `cgi-bin/account/fastregister` response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReuseOaRegistration {
    /// The new mini program.
    pub appid: AppId,
    /// Exchange with `api_query_auth` and persist the refresh token.
    pub authorization_code: Secret,
    /// Whether the official account's verification was copied.
    #[serde(default, deserialize_with = "super::types::lenient_bool")]
    pub is_wx_verify_succ: bool,
    /// Whether the mini program was linked to the official account.
    #[serde(default, deserialize_with = "super::types::lenient_bool")]
    pub is_link_succ: bool,
}

/// Enterprise details for [`Client::fast_register_enterprise`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnterpriseRegistration {
    /// Enterprise name.
    pub name: String,
    /// 18-digit unified social credit code (the only code type the new version accepts).
    pub code: String,
    /// Provider contact phone.
    pub component_phone: String,
}

/// Verification details for [`Client::verify_beta`] (new version).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BetaVerification {
    /// Enterprise name.
    pub enterprise_name: String,
    /// 18-digit unified social credit code.
    pub code: String,
    /// Provider contact phone.
    pub component_phone: String,
}

impl Client {
    /// New-version enterprise registration (`fastregisterenterpriseweapp?action=create`, component
    /// token as `access_token`). Send the returned `authorize_url` to the legal person.
    pub async fn fast_register_enterprise(
        &self,
        component_access_token: &Secret,
        enterprise: &EnterpriseRegistration,
    ) -> Result<RegistrationTask, ApiError> {
        let body = json!({
            "name": enterprise.name,
            "code": enterprise.code,
            "component_phone": enterprise.component_phone,
            "new_version": true,
        });
        self.post_json(
            Endpoint::FastRegisterEnterprise,
            Some(component_access_token),
            &body,
        )
        .await
    }

    /// Status of a new-version enterprise task (`action=query`).
    pub async fn fast_register_enterprise_query(
        &self,
        component_access_token: &Secret,
        taskid: &str,
    ) -> Result<RegistrationTask, ApiError> {
        self.registration_query(
            Endpoint::FastRegisterEnterpriseQuery,
            component_access_token,
            taskid,
        )
        .await
    }

    /// New-version personal registration (`fastregisterpersonalweapp?action=create`, token as
    /// `component_access_token`). `wxuser` is the user's WeChat id.
    pub async fn fast_register_personal(
        &self,
        component_access_token: &Secret,
        wxuser: &str,
        component_phone: &str,
    ) -> Result<RegistrationTask, ApiError> {
        let body = json!({
            "wxuser": wxuser,
            "component_phone": component_phone,
            "new_version": true,
        });
        self.post_json(
            Endpoint::FastRegisterPersonal,
            Some(component_access_token),
            &body,
        )
        .await
    }

    /// Status of a new-version personal task (`action=query`).
    pub async fn fast_register_personal_query(
        &self,
        component_access_token: &Secret,
        taskid: &str,
    ) -> Result<RegistrationTask, ApiError> {
        self.registration_query(
            Endpoint::FastRegisterPersonalQuery,
            component_access_token,
            taskid,
        )
        .await
    }

    async fn registration_query(
        &self,
        endpoint: Endpoint,
        component_access_token: &Secret,
        taskid: &str,
    ) -> Result<RegistrationTask, ApiError> {
        let body = json!({ "taskid": taskid, "new_version": true });
        self.post_json(endpoint, Some(component_access_token), &body)
            .await
    }

    /// Creates a beta (trial) mini program (`fastregisterbetaweapp`, component token as
    /// `access_token`). `openid` is the future admin's openid under the component.
    pub async fn fast_register_beta(
        &self,
        component_access_token: &Secret,
        name: &str,
        openid: &str,
    ) -> Result<BetaRegistration, ApiError> {
        let body = json!({ "name": name, "openid": openid });
        self.post_json(
            Endpoint::FastRegisterBeta,
            Some(component_access_token),
            &body,
        )
        .await
    }

    /// Renames a beta mini program, with **its own** authorizer access token.
    pub async fn set_beta_nickname(
        &self,
        beta_authorizer_access_token: &Secret,
        name: &str,
    ) -> Result<(), ApiError> {
        let body = json!({ "name": name });
        self.post_unit(
            Endpoint::SetBetaNickname,
            Some(beta_authorizer_access_token),
            &body,
        )
        .await
    }

    /// Verifies a beta mini program, new version, with **its own** authorizer access token
    /// (the component token gets "invalid access_token").
    pub async fn verify_beta(
        &self,
        beta_authorizer_access_token: &Secret,
        verification: &BetaVerification,
    ) -> Result<(), ApiError> {
        let body = json!({ "verify_info": verification, "new_version": true });
        self.post_unit(
            Endpoint::VerifyBeta,
            Some(beta_authorizer_access_token),
            &body,
        )
        .await
    }

    /// Registers a mini program reusing an official account's qualification, with the ticket
    /// from the `fastregisterauth` redirect and **the official account's** access token.
    /// WeChat wants more than 5 seconds between retries (61058).
    pub async fn fast_register_reuse_oa(
        &self,
        oa_authorizer_access_token: &Secret,
        ticket: &Secret,
    ) -> Result<ReuseOaRegistration, ApiError> {
        let body = json!({ "ticket": ticket });
        self.post_json(
            Endpoint::FastRegisterReuseOa,
            Some(oa_authorizer_access_token),
            &body,
        )
        .await
    }
}
