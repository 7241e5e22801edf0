//! The edit form of a platform: the name; secrets only when replaced (blank keeps them, and they
//! are never shown again).

use leptos::prelude::*;

use crate::api::platforms::{PlatformDetail, RetirePreviousAesKey, UpdatePlatform};
use crate::components::card::Card;
use crate::components::form::{Field, FormError};
use crate::components::notice::ActionError;
use crate::i18n::{tr, use_i18n};

/// Edit the name and replace secrets; a new EncodingAESKey keeps the old one as "previous",
/// which `retire` forgets.
#[component]
pub fn EditCard(
    d: PlatformDetail,
    update: ServerAction<UpdatePlatform>,
    retire: ServerAction<RetirePreviousAesKey>,
) -> impl IntoView {
    let i18n = use_i18n();
    let result = Signal::derive(move || update.value().get());
    let saved = move || matches!(update.value().get(), Some(Ok(())));
    let retired = move || matches!(retire.value().get(), Some(Ok(())));
    let id = d.summary.id.to_string();
    let retire_key = d
        .has_previous_key
        .then(|| view! { <RetireKey id=id.clone() retire /> });
    view! {
        <Card title=tr::EDIT_TITLE testid="edit-card">
            <ActionForm action=update attr:class="form narrow-form" attr:data-testid="edit-form">
                <input type="hidden" name="id" value=id />
                <Field
                    label=tr::FIELD_NAME
                    help=tr::HELP_NAME
                    name="name"
                    value=d.summary.name.clone()
                    maxlength=64
                    result
                />
                <Field
                    label=tr::FIELD_SECRET
                    help=tr::HELP_SECRET
                    name="secret"
                    input_type="password"
                    placeholder=tr::SECRET_IS_SET
                    result
                />
                <Field
                    label=tr::FIELD_TOKEN
                    help=tr::HELP_TOKEN
                    name="token"
                    input_type="password"
                    placeholder=tr::SECRET_IS_SET
                    maxlength=32
                    result
                />
                <Field
                    label=tr::FIELD_AES_KEY
                    help=tr::EDIT_KEY_HINT
                    name="aes_key"
                    input_type="password"
                    placeholder=tr::SECRET_IS_SET
                    maxlength=43
                    result
                />
                <FormError result />
                <Show when=saved>
                    <div class="notice notice-ok" role="status" data-testid="edit-saved">
                        {i18n.t(tr::PLATFORM_SAVED)}
                    </div>
                </Show>
                <div>
                    <button type="submit" class="btn btn-primary" disabled=update.pending() data-testid="edit-submit">
                        {i18n.t(tr::SAVE)}
                    </button>
                </div>
            </ActionForm>
            {retire_key}
            <Show when=retired>
                <div class="notice notice-ok" role="status" data-testid="previous-key-retired">
                    {i18n.t(tr::PREVIOUS_KEY_RETIRED)}
                </div>
            </Show>
        </Card>
    }
}

/// The previous EncodingAESKey is still accepted: say so, and let an admin retire it once WeChat
/// seals with the new key (a separate form, outside the edit form).
#[component]
fn RetireKey(id: String, retire: ServerAction<RetirePreviousAesKey>) -> impl IntoView {
    let i18n = use_i18n();
    let result = Signal::derive(move || retire.value().get());
    view! {
        <div class="notice notice-info" data-testid="previous-key">
            <p>{i18n.t(tr::PREVIOUS_KEY_KEPT)}</p>
            <p>{i18n.t(tr::RETIRE_PREVIOUS_KEY_HINT)}</p>
            <ActionForm action=retire attr:class="inline-form">
                <input type="hidden" name="id" value=id />
                <button
                    type="submit"
                    class="btn"
                    disabled=retire.pending()
                    data-testid="retire-previous-key"
                >
                    {i18n.t(tr::RETIRE_PREVIOUS_KEY)}
                </button>
            </ActionForm>
            <ActionError result />
        </div>
    }
}
