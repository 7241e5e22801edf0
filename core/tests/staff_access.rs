//! Staff access that can be withdrawn (issue 11, findings 3 and 4), on SQLite and PostgreSQL:
//! member changes with the last owner protected, disabled memberships, session epochs, and
//! invitations that are single use, expiring and revocable.

use console_core::accounts::{self, Actor, Password, Role, TenantName, Username};
use console_core::testing::TestDb;
use console_core::{CoreError, ManualClock, TenantId, UserId};

const DAY_MS: i64 = 24 * 3_600_000;

struct Seeded {
    tenant: TenantId,
    clock: ManualClock,
}

#[allow(clippy::unwrap_used)]
async fn tenant(t: &TestDb, name: &str) -> Seeded {
    let clock = ManualClock::at(1_800_000_000_000);
    let tenant = accounts::create_tenant(&t.db, &clock, &TenantName::parse(name).unwrap())
        .await
        .unwrap();
    Seeded {
        tenant: tenant.id,
        clock,
    }
}

#[allow(clippy::unwrap_used)]
async fn member(t: &TestDb, s: &Seeded, username: &str, role: Role) -> Actor {
    let user = match accounts::find_user_by_username(&t.db, username)
        .await
        .unwrap()
    {
        Some(u) => u,
        None => accounts::create_user(
            &t.db,
            &s.clock,
            &Username::parse(username).unwrap(),
            "",
            &Password::parse("a long password").unwrap(),
        )
        .await
        .unwrap(),
    };
    accounts::add_member(&t.db, &s.clock, s.tenant, user.id, role)
        .await
        .unwrap();
    Actor {
        user_id: user.id,
        role,
    }
}

async fn role_of(t: &TestDb, s: &Seeded, user: UserId) -> Option<Role> {
    accounts::list_members(&t.db, s.tenant)
        .await
        .ok()?
        .into_iter()
        .find(|m| m.user.id == user)
        .map(|m| m.role)
}

fn is_last_owner_refusal(e: &CoreError) -> bool {
    matches!(e, CoreError::Invalid(m) if m.en.contains("at least one enabled owner"))
}

#[tokio::test]
async fn the_last_owner_is_neither_removed_demoted_nor_disabled() {
    for t in TestDb::all().await {
        let s = tenant(&t, "Acme").await;
        let owner = member(&t, &s, "olivia", Role::Owner).await;
        let admin = member(&t, &s, "adam", Role::Admin).await;

        // The owner demoting herself (possible before) or leaving: refused.
        let e = accounts::change_role(&t.db, s.tenant, owner, owner.user_id, Role::Admin)
            .await
            .unwrap_err();
        assert!(is_last_owner_refusal(&e), "{e:?}");
        let e = accounts::remove_member(&t.db, s.tenant, owner, owner.user_id)
            .await
            .unwrap_err();
        assert!(is_last_owner_refusal(&e), "{e:?}");
        assert_eq!(role_of(&t, &s, owner.user_id).await, Some(Role::Owner));

        // With a second owner, one of them may step down.
        accounts::change_role(&t.db, s.tenant, owner, admin.user_id, Role::Owner)
            .await
            .unwrap();
        accounts::change_role(&t.db, s.tenant, owner, owner.user_id, Role::Admin)
            .await
            .unwrap();
        assert_eq!(role_of(&t, &s, owner.user_id).await, Some(Role::Admin));

        // The remaining owner (adam) cannot be disabled by the other, now an admin, nor by
        // another owner once he is the last enabled one.
        let demoted = Actor {
            user_id: owner.user_id,
            role: Role::Admin,
        };
        let e = accounts::disable_member(&t.db, &s.clock, s.tenant, demoted, admin.user_id)
            .await
            .unwrap_err();
        assert!(matches!(e, CoreError::Forbidden), "{e:?}");
        let adam = Actor {
            user_id: admin.user_id,
            role: Role::Owner,
        };
        let olivia_again = member(&t, &s, "olivia", Role::Owner).await;
        accounts::disable_member(&t.db, &s.clock, s.tenant, adam, olivia_again.user_id)
            .await
            .unwrap();
        // Olivia is disabled: adam is the only enabled owner and stays one.
        let e = accounts::change_role(&t.db, s.tenant, adam, adam.user_id, Role::Viewer)
            .await
            .unwrap_err();
        assert!(is_last_owner_refusal(&e), "{:?}: {e:?}", t.backend);
    }
}

