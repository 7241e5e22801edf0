//! Tenants, users, memberships and login against a real database.

use console_core::accounts::{self, Password, Role, TenantName, Username};
use console_core::testing::TestDb;
use console_core::{CoreError, SystemClock};

#[allow(clippy::unwrap_used)]
async fn seed(t: &TestDb) -> (console_core::TenantId, console_core::UserId) {
    let tenant =
        accounts::create_tenant(&t.db, &SystemClock, &TenantName::parse("示例科技").unwrap())
            .await
            .unwrap();
    let user = accounts::create_user(
        &t.db,
        &SystemClock,
        &Username::parse("Alice").unwrap(),
        "爱丽丝",
        &Password::parse("correct horse").unwrap(),
    )
    .await
    .unwrap();
    accounts::add_member(&t.db, &SystemClock, tenant.id, user.id, Role::Admin)
        .await
        .unwrap();
    (tenant.id, user.id)
}

#[tokio::test]
async fn login_accepts_the_right_password_only() {
    for t in TestDb::all().await {
        let (_, user_id) = seed(&t).await;
        let u = accounts::authenticate(&t.db, &SystemClock, "ALICE", "correct horse")
            .await
            .unwrap();
        assert_eq!(u.id, user_id);
        assert!(u.last_login_at.is_some(), "{:?}", t.backend);

        for (name, pw) in [
            ("alice", "wrong horse"),
            ("nobody", "correct horse"),
            ("", ""),
        ] {
            let err = accounts::authenticate(&t.db, &SystemClock, name, pw)
                .await
                .unwrap_err();
            assert!(
                matches!(err, CoreError::InvalidCredentials),
                "{name}: {err:?}"
            );
        }
    }
}

#[tokio::test]
async fn duplicate_names_are_conflicts() {
    for t in TestDb::all().await {
        seed(&t).await;
        let err = accounts::create_tenant(
            &t.db,
            &SystemClock,
            &TenantName::parse(" 示例科技 ").unwrap(),
        )
        .await
        .unwrap_err();
        assert!(
            matches!(err, CoreError::Conflict(_)),
            "{:?}: {err:?}",
            t.backend
        );
        let err = accounts::create_user(
            &t.db,
            &SystemClock,
            &Username::parse("alice").unwrap(),
            "",
            &Password::parse("another pass").unwrap(),
        )
        .await
        .unwrap_err();
        assert!(
            matches!(err, CoreError::Conflict(_)),
            "{:?}: {err:?}",
            t.backend
        );
    }
}

#[tokio::test]
async fn memberships_list_every_tenant_with_its_role() {
    for t in TestDb::all().await {
        let (tenant_a, user_id) = seed(&t).await;
        let b = accounts::create_tenant(
            &t.db,
            &SystemClock,
            &TenantName::parse("Beta Corp").unwrap(),
        )
        .await
        .unwrap();
        accounts::add_member(&t.db, &SystemClock, b.id, user_id, Role::Viewer)
            .await
            .unwrap();
        let ms = accounts::memberships_of(&t.db, user_id).await.unwrap();
        let got: Vec<_> = ms.iter().map(|m| (m.tenant.id, m.role)).collect();
        assert_eq!(got, vec![(b.id, Role::Viewer), (tenant_a, Role::Admin)]);

        // Re-adding changes the role instead of duplicating the membership.
        accounts::add_member(&t.db, &SystemClock, b.id, user_id, Role::Operator)
            .await
            .unwrap();
        assert_eq!(
            accounts::membership(&t.db, b.id, user_id).await.unwrap(),
            Some(Role::Operator)
        );
        assert_eq!(accounts::list_members(&t.db, b.id).await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn change_password_requires_the_current_one() {
    let t = TestDb::sqlite().await;
    let (_, user_id) = seed(&t).await;
    let new = Password::parse("brand new pass").unwrap();
    let err = accounts::change_password(&t.db, user_id, "not it", &new)
        .await
        .unwrap_err();
    assert!(matches!(err, CoreError::Invalid(_)));
    accounts::change_password(&t.db, user_id, "correct horse", &new)
        .await
        .unwrap();
    assert!(
        accounts::authenticate(&t.db, &SystemClock, "alice", "correct horse")
            .await
            .is_err()
    );
    assert!(
        accounts::authenticate(&t.db, &SystemClock, "alice", "brand new pass")
            .await
            .is_ok()
    );
}
