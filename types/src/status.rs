//! The statuses the console stores and shows, each a closed set (never a loose string).

use std::fmt;

/// A stored value that is not one of a type's variants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownValue(pub String);

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown value {:?}", self.0)
    }
}

impl std::error::Error for UnknownValue {}

/// Defines a string-valued status enum (a `VARCHAR(16)` column): its stored words, `as_str`, `parse`, serde in the same
/// words, and (server side) its column mapping.
macro_rules! status {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $value:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
        )]
        #[cfg_attr(feature = "sea-orm", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
        #[cfg_attr(
            feature = "sea-orm",
            sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")
        )]
        pub enum $name {
            $(
                $(#[$vdoc])*
                #[serde(rename = $value)]
                #[cfg_attr(feature = "sea-orm", sea_orm(string_value = $value))]
                $variant,
            )+
        }

        impl $name {
            /// Every value.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored word.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $value),+
                }
            }

            /// Parses the stored word.
            pub fn parse(s: &str) -> Result<Self, UnknownValue> {
                match s {
                    $($value => Ok($name::$variant),)+
                    other => Err(UnknownValue(other.to_string())),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = UnknownValue;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }
    };
}

#[cfg(feature = "sea-orm")]
use sea_orm::sea_query::StringLen;

status!(
    /// Where an authorizer stands with its platform.
    AuthorizerStatus {
        /// Authorized; its tokens are kept fresh.
        Authorized = "authorized",
        /// The merchant revoked the authorization (a push, or 61003 on a refresh).
        Revoked = "revoked",
        /// The refresh token is gone for good: the merchant must authorize again.
        NeedsReauth = "needs_reauth",
    }
);

status!(
    /// Official account or mini program.
    AccountKind {
        /// 公众号.
        OfficialAccount = "official_account",
        /// 小程序.
        MiniProgram = "mini_program",
        /// Not known yet: the account was recovered from WeChat's authorizer list and its
        /// information was not read yet.
        Unknown = "unknown",
    }
);

status!(
    /// Where a received push stands in the events queue.
    EventStatus {
        /// Waiting for (another) attempt.
        Pending = "pending",
        /// Claimed by an instance.
        Processing = "processing",
        /// Acted on.
        Done = "done",
        /// Given up.
        Failed = "failed",
        /// Recorded, nothing to do.
        Ignored = "ignored",
    }
);

status!(
    /// Which fast-registration flow a task follows (WeChat's new versions only).
    TaskKind {
        /// An enterprise mini program (`fastregisterenterpriseweapp`): name, credit code, phone.
        Enterprise = "enterprise",
        /// A personal mini program (`fastregisterpersonalweapp`): WeChat ID, phone.
        Personal = "personal",
        /// A trial mini program (`fastregisterbetaweapp`), then renamed and verified.
        Beta = "beta",
        /// A mini program reusing an official account's qualification (`fastregisterauth`, then
        /// `account/fastregister`).
        Reuse = "reuse",
    }
);

status!(
    /// Where a fast-registration task stands.
    TaskState {
        /// Recorded; WeChat is being asked (a task never stays here unless the console stopped
        /// mid-call: the poller then marks it failed).
        Starting = "starting",
        /// WeChat accepted it; the legal person, user or administrator has to act (24 hours).
        Waiting = "waiting",
        /// The mini program exists.
        Succeeded = "succeeded",
        /// Refused or failed (the reason is on the task).
        Failed = "failed",
        /// Nobody acted within 24 hours.
        Expired = "expired",
    }
);

status!(
    /// What happened to a fast-registration task, one entry of its timeline.
    TaskStep {
        /// Staff started it.
        Created = "created",
        /// WeChat accepted it (`taskid` / `unique_id` and the page to confirm on).
        Accepted = "accepted",
        /// WeChat refused to start it.
        Refused = "refused",
        /// WeChat's task status changed (read with `action=query`).
        Status = "status",
        /// WeChat's notification arrived.
        Notified = "notified",
        /// The mini program exists.
        Succeeded = "succeeded",
        /// The task failed.
        Failed = "failed",
        /// Nobody acted within 24 hours.
        Expired = "expired",
        /// The new mini program became an authorizer of the platform.
        Authorized = "authorized",
        /// The trial mini program was renamed.
        Renamed = "renamed",
        /// WeChat refused the new name.
        RenameRefused = "rename_refused",
        /// Verification into a formal mini program was asked for.
        VerifyStarted = "verify_started",
        /// WeChat refused to start the verification.
        VerifyRefused = "verify_refused",
        /// The trial mini program is verified.
        Verified = "verified",
        /// The verification failed.
        VerifyFailed = "verify_failed",
        /// The official account's administrator opened the console's page.
        PageOpened = "page_opened",
        /// WeChat sent the administrator back with a ticket.
        Ticket = "ticket",
        /// A call will be tried again.
        Retry = "retry",
    }
);

status!(
    /// Where a trial mini program's verification (into a formal mini program) stands.
    VerifyState {
        /// Asked for; the legal person has to confirm.
        Waiting = "waiting",
        /// Verified.
        Succeeded = "succeeded",
        /// Refused, failed or timed out.
        Failed = "failed",
    }
);