#[tokio::test]
async fn owners_are_only_changed_by_owners_and_nobody_disables_themselves() {
    for t in TestDb::all().await {
        let s = tenant(&t, "Acme").await;
        let owner = member(&t, &s, "olivia", Role::Owner).await;
        let admin = member(&t, &s, "adam", Role::Admin).await;
        let viewer = member(&t, &s, "vera", Role::Viewer).await;

        for e in [
            accounts::change_role(&t.db, s.tenant, admin, viewer.user_id, Role::Owner).await,
            accounts::change_role(&t.db, s.tenant, admin, owner.user_id, Role::Viewer).await,
            accounts::remove_member(&t.db, s.tenant, admin, owner.user_id).await,
            accounts::disable_member(&t.db, &s.clock, s.tenant, admin, owner.user_id).await,
        ] {
            assert!(matches!(e, Err(CoreError::Forbidden)), "{e:?}");
        }
        let e = accounts::disable_member(&t.db, &s.clock, s.tenant, admin, admin.user_id)
            .await
            .unwrap_err();
        assert!(matches!(e, CoreError::Invalid(_)), "{e:?}");

        // An admin manages non-owners.
        accounts::change_role(&t.db, s.tenant, admin, viewer.user_id, Role::Operator)
            .await
            .unwrap();
        assert_eq!(role_of(&t, &s, viewer.user_id).await, Some(Role::Operator));
        accounts::remove_member(&t.db, s.tenant, admin, viewer.user_id)
            .await
            .unwrap();
        assert_eq!(role_of(&t, &s, viewer.user_id).await, None);

        // Another tenant's member is not found through this tenant.
        let other = tenant(&t, "Other").await;
        let stranger = member(&t, &other, "sam", Role::Viewer).await;
        let e = accounts::remove_member(&t.db, s.tenant, owner, stranger.user_id)
            .await
            .unwrap_err();
        assert!(matches!(e, CoreError::NotFound(_)), "{e:?}");
    }
}

#[tokio::test]
async fn a_disabled_membership_gives_no_access_until_enabled() {
    for t in TestDb::all().await {
        let s = tenant(&t, "Acme").await;
        let owner = member(&t, &s, "olivia", Role::Owner).await;
        let op = member(&t, &s, "otto", Role::Operator).await;
        // Otto also works in another tenant, which Acme's owner cannot touch.
        let other = tenant(&t, "Other").await;
        member(&t, &other, "otto", Role::Viewer).await;

        accounts::disable_member(&t.db, &s.clock, s.tenant, owner, op.user_id)
            .await
            .unwrap();
        assert_eq!(
            accounts::membership(&t.db, s.tenant, op.user_id)
                .await
                .unwrap(),
            None
        );
        let tenants = accounts::memberships_of(&t.db, op.user_id).await.unwrap();
        assert_eq!(
            tenants.iter().map(|m| m.tenant.id).collect::<Vec<_>>(),
            [other.tenant]
        );
        let listed = accounts::list_members(&t.db, s.tenant).await.unwrap();
        assert!(listed.iter().any(|m| m.user.id == op.user_id && m.disabled));
        // The account itself still signs in (its other tenant is still open to it).
        accounts::authenticate(&t.db, &s.clock, "otto", "a long password")
            .await
            .unwrap();

        accounts::enable_member(&t.db, s.tenant, owner, op.user_id)
            .await
            .unwrap();
        assert_eq!(
            accounts::membership(&t.db, s.tenant, op.user_id)
                .await
                .unwrap(),
            Some(Role::Operator)
        );
    }
}

