//! The authorizer pages: the filtered list and one account.

mod business;
mod calls;
pub mod detail;
pub mod list;
mod web_oauth;
