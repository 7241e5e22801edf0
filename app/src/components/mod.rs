//! Pieces shared by several pages.

pub mod browser;
pub mod layout;
pub mod notice;
pub mod page;
