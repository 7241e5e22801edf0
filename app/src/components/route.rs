//! Typed route parameters.

use std::str::FromStr;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The `:key` parameter of the current route as a typed id; the default (0) when missing or
/// malformed, for which the server answers "not found".
pub fn route_id<T>(key: &'static str) -> Memo<T>
where
    T: FromStr + Default + Clone + PartialEq + Send + Sync + 'static,
{
    let params = use_params_map();
    Memo::new(move |_| {
        params
            .read()
            .get(key)
            .and_then(|v| v.parse().ok())
            .unwrap_or_default()
    })
}
