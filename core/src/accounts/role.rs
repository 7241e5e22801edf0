//! Roles within a tenant and what each may do: the one table lives in `console-types`, shared
//! with the browser; this parses what staff type.

pub use console_types::{Permission, Role};

use crate::error::CoreError;
use crate::message::Bi;

/// A role as staff type it (`owner`, `admin`, `operator`, `viewer`; case ignored).
pub fn parse_role(s: &str) -> Result<Role, CoreError> {
    Role::parse(s).ok_or_else(|| {
        CoreError::Invalid(
            Bi::new(
                format!("未知角色 “{s}”：可选 owner、admin、operator、viewer"),
                format!("Unknown role \"{s}\": use owner, admin, operator or viewer"),
            )
            .on_field("role"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_roles_parse_and_unknown_ones_are_refused() {
        for r in Role::ALL {
            assert_eq!(parse_role(r.as_str()).ok(), Some(r));
        }
        assert!(parse_role("root").is_err());
    }
}
