//! A user of tenant A can never read or change tenant B's data through any server function.
//! Every new server function gets a case here.

use console_app::api::auth::SessionInfo;
use console_app::api::members::Member;
use console_app::api::overview::Overview;
use console_app::error::AppError;
use console_core::accounts::Role;
use reqwest::StatusCode;

use crate::helpers::TestApp;
use console_core::TenantId;

struct World {
    app: TestApp,
    tenant_a: TenantId,
    tenant_b: TenantId,
}

/// Tenant A: alice (admin), carol (viewer). Tenant B: bob (owner), dave (operator).
async fn world() -> World {
    let app = TestApp::builder().build().await;
    let (tenant_a, _) = app
        .seed_member("Tenant A", "alice", "alice-password", Role::Admin)
        .await;
    app.seed_member("Tenant A", "carol", "carol-password", Role::Viewer)
        .await;
    let (tenant_b, _) = app
        .seed_member("Tenant B", "bob", "bob-password", Role::Owner)
        .await;
    app.seed_member("Tenant B", "dave", "dave-password", Role::Operator)
        .await;
    World {
        app,
        tenant_a,
        tenant_b,
    }
}

#[tokio::test]
async fn overview_and_members_only_show_the_own_tenant() {
    let w = world().await;
    w.app.login("alice", "alice-password").await.unwrap();

    let o: Overview = w.app.call("overview", &[]).await.unwrap();
    assert_eq!(o.members, 2);

    let members: Vec<Member> = w.app.call("members/list", &[]).await.unwrap();
    let mut names: Vec<_> = members.iter().map(|m| m.username.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["alice", "carol"]);
}

#[tokio::test]
async fn switching_to_a_foreign_tenant_is_not_found_and_changes_nothing() {
    let w = world().await;
    w.app.login("alice", "alice-password").await.unwrap();
    let tid = w.tenant_b.to_string();
    let err = w
        .app
        .call::<()>("auth/switch-tenant", &[("tenant_id", &tid)])
        .await
        .unwrap_err();
    assert_eq!(err, (StatusCode::NOT_FOUND, AppError::NotFound));
    let me: SessionInfo = w.app.call("auth/session", &[]).await.unwrap();
    assert_eq!(me.tenant_id, w.tenant_a);
    assert_eq!(me.tenants.len(), 1, "only her own tenants are listed");
}

#[tokio::test]
async fn adding_a_member_only_touches_the_own_tenant() {
    let w = world().await;
    w.app.login("alice", "alice-password").await.unwrap();
    // Alice adds dave to tenant A; his role in tenant B must not change.
    w.app
        .call::<()>("members/add", &[("username", "dave"), ("role", "viewer")])
        .await
        .unwrap();
    let roles_b = console_core::accounts::list_members(&w.app.svc.db, w.tenant_b)
        .await
        .unwrap();
    let dave_b = roles_b.iter().find(|m| m.user.username == "dave").unwrap();
    assert_eq!(dave_b.role, Role::Operator);
    let a: Vec<Member> = w.app.call("members/list", &[]).await.unwrap();
    assert!(a.iter().any(|m| m.username == "dave"));

    // An admin cannot demote another tenant's owner through her own tenant either: bob is not
    // in A, so adding him creates a membership in A only.
    w.app
        .call::<()>("members/add", &[("username", "bob"), ("role", "viewer")])
        .await
        .unwrap();
    assert_eq!(
        console_core::accounts::membership(&w.app.svc.db, w.tenant_b, dave_b.user.id)
            .await
            .unwrap(),
        Some(Role::Operator)
    );
    let bob_b = console_core::accounts::list_members(&w.app.svc.db, w.tenant_b)
        .await
        .unwrap();
    assert!(
        bob_b
            .iter()
            .any(|m| m.user.username == "bob" && m.role == Role::Owner)
    );
}

#[tokio::test]
async fn roles_limit_what_members_may_do() {
    let w = world().await;
    w.app.login("carol", "carol-password").await.unwrap();
    let err = w
        .app
        .call::<()>("members/add", &[("username", "dave"), ("role", "viewer")])
        .await
        .unwrap_err();
    assert_eq!(err, (StatusCode::FORBIDDEN, AppError::Forbidden));

    // An admin may not create owners.
    let alice = crate::helpers::client();
    crate::helpers::call_with::<()>(
        &alice,
        &w.app.base_url,
        "auth/login",
        &[("username", "alice"), ("password", "alice-password")],
    )
    .await
    .unwrap();
    let err = crate::helpers::call_with::<()>(
        &alice,
        &w.app.base_url,
        "members/add",
        &[("username", "carol"), ("role", "owner")],
    )
    .await
    .unwrap_err();
    assert_eq!(err.1, AppError::Forbidden);
}

#[tokio::test]
async fn anonymous_callers_get_nothing() {
    let w = world().await;
    for endpoint in ["overview", "members/list", "auth/session"] {
        let err = w
            .app
            .call::<serde_json::Value>(endpoint, &[])
            .await
            .unwrap_err();
        assert_eq!(
            err,
            (StatusCode::UNAUTHORIZED, AppError::Unauthorized),
            "{endpoint}"
        );
    }
    let err = w
        .app
        .call::<()>("members/add", &[("username", "x1"), ("role", "viewer")])
        .await
        .unwrap_err();
    assert_eq!(err.1, AppError::Unauthorized);
}

#[tokio::test]
async fn a_user_in_two_tenants_switches_between_them() {
    let w = world().await;
    w.app
        .seed_member("Tenant B", "alice", "alice-password", Role::Viewer)
        .await;
    w.app.login("alice", "alice-password").await.unwrap();
    let tid = w.tenant_b.to_string();
    w.app
        .call::<()>("auth/switch-tenant", &[("tenant_id", &tid)])
        .await
        .unwrap();
    let me: SessionInfo = w.app.call("auth/session", &[]).await.unwrap();
    assert_eq!(me.tenant_id, w.tenant_b);
    assert_eq!(me.role, console_app::api::Role::Viewer);
    let members: Vec<Member> = w.app.call("members/list", &[]).await.unwrap();
    assert!(members.iter().any(|m| m.username == "bob"));
    // Her role in B is viewer: no adding members there.
    let err = w
        .app
        .call::<()>("members/add", &[("username", "carol"), ("role", "viewer")])
        .await
        .unwrap_err();
    assert_eq!(err.1, AppError::Forbidden);
}
