//! Integration tests of the server over real HTTP: one binary, one module per area.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod auth;
mod cli;
mod helpers;
mod isolation;
mod isolation_platforms;
mod merchant_links;
mod messages;
mod pages;
mod wechat_endpoints;
