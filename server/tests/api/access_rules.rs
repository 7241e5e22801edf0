//! One rule per server function and per HTTP route, and a walk that holds the server to it
//! (issue 11): every function is called as an anonymous visitor, as each role of tenant A and as
//! tenant B's owner with A's ids, and every route is visited anonymously. The rule tables must
//! name every function the server registers and every route it serves, so adding one without
//! deciding who may use it fails here.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the test failing

use std::collections::BTreeSet;

use console_app::error::AppError;
use console_core::accounts::{Permission, Role};
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{FnResult, TestApp, call_with, client};
use crate::isolation_platforms::{World, world, world_on_postgres};

/// Who may call a server function or open a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rule {
    /// Anyone, signed in or not (signing in, opening an invitation).
    Anyone,
    /// Any signed-in member, whatever the role (their own session and password).
    SignedIn,
    /// A member whose role in the session's tenant has this permission.
    Role(Permission),
    /// A platform administrator only.
    PlatformAdmin,
}

/// What a function's arguments point at: nothing of a tenant's, or tenant A's data (another
/// tenant's member must then find nothing).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Names {
    Nothing,
    TenantA,
}

pub(crate) struct Function {
    pub(crate) endpoint: &'static str,
    rule: Rule,
    names: Names,
    pub(crate) args: Vec<(&'static str, String)>,
    /// Calling it ends the caller's session (the walk signs in again).
    ends_session: bool,
}

fn f(endpoint: &'static str, rule: Rule, names: Names, args: &[(&'static str, &str)]) -> Function {
    Function {
        endpoint,
        rule,
        names,
        args: args.iter().map(|(k, v)| (*k, v.to_string())).collect(),
        ends_session: false,
    }
}

/// Tenant A's things the arguments name.
pub(crate) struct Ids {
    tenant: String,
    platform: String,
    platform_name: String,
    link: String,
    authorizer: String,
    task: String,
    /// A member of A the walk may change (role, disable, remove).
    spare: String,
}

impl Ids {
    fn of(w: &World, spare: &str) -> Self {
        Self {
            tenant: w.a.tenant.to_string(),
            platform: w.a.platform.to_string(),
            platform_name: w.a.name.clone(),
            link: w.a.link.to_string(),
            authorizer: w.a.authorizer.to_string(),
            task: w.a.task.to_string(),
            spare: spare.to_string(),
        }
    }

    /// Ids naming nothing, for reading the table's names.
    pub(crate) fn none() -> Self {
        let n = || "1".to_string();
        Self {
            tenant: n(),
            platform: n(),
            platform_name: n(),
            link: n(),
            authorizer: n(),
            task: n(),
            spare: n(),
        }
    }
}

