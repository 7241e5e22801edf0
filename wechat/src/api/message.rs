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
}
