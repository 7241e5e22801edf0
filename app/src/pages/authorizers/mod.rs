//! The authorizer pages: the filtered list and one account.

pub mod detail;
pub mod list;
mod web_oauth;
