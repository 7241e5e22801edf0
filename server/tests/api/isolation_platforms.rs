//! The authorization-lifecycle server functions (platforms, links, authorizers, events,
//! registrations, overview) against a real server and the WeChat sandbox: a user of tenant A
//! never reads or changes tenant B's data (B's ids are "not found", lists never hold B's rows),
//! anonymous callers are refused, and roles limit who acts.

use console_app::api::authorizers::{AuthorizerInfo, AuthorizerItem};
use console_app::api::events::{EventItem, RejectionItem};
use console_app::api::links::{LinkInfo, LinkState};
use console_app::api::overview::Overview;
use console_app::api::platforms::{PlatformDetail, PlatformSummary, SyncProgress};
use console_app::api::registrations::TaskItem;
use console_app::api::shared::ListPage;
use console_app::api::shared::{Bi, FuncScopeInfo};
use console_app::error::AppError;
use console_core::accounts::Role;
use console_core::testing::{PlatformSpec, TestPlatform, eventually};
use console_core::{
    AuthorizerId, AuthorizerStatus, LinkId, PlatformId, TaskForm, TaskId, TaskState, TenantId,
};
use console_core::{authorization, authorizers, platforms, registrations};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use wechat_sandbox::{AccountSpec, AccountType};

use crate::helpers::{FnResult, TestApp, call_with, client};

/// A signed-in browser.
struct User {
    client: reqwest::Client,
    base_url: String,
}

impl User {
    #[allow(clippy::unwrap_used)]
    async fn sign_in(app: &TestApp, username: &str, password: &str) -> Self {
        let user = Self {
            client: client(),
            base_url: app.base_url.clone(),
        };
        user.call::<()>(
            "auth/login",
            &[("username", username), ("password", password)],
        )
        .await
        .unwrap();
        user
    }

    fn anonymous(app: &TestApp) -> Self {
        Self {
            client: client(),
            base_url: app.base_url.clone(),
        }
    }

    async fn call<T: DeserializeOwned>(
        &self,
        endpoint: &str,
        args: &[(&str, &str)],
    ) -> FnResult<T> {
        call_with(&self.client, &self.base_url, endpoint, args).await
    }
}

/// What one tenant has: a platform with a ticket, an authorized official account (through a
/// link), a refused forged push, and a fast-registration task the user rejected.
pub(crate) struct Side {
    pub(crate) tenant: TenantId,
    pub(crate) platform: PlatformId,
    pub(crate) appid: String,
    pub(crate) name: String,
    pub(crate) link: LinkId,
    pub(crate) authorizer: AuthorizerId,
    pub(crate) authorizer_appid: String,
    pub(crate) task: TaskId,
}

pub(crate) struct World {
    pub(crate) app: TestApp,
    pub(crate) a: Side,
    pub(crate) b: Side,
}

fn random_appid() -> String {
    format!("wx{:016x}", rand::random::<u64>())
}

/// A link for sets 1 and 2, confirmed in the sandbox by the administrator of `account`, and the
/// merchant's redirect back to the console; returns (link id, authorizer id).
#[allow(clippy::unwrap_used)]
async fn authorize(
    app: &TestApp,
    platform: &TestPlatform,
    account: &str,
) -> (LinkId, AuthorizerId) {
    let (redirect, link) = app.authorize_on(platform, account, Some(&[1, 2])).await;
    let page = client().get(&redirect).send().await.unwrap();
    assert_eq!(
        page.status(),
        StatusCode::OK,
        "{}",
        page.text().await.unwrap()
    );
    let authorizer = eventually("the authorizer", || async {
        let filter = authorizers::AuthorizerFilter {
            q: Some(account.to_string()),
            page: 1,
            per_page: 10,
            ..Default::default()
        };
        authorizers::list(&app.svc, platform.tenant_id, &filter)
            .await
            .unwrap()
            .items
            .into_iter()
            .find(|a| a.status == AuthorizerStatus::Authorized)
            .map(|a| a.id)
    })
    .await;
    // The link learns of it from WeChat's `authorized` push (the redirect marks nothing).
    eventually("the link's authorization", || async {
        let view = authorization::link(&app.svc, platform.tenant_id, link)
            .await
            .unwrap();
        (!view.authorizations.is_empty()).then_some(())
    })
    .await;
    (link, authorizer)
}

