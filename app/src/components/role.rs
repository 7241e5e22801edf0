//! What the signed-in user's role allows, for showing or hiding action buttons. The server
//! functions check the role again (a hidden button is a courtesy, not a guard).

use leptos::prelude::*;

use crate::api::auth::SessionInfo;
use crate::api::{Permission, Role};
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
    pub async fn get(self) -> Option<Role> {
        match self.0 {
            Some(r) => r.await.ok().and_then(|i| i.role),
            None => None,
        }
    }

    /// Whether the role allows `perm`.
    pub async fn allows(self, perm: Permission) -> bool {
        self.get().await.is_some_and(|r: Role| r.allows(perm))
    }

    /// Whether the role may act on WeChat (operators and above).
    pub async fn can_operate(self) -> bool {
        self.get()
            .await
            .is_some_and(|r: Role| r.allows(Permission::Operate))
    }

    /// Whether the role may add and edit platforms (admins and owners).
    pub async fn can_manage_platforms(self) -> bool {
        self.get()
            .await
            .is_some_and(|r: Role| r.allows(Permission::ManagePlatforms))
    }
}

impl Default for CurrentRole {
    fn default() -> Self {
        Self::new()
    }
}

/// Its children, shown only when the signed-in user's role allows `perm` (once the session is
/// loaded); `otherwise` instead, if given.
#[component]
pub fn IfAllowed(
    perm: Permission,
    #[prop(optional, into)] otherwise: ViewFn,
    children: ChildrenFn,
) -> impl IntoView {
    let role = CurrentRole::new();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let children = children.clone();
                let otherwise = otherwise.clone();
                Suspend::new(async move {
                    if role.allows(perm).await { children() } else { otherwise.run() }
                })
            }}
        </Suspense>
    }
}
