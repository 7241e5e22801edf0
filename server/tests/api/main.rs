//! Integration tests of the server over real HTTP: one binary, one module per area.

mod access_rules;
mod api_keys;
mod audit;
mod auth;
mod business_calls;
mod cli;
mod db_outage;
mod fuzz_edge;
mod helpers;
mod isolation;
mod isolation_platforms;
mod login_guard;
mod merchant_links;
mod messages;
mod pages;
mod platform_api;
mod platform_keys;
mod registrations;
mod security_headers;
mod session_cleanup;
mod staff_access;
mod tcp_proxy;
mod tenants;
mod web_oauth;
mod web_oauth_api;
mod wechat_endpoints;
