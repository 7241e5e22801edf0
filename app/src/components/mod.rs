//! Pieces shared by several pages.

pub mod avatar;
pub mod badges;
pub mod browser;
pub mod card;
pub mod charts;
pub mod copy;
pub mod filters;
pub mod form;
pub mod func_picker;
pub mod layout;
pub mod list_page;
pub mod loaded;
pub mod notice;
pub mod page;
pub mod pagination;
pub mod poll;
pub mod role;
pub mod route;
pub mod table;