/// A push with a forged signature: refused and only counted.
#[allow(clippy::unwrap_used)]
async fn forged_push(app: &TestApp, appid: &str) {
    let res = client()
        .post(format!(
            "{}/wechat/{appid}/events?timestamp=1700000000&nonce=42&encrypt_type=aes&msg_signature=0000",
            app.base_url
        ))
        .body(format!("<xml><AppId><![CDATA[{appid}]]></AppId><Encrypt><![CDATA[AAAA]]></Encrypt></xml>"))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_client_error(), "{}", res.status());
}

/// A personal fast registration started from the console, rejected by the user: WeChat's
/// notification ends the task.
#[allow(clippy::unwrap_used)]
async fn registration_task(app: &TestApp, tenant: TenantId, platform: PlatformId) -> TaskId {
    let form = TaskForm::Personal {
        // One WeChat ID can start one task a day across platforms (89249, reference B23).
        wxuser: format!("isolation_{platform}"),
        phone: "13800000000".into(),
    };
    let id = registrations::start(&app.svc, tenant, None, platform, &form)
        .await
        .unwrap();
    let taskid = registrations::get(&app.svc, tenant, id)
        .await
        .unwrap()
        .taskid
        .unwrap();
    app.control(
        Method::POST,
        &format!("registrations/{taskid}/reject"),
        json!({}),
    )
    .await;
    eventually("the task to end", || async {
        let t = registrations::get(&app.svc, tenant, id).await.unwrap();
        (t.row.state == TaskState::Failed).then_some(())
    })
    .await;
    id
}

/// Tenant A: alice (admin), olga (operator), carol (viewer). Tenant B: bob (owner). Each tenant
/// has a platform, an authorized official account, a refused push and a registration task.
pub(crate) async fn world() -> World {
    populate(TestApp::builder().sandbox().build().await).await
}

/// The same world on PostgreSQL, when a server is configured.
pub(crate) async fn world_on_postgres() -> Option<World> {
    let app = TestApp::builder().postgres().sandbox().try_build().await?;
    Some(populate(app).await)
}

#[allow(clippy::unwrap_used)]
async fn populate(app: TestApp) -> World {
    let (tenant_a, _) = app
        .seed_member("Tenant A", "alice", "alice-password", Role::Admin)
        .await;
    app.seed_member("Tenant A", "olga", "olga-password", Role::Operator)
        .await;
    app.seed_member("Tenant A", "carol", "carol-password", Role::Viewer)
        .await;
    let (tenant_b, _) = app
        .seed_member("Tenant B", "bob", "bob-password", Role::Owner)
        .await;

    let mut sides = Vec::new();
    for (tenant, tenant_name, name, nickname) in [
        (tenant_a, "Tenant A", "Platform of A", "Account of A"),
        (tenant_b, "Tenant B", "Platform of B", "Account of B"),
    ] {
        // The sandbox pushes the first ticket at once; the platform comes back with it.
        let platform = app
            .add_platform(&PlatformSpec {
                tenant: tenant_name.into(),
                name: name.into(),
                token: "isolationtoken".into(),
                ..PlatformSpec::default()
            })
            .await;
        let account = app.sandbox().create_account(AccountSpec {
            account_type: Some(AccountType::OfficialAccount),
            nickname: Some(nickname.into()),
            ..Default::default()
        });
        let (link, authorizer) = authorize(&app, &platform, &account.appid).await;
        let appid = platform.component.appid.clone();
        forged_push(&app, &appid).await;
        let task = registration_task(&app, tenant, platform.component.id).await;
        sides.push(Side {
            tenant,
            platform: platform.component.id,
            appid,
            name: name.into(),
            link,
            authorizer,
            authorizer_appid: account.appid,
            task,
        });
    }
    let b = sides.pop().unwrap();
    let a = sides.pop().unwrap();
    World { app, a, b }
}

#[allow(clippy::unwrap_used)]
fn not_found<T: std::fmt::Debug>(r: FnResult<T>, what: &str) {
    assert_eq!(
        r.unwrap_err(),
        (StatusCode::NOT_FOUND, AppError::NotFound),
        "{what}"
    );
}

