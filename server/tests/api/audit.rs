//! The audit log (issue 11): sign-ins and refused ones, member, role and invitation changes and
//! platform changes are recorded with who, when and from where; admins and owners read it,
//! filtered, for their own tenant only; nothing can change it; and no secret reaches it.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the test failing

use console_app::api::audit::AuditItem;
use console_app::api::invitations::CreatedInvitation;
use console_app::api::shared::ListPage;
use console_app::error::AppError;
use console_core::AuditAction;
use console_core::accounts::Role;
use reqwest::StatusCode;

use crate::helpers::{Browser, TestApp};

/// The entries `b` reads on the audit page, filtered by `args`.
async fn audit(b: &Browser, args: &[(&str, &str)]) -> Vec<AuditItem> {
    let page: ListPage<AuditItem> = b.call("audit/list", args).await.unwrap();
    page.items
}

const AES_KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const SECRET: &str = "0123456789abcdef0123456789abcdef";

/// Alice (owner) and Otto (operator) in Acme; Bob owns Beta.
async fn acme(app: &TestApp) {
    app.seed_member("Acme", "alice", "alice-password", Role::Owner)
        .await;
    app.seed_member("Acme", "otto", "otto-password", Role::Operator)
        .await;
    app.seed_member("Beta", "bob", "bob-password", Role::Owner)
        .await;
}

/// What a working day leaves in the log, and that the log shows it.
async fn a_day_is_recorded(app: &TestApp) {
    acme(app).await;
    let guess = Browser::new(app);
    let refused = guess
        .call::<()>(
            "auth/login",
            &[("username", "alice"), ("password", "wrong-password")],
        )
        .await
        .unwrap_err();
    assert_eq!(refused.1, AppError::InvalidCredentials);
    let alice = Browser::signed_in(app, "alice", "alice-password").await;
    let inv: CreatedInvitation = alice
        .call("members/invite", &[("role", "viewer"), ("note", "Nina")])
        .await
        .unwrap();
    let token = inv.url.rsplit('/').next().unwrap().to_string();
    let nina = Browser::new(app);
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
    let members: Vec<console_app::api::members::Member> =
        alice.call("members/list", &[]).await.unwrap();
    let id_of = |name: &str| {
        members
            .iter()
            .find(|m| m.username == name)
            .unwrap()
            .user_id
            .to_string()
    };
    alice
        .call::<()>(
            "members/set-role",
            &[("user_id", &id_of("nina")), ("role", "operator")],
        )
        .await
        .unwrap();
    alice
        .call::<()>("members/disable", &[("user_id", &id_of("otto"))])
        .await
        .unwrap();
    let _: serde_json::Value = alice
        .call(
            "platforms/create",
            &[
                ("name", "鲜果平台"),
                ("appid", "wx0123456789abcdef"),
                ("secret", SECRET),
                ("token", "token123"),
                ("aes_key", AES_KEY),
            ],
        )
        .await
        .unwrap();

    let log = audit(&alice, &[]).await;
    let actions: Vec<AuditAction> = log.iter().map(|e| e.action).collect();
    // Newest first.
    assert_eq!(
        actions,
        [
            AuditAction::PlatformAdded,
            AuditAction::UserDisabled,
            AuditAction::RoleChanged,
            AuditAction::MemberAdded,
            AuditAction::Invited,
            AuditAction::SignIn,
            AuditAction::SignInFailed,
        ]
    );
    let entry = |a: AuditAction| log.iter().find(|e| e.action == a).unwrap();
    assert_eq!(entry(AuditAction::SignIn).actor, "alice");
    assert_eq!(entry(AuditAction::MemberAdded).actor, "nina");
    assert_eq!(entry(AuditAction::RoleChanged).target, "nina");
    assert!(
        entry(AuditAction::RoleChanged)
            .detail
            .en
            .contains("Operator")
    );
    assert_eq!(entry(AuditAction::UserDisabled).target, "otto");
    assert_eq!(
        entry(AuditAction::PlatformAdded).target,
        "鲜果平台 (wx0123456789abcdef)"
    );
    for e in &log {
        assert_eq!(e.client_ip.as_deref(), Some("127.0.0.1"), "{e:?}");
        assert!(!e.at.is_empty());
    }
    // No secret reaches the log: not the invitation's token, not a platform credential.
    let text = serde_json::to_string(&log).unwrap();
    for secret in [
        token.as_str(),
        SECRET,
        AES_KEY,
        "alice-password",
        "wrong-password",
    ] {
        assert!(!text.contains(secret), "the audit log shows a secret");
    }

    // Filtered by action.
    let only = audit(&alice, &[("query[action]", "role_changed")]).await;
    assert_eq!(only.len(), 1);
    assert_eq!(only[0].action, AuditAction::RoleChanged);
    // By user (as recorded), and by days in China Standard Time (both inclusive).
    let by_nina = audit(&alice, &[("query[actor]", " nina ")]).await;
    assert_eq!(
        by_nina.iter().map(|e| e.action).collect::<Vec<_>>(),
        [AuditAction::MemberAdded]
    );
    let cst = chrono::FixedOffset::east_opt(8 * 3600).unwrap();
    let today = chrono::Utc::now().with_timezone(&cst).date_naive();
    let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let (yesterday, tomorrow) = (
        day(today.pred_opt().unwrap()),
        day(today.succ_opt().unwrap()),
    );
    let around = audit(
        &alice,
        &[("query[from]", &yesterday), ("query[to]", &day(today))],
    )
    .await;
    assert_eq!(around.len(), log.len());
    let later = audit(&alice, &[("query[from]", &tomorrow)]).await;
    assert!(later.is_empty(), "{later:?}");

    // Operators and viewers do not read it (it holds sign-in addresses).
    let nina = Browser::signed_in(app, "nina", "nina-password").await;
    let r = nina.call::<ListPage<AuditItem>>("audit/list", &[]).await;
    assert_eq!(r.unwrap_err(), (StatusCode::FORBIDDEN, AppError::Forbidden));
    // Another tenant's owner sees only their own sign-in.
    let bob = Browser::signed_in(app, "bob", "bob-password").await;
    let theirs = audit(&bob, &[]).await;
    assert_eq!(
        theirs.iter().map(|e| e.action).collect::<Vec<_>>(),
        [AuditAction::SignIn]
    );
    assert_eq!(theirs[0].actor, "bob");
}

#[tokio::test]
async fn the_audit_log_records_who_did_what_from_where() {
    let app = TestApp::builder().build().await;
    a_day_is_recorded(&app).await;
}

#[tokio::test]
async fn the_audit_log_works_on_postgres_too() {
    let Some(app) = TestApp::builder().postgres().try_build().await else {
        eprintln!("PostgreSQL not configured: skipped");
        return;
    };
    a_day_is_recorded(&app).await;
}

#[tokio::test]
async fn nothing_can_change_the_audit_log() {
    // The only server function of the audit log reads it.
    let audit_functions: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .filter(|p| p.contains("audit"))
        .collect();
    assert_eq!(audit_functions, ["/api/audit/list"]);
    // And an unknown name's refused sign-in lands in no tenant's log.
    let app = TestApp::builder().build().await;
    acme(&app).await;
    let refused = Browser::new(&app)
        .call::<()>(
            "auth/login",
            &[("username", "mallory"), ("password", "whatever-pass")],
        )
        .await
        .unwrap_err();
    assert_eq!(refused.1, AppError::InvalidCredentials);
    let alice = Browser::signed_in(&app, "alice", "alice-password").await;
    let log = audit(&alice, &[]).await;
    assert!(log.iter().all(|e| e.actor != "mallory"), "{log:?}");
}
