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
    assert_eq!(me.tenant_id, Some(w.tenant_a));
    assert_eq!(me.tenants.len(), 1, "only her own tenants are listed");
}

/// Every member and invitation function that changes something (a viewer is refused each), with
/// arguments naming `user` and `invitation` (ids).
fn member_writes<'a>(
    user: &'a str,
    invitation: &'a str,
) -> Vec<(&'static str, Vec<(&'static str, &'a str)>)> {
    vec![
        (
            "members/set-role",
            vec![("user_id", user), ("role", "viewer")],
        ),
        ("members/remove", vec![("user_id", user)]),
        ("members/disable", vec![("user_id", user)]),
        ("members/enable", vec![("user_id", user)]),
        ("members/invite", vec![("role", "viewer"), ("note", "x")]),
        ("members/revoke-invitation", vec![("id", invitation)]),
    ]
}

/// Another tenant's members and invitations look missing, and stay as they were.
#[tokio::test]
async fn member_changes_only_touch_the_own_tenant() {
    let w = world().await;
    let db = &w.app.svc.db;
    let dave = console_core::accounts::find_user_by_username(db, "dave")
        .await
        .unwrap()
        .unwrap();
    let bob = console_core::accounts::find_user_by_username(db, "bob")
        .await
        .unwrap()
        .unwrap();
    let bobs_invitation = console_core::accounts::create_invitation(
        db,
        &*w.app.svc.clock,
        w.tenant_b,
        console_core::accounts::Actor {
            user_id: bob.id,
            role: Role::Owner,
        },
        Role::Viewer,
        "",
    )
    .await
    .unwrap();
    w.app.login("alice", "alice-password").await.unwrap();
    let (user, invitation) = (dave.id.to_string(), bobs_invitation.id.to_string());
    for (endpoint, args) in member_writes(&user, &invitation) {
        if endpoint == "members/invite" {
            continue; // takes no id
        }
        let err = w
            .app
            .call::<serde_json::Value>(endpoint, &args)
            .await
            .unwrap_err();
        assert_eq!(
            err,
            (StatusCode::NOT_FOUND, AppError::NotFound),
            "{endpoint}"
        );
    }
    assert_eq!(
        console_core::accounts::membership(db, w.tenant_b, dave.id)
            .await
            .unwrap(),
        Some(Role::Operator)
    );
    let pending = console_core::accounts::pending_invitations(db, &*w.app.svc.clock, w.tenant_b)
        .await
        .unwrap();
    assert_eq!(pending.len(), 1, "bob's invitation is still pending");
    // The invitations listed are the own tenant's only.
    let mine: Vec<serde_json::Value> = w.app.call("members/invitations", &[]).await.unwrap();
    assert!(mine.is_empty());
}

/// Usernames are no longer looked up across tenants: the old "add by username" is gone.
#[tokio::test]
async fn members_cannot_be_added_by_username_any_more() {
    let w = world().await;
    w.app.login("alice", "alice-password").await.unwrap();
    let res = w
        .app
        .client
        .post(format!("{}/api/members/add", w.app.base_url))
        .form(&[("username", "dave"), ("role", "viewer")])
        .send()
        .await
        .unwrap();
    assert!(!res.status().is_success(), "{}", res.status());
    let members: Vec<Member> = w.app.call("members/list", &[]).await.unwrap();
    assert!(!members.iter().any(|m| m.username == "dave"));
}

