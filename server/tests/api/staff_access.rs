//! Access can be withdrawn (issue 11, finding 3) and members join by invitation (finding 4),
//! over HTTP: a removed or disabled member is signed out at their next request, "sign out
//! everywhere" and a new password end sessions, sessions have an absolute lifetime, the last
//! owner stays, and an invitation link creates an account or adds a signed-in one.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a failure is the test failing

use std::time::Duration;

use console_app::api::invitations::{CreatedInvitation, InvitationInfo};
use console_app::api::members::Member;
use console_app::error::AppError;
use console_core::UserId;
use console_core::accounts::Role;
use console_server::access::AccessArgs;
use reqwest::StatusCode;

use crate::helpers::{Browser, FnResult, TestApp};

fn ended<T: std::fmt::Debug>(r: FnResult<T>) {
    assert_eq!(
        r.unwrap_err(),
        (StatusCode::UNAUTHORIZED, AppError::Unauthorized)
    );
}

/// Acme: alice (owner), otto (operator).
async fn acme() -> (TestApp, UserId, UserId) {
    let app = TestApp::builder().build().await;
    let (_, alice) = app
        .seed_member("Acme", "alice", "alice-password", Role::Owner)
        .await;
    let (_, otto) = app
        .seed_member("Acme", "otto", "otto-password", Role::Operator)
        .await;
    (app, alice, otto)
}

#[tokio::test]
async fn a_disabled_member_is_signed_out_at_the_next_request() {
    let (app, _, otto) = acme().await;
    let alice = Browser::signed_in(&app, "alice", "alice-password").await;
    let o = Browser::signed_in(&app, "otto", "otto-password").await;
    let other_tab = Browser::signed_in(&app, "otto", "otto-password").await;
    o.session().await.unwrap();
    assert_eq!(o.page("/authorizers").await.0, StatusCode::OK);

    let id = otto.to_string();
    alice
        .call::<()>("members/disable", &[("user_id", &id)])
        .await
        .unwrap();
    // The next server function call and the next page load both end the session.
    ended(o.session().await);
    let (status, location) = other_tab.page("/authorizers").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.unwrap().starts_with("/login"));
    let listed: Vec<Member> = alice.call("members/list", &[]).await.unwrap();
    assert!(listed.iter().any(|m| m.user_id == otto && m.disabled));
    // He cannot sign in again (his only tenant is closed to him) ...
    let err = o
        .call::<()>(
            "auth/login",
            &[("username", "otto"), ("password", "otto-password")],
        )
        .await
        .unwrap_err();
    assert_eq!(err, (StatusCode::FORBIDDEN, AppError::NoTenant));
    // ... until enabled; the ended sessions stay ended.
    alice
        .call::<()>("members/enable", &[("user_id", &id)])
        .await
        .unwrap();
    ended(o.session().await);
    Browser::signed_in(&app, "otto", "otto-password")
        .await
        .session()
        .await
        .unwrap();
}

