//! API keys of the platform API (issue 12), on SQLite and PostgreSQL: a key is stored only as its
//! hash, limited to its tenant's platforms, refused once revoked, when malformed or when its
//! tenant is suspended, and its last use is recorded.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the test failing

use console_core::accounts::{self, Password, Username};
use console_core::api_keys::{self, ApiPrincipal, Creator, KeyRefusal, NewApiKey};
use console_core::testing::{PlatformSpec, TestWorld, on_each_backend};
use console_core::{ApiScope, CoreError, ManualClock};
use sea_orm::{ConnectionTrait, Statement};
use sha2::{Digest, Sha256};

fn cli() -> Creator {
    Creator {
        user_id: None,
        name: "cli".into(),
    }
}

async fn principal(w: &TestWorld, key: &str) -> Result<ApiPrincipal, KeyRefusal> {
    api_keys::authenticate(&w.svc, key).await.unwrap()
}

#[tokio::test]
async fn a_key_is_kept_as_a_hash_and_refused_once_revoked() {
    on_each_backend(
        |b| b.clock(ManualClock::at(1_800_000_000_000)),
        |w| async move {
            let acme = w
                .add_platform(&PlatformSpec {
                    tenant: "Acme".into(),
                    name: "鲜果平台".into(),
                    ..Default::default()
                })
                .await;
            let beta = w
                .add_platform(&PlatformSpec {
                    tenant: "Beta".into(),
                    ..Default::default()
                })
                .await;
            let input = NewApiKey {
                name: " CMS ".into(),
                scopes: vec![ApiScope::Proxy, ApiScope::Tokens, ApiScope::Proxy],
                platforms: vec![acme.component.id],
            };
            let (view, secret) = api_keys::create(&w.svc, acme.tenant_id, &cli(), &input)
                .await
                .unwrap();
            let key = secret.expose().to_string();
            assert!(key.starts_with("wxk_") && key.len() == 47, "{key}");
            assert_eq!(view.name, "CMS");
            assert_eq!(view.prefix, key[..12]);
            assert_eq!(view.scopes, [ApiScope::Tokens, ApiScope::Proxy]);
            assert_eq!(view.platforms.len(), 1);
            assert_eq!(view.platforms[0].name, "鲜果平台");
            assert_eq!(view.created_by, "cli");
            assert_eq!(view.last_used_at, None);

            // Stored only as its SHA-256: the key itself is in no column.
            let rows = w
                .svc
                .db
                .conn()
                .query_all(Statement::from_string(
                    w.svc.db.backend(),
                    "SELECT * FROM api_keys",
                ))
                .await
                .unwrap();
            assert_eq!(rows.len(), 1);
            let hash: String = rows[0].try_get("", "secret_hash").unwrap();
            assert_eq!(hash, hex::encode(Sha256::digest(key.as_bytes())));
            let dump = format!("{rows:?}");
            assert!(!dump.contains(&key), "the key is stored in clear");

            // It authenticates as its tenant, scopes and platforms, and its use is recorded.
            let p = principal(&w, &key).await.unwrap();
            assert_eq!(p.tenant_id, acme.tenant_id);
            assert!(p.has(ApiScope::Tokens) && !p.has(ApiScope::Registrations));
            assert_eq!(p.platforms, Some(vec![acme.component.id]));
            assert_eq!(
                p.platform(&w.svc, &acme.component.appid).await.unwrap().id,
                acme.component.id
            );
            // Another tenant's platform is not even confirmed to exist.
            let e = p.platform(&w.svc, &beta.component.appid).await.unwrap_err();
            assert!(matches!(e, CoreError::NotFound(_)), "{e:?}");
            let listed = api_keys::list(&w.svc, acme.tenant_id).await.unwrap();
            assert_eq!(listed[0].last_used_at, Some(1_800_000_000_000));
            assert!(
                api_keys::list(&w.svc, beta.tenant_id)
                    .await
                    .unwrap()
                    .is_empty()
            );

            // Another tenant cannot revoke it; its own tenant can, and it is refused from then on.
            let e = api_keys::revoke(&w.svc, beta.tenant_id, view.id)
                .await
                .unwrap_err();
            assert!(matches!(e, CoreError::NotFound(_)), "{e:?}");
            assert!(principal(&w, &key).await.is_ok());
            let revoked = api_keys::revoke(&w.svc, acme.tenant_id, view.id)
                .await
                .unwrap();
            assert!(revoked.revoked_at.is_some());
            assert_eq!(principal(&w, &key).await, Err(KeyRefusal::Unauthenticated));
            // Revoking again is harmless.
            api_keys::revoke(&w.svc, acme.tenant_id, view.id)
                .await
                .unwrap();
        },
    )
    .await;
}

