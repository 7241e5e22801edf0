//! The platform administrator over HTTP (issue 11, "also build"): only a superadmin may list,
//! create, suspend and resume tenants; a tenantless superadmin lands on the tenants page; a
//! suspended tenant's staff cannot sign in and their open sessions end at the next request, while
//! its platforms' pushes are still received and stored.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a failure is the test failing

use console_app::api::audit::AuditItem;
use console_app::api::auth::SessionInfo;
use console_app::api::invitations::InvitationInfo;
use console_app::api::shared::ListPage;
use console_app::api::tenants::{CreatedTenant, TenantRow};
use console_app::error::AppError;
use console_core::accounts::{self, Password, Role, Username};
use console_core::events;
use console_core::{TenantId, UserId};
use reqwest::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait};

use crate::helpers::{Browser, TestApp};

/// A platform administrator `root` who belongs to no tenant.
async fn seed_superadmin(app: &TestApp) -> UserId {
    let (db, clock) = (&app.svc.db, &*app.svc.clock);
    let root = accounts::create_user(
        db,
        clock,
        &Username::parse("root").unwrap(),
        "平台管理员",
        &Password::parse("root-password").unwrap(),
    )
    .await
    .unwrap();
    accounts::set_superadmin(db, root.id, true).await.unwrap();
    root.id
}

#[tokio::test]
async fn only_a_platform_administrator_may_call_the_tenant_functions() {
    let app = TestApp::builder().build().await;
    let (acme, _) = app
        .seed_member("Acme", "alice", "alice-password", Role::Owner)
        .await;
    let id = acme.to_string();
    let calls: [(&str, Vec<(&str, &str)>); 4] = [
        ("tenants/list", vec![]),
        ("tenants/create", vec![("name", "Mine"), ("owner_note", "")]),
        ("tenants/suspend", vec![("id", &id)]),
        ("tenants/resume", vec![("id", &id)]),
    ];
    let anonymous = Browser::new(&app);
    let owner = Browser::signed_in(&app, "alice", "alice-password").await;
    for (endpoint, args) in &calls {
        let err = anonymous
            .call::<serde_json::Value>(endpoint, args)
            .await
            .unwrap_err();
        assert_eq!(
            err,
            (StatusCode::UNAUTHORIZED, AppError::Unauthorized),
            "{endpoint}"
        );
        // Even a tenant's owner is refused.
        let err = owner
            .call::<serde_json::Value>(endpoint, args)
            .await
            .unwrap_err();
        assert_eq!(
            err,
            (StatusCode::FORBIDDEN, AppError::Forbidden),
            "{endpoint}"
        );
    }
    // Nothing happened, and the owner is not shown the tenants link.
    assert!(
        accounts::find_tenant_by_name(&app.svc.db, "Mine")
            .await
            .unwrap()
            .is_none()
    );
    let me: SessionInfo = owner.call("auth/session", &[]).await.unwrap();
    assert!(!me.superadmin);
    assert!(
        accounts::membership(&app.svc.db, acme, me_id(&app, "alice").await)
            .await
            .unwrap()
            .is_some()
    );
}

