//! Messages sent on behalf of an authorizer with its access token.

use serde_json::json;

use super::{ApiError, Client, Endpoint};
use crate::secret::Secret;

impl Client {
    /// `message/custom/send` with a text: a customer-service message to `touser` (an openid of
    /// the authorizer's users), within WeChat's 48-hour window after the user wrote. The release
    /// test's API case answers through it (reference B11).
    pub async fn send_custom_text(
        &self,
        authorizer_access_token: &Secret,
        touser: &str,
        content: &str,
    ) -> Result<(), ApiError> {
        let body = json!({
            "touser": touser,
            "msgtype": "text",
            "text": { "content": content },
        });
        self.post_unit(
            Endpoint::SendCustomMessage,
            Some(authorizer_access_token),
            &body,
        )
        .await
    }

    /// `user/get`: one page of an official account's followers (their openids under that
    /// account), from after `next_openid` (the first page without it). Needs permission set 2
    /// (用户管理).
    pub async fn followers(
        &self,
        authorizer_access_token: &Secret,
        next_openid: Option<&str>,
    ) -> Result<Followers, ApiError> {
        let params: Vec<(&str, &str)> = next_openid
            .map(|n| vec![("next_openid", n)])
            .unwrap_or_default();
        self.get_query(Endpoint::UserGet, Some(authorizer_access_token), &params)
            .await
    }
}

/// One page of `user/get`.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Deserialize)]
pub struct Followers {
    /// Followers in all.
    #[serde(default)]
    pub total: u64,
    /// On this page.
    #[serde(default)]
    pub count: u64,
    /// The openids of this page.
    #[serde(default)]
    pub data: FollowerIds,
    /// Pass it to get the next page (empty on the last one).
    #[serde(default)]
    pub next_openid: String,
}

/// `data` of `user/get` (absent when there are no followers).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Deserialize)]
pub struct FollowerIds {
    /// Openids under the official account.
    #[serde(default)]
    pub openid: Vec<String>,
}
