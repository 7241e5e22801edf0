//! API keys on the Settings page (issue 12): admins and owners create, list and revoke their
//! tenant's keys; operators and viewers cannot; another tenant neither sees nor revokes them nor
//! limits its keys to this tenant's platforms; a key is answered once (never listed, never in
//! a log line or the audit log, which names it by name and prefix).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the test failing

use console_app::api::api_keys::{ApiKeys, CreatedApiKey};
use console_app::api::audit::AuditItem;
use console_app::api::shared::ListPage;
use console_app::error::AppError;
use console_core::accounts::Role;
use console_core::api_keys::{self, KeyRefusal};
use console_core::testing::PlatformSpec;
use console_core::{ApiScope, AuditAction};
use reqwest::StatusCode;

use crate::helpers::{Browser, TestApp, never_shown};

/// Acme: owen (owner), alice (admin), olga (operator), vic (viewer), a platform; Beta: bob
/// (owner) and a platform. Returns (Acme's platform id, Beta's platform id).
async fn two_tenants(app: &TestApp) -> (String, String) {
    for (name, role) in [
        ("owen", Role::Owner),
        ("alice", Role::Admin),
        ("olga", Role::Operator),
        ("vic", Role::Viewer),
    ] {
        app.seed_member("Acme", name, &format!("{name}-password"), role)
            .await;
    }
    app.seed_member("Beta", "bob", "bob-password", Role::Owner)
        .await;
    let acme = app
        .add_platform(&PlatformSpec {
            tenant: "Acme".into(),
            name: "鲜果平台".into(),
            ..Default::default()
        })
        .await;
    let beta = app
        .add_platform(&PlatformSpec {
            tenant: "Beta".into(),
            name: "Beta 平台".into(),
            ..Default::default()
        })
        .await;
    (acme.component.id.to_string(), beta.component.id.to_string())
}

async fn list(b: &Browser) -> ApiKeys {
    b.call("api-keys/list", &[]).await.unwrap()
}

