//! The `AppId` newtype.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A WeChat appid: `wx` followed by 16 ASCII letters or digits (e.g. `wx134c8103faa5a59e`).
///
/// Official accounts, mini programs and third-party platforms all use this form. Once parsed it is
/// known to be well formed, so it can go into a URL or a JSON body without further checks.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AppId(String);

/// Why a string is not an [`AppId`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AppIdError {
    /// Not 18 characters long.
    #[error("appid must be 18 characters (\"wx\" + 16), got {0}")]
    Length(usize),
    /// Does not start with `wx`.
    #[error("appid must start with \"wx\"")]
    Prefix,
    /// Contains something other than ASCII letters and digits.
    #[error("appid may contain only ASCII letters and digits")]
    Character,
}

impl AppId {
    /// Checks and wraps an appid.
    pub fn parse(s: &str) -> Result<Self, AppIdError> {
        if s.len() != 18 {
            return Err(AppIdError::Length(s.chars().count()));
        }
        if !s.starts_with("wx") {
            return Err(AppIdError::Prefix);
        }
        if !s.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(AppIdError::Character);
        }
        Ok(Self(s.to_owned()))
    }

    /// The appid as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AppId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for AppId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AppId({})", self.0)
    }
}

impl FromStr for AppId {
    type Err = AppIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for AppId {
    type Error = AppIdError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl AsRef<str> for AppId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Serialize for AppId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for AppId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_appids() {
        for s in [
            "wx134c8103faa5a59e",
            "wxba5fad812f8e6fb9",
            "wxABCDEF0123456789",
        ] {
            assert_eq!(AppId::parse(s).unwrap().as_str(), s);
            assert_eq!(s.parse::<AppId>().unwrap().to_string(), s);
        }
    }

    #[test]
    fn rejects_malformed() {
        assert_eq!(
            AppId::parse("wx134c8103faa5a59"),
            Err(AppIdError::Length(17))
        );
        assert_eq!(AppId::parse("ww134c8103faa5a59e"), Err(AppIdError::Prefix));
        assert_eq!(
            AppId::parse("wx134c8103faa5a5-e"),
            Err(AppIdError::Character)
        );
        // 18 bytes but 8 characters: must be rejected without slicing inside a character.
        assert_eq!(AppId::parse("wx中文中文中0"), Err(AppIdError::Character));
    }

    #[test]
    fn serde_round_trip_and_validation() {
        let id: AppId = serde_json::from_str("\"wx134c8103faa5a59e\"").unwrap();
        assert_eq!(
            serde_json::to_string(&id).unwrap(),
            "\"wx134c8103faa5a59e\""
        );
        assert!(serde_json::from_str::<AppId>("\"nope\"").is_err());
    }
}
