//! Serde helpers shared by the response types.

use serde::{Deserialize, Deserializer};

/// WeChat sends some flags as `true`, `1` or `"1"` depending on the endpoint and era.
pub(crate) fn lenient_bool<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Flag {
        Bool(bool),
        Int(i64),
        Str(String),
    }
    Ok(match Flag::deserialize(d)? {
        Flag::Bool(b) => b,
        Flag::Int(i) => i != 0,
        Flag::Str(s) => matches!(s.as_str(), "1" | "true" | "True" | "TRUE"),
    })
}
