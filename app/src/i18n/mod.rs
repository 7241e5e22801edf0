//! The translation layer: Chinese first, English on request.
//!
//! Every UI string is a [`Text`] constant in [`tr`] holding both languages, so a missing translation
//! cannot compile. The chosen locale lives in the `wxopen_lang` cookie: the server reads it to render
//! the first page in the right language, and the browser reads the same cookie when hydrating, so
//! both sides render the same tree.

pub mod tr;

use leptos::prelude::*;

/// Name of the cookie holding the UI language.
pub const LOCALE_COOKIE: &str = "wxopen_lang";

pub use console_types::{Locale, Text};

/// The locale in a `Cookie:` header value.
pub fn locale_from_cookie_header(header: &str) -> Option<Locale> {
    Locale::from_cookie_header(header, LOCALE_COOKIE)
}

/// The current locale, reactive; provided once at the root of the app.
#[derive(Clone, Copy, Debug)]
pub struct I18n {
    locale: RwSignal<Locale>,
}

impl I18n {
    /// The current locale (tracked).
    pub fn locale(self) -> Locale {
        self.current()
    }

    /// Switches the language and remembers it in the cookie for a year.
    pub fn set(self, locale: Locale) {
        self.locale.set(locale);
        #[cfg(feature = "hydrate")]
        write_cookie(locale);
    }

    /// The current locale (tracked), Chinese once the signal is gone: a server render whose
    /// request ended (the client hung up, a HEAD request) may still run a view closure after its
    /// owner was disposed, and reading a disposed signal panics.
    fn current(self) -> Locale {
        self.locale.try_get().unwrap_or_default()
    }

    /// A reactive view of `text` in the current language.
    pub fn t(self, text: Text) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || text.get(self.current())
    }

    /// `text` in the current language, read once (tracked when called in a reactive context).
    pub fn now(self, text: Text) -> &'static str {
        text.get(self.current())
    }

    /// Picks between two run-time strings (for messages built on the server).
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self.current() {
            Locale::Zh => zh,
            Locale::En => en,
        }
    }
}

/// Provides the [`I18n`] context, starting from the cookie of the current request (server) or of
/// the document (browser).
pub fn provide_i18n() -> I18n {
    let i18n = I18n {
        locale: RwSignal::new(initial_locale()),
    };
    provide_context(i18n);
    i18n
}

/// The [`I18n`] context; falls back to Chinese outside the app root.
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n {
        locale: RwSignal::new(Locale::Zh),
    })
}

#[cfg(feature = "ssr")]
fn initial_locale() -> Locale {
    use_context::<http::request::Parts>()
        .and_then(|parts| {
            parts
                .headers
                .get_all(http::header::COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .find_map(locale_from_cookie_header)
        })
        .unwrap_or_default()
}

#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
fn initial_locale() -> Locale {
    use wasm_bindgen::JsCast;
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
        .and_then(|d| d.cookie().ok())
        .and_then(|c| locale_from_cookie_header(&c))
        .unwrap_or_default()
}

#[cfg(not(any(feature = "ssr", feature = "hydrate")))]
fn initial_locale() -> Locale {
    Locale::default()
}

#[cfg(feature = "hydrate")]
fn write_cookie(locale: Locale) {
    use wasm_bindgen::JsCast;
    if let Some(doc) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
    {
        let _ = doc.set_cookie(&format!(
            "{LOCALE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            locale.code()
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_header_parsing_finds_the_locale() {
        assert_eq!(
            locale_from_cookie_header("a=b; wxopen_lang=en; c=d"),
            Some(Locale::En)
        );
        assert_eq!(
            locale_from_cookie_header("wxopen_lang=zh"),
            Some(Locale::Zh)
        );
        assert_eq!(locale_from_cookie_header("wxopen_lang=fr"), None);
        assert_eq!(locale_from_cookie_header("other=en"), None);
    }
}
