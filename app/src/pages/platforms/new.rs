//! `/platforms/new`: add a platform with its credentials from WeChat's open platform console.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::platforms::CreatePlatform;
use crate::components::card::Card;
use crate::components::notice::ErrorNotice;
use crate::components::page::PageHeader;
use crate::components::role::IfAllowed;
use crate::error::AppError;
use crate::i18n::{Text, tr, use_i18n};
use console_types::Permission;

/// Which field a validation error is about (core names it in the error).
pub(super) fn field_of(err: &AppError) -> Option<&str> {
    err.field()
}

/// The error of `result` when it is about `field`.
#[component]
pub(super) fn FieldError(
    field: &'static str,
    #[prop(into)] result: Signal<Option<Result<(), AppError>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || match result.get() {
        Some(Err(e)) if field_of(&e) == Some(field) => Some(view! {
            <span class="field-error" role="alert" data-testid=format!("error-{field}")>
                {e.message(i18n.locale())}
            </span>
        }),
        _ => None,
    }
}

/// The error of `result` when it is about no particular field.
#[component]
pub(super) fn FormError(
    #[prop(into)] result: Signal<Option<Result<(), AppError>>>,
) -> impl IntoView {
    move || match result.get() {
        Some(Err(e)) if field_of(&e).is_none() => Some(view! { <ErrorNotice error=e /> }),
        _ => None,
    }
}

/// One labelled input with its help line.
#[component]
pub(super) fn Field(
    label: Text,
    help: Text,
    name: &'static str,
    #[prop(optional)] input_type: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] value: Option<String>,
    #[prop(optional)] placeholder: Option<Text>,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(into)] result: Signal<Option<Result<(), AppError>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="field">
            <span>{i18n.t(label)}</span>
            <input
                type=input_type.unwrap_or("text")
                name=name
                required=required
                value=value
                maxlength=maxlength
                autocomplete="off"
                spellcheck="false"
                placeholder=move || placeholder.map(|p| i18n.now(p))
                data-testid=format!("field-{name}")
            />
            <small>{i18n.t(help)}</small>
            <FieldError field=name result />
        </label>
    }
}

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

#[cfg(test)]
mod tests {
    use super::field_of;
    use crate::error::AppError;

    #[test]
    fn validation_errors_land_on_their_field() {
        use crate::api::shared::Bi;
        let on = AppError::Invalid(
            Bi::new("AppID 格式不正确", "The AppID is malformed").on_field("appid"),
        );
        assert_eq!(field_of(&on), Some("appid"));
        assert_eq!(field_of(&AppError::invalid("请稍后", "Later")), None);
        assert_eq!(field_of(&AppError::Forbidden), None);
    }
}