#[tokio::test]
async fn a_new_password_and_signing_out_everywhere_raise_the_session_epoch() {
    for t in TestDb::all().await {
        let s = tenant(&t, "Acme").await;
        let owner = member(&t, &s, "olivia", Role::Owner).await;
        let epoch = |u: Option<accounts::UserSummary>| u.map(|u| u.session_epoch);
        let before = epoch(accounts::active_user(&t.db, owner.user_id).await.unwrap());
        assert_eq!(before, Some(0));

        let after = accounts::change_password(
            &t.db,
            owner.user_id,
            "a long password",
            &Password::parse("another long password").unwrap(),
        )
        .await
        .unwrap();
        assert_eq!(after, 1);
        assert_eq!(
            accounts::end_sessions(&t.db, owner.user_id).await.unwrap(),
            2
        );
        assert_eq!(
            epoch(accounts::active_user(&t.db, owner.user_id).await.unwrap()),
            Some(2)
        );
    }
}

#[tokio::test]
async fn an_invitation_is_single_use_and_joins_only_its_tenant() {
    for t in TestDb::all().await {
        let s = tenant(&t, "Acme").await;
        let admin = member(&t, &s, "adam", Role::Admin).await;
        let other = tenant(&t, "Other").await;
        let bob = member(&t, &other, "bob", Role::Owner).await;

        // An admin does not invite owners.
        let e = accounts::create_invitation(&t.db, &s.clock, s.tenant, admin, Role::Owner, "")
            .await
            .unwrap_err();
        assert!(matches!(e, CoreError::Forbidden), "{e:?}");

        let inv =
            accounts::create_invitation(&t.db, &s.clock, s.tenant, admin, Role::Viewer, "for Bob")
                .await
                .unwrap();
        assert!(
            !format!("{inv:?}").contains(&inv.token),
            "the token stays out of logs"
        );
        let view = accounts::open_invitation(&t.db, &s.clock, &inv.token)
            .await
            .unwrap();
        assert_eq!((view.tenant.id, view.role), (s.tenant, Role::Viewer));
        let pending = accounts::pending_invitations(&t.db, &s.clock, s.tenant)
            .await
            .unwrap();
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].note, "for Bob");
        assert_eq!(pending[0].invited_by.as_deref(), Some("adam"));

        let joined = accounts::accept_invitation(&t.db, &s.clock, &inv.token, bob.user_id)
            .await
            .unwrap();
        assert_eq!(joined.id, s.tenant);
        assert_eq!(
            accounts::membership(&t.db, s.tenant, bob.user_id)
                .await
                .unwrap(),
            Some(Role::Viewer)
        );
        assert_eq!(
            accounts::membership(&t.db, other.tenant, bob.user_id)
                .await
                .unwrap(),
            Some(Role::Owner),
            "his own tenant is untouched"
        );
        // Used: neither it nor its page works again.
        let carol = member(&t, &other, "carol", Role::Viewer).await;
        assert!(
            accounts::accept_invitation(&t.db, &s.clock, &inv.token, carol.user_id)
                .await
                .is_err()
        );
        assert!(
            accounts::open_invitation(&t.db, &s.clock, &inv.token)
                .await
                .is_err()
        );
        assert!(
            accounts::pending_invitations(&t.db, &s.clock, s.tenant)
                .await
                .unwrap()
                .is_empty()
        );
    }
}