status!(
    /// What an audit-log entry records.
    AuditAction {
        /// Signed in.
        SignIn = "sign_in",
        /// A sign-in was refused (wrong password, throttled, disabled).
        SignInFailed = "sign_in_failed",
        /// Signed out of every session.
        SignedOutAll = "signed_out_all",
        /// Changed one's password.
        PasswordChanged = "password_changed",
        /// Invited someone to the tenant.
        Invited = "invited",
        /// Withdrew an invitation.
        InviteRevoked = "invite_revoked",
        /// Someone joined through an invitation.
        MemberAdded = "member_added",
        /// A member was removed.
        MemberRemoved = "member_removed",
        /// A member's role changed.
        RoleChanged = "role_changed",
        /// A user was disabled.
        UserDisabled = "user_disabled",
        /// A user was enabled again.
        UserEnabled = "user_enabled",
        /// A platform was added.
        PlatformAdded = "platform_added",
        /// A platform's settings, credentials or state changed.
        PlatformChanged = "platform_changed",
        /// A platform's webhook or its secret changed.
        WebhookChanged = "webhook_changed",
        /// Staff refreshed a token or pushed a ticket.
        TokenRefreshed = "token_refreshed",
        /// Staff started a sync from WeChat.
        SyncStarted = "sync_started",
        /// An authorization link was created.
        LinkCreated = "link_created",
        /// An authorization link was revoked.
        LinkRevoked = "link_revoked",
        /// A registration task was started, or a trial renamed or verified.
        TaskStarted = "task_started",
        /// An API key was created or revoked.
        ApiKeyChanged = "api_key_changed",
        /// Staff called WeChat on behalf of an authorizer (a customer-service message).
        BusinessCall = "business_call",
        /// Staff reset an API quota (`clear_quota/v2`).
        QuotaCleared = "quota_cleared",
        /// A tenant was created, suspended or restored.
        TenantChanged = "tenant_changed",
        /// An alert channel was added or removed, or a test message sent.
        AlertChannelChanged = "alert_changed",
    }
);

status!(
    /// What an API key may do (`tokens`, `proxy`, `registrations`, `oauth`).
    ApiScope {
        /// Read component and authorizer tokens, JS-SDK tickets, the authorizer list; report a
        /// token WeChat refused.
        Tokens = "tokens",
        /// Call any WeChat API of an authorizer through the proxy.
        Proxy = "proxy",
        /// Start and follow fast-registration tasks.
        Registrations = "registrations",
        /// Read the results of web OAuth on behalf of official accounts.
        OAuth = "oauth",
    }
);

// Alerts (issue 14).
status!(
    /// Where an alert channel sends: a generic webhook (JSON POST) or a group robot, each with its
    /// own JSON shape.
    ChannelKind {
        /// A generic webhook: the console's own JSON.
        Webhook = "webhook",
        /// A WeCom (企业微信) group robot.
        WeCom = "wecom",
        /// A DingTalk (钉钉) group robot.
        DingTalk = "dingtalk",
        /// A Feishu (飞书) group robot.
        Feishu = "feishu",
    }
);

status!(
    /// What an incident is about (the rules of the platform alarms, refused pushes, tasks).
    AlertKind {
        /// A platform got no ticket for 30 minutes.
        NoTicket = "no_ticket",
        /// A platform's component token cannot be refreshed.
        TokenFailing = "token_failing",
        /// Authorizers of a platform must authorize again.
        NeedsReauth = "needs_reauth",
        /// Pushes to a platform are refused in bulk.
        PushRefusals = "push_refusals",
        /// A fast-registration task failed.
        TaskFailed = "task_failed",
    }
);

status!(
    /// Which message a delivery carries.
    DeliveryEvent {
        /// The incident opened.
        Opened = "opened",
        /// The incident was resolved.
        Resolved = "resolved",
        /// A test message staff asked for.
        Test = "test",
    }
);

status!(
    /// Where a delivery stands.
    DeliveryState {
        /// Not delivered yet (being tried, or waiting for its next try).
        Pending = "pending",
        /// The channel accepted it.
        Sent = "sent",
        /// Every try failed, or the channel was removed.
        Failed = "failed",
    }
);

impl TaskState {
    /// Whether the task can still change on its own (WeChat's answer is awaited).
    pub fn is_running(self) -> bool {
        matches!(self, TaskState::Starting | TaskState::Waiting)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_keep_their_stored_words() {
        for s in AuthorizerStatus::ALL {
            assert_eq!(AuthorizerStatus::parse(s.as_str()), Ok(*s));
            assert_eq!(
                serde_json::to_string(s).unwrap(),
                format!("\"{}\"", s.as_str())
            );
        }
        assert_eq!(AccountKind::MiniProgram.as_str(), "mini_program");
        assert_eq!(EventStatus::parse("ignored"), Ok(EventStatus::Ignored));
        assert!(EventStatus::parse("lost").is_err());
    }
}
