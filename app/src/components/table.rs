//! Tables with translated column headers (always with explicit `<thead>` and `<tbody>`: a
//! browser inserts a missing `<tbody>`, and hydration then fails).

use leptos::prelude::*;

use crate::i18n::{Text, use_i18n};

/// A table whose `children` are its `<tr>` rows.
#[component]
pub fn DataTable(
    headers: &'static [Text],
    #[prop(optional)] testid: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        // Focusable, so that keyboard users can scroll a table wider than its card.
        <div class="table-wrap" tabindex="0">
            <table class="table" data-testid=testid>
                <thead>
                    <tr>{headers.iter().map(|h| view! { <th>{i18n.t(*h)}</th> }).collect_view()}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}