/// Every server function, with its rule and arguments naming tenant A's things.
pub(crate) fn functions(ids: &Ids) -> Vec<Function> {
    use Names::{Nothing, TenantA};
    use Rule::{Anyone, PlatformAdmin, SignedIn};
    let view = Rule::Role(Permission::View);
    let operate = Rule::Role(Permission::Operate);
    let platforms = Rule::Role(Permission::ManagePlatforms);
    let members = Rule::Role(Permission::ManageMembers);
    let api_keys = Rule::Role(Permission::ManageApiKeys);
    let (p, l, a, t) = (&ids.platform, &ids.link, &ids.authorizer, &ids.task);
    let (tenant_a, spare) = (&ids.tenant, ids.spare.as_str());
    let mut list = vec![
        // Signing in and out.
        f("auth/login", Anyone, Nothing, &[]),
        f("auth/hints", Anyone, Nothing, &[]),
        f("auth/session", view, Nothing, &[]),
        f(
            "auth/switch-tenant",
            view,
            TenantA,
            &[("tenant_id", tenant_a)],
        ),
        f(
            "auth/change-password",
            view,
            Nothing,
            &[
                ("current", "not-the-password"),
                ("new", "another-password-1"),
            ],
        ),
        Function {
            ends_session: true,
            ..f("auth/sign-out-everywhere", view, Nothing, &[])
        },
        Function {
            ends_session: true,
            ..f("auth/logout", Anyone, Nothing, &[])
        },
        // Members and invitations.
        f("members/list", view, Nothing, &[]),
        f(
            "members/set-role",
            members,
            TenantA,
            &[("user_id", spare), ("role", "operator")],
        ),
        f("members/disable", members, TenantA, &[("user_id", spare)]),
        f("members/enable", members, TenantA, &[("user_id", spare)]),
        f("members/remove", members, TenantA, &[("user_id", spare)]),
        f(
            "members/invite",
            members,
            Nothing,
            &[("role", "viewer"), ("note", "walk")],
        ),
        f("members/invitations", members, Nothing, &[]),
        f(
            "members/revoke-invitation",
            members,
            TenantA,
            &[("id", "1")],
        ),
        f(
            "invitations/open",
            Anyone,
            Nothing,
            &[("token", "no-such-token")],
        ),
        f(
            "invitations/accept",
            SignedIn,
            Nothing,
            &[("token", "no-such-token")],
        ),
        f(
            "invitations/register",
            Anyone,
            Nothing,
            &[
                ("token", "no-such-token"),
                ("username", "walker"),
                ("display_name", ""),
                ("password", "walker-password"),
            ],
        ),
        f("audit/list", members, Nothing, &[]),
        // API keys of the platform API.
        f("api-keys/list", api_keys, Nothing, &[]),
        f(
            "api-keys/create",
            api_keys,
            Nothing,
            &[("name", "walk"), ("scopes[0]", "tokens")],
        ),
        f("api-keys/revoke", api_keys, TenantA, &[("id", "1")]),
        // Alerts (issue 14): channels for administrators and owners, the history for everyone.
        f(
            "alerts/channels",
            Rule::Role(Permission::ManageAlerts),
            Nothing,
            &[],
        ),
        f(
            "alerts/add",
            Rule::Role(Permission::ManageAlerts),
            Nothing,
            &[
                ("kind", "webhook"),
                ("name", "walk"),
                ("url", "https://127.0.0.1:9/walk"),
            ],
        ),
        f(
            "alerts/test",
            Rule::Role(Permission::ManageAlerts),
            TenantA,
            &[("id", "1")],
        ),
        f(
            "alerts/remove",
            Rule::Role(Permission::ManageAlerts),
            TenantA,
            &[("id", "1")],
        ),
        f("alerts/history", view, Nothing, &[]),
        // Platform administration.
        f("tenants/list", PlatformAdmin, Nothing, &[]),
        f(
            "tenants/create",
            PlatformAdmin,
            Nothing,
            &[("name", "Walk Tenant"), ("owner_note", "")],
        ),
        f(
            "tenants/suspend",
            PlatformAdmin,
            TenantA,
            &[("id", tenant_a)],
        ),
        f(
            "tenants/resume",
            PlatformAdmin,
            TenantA,
            &[("id", tenant_a)],
        ),
        // The overview.
        f("overview", view, Nothing, &[]),
        // The charts (issue 14): a platform's are its tenant's only.
        f(
            "charts",
            view,
            TenantA,
            &[("platform", p), ("span", "Hours24"), ("locale", "Zh")],
        ),
        // Platforms.
        f("platforms/list", view, Nothing, &[]),
        f("platforms/get", view, TenantA, &[("id", p)]),
        f(
            "platforms/create",
            platforms,
            Nothing,
            &[
                ("name", "x"),
                ("appid", "wx0123456789abcdef"),
                ("secret", "0123456789abcdef0123456789abcdef"),
                ("token", "token123"),
                ("aes_key", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"),
            ],
        ),
        f(
            "platforms/update",
            platforms,
            TenantA,
            &[("id", p), ("name", &ids.platform_name)],
        ),
        f(
            "platforms/set-enabled",
            platforms,
            TenantA,
            &[("id", p), ("enabled", "true")],
        ),
        f(
            "platforms/retire-previous-key",
            platforms,
            TenantA,
            &[("id", p)],
        ),
        f("platforms/push-ticket", operate, TenantA, &[("id", p)]),
        f(
            "platforms/set-webhook",
            platforms,
            TenantA,
            &[("id", p), ("url", "https://hooks.example.com/in")],
        ),
        f(
            "platforms/rotate-webhook-secret",
            platforms,
            TenantA,
            &[("id", p)],
        ),
        f("platforms/sync-all", operate, TenantA, &[("id", p)]),
        f("platforms/sync-job", view, TenantA, &[("id", p)]),
        // Web OAuth on behalf of official accounts.
        f("web-oauth/return-origins", view, TenantA, &[("id", p)]),
        f(
            "web-oauth/set-return-origins",
            platforms,
            TenantA,
            &[("id", p), ("origins", "https://shop.example.com")],
        ),
        f("web-oauth/start-address", view, TenantA, &[("id", a)]),
        // Links.
        f("links/func-scopes", view, Nothing, &[]),
        f(
            "links/create",
            operate,
            TenantA,
            &[("platform_id", p), ("target[kind]", "any")],
        ),
        f("links/get", view, TenantA, &[("id", l)]),
        f("links/revoke", operate, TenantA, &[("id", l)]),
        f("links/recent", view, TenantA, &[("platform_id", p)]),
        // Authorizers, events, messages.
        f("authorizers/list", view, Nothing, &[]),
        f("authorizers/get", view, TenantA, &[("id", a)]),
        f("authorizers/refresh-token", operate, TenantA, &[("id", a)]),
        f("authorizers/sync", operate, TenantA, &[("id", a)]),
        f("events/list", view, Nothing, &[]),
        f("events/rejections", view, Nothing, &[]),
        f("messages/list", view, Nothing, &[]),
        f("messages/retry", operate, Nothing, &[("id", "1")]),
        // Registrations.
        f("registrations/list", view, Nothing, &[]),
        f("registrations/get", view, TenantA, &[("id", t)]),
        f(
            "registrations/rename",
            operate,
            TenantA,
            &[("id", t), ("name", "小鹅优选商城")],
        ),
        f(
            "registrations/verify",
            operate,
            TenantA,
            &[
                ("id", t),
                ("name", "深圳市小鹅科技有限公司"),
                ("code", "91440300708461136T"),
                ("phone", "13800138000"),
            ],
        ),
        f(
            "registrations/reuse-candidates",
            view,
            TenantA,
            &[("platform_id", p)],
        ),
        f(
            "registrations/followers",
            operate,
            TenantA,
            &[("authorizer_id", a)],
        ),
        // Business calls on behalf of an authorizer, and the quota tools.
        f(
            "business/user-info",
            operate,
            TenantA,
            &[("id", a), ("openid", "o-walk")],
        ),
        f(
            "business/send-text",
            operate,
            TenantA,
            &[("id", a), ("openid", "o-walk"), ("text", "walk")],
        ),
        f("business/calls", view, TenantA, &[("id", a)]),
        f(
            "quota/platform/get",
            operate,
            TenantA,
            &[("id", p), ("cgi_path", "/cgi-bin/user/info")],
        ),
        f(
            "quota/authorizer/get",
            operate,
            TenantA,
            &[("id", a), ("cgi_path", "/cgi-bin/user/info")],
        ),
        f("quota/platform/resets", operate, TenantA, &[("id", p)]),
        f("quota/authorizer/resets", operate, TenantA, &[("id", a)]),
        f("quota/platform/reset", platforms, TenantA, &[("id", p)]),
        f("quota/authorizer/reset", platforms, TenantA, &[("id", a)]),
        f(
            "quota/platform/diagnose",
            operate,
            TenantA,
            &[("id", p), ("text", "rid: 0000-walk")],
        ),
        f(
            "quota/authorizer/diagnose",
            operate,
            TenantA,
            &[("id", a), ("text", "rid: 0000-walk")],
        ),
    ];
    // `registrations/start` takes JSON; the walk sends it as such.
    list.push(f("registrations/start", operate, TenantA, &[]));
    list
}

/// The JSON body of `registrations/start` naming A's platform.
fn start_body(w: &World) -> Value {
    serde_json::json!({
        "platform_id": w.a.platform,
        "form": { "kind": "personal", "wxuser": "walk_wxuser", "phone": "13800000000" }
    })
}

struct Caller {
    client: reqwest::Client,
    base_url: String,
    login: Option<(&'static str, &'static str)>,
}

impl Caller {
    async fn new(app: &TestApp, login: Option<(&'static str, &'static str)>) -> Self {
        let c = Self {
            client: client(),
            base_url: app.base_url.clone(),
            login,
        };
        c.sign_in().await;
        c
    }

    async fn sign_in(&self) {
        if let Some((user, password)) = self.login {
            call_with::<()>(
                &self.client,
                &self.base_url,
                "auth/login",
                &[("username", user), ("password", password)],
            )
            .await
            .unwrap_or_else(|e| panic!("{user} signs in: {e:?}"));
        }
    }

    async fn call(&self, w: &World, func: &Function, n: usize) -> FnResult<Value> {
        let r = if func.endpoint == "registrations/start" {
            crate::helpers::call_json_with(
                &self.client,
                &self.base_url,
                func.endpoint,
                &start_body(w),
            )
            .await
        } else if func.endpoint == "auth/login" {
            // A name nobody has, new every time: a refused sign-in, never a throttled one.
            let name = format!("nobody{n}");
            call_with(
                &self.client,
                &self.base_url,
                func.endpoint,
                &[("username", &name), ("password", "not-a-password")],
            )
            .await
        } else {
            let args: Vec<(&str, &str)> = func.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            call_with(&self.client, &self.base_url, func.endpoint, &args).await
        };
        if func.ends_session {
            self.sign_in().await;
        }
        r
    }
}

fn refused_as(r: &FnResult<Value>) -> Option<AppError> {
    match r {
        Err((_, e @ (AppError::Unauthorized | AppError::Forbidden))) => Some(e.clone()),
        _ => None,
    }
}

#[test]
fn every_server_function_has_a_rule() {
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_string())
        .collect();
    let ruled: BTreeSet<String> = functions(&Ids::none())
        .iter()
        .map(|f| f.endpoint.to_string())
        .collect();
    let missing: Vec<_> = registered.difference(&ruled).collect();
    let stale: Vec<_> = ruled.difference(&registered).collect();
    assert!(
        missing.is_empty(),
        "server functions without an access rule (add them to access_rules.rs): {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "rules for functions that no longer exist: {stale:?}"
    );
}