#[tokio::test]
async fn roles_limit_what_members_may_do() {
    let w = world().await;
    let alice = console_core::accounts::find_user_by_username(&w.app.svc.db, "alice")
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string();
    w.app.login("carol", "carol-password").await.unwrap();
    for (endpoint, args) in member_writes(&alice, "1") {
        let err = w
            .app
            .call::<serde_json::Value>(endpoint, &args)
            .await
            .unwrap_err();
        assert_eq!(
            err,
            (StatusCode::FORBIDDEN, AppError::Forbidden),
            "{endpoint}"
        );
    }
    let err = w
        .app
        .call::<serde_json::Value>("members/invitations", &[])
        .await
        .unwrap_err();
    assert_eq!(err.1, AppError::Forbidden);

    // An admin may not make owners, by invitation or by role.
    let alice_browser = crate::helpers::client();
    crate::helpers::call_with::<()>(
        &alice_browser,
        &w.app.base_url,
        "auth/login",
        &[("username", "alice"), ("password", "alice-password")],
    )
    .await
    .unwrap();
    let carol = console_core::accounts::find_user_by_username(&w.app.svc.db, "carol")
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string();
    for (endpoint, args) in [
        ("members/invite", vec![("role", "owner"), ("note", "")]),
        (
            "members/set-role",
            vec![("user_id", carol.as_str()), ("role", "owner")],
        ),
    ] {
        let err = crate::helpers::call_with::<serde_json::Value>(
            &alice_browser,
            &w.app.base_url,
            endpoint,
            &args,
        )
        .await
        .unwrap_err();
        assert_eq!(err.1, AppError::Forbidden, "{endpoint}");
    }
}

#[tokio::test]
async fn anonymous_callers_get_nothing() {
    let w = world().await;
    for endpoint in [
        "overview",
        "members/list",
        "members/invitations",
        "auth/session",
        "auth/sign-out-everywhere",
        "tenants/list",
    ] {
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
    for (endpoint, args) in member_writes("1", "1") {
        let err = w
            .app
            .call::<serde_json::Value>(endpoint, &args)
            .await
            .unwrap_err();
        assert_eq!(err.1, AppError::Unauthorized, "{endpoint}");
    }
    // Accepting needs an account; a made-up token is refused before anything else is said.
    let err = w
        .app
        .call::<()>("invitations/accept", &[("token", "x")])
        .await
        .unwrap_err();
    assert_eq!(err.1, AppError::Unauthorized);
    let err = w
        .app
        .call::<serde_json::Value>("invitations/open", &[("token", "x")])
        .await
        .unwrap_err();
    assert_eq!(err.0, StatusCode::UNPROCESSABLE_ENTITY);
}

/// The platform administration functions name any tenant: a member of one (even its owner)
/// can neither see the others nor suspend, resume or create one.
#[tokio::test]
async fn members_cannot_reach_other_tenants_through_platform_administration() {
    let w = world().await;
    w.app.login("bob", "bob-password").await.unwrap();
    let a = w.tenant_a.to_string();
    for (endpoint, args) in [
        ("tenants/list", vec![]),
        ("tenants/suspend", vec![("id", a.as_str())]),
        ("tenants/resume", vec![("id", a.as_str())]),
        (
            "tenants/create",
            vec![("name", "Tenant C"), ("owner_note", "")],
        ),
    ] {
        let err = w
            .app
            .call::<serde_json::Value>(endpoint, &args)
            .await
            .unwrap_err();
        assert_eq!(
            err,
            (StatusCode::FORBIDDEN, AppError::Forbidden),
            "{endpoint}"
        );
    }
    // Tenant A was not suspended, and no tenant was made.
    let db = &w.app.svc.db;
    let alice = console_core::accounts::find_user_by_username(db, "alice")
        .await
        .unwrap()
        .unwrap();
    assert!(
        console_core::accounts::membership(db, w.tenant_a, alice.id)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        console_core::accounts::find_tenant_by_name(db, "Tenant C")
            .await
            .unwrap()
            .is_none()
    );
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
    assert_eq!(me.tenant_id, Some(w.tenant_b));
    assert_eq!(me.role, Some(console_app::api::Role::Viewer));
    let members: Vec<Member> = w.app.call("members/list", &[]).await.unwrap();
    assert!(members.iter().any(|m| m.username == "bob"));
    // Her role in B is viewer: no inviting there.
    let err = w
        .app
        .call::<serde_json::Value>("members/invite", &[("role", "viewer"), ("note", "")])
        .await
        .unwrap_err();
    assert_eq!(err.1, AppError::Forbidden);
}
