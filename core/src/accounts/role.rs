//! Roles within a tenant and what each may do.

use crate::error::CoreError;
use crate::message::BiMsg;

/// A member's role in one tenant, from most to least powerful.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Owner,
    Admin,
    Operator,
    Viewer,
}

/// Something a server function needs the caller's role to allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// Read anything in the tenant.
    View,
    /// Day-to-day operations: authorization links, token refresh, sync from WeChat.
    Operate,
    /// Add, edit and disable third-party platforms and their secrets.
    ManagePlatforms,
    /// Add members and change roles.
    ManageMembers,
}

impl Role {
    /// Every role, most powerful first.
    pub const ALL: [Role; 4] = [Role::Owner, Role::Admin, Role::Operator, Role::Viewer];

    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Operator => "operator",
            Role::Viewer => "viewer",
        }
    }

    /// Parses the stored form.
    pub fn parse(s: &str) -> Result<Self, CoreError> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim().to_ascii_lowercase())
            .ok_or_else(|| {
                CoreError::Invalid(BiMsg::owned(
                    format!("未知角色 “{s}”：可选 owner、admin、operator、viewer"),
                    format!("Unknown role \"{s}\": use owner, admin, operator or viewer"),
                ))
            })
    }

    /// Whether this role allows `p`.
    pub fn allows(self, p: Permission) -> bool {
        match p {
            Permission::View => true,
            Permission::Operate => self <= Role::Operator,
            Permission::ManagePlatforms => self <= Role::Admin,
            Permission::ManageMembers => self <= Role::Admin,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permissions_follow_the_role_order() {
        assert!(Role::Viewer.allows(Permission::View));
        assert!(!Role::Viewer.allows(Permission::Operate));
        assert!(Role::Operator.allows(Permission::Operate));
        assert!(!Role::Operator.allows(Permission::ManagePlatforms));
        assert!(Role::Admin.allows(Permission::ManagePlatforms));
        assert!(Role::Owner.allows(Permission::ManageMembers));
    }

    #[test]
    fn roles_round_trip_and_reject_unknown() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()).ok(), Some(r));
        }
        assert!(Role::parse("root").is_err());
    }
}
