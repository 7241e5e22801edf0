//! The page for unknown paths.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::i18n::{tr, use_i18n};

/// 404 in the user's language (with the HTTP status set on the server).
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t(tr::NOT_FOUND_TITLE) />
        <div class="center-page">
            <div class="card narrow">
                <h1>{i18n.t(tr::NOT_FOUND_TITLE)}</h1>
                <p class="muted">{i18n.t(tr::NOT_FOUND_BODY)}</p>
                <A href="/" attr:class="btn btn-primary">{i18n.t(tr::BACK_HOME)}</A>
            </div>
        </div>
    }
}
