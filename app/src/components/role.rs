//! What the signed-in user's role allows, for showing or hiding action buttons. The server
//! functions check the role again (a hidden button is a courtesy, not a guard).

use leptos::prelude::*;

use crate::api::RoleName;
use crate::api::auth::SessionInfo;
use crate::components::layout::SessionResource;
use crate::error::AppError;

/// The session of the console layout, to await inside a `Suspend`.
#[derive(Clone, Copy)]
pub struct CurrentRole(Option<Resource<Result<SessionInfo, AppError>>>);

impl CurrentRole {
    /// Reads the layout's session resource from the context (call in a component body).
    pub fn new() -> Self {
        Self(use_context::<SessionResource>().map(|s| s.0))
    }

    /// The role, once the session is loaded; `None` outside the console layout or on errors.
    pub async fn get(self) -> Option<RoleName> {
        match self.0 {
            Some(r) => r.await.ok().map(|i| i.role),
            None => None,
        }
    }

    /// Whether the role may act on WeChat (operators and above).
    pub async fn can_operate(self) -> bool {
        self.get().await.is_some_and(RoleName::can_operate)
    }

    /// Whether the role may add and edit platforms (admins and owners).
    pub async fn can_manage_platforms(self) -> bool {
        self.get().await.is_some_and(RoleName::can_manage_platforms)
    }
}

impl Default for CurrentRole {
    fn default() -> Self {
        Self::new()
    }
}
