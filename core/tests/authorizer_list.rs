//! The authorizer list's filters and pagination return exactly the right rows (speed is measured
//! by `benches/authorizer_list.rs`, not here).

use console_core::authorizers::entity::{authorizer, permission};
use console_core::authorizers::{self, AuthorizerFilter};
use console_core::testing::{PlatformSpec, TestDb, TestWorld};
use console_core::{AccountKind, AuthorizerStatus, TenantId};
use sea_orm::{EntityTrait, Set};

/// Tenant A: 45 authorizers (i = 0..45): every third a mini program, i % 10 == 0 needs
/// re-authorization, odd ones have permission set 2, names "店铺{i}"; tenant B: 5 more.
#[allow(clippy::unwrap_used)]
async fn seed(w: &TestWorld) -> (TenantId, TenantId) {
    let mut ids = Vec::new();
    for (tenant, appid, n) in [
        ("A", "wx00000000000000aa", 45),
        ("B", "wx00000000000000bb", 5),
    ] {
        let p = w
            .add_platform(&PlatformSpec {
                tenant: tenant.into(),
                name: tenant.into(),
                appid: Some(appid.into()),
                secret: Some("0123456789abcdef0123456789abcdef".into()),
                token: "tok123".into(),
            })
            .await;
        let (tenant_id, platform_id) = (p.tenant_id, p.component.id);
        for i in 0..n {
            let appid = format!("wx{}{:015x}", if tenant == "A" { "a" } else { "b" }, i);
            let name = format!("{tenant}店铺{i}");
            let a = authorizer::Entity::insert(authorizer::ActiveModel {
                tenant_id: Set(tenant_id),
                component_id: Set(platform_id),
                kind: Set(if i % 3 == 0 {
                    AccountKind::MiniProgram
                } else {
                    AccountKind::OfficialAccount
                }),
                search_text: Set(format!("{appid} {name}").to_lowercase()),
                appid: Set(appid),
                nick_name: Set(name),
                user_name: Set(String::new()),
                status: Set(if i % 10 == 0 {
                    AuthorizerStatus::NeedsReauth
                } else {
                    AuthorizerStatus::Authorized
                }),
                authorized_at: Set(1_000_000 + i64::from(i)),
                updated_at: Set(0),
                ..Default::default()
            })
            .exec(w.svc.db.conn())
            .await
            .unwrap();
            if i % 2 == 1 {
                permission::Entity::insert(permission::ActiveModel {
                    authorizer_id: Set(a.last_insert_id),
                    func_id: Set(2),
                    need_confirm: Set(None),
                    already_confirm: Set(None),
                    can_confirm: Set(None),
                })
                .exec(w.svc.db.conn())
                .await
                .unwrap();
            }
        }
        ids.push(tenant_id);
    }
    (ids[0], ids[1])
}

fn f(page: u64) -> AuthorizerFilter {
    AuthorizerFilter {
        page,
        per_page: 20,
        ..Default::default()
    }
}

#[tokio::test]
async fn filters_and_pages_return_exactly_the_matching_rows() {
    for t in TestDb::all().await {
        let w = TestWorld::builder().db(t).build().await;
        let (a, b) = seed(&w).await;
        let svc = &w.svc;
        let list = |filter: AuthorizerFilter, tenant: TenantId| {
            let svc = svc.clone();
            async move { authorizers::list(&svc, tenant, &filter).await.unwrap() }
        };
        let p1 = list(f(1), a).await;
        assert_eq!((p1.page.total, p1.items.len()), (45, 20));
        assert_eq!(p1.items[0].nick_name, "A店铺44", "newest first");
        let p3 = list(f(3), a).await;
        assert_eq!(p3.items.len(), 5);
        assert_eq!(p3.items[4].nick_name, "A店铺0");
        assert!(list(f(4), a).await.items.is_empty());

        let mp = list(
            AuthorizerFilter {
                kind: Some(AccountKind::MiniProgram),
                ..f(1)
            },
            a,
        )
        .await;
        assert_eq!(mp.page.total, 15);
        assert!(mp.items.iter().all(|r| r.kind == AccountKind::MiniProgram));

        let reauth = list(
            AuthorizerFilter {
                status: Some(AuthorizerStatus::NeedsReauth),
                ..f(1)
            },
            a,
        )
        .await;
        assert_eq!(reauth.page.total, 5);

        let with2 = list(
            AuthorizerFilter {
                func_id: Some(2),
                ..f(1)
            },
            a,
        )
        .await;
        assert_eq!(with2.page.total, 22);
        assert!(
            with2
                .items
                .iter()
                .all(|r| r.permissions.iter().any(|p| p.id == 2))
        );

        let search = list(
            AuthorizerFilter {
                q: Some("店铺4".into()),
                ..f(1)
            },
            a,
        )
        .await;
        let mut names: Vec<_> = search.items.iter().map(|r| r.nick_name.clone()).collect();
        names.sort();
        assert_eq!(
            names,
            [
                "A店铺4",
                "A店铺40",
                "A店铺41",
                "A店铺42",
                "A店铺43",
                "A店铺44"
            ]
        );

        let wildcard = list(
            AuthorizerFilter {
                q: Some("%".into()),
                ..f(1)
            },
            a,
        )
        .await;
        assert_eq!(wildcard.page.total, 0, "LIKE wildcards are escaped");

        let exact = list(
            AuthorizerFilter {
                q: Some(format!("wxa{:015x}", 7)),
                ..f(1)
            },
            a,
        )
        .await;
        assert_eq!(
            exact
                .items
                .iter()
                .map(|r| r.nick_name.as_str())
                .collect::<Vec<_>>(),
            ["A店铺7"]
        );

        let combined = list(
            AuthorizerFilter {
                kind: Some(console_core::AccountKind::OfficialAccount),
                func_id: Some(2),
                status: Some(AuthorizerStatus::Authorized),
                ..f(1)
            },
            a,
        )
        .await;
        // Odd i (set 2), not a multiple of 3 (official account); odd i are never multiples of 10.
        assert_eq!(combined.page.total, 15);

        // Tenant B sees only its own five, whatever the filter.
        assert_eq!(list(f(1), b).await.page.total, 5);
        let foreign = list(
            AuthorizerFilter {
                q: Some(format!("wxa{:015x}", 7)),
                ..f(1)
            },
            b,
        )
        .await;
        assert_eq!(foreign.page.total, 0);
    }
}
