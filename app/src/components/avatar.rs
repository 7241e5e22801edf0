//! An account's head image, small, or a neutral placeholder with its first letter.

use leptos::prelude::*;

/// `src` is shown only when it is an http(s) URL.
#[component]
pub fn Avatar(src: Option<String>, #[prop(into)] name: String) -> impl IntoView {
    match src.filter(|s| s.starts_with("https://") || s.starts_with("http://")) {
        Some(src) => view! { <img class="avatar" src=src alt="" loading="lazy" /> }.into_any(),
        None => {
            let initial: String = name.chars().next().map(String::from).unwrap_or_default();
            view! { <span class="avatar avatar-placeholder" aria-hidden="true">{initial}</span> }
                .into_any()
        }
    }
}
