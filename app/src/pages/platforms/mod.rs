//! The platform pages: list, add, detail (with edit, sync, links), link generation and one link.

pub mod detail;
mod edit;
pub mod link;
pub mod link_form;
pub mod list;
pub mod new;
mod sync;
pub mod web_oauth;
pub mod webhook;
