//! Tenants, staff users, memberships with roles, and password login.

pub mod entity;
mod invitations;
mod members;
mod names;
mod password;
mod role;
mod service;
mod sessions;

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
    create_tenant, create_user, find_tenant_by_name, find_user_by_username, list_members,
    membership, memberships_of, reset_password,
};
pub use sessions::end_sessions;
