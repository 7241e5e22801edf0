//! Running one test on each database the console supports.

use std::future::Future;

use super::{TestWorld, TestWorldBuilder};

/// Runs `test` on a world built by `configure` on SQLite, then on PostgreSQL when a server is
/// configured (`TEST_DATABASE_URL`; otherwise that run is skipped, unless
/// `WXOPEN_REQUIRE_POSTGRES=1` makes it an error).
pub async fn on_each_backend<C, F, Fut>(configure: C, test: F)
where
    C: Fn(TestWorldBuilder) -> TestWorldBuilder,
    F: Fn(TestWorld) -> Fut,
    Fut: Future<Output = ()>,
{
    test(configure(TestWorld::builder().sqlite()).build().await).await;
    match configure(TestWorld::builder().postgres()).try_build().await {
        Some(w) => test(w).await,
        None => eprintln!("PostgreSQL not configured: skipped"),
    }
}
