//! Bilingual text: Chinese first, English on request. [`Text`] is a compile-time constant (so a
//! missing translation does not compile); [`Bi`] is text made at run time (a message with a value
//! in it, WeChat's meaning of an errcode), optionally naming the form field it is about.

/// A UI language.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Locale {
    /// 简体中文 (default).
    #[default]
    Zh,
    /// English.
    En,
}

impl Locale {
    /// The cookie value.
    pub fn code(self) -> &'static str {
        match self {
            Locale::Zh => "zh",
            Locale::En => "en",
        }
    }

    /// The `lang` attribute of `<html>`.
    pub fn html_lang(self) -> &'static str {
        match self {
            Locale::Zh => "zh-CN",
            Locale::En => "en",
        }
    }

    /// Parses a cookie value; anything unknown is `None`.
    pub fn from_code(code: &str) -> Option<Self> {
        match code.trim() {
            "zh" => Some(Locale::Zh),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The other language (what the toggle switches to).
    pub fn other(self) -> Self {
        match self {
            Locale::Zh => Locale::En,
            Locale::En => Locale::Zh,
        }
    }

    /// Finds the locale in a `Cookie:` header value, under the cookie `name`.
    pub fn from_cookie_header(header: &str, name: &str) -> Option<Self> {
        header.split(';').find_map(|pair| {
            let (n, value) = pair.trim().split_once('=')?;
            (n == name).then(|| Locale::from_code(value)).flatten()
        })
    }
}

/// One constant string in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    pub zh: &'static str,
    pub en: &'static str,
}

impl Text {
    /// A string in both languages.
    pub const fn new(zh: &'static str, en: &'static str) -> Self {
        Self { zh, en }
    }

    /// The string in `locale`.
    pub fn get(self, locale: Locale) -> &'static str {
        match locale {
            Locale::Zh => self.zh,
            Locale::En => self.en,
        }
    }
}

/// Text made at run time, in both languages; `field` names the form field a validation message
/// is about (forms show it beside that field).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Bi {
    pub zh: String,
    pub en: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl Bi {
    /// A text in both languages.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            zh: zh.into(),
            en: en.into(),
            field: None,
        }
    }

    /// The same text, about form field `field`.
    pub fn on_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// The text in `locale`.
    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::Zh => &self.zh,
            Locale::En => &self.en,
        }
    }

    /// Both languages in one stored string (JSON), so that every page can show its own.
    pub fn to_stored(&self) -> String {
        serde_json::json!({"zh": self.zh, "en": self.en}).to_string()
    }

    /// Reads what [`to_stored`](Self::to_stored) wrote; plain text (older rows) is shown as is
    /// in both languages.
    pub fn from_stored(stored: &str) -> Bi {
        #[derive(serde::Deserialize)]
        struct Stored {
            zh: String,
            en: String,
        }
        match serde_json::from_str::<Stored>(stored) {
            Ok(s) => Bi::new(s.zh, s.en),
            Err(_) => Bi::new(stored, stored),
        }
    }
}

impl From<Text> for Bi {
    fn from(t: Text) -> Self {
        Bi::new(t.zh, t.en)
    }
}

/// Logs and the CLI are in English.
impl std::fmt::Display for Bi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_picks_the_language() {
        let t = Text::new("概览", "Overview");
        assert_eq!(t.get(Locale::Zh), "概览");
        assert_eq!(t.get(Locale::En), "Overview");
        assert_eq!(Locale::Zh.other(), Locale::En);
    }

    #[test]
    fn stored_messages_round_trip() {
        let m = Bi::new("中文 \"引号\"", "English");
        assert_eq!(Bi::from_stored(&m.to_stored()), m);
        assert_eq!(Bi::from_stored("plain").en, "plain");
        let f = Bi::new("名称", "name").on_field("name");
        let json = serde_json::to_string(&f).unwrap();
        assert_eq!(
            serde_json::from_str::<Bi>(&json).unwrap().field.as_deref(),
            Some("name")
        );
        assert!(!serde_json::to_string(&m).unwrap().contains("field"));
    }
}
