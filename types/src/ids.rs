//! Typed ids: each table's key is its own type, so arguments cannot be swapped.

/// Defines an id newtype over the `BIGINT` key of a table.
macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        #[cfg_attr(feature = "sea-orm", derive(sea_orm::DeriveValueType))]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl $name {
            /// The number as stored.
            pub fn get(self) -> i64 {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.trim().parse().map(Self)
            }
        }

        impl From<i64> for $name {
            fn from(v: i64) -> Self {
                Self(v)
            }
        }

        /// Auto-increment primary keys come back from inserts as `u64`.
        #[cfg(feature = "sea-orm")]
        impl sea_orm::TryFromU64 for $name {
            fn try_from_u64(n: u64) -> Result<Self, sea_orm::DbErr> {
                <i64 as sea_orm::TryFromU64>::try_from_u64(n).map(Self)
            }
        }
    };
}

id!(
    /// A tenant (a company using the console).
    TenantId
);
id!(
    /// A staff user.
    UserId
);
id!(
    /// A third-party platform of a tenant (WeChat's "component").
    PlatformId
);
id!(
    /// An official account or mini program that authorized a platform.
    AuthorizerId
);
id!(
    /// An authorization link.
    LinkId
);
id!(
    /// A push received on the authorization-event URL.
    EventId
);
id!(
    /// A message received on the message URL.
    MessageId
);
id!(
    /// A "sync all from WeChat" job.
    SyncJobId
);
id!(
    /// A fast-registration task.
    TaskId
);
id!(
    /// An invitation to join a tenant.
    InvitationId
);
id!(
    /// An API key of a tenant (the platform API's credential).
    ApiKeyId
);
// Alerts (issue 14).
id!(
    /// Where a tenant's alerts are sent (a webhook or a group robot).
    AlertChannelId
);
id!(
    /// One incident an alert reports (opened once, resolved once).
    IncidentId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_plain_numbers_on_the_wire_and_in_urls() {
        assert_eq!(serde_json::to_string(&TenantId(7)).unwrap(), "7");
        assert_eq!(
            serde_json::from_str::<PlatformId>("12").unwrap(),
            PlatformId(12)
        );
        assert_eq!(" 42 ".parse::<AuthorizerId>(), Ok(AuthorizerId(42)));
        assert!("x".parse::<LinkId>().is_err());
        assert_eq!(UserId(3).to_string(), "3");
    }
}
