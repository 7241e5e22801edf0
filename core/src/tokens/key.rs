//! Which token: a platform's own, or one of its authorizers'.

use crate::PlatformId;

/// Which token: a platform's own (`authorizer_appid` empty) or one authorizer's.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TokenKey {
    pub component_id: PlatformId,
    pub authorizer_appid: String,
}

impl TokenKey {
    /// The platform's own token.
    pub fn component(component_id: PlatformId) -> Self {
        Self {
            component_id,
            authorizer_appid: String::new(),
        }
    }

    /// An authorizer's token under a platform.
    pub fn authorizer(component_id: PlatformId, authorizer_appid: impl Into<String>) -> Self {
        Self {
            component_id,
            authorizer_appid: authorizer_appid.into(),
        }
    }

    /// Whether this is the platform's own token.
    pub fn is_component(&self) -> bool {
        self.authorizer_appid.is_empty()
    }
}
