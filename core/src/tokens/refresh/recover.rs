//! 61023 recovery: WeChat's authorizer list carries every authorizer's current refresh token.

use wxopen::{AppId, Secret};

use super::with_component_token;
use crate::PlatformId;
use crate::services::Services;
use crate::tokens::errors::CallError;

/// WeChat's largest page.
const PAGE: u32 = 500;

/// Pages through `api_get_authorizer_list` for `authorizer`'s refresh token.
pub(super) async fn refresh_token_from_list(
    svc: &Services,
    component_id: PlatformId,
    component_appid: &AppId,
    authorizer: &AppId,
) -> Result<Option<Secret>, CallError> {
    let mut offset = 0u32;
    loop {
        let page = with_component_token(svc, component_id, |cat| async move {
            svc.wechat
                .authorizer_list(&cat, component_appid, offset, PAGE)
                .await
        })
        .await?;
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
