//! Integration tests of the server over real HTTP: one binary, one module per area.

mod auth;
mod cli;
mod helpers;
mod isolation;
mod isolation_platforms;
mod merchant_links;
mod messages;
mod pages;
mod registrations;
mod wechat_endpoints;