#[tokio::test]
async fn every_server_function_follows_its_rule() {
    walk(world().await).await;
}

#[tokio::test]
async fn every_server_function_follows_its_rule_on_postgres() {
    let Some(w) = world_on_postgres().await else {
        eprintln!("PostgreSQL not configured: skipped");
        return;
    };
    walk(w).await;
}

async fn walk(w: World) {
    let app = &w.app;
    // Tenant A has alice (admin), olga (operator), carol (viewer); an owner and a spare member
    // join it for the walk.
    app.seed_member("Tenant A", "owen", "owen-password", Role::Owner)
        .await;
    let (_, spare) = app
        .seed_member("Tenant A", "sam", "sam-password", Role::Viewer)
        .await;
    let table = functions(&Ids::of(&w, &spare.to_string()));

    let mut n = 0;
    // Anonymous.
    let anonymous = Caller::new(app, None).await;
    for func in &table {
        n += 1;
        let r = anonymous.call(&w, func, n).await;
        let expected = (func.rule != Rule::Anyone).then_some(AppError::Unauthorized);
        assert_eq!(
            refused_as(&r),
            expected,
            "anonymous {}: {r:?}",
            func.endpoint
        );
    }
    // Each role of tenant A, the weakest first (what the stronger ones change comes last).
    for (role, login) in [
        (Role::Viewer, ("carol", "carol-password")),
        (Role::Operator, ("olga", "olga-password")),
        (Role::Admin, ("alice", "alice-password")),
        (Role::Owner, ("owen", "owen-password")),
    ] {
        let caller = Caller::new(app, Some(login)).await;
        for func in &table {
            n += 1;
            let r = caller.call(&w, func, n).await;
            let expected = match func.rule {
                Rule::Anyone | Rule::SignedIn => None,
                Rule::Role(p) => (!role.allows(p)).then_some(AppError::Forbidden),
                Rule::PlatformAdmin => Some(AppError::Forbidden),
            };
            assert_eq!(
                refused_as(&r),
                expected,
                "{} ({role:?}) {}: {r:?}",
                login.0,
                func.endpoint
            );
        }
    }
    // Tenant B's owner, with A's ids: refused or nothing found, never A's data changed or shown.
    let bob = Caller::new(app, Some(("bob", "bob-password"))).await;
    for func in table.iter().filter(|f| f.names == Names::TenantA) {
        n += 1;
        let r = bob.call(&w, func, n).await;
        match &r {
            Err((StatusCode::NOT_FOUND, AppError::NotFound))
            | Err((StatusCode::FORBIDDEN, AppError::Forbidden)) => {}
            other => panic!("bob with tenant A's ids {}: {other:?}", func.endpoint),
        }
    }
}

