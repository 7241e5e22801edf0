//! Token states tests start from.

use super::TestWorld;
use crate::tokens::{self, TokenKey};

impl TestWorld {
    /// The platform's token is fetched, then expired: the next call needs a new one.
    pub async fn expire_component_token(&self) {
        let id = self.component().id;
        let t = tokens::component_token(&self.svc, id).await.unwrap();
        tokens::expire_if_current(&self.svc, &TokenKey::component(id), t.version)
            .await
            .unwrap();
    }
}