#[tokio::test]
async fn malformed_unknown_and_suspended_keys_are_refused() {
    on_each_backend(
        |b| b,
        |w| async move {
            let acme = w
                .add_platform(&PlatformSpec {
                    tenant: "Acme".into(),
                    ..Default::default()
                })
                .await;
            let new = NewApiKey {
                name: "cli".into(),
                scopes: vec![ApiScope::Tokens],
                platforms: vec![],
            };
            let (view, secret) = api_keys::create(&w.svc, acme.tenant_id, &cli(), &new)
                .await
                .unwrap();
            assert!(view.platforms.is_empty());
            let key = secret.expose().to_string();
            let p = principal(&w, &format!(" {key}\n")).await.unwrap();
            assert_eq!(p.platforms, None, "no platform named: every platform");

            let unknown = format!("wxk_{}", "A".repeat(43));
            for bad in [
                "",
                "Bearer",
                &key[..key.len() - 1],
                &format!("{key}A"),
                &key[4..],
                &unknown,
                "wxk_' OR 1=1 --",
            ] {
                assert_eq!(
                    principal(&w, bad).await,
                    Err(KeyRefusal::Unauthenticated),
                    "{bad:?}"
                );
            }

            // A suspended tenant's keys are refused until it is resumed.
            let root = accounts::create_user(
                &w.svc.db,
                &*w.svc.clock,
                &Username::parse("root").unwrap(),
                "",
                &Password::parse("a long password").unwrap(),
            )
            .await
            .unwrap();
            accounts::set_superadmin(&w.svc.db, root.id, true)
                .await
                .unwrap();
            let admin = accounts::platform_admin(&w.svc.db, root.id).await.unwrap();
            accounts::suspend_tenant(&w.svc.db, &*w.svc.clock, &admin, acme.tenant_id)
                .await
                .unwrap();
            assert_eq!(principal(&w, &key).await, Err(KeyRefusal::TenantSuspended));
            accounts::resume_tenant(&w.svc.db, &admin, acme.tenant_id)
                .await
                .unwrap();
            assert!(principal(&w, &key).await.is_ok());
        },
    )
    .await;
}

#[tokio::test]
async fn a_new_key_is_checked_before_it_is_stored() {
    on_each_backend(
        |b| b,
        |w| async move {
            let acme = w
                .add_platform(&PlatformSpec {
                    tenant: "Acme".into(),
                    ..Default::default()
                })
                .await;
            let beta = w
                .add_platform(&PlatformSpec {
                    tenant: "Beta".into(),
                    ..Default::default()
                })
                .await;
            let field = |e: CoreError| match e {
                CoreError::Invalid(m) => m.field,
                other => panic!("{other:?}"),
            };
            let ok = NewApiKey {
                name: "CMS".into(),
                scopes: vec![ApiScope::Tokens],
                platforms: vec![],
            };
            for (bad, expected) in [
                (
                    NewApiKey {
                        name: "  ".into(),
                        ..ok.clone()
                    },
                    "name",
                ),
                (
                    NewApiKey {
                        name: "x".repeat(65),
                        ..ok.clone()
                    },
                    "name",
                ),
                (
                    NewApiKey {
                        scopes: vec![],
                        ..ok.clone()
                    },
                    "scopes",
                ),
                (
                    NewApiKey {
                        platforms: vec![acme.component.id, beta.component.id],
                        ..ok.clone()
                    },
                    "platforms",
                ),
            ] {
                let e = api_keys::create(&w.svc, acme.tenant_id, &cli(), &bad)
                    .await
                    .unwrap_err();
                assert_eq!(field(e).as_deref(), Some(expected), "{bad:?}");
            }
            assert!(
                api_keys::list(&w.svc, acme.tenant_id)
                    .await
                    .unwrap()
                    .is_empty(),
                "nothing stored"
            );
        },
    )
    .await;
}