#[allow(clippy::unwrap_used)]
fn forbidden<T: std::fmt::Debug>(r: FnResult<T>, what: &str) {
    assert_eq!(
        r.unwrap_err(),
        (StatusCode::FORBIDDEN, AppError::Forbidden),
        "{what}"
    );
}

/// A server function, its arguments, and whether it changes something (true) or only reads.
type Endpoint<'a> = (&'static str, Vec<(&'static str, &'a str)>, bool);

/// Every new server function with arguments naming `platform`, `link`, `authorizer` and `task`.
fn endpoints<'a>(
    platform: &'a str,
    link: &'a str,
    authorizer: &'a str,
    task: &'a str,
) -> Vec<Endpoint<'a>> {
    vec![
        ("platforms/list", vec![], false),
        ("platforms/get", vec![("id", platform)], false),
        (
            "platforms/create",
            vec![
                ("name", "x"),
                ("appid", "wx0123456789abcdef"),
                ("secret", "0123456789abcdef0123456789abcdef"),
                ("token", "token123"),
                ("aes_key", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"),
            ],
            true,
        ),
        (
            "platforms/update",
            vec![("id", platform), ("name", "renamed")],
            true,
        ),
        (
            "platforms/set-enabled",
            vec![("id", platform), ("enabled", "false")],
            true,
        ),
        ("platforms/push-ticket", vec![("id", platform)], true),
        ("platforms/sync-all", vec![("id", platform)], true),
        ("platforms/sync-job", vec![("id", platform)], false),
        ("links/func-scopes", vec![], false),
        (
            "links/create",
            vec![("platform_id", platform), ("target[kind]", "any")],
            true,
        ),
        ("links/get", vec![("id", link)], false),
        ("links/revoke", vec![("id", link)], true),
        ("links/recent", vec![("platform_id", platform)], false),
        (
            "platforms/set-webhook",
            vec![("id", platform), ("url", "https://hooks.example.com/in")],
            true,
        ),
        (
            "platforms/rotate-webhook-secret",
            vec![("id", platform)],
            true,
        ),
        (
            "platforms/retire-previous-key",
            vec![("id", platform)],
            true,
        ),
        ("messages/list", vec![], false),
        ("messages/retry", vec![("id", "1")], true),
        ("authorizers/list", vec![], false),
        ("authorizers/get", vec![("id", authorizer)], false),
        ("authorizers/refresh-token", vec![("id", authorizer)], true),
        ("authorizers/sync", vec![("id", authorizer)], true),
        ("events/list", vec![], false),
        ("events/rejections", vec![], false),
        ("registrations/list", vec![], false),
        ("registrations/get", vec![("id", task)], false),
        (
            "registrations/rename",
            vec![("id", task), ("name", "小鹅优选商城")],
            true,
        ),
        (
            "registrations/verify",
            vec![
                ("id", task),
                ("name", "深圳市小鹅科技有限公司"),
                ("code", "91440300708461136T"),
                ("phone", "13800138000"),
            ],
            true,
        ),
        (
            "registrations/reuse-candidates",
            vec![("platform_id", platform)],
            false,
        ),
        (
            "registrations/followers",
            vec![("authorizer_id", authorizer)],
            true,
        ),
        ("overview", vec![], false),
    ]
}

#[tokio::test]
async fn anonymous_callers_are_refused_by_every_function() {
    let app = TestApp::builder().sandbox().build().await;
    let anonymous = User::anonymous(&app);
    for (endpoint, args, _) in endpoints("1", "1", "1", "1") {
        let r = anonymous.call::<Value>(endpoint, &args).await;
        assert_eq!(
            r.unwrap_err(),
            (StatusCode::UNAUTHORIZED, AppError::Unauthorized),
            "{endpoint}"
        );
    }
}

#[tokio::test]
async fn reads_show_only_the_own_tenant() {
    reads_of(world().await).await;
}

#[tokio::test]
async fn reads_show_only_the_own_tenant_on_postgres() {
    let Some(w) = world_on_postgres().await else {
        eprintln!("PostgreSQL not configured: skipped");
        return;
    };
    reads_of(w).await;
}

