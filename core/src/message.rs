//! Bilingual messages: every text that can reach a user exists in Chinese and English.

use std::borrow::Cow;
use std::fmt;

/// A user-facing message in Chinese (the default UI language) and English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BiMsg {
    pub zh: Cow<'static, str>,
    pub en: Cow<'static, str>,
}

impl BiMsg {
    /// A message known at compile time.
    pub const fn new(zh: &'static str, en: &'static str) -> Self {
        Self {
            zh: Cow::Borrowed(zh),
            en: Cow::Borrowed(en),
        }
    }

    /// A message built at run time (for example with a value interpolated).
    pub fn owned(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            zh: Cow::Owned(zh.into()),
            en: Cow::Owned(en.into()),
        }
    }
}

impl BiMsg {
    /// Both languages in one stored string (JSON), so that every page can show its own.
    pub fn to_stored(&self) -> String {
        serde_json::json!({"zh": self.zh, "en": self.en}).to_string()
    }

    /// Reads what [`to_stored`](Self::to_stored) wrote; plain text (older rows) is shown as is in
    /// both languages.
    pub fn from_stored(stored: &str) -> BiMsg {
        serde_json::from_str::<serde_json::Value>(stored)
            .ok()
            .and_then(|v| {
                Some(BiMsg::owned(
                    v.get("zh")?.as_str()?.to_string(),
                    v.get("en")?.as_str()?.to_string(),
                ))
            })
            .unwrap_or_else(|| BiMsg::owned(stored.to_string(), stored.to_string()))
    }
}

/// Logs and the CLI are in English.
impl fmt::Display for BiMsg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}
