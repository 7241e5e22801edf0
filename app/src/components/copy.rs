//! A value to paste elsewhere (into WeChat's console, a chat), with a copy button.

use leptos::prelude::*;

use crate::components::browser;
use crate::i18n::{Text, tr, use_i18n};

/// Shows `value` in a read-only field, with its visible label and a "copy" button.
#[component]
pub fn CopyField(
    label: Text,
    #[prop(into)] value: String,
    /// `data-testid` of the field (also its id, so it is unique on a page); the button gets
    /// `{testid}-copy`.
    testid: &'static str,
    /// A line of help under the field.
    #[prop(optional)]
    hint: Option<Text>,
) -> impl IntoView {
    let i18n = use_i18n();
    let copied = RwSignal::new(false);
    let to_copy = value.clone();
    let id = format!("copy-{testid}");
    view! {
        <div class="field">
        <label for=id.clone()>{i18n.t(label)}</label>
        <div class="copy-field">
            <input id=id type="text" readonly prop:value=value data-testid=testid class="mono" />
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
        {hint.map(|h| view! { <small>{i18n.t(h)}</small> })}
        </div>
    }
}
