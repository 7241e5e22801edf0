//! The pages merchants see: plain server-rendered HTML, Chinese first with English, no JavaScript
//! and no login. The authorization link's page (`/authorize/{token}`) and the page WeChat
//! redirects to after authorizing.

pub mod authorize;
pub mod page;
pub mod register;
pub mod web_oauth;

pub use page::{Page, render};
