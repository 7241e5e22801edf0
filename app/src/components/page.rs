//! The heading every console page starts with.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{Text, use_i18n};

/// A page title (also the document title) with optional actions on the right.
#[component]
pub fn PageHeader(title: Text, #[prop(optional)] children: Option<Children>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t(title) />
        <div class="page-header">
            <h1>{i18n.t(title)}</h1>
            <div class="page-actions">{children.map(|c| c())}</div>
        </div>
    }
}