/// Alice (tenant A) reads every list and detail: only A's data, B's ids are not found.
#[allow(clippy::unwrap_used)]
async fn reads_of(w: World) {
    let alice = User::sign_in(&w.app, "alice", "alice-password").await;
    let (a, b) = (&w.a, &w.b);
    let (a_platform, b_platform) = (a.platform.to_string(), b.platform.to_string());

    // Platforms.
    let list: Vec<PlatformSummary> = alice.call("platforms/list", &[]).await.unwrap();
    assert_eq!(
        list.iter().map(|p| p.appid.as_str()).collect::<Vec<_>>(),
        [a.appid.as_str()]
    );
    assert_eq!(list[0].authorizers, 1);
    assert!(list[0].ticket_age.is_some(), "the ticket arrived");
    let own: PlatformDetail = alice
        .call("platforms/get", &[("id", &a_platform)])
        .await
        .unwrap();
    assert_eq!(own.summary.name, a.name);
    assert_eq!(
        own.event_url,
        format!("{}/wechat/{}/events", w.app.base_url, a.appid)
    );
    assert!(own.message_url.ends_with("/messages/$APPID$"));
    assert_eq!(
        (own.tasks_running, own.tasks_failed),
        (0, 1),
        "only its own task counts"
    );
    not_found(
        alice
            .call::<PlatformDetail>("platforms/get", &[("id", &b_platform)])
            .await,
        "platforms/get",
    );
    let job: Option<SyncProgress> = alice
        .call("platforms/sync-job", &[("id", &a_platform)])
        .await
        .unwrap();
    assert!(job.is_none());
    not_found(
        alice
            .call::<Option<SyncProgress>>("platforms/sync-job", &[("id", &b_platform)])
            .await,
        "platforms/sync-job",
    );

    // Links.
    let scopes: Vec<FuncScopeInfo> = alice.call("links/func-scopes", &[]).await.unwrap();
    assert!(scopes.iter().any(|s| s.id == 1 && s.name.zh == "消息管理"));
    let link: LinkInfo = alice
        .call("links/get", &[("id", &a.link.to_string())])
        .await
        .unwrap();
    assert_eq!(link.state, LinkState::Active);
    let who = &link.authorizations[0];
    assert_eq!(who.appid, a.authorizer_appid);
    assert_eq!(who.authorizer_id, Some(a.authorizer));
    not_found(
        alice
            .call::<LinkInfo>("links/get", &[("id", &b.link.to_string())])
            .await,
        "links/get",
    );
    let recent: Vec<LinkInfo> = alice
        .call("links/recent", &[("platform_id", &a_platform)])
        .await
        .unwrap();
    assert_eq!(
        recent.iter().map(|l| l.id).collect::<Vec<_>>(),
        [a.link],
        "only A's links"
    );
    not_found(
        alice
            .call::<Vec<LinkInfo>>("links/recent", &[("platform_id", &b_platform)])
            .await,
        "links/recent",
    );

    // Authorizers.
    let page: ListPage<AuthorizerItem> = alice.call("authorizers/list", &[]).await.unwrap();
    assert_eq!(page.page.total, 1);
    assert_eq!(page.items[0].appid, a.authorizer_appid);
    assert_eq!(
        page.items[0]
            .funcs
            .iter()
            .map(|f| f.name.zh.as_str())
            .collect::<Vec<_>>(),
        ["消息管理", "用户管理"]
    );
    for (k, v) in [
        ("query[platform]", b_platform.as_str()),
        ("query[q]", b.authorizer_appid.as_str()),
    ] {
        let page: ListPage<AuthorizerItem> =
            alice.call("authorizers/list", &[(k, v)]).await.unwrap();
        assert_eq!(page.page.total, 0, "filter {k}");
        assert!(page.items.is_empty());
    }
    let detail: AuthorizerInfo = alice
        .call("authorizers/get", &[("id", &a.authorizer.to_string())])
        .await
        .unwrap();
    assert_eq!(detail.item.nick_name, "Account of A");
    assert!(detail.has_refresh_token);
    assert!(
        detail.events.iter().any(|e| e.info_type == "authorized"),
        "the authorization is in the account's history"
    );
    assert!(detail.events.iter().all(|e| e.platform_id == a.platform));
    not_found(
        alice
            .call::<AuthorizerInfo>("authorizers/get", &[("id", &b.authorizer.to_string())])
            .await,
        "authorizers/get",
    );

    // Events, refused pushes, registrations.
    let events: ListPage<EventItem> = alice.call("events/list", &[]).await.unwrap();
    assert!(events.page.total >= 3, "ticket, authorized, registration");
    assert!(events.items.iter().all(|e| e.platform_id == a.platform));
    assert!(
        events
            .items
            .iter()
            .filter(|e| e.info_type == "component_verify_ticket")
            .all(|e| e.content.contains("(masked)")),
        "tickets are masked"
    );
    let foreign: ListPage<EventItem> = alice
        .call("events/list", &[("query[platform]", &b_platform)])
        .await
        .unwrap();
    assert_eq!(foreign.page.total, 0);
    let tickets: ListPage<EventItem> = alice
        .call(
            "events/list",
            &[("query[info_type]", "component_verify_ticket")],
        )
        .await
        .unwrap();
    assert!(!tickets.items.is_empty());
    assert!(
        tickets
            .items
            .iter()
            .all(|e| e.info_type == "component_verify_ticket")
    );
    match alice
        .call::<ListPage<EventItem>>("events/list", &[("query[from]", "29/11/2026")])
        .await
    {
        Err((StatusCode::UNPROCESSABLE_ENTITY, AppError::Invalid(m))) => {
            assert!(m.zh.contains("请求参数无效"), "{m:?}");
        }
        other => panic!("a malformed date: {other:?}"),
    }
    let refused: Vec<RejectionItem> = alice.call("events/rejections", &[]).await.unwrap();
    assert!(!refused.is_empty());
    assert!(refused.iter().all(|r| r.platform_appid == a.appid));
    let tasks: ListPage<TaskItem> = alice.call("registrations/list", &[]).await.unwrap();
    assert_eq!(tasks.page.total, 1);
    let task = &tasks.items[0];
    assert_eq!(
        (task.id, task.platform_name.as_str()),
        (a.task, a.name.as_str())
    );
    assert_eq!(
        (task.state, task.wechat_status),
        (TaskState::Failed, Some(2))
    );
    assert!(
        task.error.as_ref().is_some_and(|e| e.zh.contains("拒绝")),
        "{task:?}"
    );

    // Overview.
    let o: Overview = alice.call("overview", &[]).await.unwrap();
    assert_eq!(
        (
            o.members,
            o.platforms,
            o.authorizers,
            o.revoked,
            o.needs_reauth
        ),
        (3, 1, 1, 0, 0)
    );
    assert!(o.events_24h >= 3);
    assert_eq!((o.tasks_running, o.tasks_failed), (0, 1));
    assert!(o.alarms.iter().all(|al| al.platform_id == a.platform));
    assert_eq!(o.alarm_count, o.alarms.len() as u64);
}