/// Who may open a route that is not a server function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Route {
    /// Open to anyone.
    Public,
    /// A staff page: anonymous visitors are sent to the login page, members whose role lacks the
    /// permission are refused.
    Staff(Permission),
    /// A WeChat endpoint: only a correctly signed request is accepted.
    WeChat,
    /// A merchant page: only a valid token in the path opens anything.
    Merchant,
    /// A platform administrator's page: anonymous visitors go to the login page, members of a
    /// tenant are refused.
    PlatformAdmin,
    /// The platform API: nothing without a valid API key (401), whatever the method.
    ApiKey,
    /// Off unless configured (`/metrics` without `WXOPEN_METRICS_TOKEN`): not found.
    Off,
}

/// Every route the server declares outside the Leptos page list, as written in its source.
pub(crate) const HTTP_ROUTES: &[(&str, Route, &str)] = &[
    ("/healthz", Route::Public, "/healthz"),
    ("/readyz", Route::Public, "/readyz"),
    (
        "/authorizers/{id}/media/{media_id}",
        Route::Staff(Permission::Operate),
        "/authorizers/999999/media/walk",
    ),
    (
        "/api/v1/openapi.json",
        Route::Public,
        "/api/v1/openapi.json",
    ),
    ("/metrics", Route::Off, "/metrics"),
    ("/api/v1/platforms", Route::ApiKey, "/api/v1/platforms"),
    (
        "/api/v1/oauth/results/{ticket}",
        Route::ApiKey,
        "/api/v1/oauth/results/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ),
    (
        "/api/v1/platforms/{component_appid}/component-token",
        Route::ApiKey,
        "/api/v1/platforms/wx0000000000000000/component-token",
    ),
    (
        "/api/v1/platforms/{component_appid}/component-token/invalid",
        Route::ApiKey,
        "/api/v1/platforms/wx0000000000000000/component-token/invalid",
    ),
    (
        "/api/v1/platforms/{component_appid}/authorizers",
        Route::ApiKey,
        "/api/v1/platforms/wx0000000000000000/authorizers",
    ),
    (
        "/api/v1/platforms/{component_appid}/authorizers/{authorizer_appid}/access-token",
        Route::ApiKey,
        "/api/v1/platforms/wx0000000000000000/authorizers/wx1111111111111111/access-token",
    ),
    (
        "/api/v1/platforms/{component_appid}/authorizers/{authorizer_appid}/access-token/invalid",
        Route::ApiKey,
        "/api/v1/platforms/wx0000000000000000/authorizers/wx1111111111111111/access-token/invalid",
    ),
    (
        "/api/v1/platforms/{component_appid}/authorizers/{authorizer_appid}/jsapi-ticket",
        Route::ApiKey,
        "/api/v1/platforms/wx0000000000000000/authorizers/wx1111111111111111/jsapi-ticket",
    ),
    (
        "/api/v1/platforms/{component_appid}/registrations",
        Route::ApiKey,
        "/api/v1/platforms/wx0000000000000000/registrations",
    ),
    (
        "/api/v1/platforms/{component_appid}/registrations/{task_id}",
        Route::ApiKey,
        "/api/v1/platforms/wx0000000000000000/registrations/1",
    ),
    (
        "/api/v1/platforms/{component_appid}/registrations/{task_id}/rename",
        Route::ApiKey,
        "/api/v1/platforms/wx0000000000000000/registrations/1/rename",
    ),
    (
        "/api/v1/platforms/{component_appid}/registrations/{task_id}/verify",
        Route::ApiKey,
        "/api/v1/platforms/wx0000000000000000/registrations/1/verify",
    ),
    (
        "/api/v1/proxy/{component_appid}/{authorizer_appid}/{*wechat_path}",
        Route::ApiKey,
        "/api/v1/proxy/wx0000000000000000/wx1111111111111111/cgi-bin/user/info",
    ),
    (
        "/wechat/{appid}/events",
        Route::WeChat,
        "/wechat/wx0000000000000000/events",
    ),
    (
        "/wechat/{appid}/messages/{authorizer_appid}",
        Route::WeChat,
        "/wechat/wx0000000000000000/messages/wx1111111111111111",
    ),
    (
        "/wechat/{appid}/authorized",
        Route::Merchant,
        "/wechat/wx0000000000000000/authorized?auth_code=queryauthcode@@@x",
    ),
    (
        "/authorize/{token}",
        Route::Merchant,
        "/authorize/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ),
    (
        "/register/{token}",
        Route::Merchant,
        "/register/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ),
    (
        "/wechat/{appid}/fastregister",
        Route::Merchant,
        "/wechat/wx0000000000000000/fastregister",
    ),
    (
        "/oauth/{component_appid}/{authorizer_appid}/start",
        Route::Merchant,
        "/oauth/wx0000000000000000/wx1111111111111111/start?scope=snsapi_base&return_to=https%3A%2F%2Fshop.example.com%2F",
    ),
    (
        "/oauth/callback",
        Route::Merchant,
        "/oauth/callback?code=061x&state=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ),
];

/// The pages of the Leptos app: (path pattern, rule).
const PAGES: &[(&str, Route)] = &[
    ("/login", Route::Public),
    ("/invite/:token", Route::Public),
    ("/tenants", Route::PlatformAdmin),
    ("/audit", Route::Staff(Permission::ManageMembers)),
];

/// The `.route("...")` paths written in the server's source.
fn declared_routes() -> BTreeSet<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = BTreeSet::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let src = std::fs::read_to_string(&path).unwrap();
                let mut rest = src.as_str();
                while let Some(at) = rest.find(".route(") {
                    rest = &rest[at + ".route(".len()..];
                    let literal = rest.trim_start();
                    let literal = literal.strip_prefix('"').unwrap_or_else(|| {
                        panic!("{}: a route whose path is not a literal", path.display())
                    });
                    found.insert(literal[..literal.find('"').unwrap()].to_string());
                }
            }
        }
    }
    found
}

