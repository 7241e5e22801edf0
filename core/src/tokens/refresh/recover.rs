//! 61023 recovery: WeChat's authorizer list carries every authorizer's current refresh token.

use wxopen::{AppId, Secret};

use super::with_component_token;
use crate::error::CoreError;
use crate::services::Services;
use crate::tokens::errors::CallError;
use crate::tokens::key::TokenKey;
use crate::tokens::lease;

/// WeChat's largest page.
const PAGE: u32 = 500;

/// Pages through `api_get_authorizer_list` for `authorizer`'s refresh token, renewing the lease
/// of `key` (the token being refreshed) after every page: a platform with thousands of accounts
/// takes many pages. Stops once the lease is lost.
pub(super) async fn refresh_token_from_list(
    svc: &Services,
    key: &TokenKey,
    component_appid: &AppId,
    authorizer: &AppId,
) -> Result<Option<Secret>, CallError> {
    let component_id = key.component_id;
    let mut offset = 0u32;
    loop {
        let page = with_component_token(svc, component_id, |cat| async move {
            svc.wechat
                .authorizer_list(&cat, component_appid, offset, PAGE)
                .await
        })
        .await?;
        if !lease::renew(svc, svc.db.conn(), key).await? {
            return Err(CoreError::Unavailable(lease::lost_message()).into());
        }
        if let Some(item) = page.list.iter().find(|i| i.authorizer_appid == *authorizer) {
            return Ok(Some(item.refresh_token.clone()));
        }
        let seen = u64::from(offset) + page.list.len() as u64;
        if page.list.is_empty() || seen >= page.total_count {
            return Ok(None);
        }
        offset = u32::try_from(seen).unwrap_or(u32::MAX);
    }
}
