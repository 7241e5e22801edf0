//! Form pieces: a labelled input with its help line and its own error, and the error of a form
//! that is about no particular field. Core names the field an error is about (`Bi::field`).

use leptos::prelude::*;

use crate::components::notice::ErrorNotice;
use crate::error::AppError;
use crate::i18n::{Text, use_i18n};

/// Which field a validation error is about (core names it in the error).
pub fn field_of(err: &AppError) -> Option<&str> {
    err.field()
}

/// The error of `result` when it is about `field`.
#[component]
pub fn FieldError(
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
pub fn FormError(#[prop(into)] result: Signal<Option<Result<(), AppError>>>) -> impl IntoView {
    move || match result.get() {
        Some(Err(e)) if field_of(&e).is_none() => Some(view! { <ErrorNotice error=e /> }),
        _ => None,
    }
}

/// One labelled input with its help line.
#[component]
pub fn Field(
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

/// [`Field`] bound to a signal (for forms that dispatch typed values instead of posting).
#[component]
pub fn BoundField(
    label: Text,
    help: Text,
    /// The field's name in errors (and its `data-testid`, `field-{name}`).
    name: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(optional)] mono: bool,
    /// `data-testid`, when `field-{name}` would not be unique on the page.
    #[prop(optional)]
    testid: Option<&'static str>,
    #[prop(into)] result: Signal<Option<Result<(), AppError>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let testid = testid.map_or_else(|| format!("field-{name}"), str::to_string);
    view! {
        <label class="field">
            <span>{i18n.t(label)}</span>
            <input
                type="text"
                class:mono=mono
                maxlength=maxlength
                autocomplete="off"
                spellcheck="false"
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                data-testid=testid
            />
            <small>{i18n.t(help)}</small>
            <FieldError field=name result />
        </label>
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