#[test]
fn every_http_route_has_a_rule() {
    let declared = declared_routes();
    let ruled: BTreeSet<String> = HTTP_ROUTES.iter().map(|(p, ..)| p.to_string()).collect();
    assert_eq!(declared, ruled, "routes in server/src against HTTP_ROUTES");
}

/// Leptos writes `:name` or `{name}` depending on the integration: one form for comparing.
fn pattern(path: &str) -> String {
    path.split('/')
        .map(
            |seg| match seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => format!(":{name}"),
                None => seg.to_string(),
            },
        )
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn every_route_and_page_follows_its_rule() {
    let app = TestApp::builder().build().await;
    app.seed_member("Acme", "vera", "vera-password", Role::Viewer)
        .await;
    let anonymous = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for (_, rule, example) in HTTP_ROUTES {
        let url = format!("{}{example}", app.base_url);
        let get = anonymous.get(&url).send().await.unwrap().status();
        let post = anonymous
            .post(&url)
            .body("<xml></xml>")
            .send()
            .await
            .unwrap()
            .status();
        match rule {
            Route::Public => assert_eq!(get, StatusCode::OK, "{example}"),
            // Unsigned and for an unknown platform: refused, never accepted, never a crash.
            Route::WeChat => assert!(post.is_client_error(), "{example}: {post}"),
            // An unknown token or platform opens nothing.
            Route::Merchant => {
                assert!(get.is_client_error(), "{example}: GET {get}");
                assert!(
                    !post.is_success() && !post.is_server_error(),
                    "{example}: POST {post}"
                );
            }
            // Whichever method the route takes answers 401 without a key; the other is refused.
            Route::ApiKey => {
                assert!(
                    get == StatusCode::UNAUTHORIZED || post == StatusCode::UNAUTHORIZED,
                    "{example}: GET {get}, POST {post}"
                );
                for s in [get, post] {
                    assert!(s.is_client_error(), "{example}: {s}");
                }
            }
            // A staff download: anonymous visitors are sent to sign in (its role and tenant
            // checks are in business_calls.rs).
            Route::Staff(_) => assert_eq!(get, StatusCode::SEE_OTHER, "{example}"),
            Route::Off => {
                assert_eq!(get, StatusCode::NOT_FOUND, "{example}");
                assert!(post.is_client_error(), "{example}: {post}");
            }
            Route::PlatformAdmin => unreachable!("these are pages"),
        }
    }

    // Pages: every one is a staff page unless listed, and a staff page sends anonymous visitors
    // to the login page and opens for a signed-in viewer.
    let pages: Vec<String> = leptos_axum::generate_route_list(console_app::App)
        .iter()
        .map(|r| r.path().to_string())
        .collect();
    assert!(pages.len() > 10, "{pages:?}");
    let viewer = client();
    call_with::<()>(
        &viewer,
        &app.base_url,
        "auth/login",
        &[("username", "vera"), ("password", "vera-password")],
    )
    .await
    .unwrap();
    for page in &pages {
        let pattern = pattern(page);
        let rule = PAGES
            .iter()
            .find(|(p, _)| *p == pattern)
            .map_or(Route::Staff(Permission::View), |(_, r)| *r);
        // Ids that exist nowhere: the page must still decide access before anything else.
        let path = pattern
            .split('/')
            .map(|seg| if seg.starts_with(':') { "999999" } else { seg })
            .collect::<Vec<_>>()
            .join("/");
        let res = anonymous
            .get(format!("{}{path}", app.base_url))
            .send()
            .await
            .unwrap();
        let location = res
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_string());
        match rule {
            // Open without signing in (an unknown invitation says so itself).
            Route::Public => assert!(
                !res.status().is_server_error() && !res.status().is_redirection(),
                "{path}: {}",
                res.status()
            ),
            _ => {
                assert_eq!(res.status(), StatusCode::SEE_OTHER, "anonymous {path}");
                assert!(
                    location
                        .as_deref()
                        .is_some_and(|l| l.starts_with("/login?next=")),
                    "anonymous {path}: {location:?}"
                );
                let seen = viewer
                    .get(format!("{}{path}", app.base_url))
                    .send()
                    .await
                    .unwrap()
                    .status();
                let allowed = match rule {
                    Route::Staff(p) if Role::Viewer.allows(p) => {
                        seen == StatusCode::OK || seen == StatusCode::NOT_FOUND
                    }
                    _ => seen == StatusCode::FORBIDDEN,
                };
                assert!(allowed, "viewer {path}: {seen}");
            }
        }
    }
}