async fn me_id(app: &TestApp, username: &str) -> UserId {
    accounts::find_user_by_username(&app.svc.db, username)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// Root creates Globex (its first owner joins by the link), suspends Acme (alice is signed out
/// at her next request and cannot sign in again, told why) and resumes it.
async fn a_tenant_is_created_suspended_and_resumed(app: &TestApp) {
    let (acme, _) = app
        .seed_member("Acme", "alice", "alice-password", Role::Owner)
        .await;
    seed_superadmin(app).await;

    // A superadmin without a tenant is sent to the tenants page, from the login too.
    let root = Browser::new(app);
    root.login("root", "root-password").await.unwrap();
    assert_eq!(
        root.page("/").await,
        (StatusCode::SEE_OTHER, Some("/tenants".to_string()))
    );
    assert_eq!(
        root.page("/login").await,
        (StatusCode::SEE_OTHER, Some("/tenants".to_string()))
    );
    assert_eq!(root.page("/tenants").await.0, StatusCode::OK);
    // No tenant: the session says so, and stays; tenant functions are still refused.
    let me: SessionInfo = root.call("auth/session", &[]).await.unwrap();
    assert_eq!((me.superadmin, me.tenant_id, me.role), (true, None, None));
    let err = root
        .call::<serde_json::Value>("overview", &[])
        .await
        .unwrap_err();
    assert_eq!(err, (StatusCode::FORBIDDEN, AppError::NoTenant));
    assert_eq!(root.page("/tenants").await.0, StatusCode::OK);

    // A new tenant and its first owner's one-time link.
    let created: CreatedTenant = root
        .call(
            "tenants/create",
            &[("name", "Globex"), ("owner_note", "Gina")],
        )
        .await
        .unwrap();
    assert_eq!(created.name, "Globex");
    let token = created.invitation_url.rsplit('/').next().unwrap();
    let info: InvitationInfo = Browser::new(app)
        .call("invitations/open", &[("token", token)])
        .await
        .unwrap();
    assert_eq!(
        (info.tenant_name.as_str(), info.role),
        ("Globex", Role::Owner)
    );
    // The same name again is refused, on its field.
    let (status, err) = root
        .call::<CreatedTenant>("tenants/create", &[("name", "Globex"), ("owner_note", "")])
        .await
        .unwrap_err();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err.field(), Some("name"));

    // Alice is working in Acme when it is suspended.
    let alice = Browser::signed_in(app, "alice", "alice-password").await;
    assert_eq!(alice.page("/").await.0, StatusCode::OK);
    let id = acme.to_string();
    root.call::<()>("tenants/suspend", &[("id", &id)])
        .await
        .unwrap();
    let rows: Vec<TenantRow> = root.call("tenants/list", &[]).await.unwrap();
    let row = rows.iter().find(|r| r.id == acme).unwrap();
    assert!(row.suspended_at.is_some(), "{rows:?}");
    assert_eq!(row.members, 1);
    assert!(
        rows.iter()
            .any(|r| r.name == "Globex" && r.suspended_at.is_none())
    );

    // Her next request ends her session; signing in again is refused with the reason.
    let err = alice
        .call::<SessionInfo>("auth/session", &[])
        .await
        .unwrap_err();
    assert_eq!(err, (StatusCode::UNAUTHORIZED, AppError::Unauthorized));
    let (status, location) = alice.page("/").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.unwrap().starts_with("/login"));
    let err = alice.login("alice", "alice-password").await.unwrap_err();
    assert_eq!(err, (StatusCode::FORBIDDEN, AppError::TenantSuspended));
    assert!(
        AppError::TenantSuspended
            .message(console_app::i18n::Locale::En)
            .contains("suspended")
    );
    // A wrong password still says only that.
    let err = alice.login("alice", "wrong-password").await.unwrap_err();
    assert_eq!(
        err,
        (StatusCode::UNAUTHORIZED, AppError::InvalidCredentials)
    );

    // Resumed: she signs in again.
    root.call::<()>("tenants/resume", &[("id", &id)])
        .await
        .unwrap();
    alice.login("alice", "alice-password").await.unwrap();
    let me: SessionInfo = alice.call("auth/session", &[]).await.unwrap();
    assert_eq!(me.tenant_id, Some(acme));
    // Her tenant's audit log says who suspended and resumed it.
    let log: ListPage<AuditItem> = alice
        .call("audit/list", &[("query[action]", "tenant_changed")])
        .await
        .unwrap();
    let entries: Vec<(&str, &str)> = log
        .items
        .iter()
        .map(|e| (e.actor.as_str(), e.detail.en.as_str()))
        .collect();
    assert_eq!(
        entries,
        [
            ("root", "Resumed by the platform administrator"),
            ("root", "Suspended by the platform administrator"),
        ]
    );

    // An unknown tenant is not found.
    let err = root
        .call::<()>("tenants/suspend", &[("id", "999999")])
        .await
        .unwrap_err();
    assert_eq!(err, (StatusCode::NOT_FOUND, AppError::NotFound));
}

#[tokio::test]
async fn a_superadmin_creates_suspends_and_resumes_tenants() {
    let app = TestApp::builder().build().await;
    a_tenant_is_created_suspended_and_resumed(&app).await;
}

#[tokio::test]
async fn a_superadmin_creates_suspends_and_resumes_tenants_on_postgres() {
    let Some(app) = TestApp::builder().postgres().try_build().await else {
        eprintln!("PostgreSQL not configured: skipped");
        return;
    };
    a_tenant_is_created_suspended_and_resumed(&app).await;
}

fn ticket_xml(appid: &str, create_time: i64, ticket: &str) -> String {
    format!(
        "<xml><AppId><![CDATA[{appid}]]></AppId><CreateTime>{create_time}</CreateTime>\
         <InfoType><![CDATA[component_verify_ticket]]></InfoType>\
         <ComponentVerifyTicket><![CDATA[{ticket}]]></ComponentVerifyTicket></xml>"
    )
}

async fn event_count(app: &TestApp) -> u64 {
    events::entity::Entity::find()
        .count(app.svc.db.conn())
        .await
        .unwrap()
}

/// A suspended tenant's platform still receives, verifies and stores WeChat's pushes.
async fn pushes_of_a_suspended_tenant_are_stored(app: &TestApp) {
    let root = seed_superadmin(app).await;
    let admin = accounts::platform_admin(&app.svc.db, root).await.unwrap();
    let tenant: TenantId = app.tenant_id();
    accounts::suspend_tenant(&app.svc.db, &*app.svc.clock, &admin, tenant)
        .await
        .unwrap();

    let before = event_count(app).await;
    let appid = app.component().appid.clone();
    let now_s = console_core::Clock::now_ms(&console_core::SystemClock) / 1000 + 7;
    let (q, body) = app.seal_push(&ticket_xml(&appid, now_s, "ticket@@@while-suspended"));
    let res = reqwest::Client::new()
        .post(format!("{}/wechat/{appid}/events", app.base_url))
        .query(&[
            ("timestamp", q.timestamp.unwrap()),
            ("nonce", q.nonce.unwrap()),
            ("encrypt_type", "aes".to_string()),
            ("msg_signature", q.msg_signature.unwrap()),
        ])
        .header("content-type", "text/xml")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.text().await.unwrap(), "success");
    assert_eq!(event_count(app).await, before + 1);
}

#[tokio::test]
async fn a_suspended_tenants_pushes_are_still_received_and_stored() {
    let app = TestApp::builder().sandbox().platform().build().await;
    pushes_of_a_suspended_tenant_are_stored(&app).await;
}

#[tokio::test]
async fn a_suspended_tenants_pushes_are_still_received_and_stored_on_postgres() {
    let Some(app) = TestApp::builder()
        .postgres()
        .sandbox()
        .platform()
        .try_build()
        .await
    else {
        eprintln!("PostgreSQL not configured: skipped");
        return;
    };
    pushes_of_a_suspended_tenant_are_stored(&app).await;
}
