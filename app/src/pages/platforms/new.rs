//! `/platforms/new`: add a platform with its credentials from WeChat's open platform console.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::platforms::CreatePlatform;
use crate::components::card::Card;
use crate::components::form::{Field, FormError};
use crate::components::page::PageHeader;
use crate::components::role::IfAllowed;
use crate::i18n::{tr, use_i18n};
use console_types::Permission;

/// The add form. Viewers and operators are told they cannot add platforms.
#[component]
pub fn NewPlatformPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreatePlatform>::new();
    let pending = create.pending();
    let result = Signal::derive(move || create.value().get().map(|r| r.map(|_| ())));
    view! {
        <PageHeader title=tr::PLATFORM_NEW_TITLE>
            <A href="/platforms" attr:class="btn btn-ghost">{i18n.t(tr::BACK_TO_PLATFORMS)}</A>
        </PageHeader>
        <Card class="narrow-form">
            <p class="muted">{i18n.t(tr::PLATFORM_NEW_INTRO)}</p>
            <IfAllowed
                perm=Permission::ManagePlatforms
                otherwise=move || view! { <div class="notice notice-warn">{i18n.t(tr::NEED_MANAGE_PLATFORMS)}</div> }
            >
                        <ActionForm action=create attr:class="form" attr:data-testid="platform-form">
                            <Field label=tr::FIELD_NAME help=tr::HELP_NAME name="name" maxlength=64 result />
                            <Field
                                label=tr::FIELD_APPID
                                help=tr::HELP_APPID
                                name="appid"
                                required=true
                                maxlength=18
                                result
                            />
                            <Field
                                label=tr::FIELD_SECRET
                                help=tr::HELP_SECRET
                                name="secret"
                                input_type="password"
                                required=true
                                result
                            />
                            <Field
                                label=tr::FIELD_TOKEN
                                help=tr::HELP_TOKEN
                                name="token"
                                required=true
                                maxlength=32
                                result
                            />
                            <Field
                                label=tr::FIELD_AES_KEY
                                help=tr::HELP_AES_KEY
                                name="aes_key"
                                input_type="password"
                                required=true
                                maxlength=43
                                result
                            />
                            <FormError result />
                            <div>
                                <button
                                    type="submit"
                                    class="btn btn-primary"
                                    disabled=pending
                                    data-testid="platform-submit"
                                >
                                    {move || {
                                        if pending.get() {
                                            i18n.now(tr::PLATFORM_CREATING)
                                        } else {
                                            i18n.now(tr::PLATFORM_CREATE)
                                        }
                                    }}
                                </button>
                            </div>
                        </ActionForm>
            </IfAllowed>
        </Card>
    }
}