async fn keys_are_managed_by_admins_and_owners(app: &TestApp) {
    let (acme_platform, beta_platform) = two_tenants(app).await;
    let alice = Browser::signed_in(app, "alice", "alice-password").await;
    let owen = Browser::signed_in(app, "owen", "owen-password").await;

    // The admin makes a key for the CMS, limited to Acme's platform.
    let cms: CreatedApiKey = alice
        .call(
            "api-keys/create",
            &[
                ("name", "CMS"),
                ("scopes[0]", "tokens"),
                ("scopes[1]", "proxy"),
                ("platforms[0]", &acme_platform),
            ],
        )
        .await
        .unwrap();
    // From here on, no answer and no log line of any test may show it.
    never_shown(&cms.secret);
    assert!(cms.secret.starts_with("wxk_"), "{}", cms.key.prefix);
    assert!(cms.secret.starts_with(&cms.key.prefix));
    assert_eq!(cms.key.scopes, [ApiScope::Tokens, ApiScope::Proxy]);
    assert_eq!(cms.key.platforms.len(), 1);
    assert_eq!(cms.key.platforms[0].name, "鲜果平台");
    assert_eq!(cms.key.created_by, "alice");
    // The owner makes one for every platform.
    let ops: CreatedApiKey = owen
        .call(
            "api-keys/create",
            &[("name", "运维脚本"), ("scopes[0]", "registrations")],
        )
        .await
        .unwrap();
    never_shown(&ops.secret);
    assert!(ops.key.platforms.is_empty());

    // Both listed, newest first, with the tenant's platforms to choose from; never the keys.
    let listed = list(&alice).await;
    let names: Vec<&str> = listed.keys.iter().map(|k| k.key.name.as_str()).collect();
    assert_eq!(names, ["运维脚本", "CMS"]);
    assert_eq!(listed.keys[1].key.prefix, cms.key.prefix);
    assert_eq!(listed.keys[1].last_used_at, None);
    assert_eq!(listed.keys[1].revoked_at, None);
    assert_eq!(
        listed
            .platforms
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
        ["鲜果平台"]
    );
    let text = serde_json::to_string(&listed).unwrap();
    assert!(!text.contains(&cms.secret) && !text.contains(&ops.secret));

    // The key works until it is revoked (the platform API authenticates it).
    let p = api_keys::authenticate(&app.svc, &cms.secret)
        .await
        .unwrap()
        .unwrap();
    assert!(p.has(ApiScope::Proxy));
    let seen = list(&owen).await;
    assert!(seen.keys[1].last_used_at.is_some(), "last use shown");

    // Invalid input is refused on its field.
    for (args, field) in [
        (vec![("name", ""), ("scopes[0]", "tokens")], "name"),
        (vec![("name", "x")], "scopes"),
        (
            vec![
                ("name", "x"),
                ("scopes[0]", "tokens"),
                ("platforms[0]", beta_platform.as_str()),
            ],
            "platforms",
        ),
    ] {
        match alice.call::<CreatedApiKey>("api-keys/create", &args).await {
            Err((StatusCode::UNPROCESSABLE_ENTITY, AppError::Invalid(m))) => {
                assert_eq!(m.field.as_deref(), Some(field), "{args:?}");
            }
            other => panic!("{args:?}: {other:?}"),
        }
    }

    // Operators and viewers neither see nor change keys.
    for who in ["olga", "vic"] {
        let b = Browser::signed_in(app, who, &format!("{who}-password")).await;
        let id = cms.key.id.to_string();
        for (endpoint, args) in [
            ("api-keys/list", vec![]),
            (
                "api-keys/create",
                vec![("name", "x"), ("scopes[0]", "tokens")],
            ),
            ("api-keys/revoke", vec![("id", id.as_str())]),
        ] {
            let r = b.call::<serde_json::Value>(endpoint, &args).await;
            assert_eq!(
                r.unwrap_err(),
                (StatusCode::FORBIDDEN, AppError::Forbidden),
                "{who} {endpoint}"
            );
        }
    }

    // Another tenant sees none of them, cannot revoke them, nor limit a key to Acme's platform.
    let bob = Browser::signed_in(app, "bob", "bob-password").await;
    assert!(list(&bob).await.keys.is_empty());
    let r = bob
        .call::<()>("api-keys/revoke", &[("id", &cms.key.id.to_string())])
        .await;
    assert_eq!(r.unwrap_err(), (StatusCode::NOT_FOUND, AppError::NotFound));
    let r = bob
        .call::<CreatedApiKey>(
            "api-keys/create",
            &[
                ("name", "x"),
                ("scopes[0]", "tokens"),
                ("platforms[0]", &acme_platform),
            ],
        )
        .await;
    assert!(
        matches!(&r, Err((StatusCode::UNPROCESSABLE_ENTITY, AppError::Invalid(m))) if m.field.as_deref() == Some("platforms")),
        "{r:?}"
    );
    assert!(list(&bob).await.keys.is_empty());
    assert!(
        api_keys::authenticate(&app.svc, &cms.secret)
            .await
            .unwrap()
            .is_ok()
    );

    // The owner revokes the CMS key: listed as revoked, refused from then on.
    owen.call::<()>("api-keys/revoke", &[("id", &cms.key.id.to_string())])
        .await
        .unwrap();
    let after = list(&alice).await;
    assert!(after.keys[1].revoked_at.is_some());
    assert!(after.keys[0].revoked_at.is_none());
    assert_eq!(
        api_keys::authenticate(&app.svc, &cms.secret).await.unwrap(),
        Err(KeyRefusal::Unauthenticated)
    );

    // The audit log records both creations and the revocation by name and prefix, never a key.
    let log: ListPage<AuditItem> = alice
        .call("audit/list", &[("query[action]", "api_key_changed")])
        .await
        .unwrap();
    let entries: Vec<(&str, &str)> = log
        .items
        .iter()
        .map(|e| (e.actor.as_str(), e.target.as_str()))
        .collect();
    let cms_target = format!("CMS ({}…)", cms.key.prefix);
    let ops_target = format!("运维脚本 ({}…)", ops.key.prefix);
    assert_eq!(
        entries,
        [
            ("owen", cms_target.as_str()),
            ("owen", ops_target.as_str()),
            ("alice", cms_target.as_str()),
        ]
    );
    assert!(log.items[2].detail.en.contains("tokens, proxy"));
    assert!(log.items[2].detail.en.contains("鲜果平台"));
    assert!(log.items[1].detail.en.contains("all platforms"));
    let text = serde_json::to_string(&log).unwrap();
    assert!(!text.contains(&cms.secret) && !text.contains(&ops.secret));
    // Beta's log holds none of it.
    let theirs: ListPage<AuditItem> = bob
        .call("audit/list", &[("query[action]", "api_key_changed")])
        .await
        .unwrap();
    assert!(theirs.items.is_empty(), "{:?}", theirs.items);
    assert_eq!(
        log.items
            .iter()
            .filter(|e| e.action == AuditAction::ApiKeyChanged)
            .count(),
        3
    );
}

#[tokio::test]
async fn api_keys_are_managed_by_admins_and_owners_of_their_tenant_only() {
    let app = TestApp::builder().build().await;
    keys_are_managed_by_admins_and_owners(&app).await;
}

#[tokio::test]
async fn api_keys_are_managed_on_postgres_too() {
    let Some(app) = TestApp::builder().postgres().try_build().await else {
        eprintln!("PostgreSQL not configured: skipped");
        return;
    };
    keys_are_managed_by_admins_and_owners(&app).await;
}
