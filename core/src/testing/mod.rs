//! Test support for this crate's tests, the server's tests and the benches (feature
//! `test-util`, never in the production binary):
//!
//! - [`TestWorld::builder`]: services on a throw-away database, optionally the WeChat sandbox on
//!   a free port and a platform registered on both sides with its first ticket, and a clock the
//!   test moves. The console under test is a minimal push receiver by default; the server's
//!   tests start the real server in its place ([`TestWorldBuilder::console`]).
//! - [`eventually`]: waits, polling, for something that happens in the background.
//! - [`TestDb`]: a throw-away SQLite or PostgreSQL database on its own.
//! - [`on_each_backend`]: one test on SQLite and on PostgreSQL.
//!
//! ```no_run
//! # async fn example() {
//! use console_core::testing::{TestWorld, eventually};
//! let w = TestWorld::builder().sandbox().platform().build().await;
//! let appid = w.account("鲜果时光");
//! w.authorize(&appid, &[1, 2]).await;
//! w.clock.advance_ms(60_000);
//! # }
//! ```
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test support: a step that fails is a failed test"
)]

mod backends;
mod db;
mod eventually;
mod push;
mod sandbox;
mod tokens;
mod world;

pub use backends::on_each_backend;
pub use db::{Backend, TestDb, postgres_admin_url};
pub use eventually::{DEFAULT_TIMEOUT, eventually, eventually_within};
pub use sandbox::TestSandbox;
pub use world::{
    ConsoleContext, PlatformSpec, StartedConsole, TestPlatform, TestWorld, TestWorldBuilder,
};
