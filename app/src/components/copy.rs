//! A value to paste elsewhere (into WeChat's console, a chat), with a copy button.

use leptos::prelude::*;

use crate::components::browser;
use crate::i18n::{tr, use_i18n};

/// Shows `value` in a read-only field with a "copy" button.
#[component]
pub fn CopyField(
    #[prop(into)] value: String,
    /// `data-testid` of the field; the button gets `{testid}-copy`.
    testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let copied = RwSignal::new(false);
    let to_copy = value.clone();
    view! {
        <div class="copy-field">
            <input type="text" readonly prop:value=value data-testid=testid class="mono" />
            <button
                type="button"
                class="btn btn-small"
                data-testid=format!("{testid}-copy")
                on:click=move |_| {
                    browser::copy_to_clipboard(&to_copy);
                    copied.set(true);
                }
            >
                {move || if copied.get() { i18n.now(tr::COPIED) } else { i18n.now(tr::COPY) }}
            </button>
        </div>
    }
}
