//! The `wxopen-console` server: the web console (Leptos SSR + hydration), the WeChat endpoints,
//! background workers, and the operator CLI. `main.rs` only parses the command line.

pub mod access;
pub mod cli;
pub mod commands;
pub mod config;
pub mod demo;
pub mod http;
pub mod keys;
pub mod sessions;
pub mod startup;
pub mod telemetry;
