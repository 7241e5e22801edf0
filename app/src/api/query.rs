//! Typed list queries: one struct per list page, read from the page's URL (`use_query`) and
//! passed whole, as the one argument, to the page's server function. A blank value in the URL
//! (what a GET form submits for "all") is no filter; a malformed one is an error the page shows.

use std::str::FromStr;
use std::sync::Arc;

use leptos_router::params::{Params, ParamsError, ParamsMap};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::components::pagination::query_string;

/// What every list page's query can do.
pub trait ListQuery:
    Params + Clone + Default + PartialEq + Serialize + DeserializeOwned + Send + Sync + 'static
{
    /// The page's path.
    const PATH: &'static str;

    /// The query-string pairs, in the page's order (blank values are left out of URLs).
    fn pairs(&self) -> Vec<(&'static str, String)>;

    /// The same filters on page `page` (1-based).
    fn with_page(&self, page: u64) -> Self;

    /// The page's URL with these filters, on page `page` (page 1 has no `page` key).
    fn href(&self, page: u64) -> String {
        let q = self.with_page(page);
        let pairs: Vec<(&str, String)> = q
            .pairs()
            .into_iter()
            .map(|(k, v)| {
                (
                    k,
                    if k == "page" && v == "1" {
                        String::new()
                    } else {
                        v
                    },
                )
            })
            .collect();
        format!("{}{}", Self::PATH, query_string(&pairs))
    }
}

/// Declares a list page's query: a struct of optional filters (each with its key in the URL)
/// plus `page`, read from the URL by [`param`] and written back by [`ListQuery::pairs`].
///
/// ```ignore
/// list_query! {
///     /// The events list's filters.
///     pub struct EventQuery at "/events" {
///         pub platform: PlatformId = "platform",
///         /// `InfoType`.
///         pub info_type: String = "type",
///     }
/// }
/// ```
#[macro_export]
macro_rules! list_query {
    (
        $(#[$meta:meta])*
        pub struct $name:ident at $path:literal {
            $( $(#[$field_meta:meta])* pub $field:ident : $ty:ty = $key:literal ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        pub struct $name {
            $( $(#[$field_meta])* pub $field: Option<$ty>, )*
            /// The page (1-based).
            pub page: Option<u64>,
        }

        impl leptos_router::params::Params for $name {
            fn from_map(
                map: &leptos_router::params::ParamsMap,
            ) -> Result<Self, leptos_router::params::ParamsError> {
                Ok(Self {
                    $( $field: $crate::api::query::param(map, $key)?, )*
                    page: $crate::api::query::param(map, "page")?,
                })
            }
        }

        impl $crate::api::query::ListQuery for $name {
            const PATH: &'static str = $path;

            fn pairs(&self) -> Vec<(&'static str, String)> {
                vec![
                    $( ($key, $crate::api::query::text(&self.$field)), )*
                    ("page", $crate::api::query::text(&self.page)),
                ]
            }

            fn with_page(&self, page: u64) -> Self {
                let mut q = self.clone();
                q.page = Some(page);
                q
            }
        }
    };
}

/// A malformed filter value in the URL.
#[derive(Debug, thiserror::Error)]
#[error("invalid value for {key}: {value:?}")]
pub struct BadParam {
    pub key: &'static str,
    pub value: String,
}

/// The value of `key`, parsed; blank or absent is `None`.
pub fn param<T: FromStr>(map: &ParamsMap, key: &'static str) -> Result<Option<T>, ParamsError> {
    match map.get_str(key).map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| {
            ParamsError::Params(Arc::new(BadParam {
                key,
                value: v.to_string(),
            }))
        }),
    }
}

/// An optional value as a query-string value (blank when absent).
pub fn text<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// A day in `YYYY-MM-DD` form (China Standard Time), as the date filters take it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Day(String);

impl Day {
    /// The day as typed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Day {
    type Err = BadParam;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let bad = || BadParam {
            key: "date",
            value: s.to_string(),
        };
        let parts: Vec<&str> = s.split('-').collect();
        let [y, m, d] = parts.as_slice() else {
            return Err(bad());
        };
        let num = |p: &str, len: usize| {
            (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse::<u32>().ok())
                .flatten()
        };
        match (num(y, 4), num(m, 2), num(d, 2)) {
            (Some(_), Some(1..=12), Some(1..=31)) => Ok(Day(s.to_string())),
            _ => Err(bad()),
        }
    }
}

impl TryFrom<String> for Day {
    type Error = BadParam;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Day> for String {
    fn from(d: Day) -> Self {
        d.0
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// An hour in `YYYY-MM-DDTHH` form (China Standard Time), as the charts' links to the events
/// list give it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Hour {
    day: Day,
    hour: u8,
}

impl Hour {
    /// Its day.
    pub fn day(&self) -> &Day {
        &self.day
    }

    /// Its hour of the day, 0 to 23.
    pub fn hour(&self) -> u8 {
        self.hour
    }
}

impl FromStr for Hour {
    type Err = BadParam;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let bad = || BadParam {
            key: "hour",
            value: s.to_string(),
        };
        let (day, hour) = s.split_once('T').ok_or_else(bad)?;
        let day: Day = day.parse().map_err(|_| bad())?;
        match (hour.len(), hour.parse::<u8>()) {
            (2, Ok(h @ 0..=23)) => Ok(Hour { day, hour: h }),
            _ => Err(bad()),
        }
    }
}

impl TryFrom<String> for Hour {
    type Error = BadParam;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Hour> for String {
    fn from(h: Hour) -> Self {
        h.to_string()
    }
}

impl std::fmt::Display for Hour {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}T{:02}", self.day, self.hour)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_checked_before_any_query() {
        assert_eq!("2026-11-29".parse::<Day>().unwrap().as_str(), "2026-11-29");
        for bad in ["29/11/2026", "2026-13-01", "2026-1-1", "x", ""] {
            assert!(bad.parse::<Day>().is_err(), "{bad}");
        }
    }

    #[test]
    fn hours_are_checked_before_any_query() {
        let h: Hour = "2026-11-30T09".parse().unwrap();
        assert_eq!((h.day().as_str(), h.hour()), ("2026-11-30", 9));
        assert_eq!(h.to_string(), "2026-11-30T09");
        for bad in [
            "2026-11-30",
            "2026-11-30T24",
            "2026-11-30T9",
            "2026-11-30T0x",
            "x",
        ] {
            assert!(bad.parse::<Hour>().is_err(), "{bad}");
        }
    }
}
