//! The pattern of every data card: wait for a resource, show the data or the error (keeping the
//! previous data on screen while it reloads).

use leptos::prelude::*;

use crate::components::notice::ErrorNotice;
use crate::error::AppError;

/// Renders `view(data)` once `resource` is loaded, or the error.
#[component]
pub fn Loaded<T, F>(resource: Resource<Result<T, AppError>>, view: F) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    F: Fn(T) -> AnyView + Clone + Send + Sync + 'static,
{
    view! {
        <Transition fallback=|| ()>
            {move || {
                let view = view.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(data) => view(data),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}