#[tokio::test]
async fn another_tenants_data_is_not_found_and_stays_unchanged() {
    let w = world().await;
    let alice = User::sign_in(&w.app, "alice", "alice-password").await;
    let b = &w.b;
    let (platform, link, authorizer, task) = (
        b.platform.to_string(),
        b.link.to_string(),
        b.authorizer.to_string(),
        b.task.to_string(),
    );
    for (endpoint, args, _) in endpoints(&platform, &link, &authorizer, &task) {
        // Lists and new rows are scoped by the session, not by ids: checked elsewhere.
        if args
            .iter()
            .all(|(k, _)| !["id", "platform_id", "authorizer_id"].contains(k))
        {
            continue;
        }
        not_found(alice.call::<Value>(endpoint, &args).await, endpoint);
    }
    let p = platforms::get(&w.app.svc, b.tenant, b.platform)
        .await
        .unwrap();
    assert_eq!((p.name.as_str(), p.enabled), (b.name.as_str(), true));
    assert_eq!(
        authorization::recent_links(&w.app.svc, b.tenant, b.platform, 10)
            .await
            .unwrap()
            .len(),
        1,
        "no link was created on B's platform"
    );
    assert!(
        authorizers::sync_job(&w.app.svc, b.tenant, b.platform)
            .await
            .unwrap()
            .is_none(),
        "no sync was started on B's platform"
    );
    // Bob still sees his own data.
    let bob = User::sign_in(&w.app, "bob", "bob-password").await;
    let own: Vec<PlatformSummary> = bob.call("platforms/list", &[]).await.unwrap();
    assert_eq!(own.len(), 1);
    assert_eq!(own[0].appid, b.appid);
}

