//! HTTP pieces that are not Leptos pages: health, guards, request logging.

pub mod guards;
pub mod health;
pub mod merchant_page;
pub mod trace;
pub mod wechat;
