//! Tenants, staff users, memberships with roles, and password login.

pub mod entity;
mod names;
mod password;
mod role;
mod service;

pub use names::{Password, TenantName, Username};
pub use role::{Permission, Role, parse_role};
pub use service::{
    Membership, TenantSummary, UserSummary, active_user, add_member, authenticate, change_password,
    create_tenant, create_user, find_tenant_by_name, find_user_by_username, list_members,
    membership, memberships_of, reset_password,
};
