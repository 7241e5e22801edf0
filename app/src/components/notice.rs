//! Error and success notices.

use leptos::prelude::*;

use crate::components::browser;
use crate::error::AppError;
use crate::i18n::use_i18n;

/// Shows an error in the user's language. An ended session sends the browser to the login page,
/// coming back here afterwards.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    if error == AppError::Unauthorized {
        Effect::new(move |_| {
            let next = browser::current_path();
            browser::go_to(&format!("/login?next={}", encode_component(&next)));
        });
    }
    view! {
        <div class="notice notice-error" role="alert">
            {move || error.message(i18n.locale())}
        </div>
    }
}

/// Shows the error of a finished action, if it failed.
#[component]
pub fn ActionError(#[prop(into)] result: Signal<Option<Result<(), AppError>>>) -> impl IntoView {
    move || match result.get() {
        Some(Err(e)) => Some(view! { <ErrorNotice error=e /> }),
        _ => None,
    }
}

/// Characters escaped in a `next=` query value: everything but unreserved ones and `/` (paths
/// stay readable).
const QUERY_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'/');

/// Percent-encodes a URL query component (UTF-8).
pub fn encode_component(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, QUERY_VALUE).to_string()
}

#[cfg(test)]
mod tests {
    use super::encode_component;

    #[test]
    fn encodes_query_separators() {
        assert_eq!(
            encode_component("/events?x=1&y=中"),
            "/events%3Fx%3D1%26y%3D%E4%B8%AD"
        );
    }
}
