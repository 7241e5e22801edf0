//! Signing in and out, sessions that survive a restart, the CSRF guard, health.

use console_app::api::auth::SessionInfo;
use console_app::error::AppError;
use console_core::accounts::Role;
use reqwest::StatusCode;

use crate::helpers::TestApp;

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_answer() {
    let app = TestApp::builder().build().await;
    app.seed_member("Acme", "alice", "alice-password", Role::Admin)
        .await;

    let wrong = app.login("alice", "not-her-password").await.unwrap_err();
    let unknown = app.login("nobody", "alice-password").await.unwrap_err();
    assert_eq!(
        wrong,
        (StatusCode::UNAUTHORIZED, AppError::InvalidCredentials)
    );
    assert_eq!(
        unknown, wrong,
        "the answer must not reveal whether the account exists"
    );

    // Still not signed in.
    let err = app
        .call::<SessionInfo>("auth/session", &[])
        .await
        .unwrap_err();
    assert_eq!(err, (StatusCode::UNAUTHORIZED, AppError::Unauthorized));
}

#[tokio::test]
async fn login_then_logout() {
    let app = TestApp::builder().build().await;
    let (tenant_id, _) = app
        .seed_member("Acme", "alice", "alice-password", Role::Admin)
        .await;
    app.login("ALICE", "alice-password").await.unwrap();

    let me: SessionInfo = app.call("auth/session", &[]).await.unwrap();
    assert_eq!(me.username, "alice");
    assert_eq!(me.tenant_id, Some(tenant_id));
    assert_eq!(me.tenant_name, "Acme");

    app.call::<()>("auth/logout", &[]).await.unwrap();
    let err = app
        .call::<SessionInfo>("auth/session", &[])
        .await
        .unwrap_err();
    assert_eq!(err.1, AppError::Unauthorized);
}

#[tokio::test]
async fn a_user_without_tenant_cannot_sign_in() {
    let app = TestApp::builder().build().await;
    let (_, _) = app
        .seed_member("Acme", "alice", "alice-password", Role::Admin)
        .await;
    console_core::accounts::create_user(
        &app.svc.db,
        &console_core::SystemClock,
        &console_core::accounts::Username::parse("loner").unwrap(),
        "",
        &console_core::accounts::Password::parse("loner-password").unwrap(),
    )
    .await
    .unwrap();
    let err = app.login("loner", "loner-password").await.unwrap_err();
    assert_eq!(err, (StatusCode::FORBIDDEN, AppError::NoTenant));
}

#[tokio::test]
async fn sessions_survive_a_restart() {
    let first = TestApp::builder().build().await;
    first
        .seed_member("Acme", "alice", "alice-password", Role::Owner)
        .await;
    first.login("alice", "alice-password").await.unwrap();

    // A second server process on the same database, reached with the same browser (cookie jar).
    let mut second = TestApp::builder().url(&first.db_url).build().await;
    second.client = first.client.clone();
    second.jar = first.jar.clone();
    let me: SessionInfo = second.call("auth/session", &[]).await.unwrap();
    assert_eq!(me.username, "alice");
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let app = TestApp::builder().build().await;
    app.seed_member("Acme", "alice", "alice-password", Role::Owner)
        .await;
    app.login("alice", "alice-password").await.unwrap();
    let res = app
        .client
        .post(format!("{}/api/auth/logout", app.base_url))
        .header("Origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Our own origin is fine.
    let res = app
        .client
        .post(format!("{}/api/auth/session", app.base_url))
        .header("Origin", app.base_url.as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn healthz_reports_the_database() {
    let app = TestApp::builder().build().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.text().await.unwrap(),
        r#"{"database":"ok","status":"ok"}"#
    );

    let res = app.get("/readyz").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.text().await.unwrap(),
        r#"{"database":"ok","migrations":"applied","status":"ready"}"#
    );

    // A database one migration behind this build is not ready.
    use migration::MigratorTrait;
    migration::Migrator::down(app.svc.db.conn(), Some(1))
        .await
        .unwrap();
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains(r#""pending_migrations":1"#)
    );
    app.svc.db.migrate().await.unwrap();

    app.svc.db.close().await;
    for path in ["/healthz", "/readyz"] {
        let res = app.get(path).await;
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE, "{path}");
    }
}

#[tokio::test]
async fn login_works_on_postgres_too() {
    let Some(app) = TestApp::builder().postgres().try_build().await else {
        eprintln!("PostgreSQL not configured: skipped");
        return;
    };
    app.seed_member("Acme", "alice", "alice-password", Role::Owner)
        .await;
    app.login("alice", "alice-password").await.unwrap();
    let me: SessionInfo = app.call("auth/session", &[]).await.unwrap();
    assert_eq!(me.username, "alice");
}
