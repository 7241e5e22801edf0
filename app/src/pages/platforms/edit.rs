//! The edit form of a platform: the name; secrets only when replaced (blank keeps them, and they
//! are never shown again).

use leptos::prelude::*;

use crate::api::platforms::{PlatformDetail, UpdatePlatform};
use crate::components::card::Card;
use crate::components::form::{Field, FormError};
use crate::i18n::{tr, use_i18n};

/// Edit the name and replace secrets; a new EncodingAESKey keeps the old one as "previous".
#[component]
pub fn EditCard(d: PlatformDetail, update: ServerAction<UpdatePlatform>) -> impl IntoView {
    let i18n = use_i18n();
    let result = Signal::derive(move || update.value().get());
    let saved = move || matches!(update.value().get(), Some(Ok(())));
    view! {
        <Card title=tr::EDIT_TITLE testid="edit-card">
            <ActionForm action=update attr:class="form narrow-form" attr:data-testid="edit-form">
                <input type="hidden" name="id" value=d.summary.id.to_string() />
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
                {d.has_previous_key
                    .then(|| {
                        view! {
                            <div class="notice notice-info" data-testid="previous-key">
                                {i18n.t(tr::PREVIOUS_KEY_KEPT)}
                            </div>
                        }
                    })}
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
        </Card>
    }
}
