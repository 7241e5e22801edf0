//! HTTP pieces that are not Leptos pages: health, guards, request logging, WeChat's endpoints
//! and the merchants' pages.

pub mod api;
pub mod api_errors;
pub mod assets;
pub mod guards;
pub mod health;
pub mod media;
pub mod merchant;
pub mod metrics;
pub mod security_headers;
pub mod trace;
pub mod wechat;