#[tokio::test]
async fn a_removed_member_loses_access_and_the_last_owner_stays() {
    let (app, alice_id, otto) = acme().await;
    let alice = Browser::signed_in(&app, "alice", "alice-password").await;
    let o = Browser::signed_in(&app, "otto", "otto-password").await;
    alice
        .call::<()>("members/remove", &[("user_id", &otto.to_string())])
        .await
        .unwrap();
    ended(o.session().await);
    let listed: Vec<Member> = alice.call("members/list", &[]).await.unwrap();
    assert_eq!(listed.len(), 1);

    // The last owner can neither leave nor step down (she could demote herself before).
    let me = alice_id.to_string();
    for (endpoint, args) in [
        ("members/remove", vec![("user_id", me.as_str())]),
        (
            "members/set-role",
            vec![("user_id", me.as_str()), ("role", "admin")],
        ),
    ] {
        let (status, err) = alice.call::<()>(endpoint, &args).await.unwrap_err();
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{endpoint}");
        assert!(
            err.message(console_app::i18n::Locale::En)
                .contains("at least one enabled owner"),
            "{endpoint}: {err:?}"
        );
    }
    assert_eq!(alice.session().await.unwrap().role, Some(Role::Owner));
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session() {
    let (app, _, _) = acme().await;
    let laptop = Browser::signed_in(&app, "alice", "alice-password").await;
    let phone = Browser::signed_in(&app, "alice", "alice-password").await;
    let colleague = Browser::signed_in(&app, "otto", "otto-password").await;
    laptop
        .call::<()>("auth/sign-out-everywhere", &[])
        .await
        .unwrap();
    ended(laptop.session().await);
    ended(phone.session().await);
    colleague.session().await.unwrap();
    // Signing in again works as before.
    Browser::signed_in(&app, "alice", "alice-password")
        .await
        .session()
        .await
        .unwrap();
}

#[tokio::test]
async fn a_new_password_ends_the_users_other_sessions_only() {
    let (app, _, _) = acme().await;
    let here = Browser::signed_in(&app, "alice", "alice-password").await;
    let elsewhere = Browser::signed_in(&app, "alice", "alice-password").await;
    here.call::<()>(
        "auth/change-password",
        &[
            ("current", "alice-password"),
            ("new", "a brand new password"),
        ],
    )
    .await
    .unwrap();
    here.session().await.unwrap();
    ended(elsewhere.session().await);
}

#[tokio::test]
async fn sessions_end_after_their_absolute_lifetime_however_active() {
    let app = TestApp::builder()
        .access(AccessArgs {
            session_lifetime: Duration::from_secs(2),
            ..AccessArgs::default()
        })
        .build()
        .await;
    app.seed_member("Acme", "alice", "alice-password", Role::Owner)
        .await;
    let b = Browser::signed_in(&app, "alice", "alice-password").await;
    for _ in 0..3 {
        b.session().await.unwrap();
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
    tokio::time::sleep(Duration::from_millis(1_000)).await;
    ended(b.session().await);
    assert_eq!(b.page("/").await.0, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn an_invitation_link_creates_an_account_that_sees_only_what_its_role_allows() {
    let (app, _, _) = acme().await;
    let alice = Browser::signed_in(&app, "alice", "alice-password").await;
    let inv: CreatedInvitation = alice
        .call(
            "members/invite",
            &[("role", "viewer"), ("note", "新同事 Nina")],
        )
        .await
        .unwrap();
    let token = inv.url.rsplit('/').next().unwrap().to_string();
    assert!(inv.url.starts_with(&format!("{}/invite/", app.base_url)));
    let pending: Vec<serde_json::Value> = alice.call("members/invitations", &[]).await.unwrap();
    assert_eq!(pending.len(), 1);
    assert!(
        !serde_json::to_string(&pending).unwrap().contains(&token),
        "the token is shown once, never listed"
    );

    // The invitee opens the page without an account.
    let nina = Browser::new(&app);
    assert_eq!(
        nina.page(&format!("/invite/{token}")).await.0,
        StatusCode::OK
    );
    let info: InvitationInfo = nina
        .call("invitations/open", &[("token", &token)])
        .await
        .unwrap();
    assert_eq!(
        (info.tenant_name.as_str(), info.role, info.signed_in_as),
        ("Acme", Role::Viewer, None)
    );
    // A taken username is refused (on its field) and the invitation stays usable.
    let (status, err) = nina
        .call::<()>(
            "invitations/register",
            &[
                ("token", &token),
                ("username", "otto"),
                ("display_name", ""),
                ("password", "nina-password"),
            ],
        )
        .await
        .unwrap_err();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err:?}");
    let (_, err) = nina
        .call::<()>(
            "invitations/register",
            &[
                ("token", &token),
                ("username", "nina"),
                ("display_name", "妮娜"),
                ("password", "short"),
            ],
        )
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("password"));
    nina.call::<()>(
        "invitations/register",
        &[
            ("token", &token),
            ("username", "nina"),
            ("display_name", "妮娜"),
            ("password", "nina-password"),
        ],
    )
    .await
    .unwrap();
    let me = nina.session().await.unwrap();
    assert_eq!(
        (me.username.as_str(), me.tenant_name.as_str(), me.role),
        ("nina", "Acme", Some(Role::Viewer))
    );
    // A viewer reads and changes nothing.
    let err = nina
        .call::<serde_json::Value>("members/invite", &[("role", "viewer"), ("note", "")])
        .await
        .unwrap_err();
    assert_eq!(err.1, AppError::Forbidden);
    // Used once: gone for everyone.
    let err = Browser::new(&app)
        .call::<InvitationInfo>("invitations/open", &[("token", &token)])
        .await
        .unwrap_err();
    assert_eq!(err.0, StatusCode::UNPROCESSABLE_ENTITY);
    let pending: Vec<serde_json::Value> = alice.call("members/invitations", &[]).await.unwrap();
    assert!(pending.is_empty());
}

#[tokio::test]
async fn a_signed_in_user_accepts_an_invitation_into_another_tenant() {
    let (app, _, _) = acme().await;
    app.seed_member("Beta", "bob", "bob-password", Role::Owner)
        .await;
    let alice = Browser::signed_in(&app, "alice", "alice-password").await;
    let inv: CreatedInvitation = alice
        .call("members/invite", &[("role", "operator"), ("note", "")])
        .await
        .unwrap();
    let token = inv.url.rsplit('/').next().unwrap().to_string();
    let bob = Browser::signed_in(&app, "bob", "bob-password").await;
    let info: InvitationInfo = bob
        .call("invitations/open", &[("token", &token)])
        .await
        .unwrap();
    assert_eq!(info.signed_in_as.as_deref(), Some("bob"));
    bob.call::<()>("invitations/accept", &[("token", &token)])
        .await
        .unwrap();
    let me = bob.session().await.unwrap();
    assert_eq!(
        (me.tenant_name.as_str(), me.role),
        ("Acme", Some(Role::Operator))
    );
    assert_eq!(me.tenants.len(), 2);

    // Revoked invitations cannot be accepted.
    let inv: CreatedInvitation = alice
        .call("members/invite", &[("role", "viewer"), ("note", "")])
        .await
        .unwrap();
    let pending: Vec<serde_json::Value> = alice.call("members/invitations", &[]).await.unwrap();
    let id = pending[0]["id"].to_string();
    alice
        .call::<()>("members/revoke-invitation", &[("id", &id)])
        .await
        .unwrap();
    let carol = {
        app.seed_member("Gamma", "carol", "carol-password", Role::Owner)
            .await;
        Browser::signed_in(&app, "carol", "carol-password").await
    };
    let token = inv.url.rsplit('/').next().unwrap().to_string();
    let err = carol
        .call::<()>("invitations/accept", &[("token", &token)])
        .await
        .unwrap_err();
    assert_eq!(err.0, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn staff_access_works_on_postgres_too() {
    let Some(app) = TestApp::builder().postgres().try_build().await else {
        eprintln!("PostgreSQL not configured: skipped");
        return;
    };
    let (_, otto) = app
        .seed_member("Acme", "otto", "otto-password", Role::Operator)
        .await;
    app.seed_member("Acme", "alice", "alice-password", Role::Owner)
        .await;
    let alice = Browser::signed_in(&app, "alice", "alice-password").await;
    let o = Browser::signed_in(&app, "otto", "otto-password").await;
    alice
        .call::<()>("members/disable", &[("user_id", &otto.to_string())])
        .await
        .unwrap();
    ended(o.session().await);
    let inv: CreatedInvitation = alice
        .call("members/invite", &[("role", "viewer"), ("note", "")])
        .await
        .unwrap();
    let token = inv.url.rsplit('/').next().unwrap().to_string();
    let nina = Browser::new(&app);
    nina.call::<()>(
        "invitations/register",
        &[
            ("token", &token),
            ("username", "nina"),
            ("display_name", ""),
            ("password", "nina-password"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(nina.session().await.unwrap().role, Some(Role::Viewer));
    alice
        .call::<()>("auth/sign-out-everywhere", &[])
        .await
        .unwrap();
    ended(alice.session().await);
}
