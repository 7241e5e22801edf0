//! Tenants, staff users, memberships with roles, and password login.

pub mod entity;
mod invitations;
mod members;
mod names;
mod password;
mod role;
mod service;
mod sessions;
mod tenants;

pub use invitations::{
    INVITATION_LIFETIME_MS, InvitationView, NewInvitation, PendingInvitation, accept_invitation,
    create_invitation, open_invitation, pending_invitations, register_with_invitation,
    revoke_invitation,
};
pub use members::{Actor, change_role, disable_member, enable_member, remove_member};
pub use names::{Password, TenantName, Username};
pub use role::{Permission, Role, parse_role};
pub use service::{
    Membership, TenantSummary, UserSummary, active_user, add_member, authenticate, change_password,
    create_tenant, create_user, find_tenant_by_name, find_user_by_username, in_suspended_tenant,
    list_members, membership, memberships_of, reset_password,
};
pub use sessions::end_sessions;
pub use tenants::{
    PlatformAdmin, TenantOverview, create_tenant_with_owner, list_tenants, platform_admin,
    resume_tenant, set_superadmin, suspend_tenant,
};
