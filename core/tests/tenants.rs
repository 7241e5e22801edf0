//! The platform administrator (issue 11, "also build"), on SQLite and PostgreSQL: tenants created
//! with their first owner's invitation, suspended and resumed; a suspended tenant's memberships
//! give no access; nobody but a superadmin may do any of it.

use console_core::accounts::{self, Password, Role, TenantName, Username};
use console_core::testing::TestDb;
use console_core::{Clock, CoreError, ManualClock, UserId};

#[allow(clippy::unwrap_used)]
async fn user(t: &TestDb, clock: &ManualClock, name: &str) -> UserId {
    accounts::create_user(
        &t.db,
        clock,
        &Username::parse(name).unwrap(),
        "",
        &Password::parse("a long password").unwrap(),
    )
    .await
    .unwrap()
    .id
}

#[tokio::test]
#[allow(clippy::unwrap_used)]
async fn a_superadmin_creates_a_tenant_whose_first_owner_joins_by_invitation() {
    for t in TestDb::all().await {
        let clock = ManualClock::at(1_800_000_000_000);
        let root = user(&t, &clock, "root").await;
        accounts::set_superadmin(&t.db, root, true).await.unwrap();
        let admin = accounts::platform_admin(&t.db, root).await.unwrap();

        let name = TenantName::parse("Acme").unwrap();
        let (tenant, invitation) =
            accounts::create_tenant_with_owner(&t.db, &clock, &admin, &name, "first owner")
                .await
                .unwrap();
        // The superadmin is not a member of the new tenant.
        assert_eq!(
            accounts::membership(&t.db, tenant.id, root).await.unwrap(),
            None
        );

        // A second tenant of the same name is refused, and leaves no invitation behind.
        let e = accounts::create_tenant_with_owner(&t.db, &clock, &admin, &name, "")
            .await
            .unwrap_err();
        assert!(
            matches!(e, CoreError::Conflict(_)),
            "{:?}: {e:?}",
            t.backend
        );

        // The invitation makes its holder the tenant's owner.
        let (owner, joined) = accounts::register_with_invitation(
            &t.db,
            &clock,
            &invitation.token,
            &Username::parse("olivia").unwrap(),
            "",
            &Password::parse("another long password").unwrap(),
        )
        .await
        .unwrap();
        assert_eq!(joined.id, tenant.id);
        assert_eq!(
            accounts::membership(&t.db, tenant.id, owner.id)
                .await
                .unwrap(),
            Some(Role::Owner)
        );

        let listed = accounts::list_tenants(&t.db, &admin).await.unwrap();
        assert_eq!(listed.len(), 1, "{:?}", t.backend);
        assert_eq!(listed[0].name, "Acme");
        assert_eq!(listed[0].members, 1);
        assert_eq!(listed[0].platforms, 0);
        assert_eq!(listed[0].suspended_at, None);
    }
}

#[tokio::test]
#[allow(clippy::unwrap_used)]
async fn a_suspended_tenant_gives_its_members_no_access_until_resumed() {
    for t in TestDb::all().await {
        let clock = ManualClock::at(1_800_000_000_000);
        let root = user(&t, &clock, "root").await;
        accounts::set_superadmin(&t.db, root, true).await.unwrap();
        let admin = accounts::platform_admin(&t.db, root).await.unwrap();
        let acme = accounts::create_tenant(&t.db, &clock, &TenantName::parse("Acme").unwrap())
            .await
            .unwrap();
        let other = accounts::create_tenant(&t.db, &clock, &TenantName::parse("Other").unwrap())
            .await
            .unwrap();
        let bob = user(&t, &clock, "bob").await;
        accounts::add_member(&t.db, &clock, acme.id, bob, Role::Admin)
            .await
            .unwrap();
        let carol = user(&t, &clock, "carol").await;
        accounts::add_member(&t.db, &clock, acme.id, carol, Role::Viewer)
            .await
            .unwrap();
        accounts::add_member(&t.db, &clock, other.id, carol, Role::Viewer)
            .await
            .unwrap();

        accounts::suspend_tenant(&t.db, &clock, &admin, acme.id)
            .await
            .unwrap();
        // Suspending twice keeps the first time.
        let first = clock.now_ms();
        clock.advance_ms(60_000);
        accounts::suspend_tenant(&t.db, &clock, &admin, acme.id)
            .await
            .unwrap();
        let listed = accounts::list_tenants(&t.db, &admin).await.unwrap();
        let row = listed.iter().find(|r| r.id == acme.id).unwrap();
        assert_eq!(row.suspended_at, Some(first), "{:?}", t.backend);
        assert_eq!(row.members, 2);

        // Bob has no tenant left and is told why; Carol still works in the other one.
        assert_eq!(
            accounts::membership(&t.db, acme.id, bob).await.unwrap(),
            None
        );
        assert!(
            accounts::memberships_of(&t.db, bob)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(accounts::in_suspended_tenant(&t.db, bob).await.unwrap());
        let carols = accounts::memberships_of(&t.db, carol).await.unwrap();
        assert_eq!(
            carols.iter().map(|m| m.tenant.id).collect::<Vec<_>>(),
            vec![other.id]
        );

        accounts::resume_tenant(&t.db, &admin, acme.id)
            .await
            .unwrap();
        assert_eq!(
            accounts::membership(&t.db, acme.id, bob).await.unwrap(),
            Some(Role::Admin)
        );
        assert!(!accounts::in_suspended_tenant(&t.db, bob).await.unwrap());
        let listed = accounts::list_tenants(&t.db, &admin).await.unwrap();
        assert!(listed.iter().all(|r| r.suspended_at.is_none()));

        // An unknown tenant is not found.
        let missing = console_core::TenantId::from(999_999);
        let e = accounts::suspend_tenant(&t.db, &clock, &admin, missing)
            .await
            .unwrap_err();
        assert!(matches!(e, CoreError::NotFound(_)), "{e:?}");
    }
}

#[tokio::test]
#[allow(clippy::unwrap_used)]
async fn only_an_enabled_superadmin_is_a_platform_administrator() {
    for t in TestDb::all().await {
        let clock = ManualClock::at(1_800_000_000_000);
        let acme = accounts::create_tenant(&t.db, &clock, &TenantName::parse("Acme").unwrap())
            .await
            .unwrap();
        // Even a tenant's owner is not one.
        let owner = user(&t, &clock, "olivia").await;
        accounts::add_member(&t.db, &clock, acme.id, owner, Role::Owner)
            .await
            .unwrap();
        let e = accounts::platform_admin(&t.db, owner).await.unwrap_err();
        assert!(matches!(e, CoreError::Forbidden), "{:?}: {e:?}", t.backend);
        let e = accounts::platform_admin(&t.db, UserId::from(999_999))
            .await
            .unwrap_err();
        assert!(matches!(e, CoreError::Forbidden), "{e:?}");

        // Made one, then no longer.
        accounts::set_superadmin(&t.db, owner, true).await.unwrap();
        assert!(accounts::platform_admin(&t.db, owner).await.is_ok());
        assert!(
            accounts::active_user(&t.db, owner)
                .await
                .unwrap()
                .unwrap()
                .superadmin
        );
        accounts::set_superadmin(&t.db, owner, false).await.unwrap();
        let e = accounts::platform_admin(&t.db, owner).await.unwrap_err();
        assert!(matches!(e, CoreError::Forbidden), "{e:?}");
    }
}