#[tokio::test]
async fn viewers_read_operators_act_and_admins_manage_platforms() {
    let w = world().await;
    let a = &w.a;
    let (platform, link, authorizer, task) = (
        a.platform.to_string(),
        a.link.to_string(),
        a.authorizer.to_string(),
        a.task.to_string(),
    );

    // The viewer reads everything and changes nothing.
    let carol = User::sign_in(&w.app, "carol", "carol-password").await;
    for (endpoint, args, changes) in endpoints(&platform, &link, &authorizer, &task) {
        let r = carol.call::<Value>(endpoint, &args).await;
        if changes {
            forbidden(r, endpoint);
        } else {
            assert!(r.is_ok(), "{endpoint}: {r:?}");
        }
    }

    // The operator acts on WeChat but cannot manage platforms.
    let olga = User::sign_in(&w.app, "olga", "olga-password").await;
    for endpoint in [
        "platforms/create",
        "platforms/update",
        "platforms/set-enabled",
        "platforms/set-webhook",
        "platforms/rotate-webhook-secret",
        "platforms/retire-previous-key",
    ] {
        let (_, args, _) = endpoints(&platform, &link, &authorizer, &task)
            .into_iter()
            .find(|(e, _, _)| *e == endpoint)
            .unwrap();
        forbidden(olga.call::<Value>(endpoint, &args).await, endpoint);
    }
    olga.call::<()>("platforms/push-ticket", &[("id", &platform)])
        .await
        .unwrap();
    let created: LinkInfo = olga
        .call(
            "links/create",
            &[
                ("platform_id", &platform),
                ("target[kind]", "type"),
                ("target[accounts]", "official_accounts"),
                ("funcs[0]", "1"),
                ("funcs[1]", "2"),
                ("funcs[2]", "3"),
                ("valid_hours", "24"),
                ("single_use", "true"),
            ],
        )
        .await
        .unwrap();
    assert_eq!(created.state, LinkState::Active);
    assert!(created.qr_svg.contains("<svg"), "a QR code while active");
    assert!(
        created
            .url
            .starts_with(&format!("{}/authorize/", w.app.base_url)),
        "a page on the console, never WeChat's URL: {}",
        created.url
    );
    assert!(created.single_use);
    assert_eq!(created.func_names.len(), 3);
    // A malformed account, or a choice that does not exist, is refused with a reason.
    for (args, says) in [
        (
            vec![("target[kind]", "account"), ("target[appid]", "wx123")],
            "AppID",
        ),
        (vec![("target[kind]", "everyone")], "参数"),
    ] {
        let mut args = args;
        args.push(("platform_id", &platform));
        let refused = olga
            .call::<LinkInfo>("links/create", &args)
            .await
            .unwrap_err();
        match refused {
            (StatusCode::UNPROCESSABLE_ENTITY, AppError::Invalid(m)) => {
                assert!(m.zh.contains(says), "{m:?}");
            }
            other => panic!("{args:?}: {other:?}"),
        }
    }
    let refreshed: Bi = olga
        .call("authorizers/refresh-token", &[("id", &authorizer)])
        .await
        .unwrap();
    assert!(refreshed.zh.starts_with("令牌已刷新"), "{refreshed:?}");
    olga.call::<()>("authorizers/sync", &[("id", &authorizer)])
        .await
        .unwrap();
    let started: SyncProgress = olga
        .call("platforms/sync-all", &[("id", &platform)])
        .await
        .unwrap();
    let done = eventually("the sync job", || async {
        let p: Option<SyncProgress> = olga
            .call("platforms/sync-job", &[("id", &platform)])
            .await
            .unwrap();
        p.filter(|p| !p.running())
    })
    .await;
    assert_eq!((done.id, done.status.as_str()), (started.id, "done"));
    assert_eq!(done.total, 1);

    // The admin adds, edits, disables and enables platforms.
    let alice = User::sign_in(&w.app, "alice", "alice-password").await;
    let new_appid = random_appid();
    let id: PlatformId = alice
        .call(
            "platforms/create",
            &[
                ("name", "Added by alice"),
                ("appid", &new_appid),
                ("secret", "0123456789abcdef0123456789abcdef"),
                ("token", "token123"),
                ("aes_key", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"),
            ],
        )
        .await
        .unwrap();
    let id = id.to_string();
    let bad = alice
        .call::<PlatformId>(
            "platforms/create",
            &[
                ("name", "Bad"),
                ("appid", "gh_123"),
                ("secret", "0123456789abcdef0123456789abcdef"),
                ("token", "token123"),
                ("aes_key", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"),
            ],
        )
        .await
        .unwrap_err();
    assert!(matches!(&bad.1, AppError::Invalid(m) if m.en.contains("AppID")));
    alice
        .call::<()>(
            "platforms/update",
            &[
                ("id", &id),
                ("name", "Renamed"),
                ("aes_key", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg"),
            ],
        )
        .await
        .unwrap();
    alice
        .call::<()>(
            "platforms/set-enabled",
            &[("id", &id), ("enabled", "false")],
        )
        .await
        .unwrap();
    let edited: PlatformDetail = alice.call("platforms/get", &[("id", &id)]).await.unwrap();
    assert_eq!(edited.summary.name, "Renamed");
    assert!(!edited.summary.enabled);
    assert!(edited.has_previous_key, "the rotated key is kept");
    let list: Vec<PlatformSummary> = alice.call("platforms/list", &[]).await.unwrap();
    assert_eq!(list.len(), 2);
}

#[tokio::test]
async fn pages_render_on_the_server_with_only_the_own_tenant() {
    let w = world().await;
    let (a, b) = (&w.a, &w.b);
    w.app.login("alice", "alice-password").await.unwrap();
    for path in [
        "/".to_string(),
        "/platforms".to_string(),
        "/platforms/new".to_string(),
        format!("/platforms/{}", a.platform),
        format!("/platforms/{}/link", a.platform),
        format!("/platforms/{}/links/{}", a.platform, a.link),
        "/authorizers".to_string(),
        format!(
            "/authorizers?status=authorized&platform={}&page=1",
            a.platform
        ),
        format!("/authorizers/{}", a.authorizer),
        "/events".to_string(),
        "/events?type=authorized&from=2020-01-01".to_string(),
        "/registrations".to_string(),
    ] {
        let res = w.app.get(&path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let html = res.text().await.unwrap();
        assert!(
            !html.contains(&b.name) && !html.contains(&b.appid),
            "{path} shows B"
        );
        assert!(
            !html.contains(&b.authorizer_appid),
            "{path} shows B's account"
        );
    }
    // A verified service account without the web-service set: web OAuth is explained as
    // unavailable before anyone builds on it (reference B25).
    let html = w
        .app
        .get(&format!("/authorizers/{}", a.authorizer))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(r#"data-testid="authorizer-web-oauth" data-allowed="false""#)
            && html.contains("网页服务"),
        "{html}"
    );
    let html = w.app.get("/authorizers").await.text().await.unwrap();
    assert!(html.contains("Account of A") && html.contains("消息管理"));
    // A malformed filter in the address names itself; the filter form stays usable.
    for (path, key) in [
        ("/events?from=29%2F11%2F2026", "from"),
        ("/authorizers?status=gone", "status"),
        ("/messages?page=x", "page"),
    ] {
        let html = w.app.get(path).await.text().await.unwrap();
        assert!(
            html.contains(&format!("筛选条件 {key} 的值")),
            "{path}: {html}"
        );
        assert!(html.contains("data-testid=\"filter-submit\""), "{path}");
    }
    let html = w
        .app
        .get(&format!("/platforms/{}", a.platform))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(&format!("/wechat/{}/events", a.appid)));
    for path in [
        format!("/platforms/{}", b.platform),
        format!("/platforms/{}/links/{}", b.platform, b.link),
        format!("/authorizers/{}", b.authorizer),
    ] {
        let html = w.app.get(&path).await.text().await.unwrap();
        assert!(html.contains("未找到该资源"), "{path}");
        assert!(
            !html.contains(&b.name) && !html.contains(&b.authorizer_appid),
            "{path}"
        );
    }
}
