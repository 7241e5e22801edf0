//! Roles within a tenant and what each may do: the one permission table, read by the server
//! functions (which enforce it) and by the pages (which only show what is allowed).

/// A member's role in one tenant, from most to least powerful.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(
    feature = "sea-orm",
    derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum)
)]
#[cfg_attr(
    feature = "sea-orm",
    sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    #[cfg_attr(feature = "sea-orm", sea_orm(string_value = "owner"))]
    Owner,
    #[cfg_attr(feature = "sea-orm", sea_orm(string_value = "admin"))]
    Admin,
    #[cfg_attr(feature = "sea-orm", sea_orm(string_value = "operator"))]
    Operator,
    #[cfg_attr(feature = "sea-orm", sea_orm(string_value = "viewer"))]
    Viewer,
}

#[cfg(feature = "sea-orm")]
use sea_orm::sea_query::StringLen;

/// Something an action needs the caller's role to allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Permission {
    /// Read anything in the tenant.
    View,
    /// Day-to-day operations on WeChat: authorization links, token refresh, sync, ticket push,
    /// message redelivery.
    Operate,
    /// Add, edit and disable third-party platforms, their secrets and webhooks.
    ManagePlatforms,
    /// Add members and change roles.
    ManageMembers,
    /// Create and revoke API keys (they reach every token of the platforms they name).
    ManageApiKeys,
    /// Add and remove alert channels and send test messages (their URLs hold the robots'
    /// secrets).
    ManageAlerts,
}

impl Role {
    /// Every role, most powerful first.
    pub const ALL: [Role; 4] = [Role::Owner, Role::Admin, Role::Operator, Role::Viewer];

    /// The stored form (also the form value).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Operator => "operator",
            Role::Viewer => "viewer",
        }
    }

    /// Parses the stored form (case and surrounding spaces ignored).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase();
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Whether this role allows `p`.
    pub fn allows(self, p: Permission) -> bool {
        match p {
            Permission::View => true,
            Permission::Operate => self <= Role::Operator,
            Permission::ManagePlatforms
            | Permission::ManageMembers
            | Permission::ManageApiKeys
            | Permission::ManageAlerts => self <= Role::Admin,
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
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse(" Admin "), Some(Role::Admin));
        assert_eq!(Role::parse("root"), None);
    }
}