#[tokio::test]
async fn invitations_expire_after_seven_days_and_can_be_revoked() {
    for t in TestDb::all().await {
        let s = tenant(&t, "Acme").await;
        let owner = member(&t, &s, "olivia", Role::Owner).await;
        let other = tenant(&t, "Other").await;
        let outsider = member(&t, &other, "otto", Role::Owner).await;

        let old = accounts::create_invitation(&t.db, &s.clock, s.tenant, owner, Role::Admin, "")
            .await
            .unwrap();
        s.clock.advance_ms(7 * DAY_MS + 1);
        let e = accounts::accept_invitation(&t.db, &s.clock, &old.token, outsider.user_id)
            .await
            .unwrap_err();
        assert!(matches!(e, CoreError::Invalid(_)), "{e:?}");

        let inv = accounts::create_invitation(&t.db, &s.clock, s.tenant, owner, Role::Admin, "")
            .await
            .unwrap();
        // Another tenant cannot revoke it (it looks missing there).
        let e = accounts::revoke_invitation(&t.db, &s.clock, other.tenant, inv.id)
            .await
            .unwrap_err();
        assert!(matches!(e, CoreError::NotFound(_)), "{e:?}");
        accounts::revoke_invitation(&t.db, &s.clock, s.tenant, inv.id)
            .await
            .unwrap();
        assert!(
            accounts::accept_invitation(&t.db, &s.clock, &inv.token, outsider.user_id)
                .await
                .is_err()
        );
        // Malformed tokens are refused the same way.
        assert!(
            accounts::open_invitation(&t.db, &s.clock, "../../etc")
                .await
                .is_err()
        );
        assert_eq!(
            accounts::membership(&t.db, s.tenant, outsider.user_id)
                .await
                .unwrap(),
            None
        );
    }
}

#[tokio::test]
async fn a_new_account_through_an_invitation_is_created_with_its_membership_or_not_at_all() {
    for t in TestDb::all().await {
        let s = tenant(&t, "Acme").await;
        let owner = member(&t, &s, "olivia", Role::Owner).await;
        let inv = accounts::create_invitation(&t.db, &s.clock, s.tenant, owner, Role::Operator, "")
            .await
            .unwrap();
        let pw = Password::parse("new member password").unwrap();

        // A taken username: nothing is written and the invitation still works.
        let e = accounts::register_with_invitation(
            &t.db,
            &s.clock,
            &inv.token,
            &Username::parse("olivia").unwrap(),
            "",
            &pw,
        )
        .await
        .unwrap_err();
        assert!(matches!(e, CoreError::Conflict(_)), "{e:?}");
        assert_eq!(
            accounts::list_members(&t.db, s.tenant).await.unwrap().len(),
            1
        );

        let (user, tenant) = accounts::register_with_invitation(
            &t.db,
            &s.clock,
            &inv.token,
            &Username::parse("Nina").unwrap(),
            "妮娜",
            &pw,
        )
        .await
        .unwrap();
        assert_eq!((user.username.as_str(), tenant.id), ("nina", s.tenant));
        assert_eq!(
            accounts::membership(&t.db, s.tenant, user.id)
                .await
                .unwrap(),
            Some(Role::Operator)
        );
        accounts::authenticate(&t.db, &s.clock, "nina", "new member password")
            .await
            .unwrap();
        // Single use.
        assert!(
            accounts::register_with_invitation(
                &t.db,
                &s.clock,
                &inv.token,
                &Username::parse("nina2").unwrap(),
                "",
                &pw,
            )
            .await
            .is_err()
        );
    }
}

#[tokio::test]
async fn two_owners_demoting_each_other_at_once_leave_one_owner() {
    for t in TestDb::all().await {
        let s = tenant(&t, "Acme").await;
        let a = member(&t, &s, "ann", Role::Owner).await;
        let b = member(&t, &s, "ben", Role::Owner).await;
        let (ra, rb) = tokio::join!(
            accounts::change_role(&t.db, s.tenant, a, b.user_id, Role::Admin),
            accounts::change_role(&t.db, s.tenant, b, a.user_id, Role::Admin),
        );
        assert!(
            ra.is_ok() != rb.is_ok(),
            "{:?}: exactly one wins: {ra:?} {rb:?}",
            t.backend
        );
        let owners = accounts::list_members(&t.db, s.tenant)
            .await
            .unwrap()
            .into_iter()
            .filter(|m| m.role == Role::Owner)
            .count();
        assert_eq!(owners, 1);
    }
}
