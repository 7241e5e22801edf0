//! wxopen-console's pages, components and server functions.
//!
//! Compiled twice: with `ssr` into the server (server functions run there, calling console-core)
//! and with `hydrate` into the browser's WASM (server functions become HTTP calls). Nothing under
//! `ssr` reaches the WASM.

pub mod api;
mod app;
pub mod components;
pub mod error;
pub mod i18n;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use app::{App, shell};
