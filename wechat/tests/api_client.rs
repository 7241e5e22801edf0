//! Every API call against a local HTTP server: request shape, parsed response, errcode mapping,
//! HTTP errors, timeouts and dropped connections.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{Method, StatusCode, Uri};
use serde_json::{Value, json};
use url::Url;
use wxopen::api::{
    ApiError, BetaVerification, Client, Endpoint, Endpoints, EnterpriseRegistration,
};
use wxopen::{AppId, Secret};

#[derive(Debug, Clone)]
struct Recorded {
    method: Method,
    path: String,
    query: BTreeMap<String, String>,
    body: Value,
}

#[derive(Clone)]
struct Fake {
    status: StatusCode,
    response: String,
    delay: Duration,
    seen: Arc<Mutex<Vec<Recorded>>>,
}

#[allow(clippy::unwrap_used)]
async fn handle(
    State(fake): State<Fake>,
    method: Method,
    uri: Uri,
    body: Bytes,
) -> (StatusCode, String) {
    let query = url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
        .into_owned()
        .collect();
    let body = if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&body).unwrap()
    };
    fake.seen.lock().unwrap().push(Recorded {
        method,
        path: uri.path().to_owned(),
        query,
        body,
    });
    tokio::time::sleep(fake.delay).await;
    (fake.status, fake.response.clone())
}

/// Serves one canned answer on 127.0.0.1:0 (under a path prefix, as a simulator might) and
/// returns a client pointed at it.
#[allow(clippy::unwrap_used)]
async fn serve(
    status: u16,
    response: &str,
    delay: Duration,
    timeout: Duration,
) -> (Client, Arc<Mutex<Vec<Recorded>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let fake = Fake {
        status: StatusCode::from_u16(status).unwrap(),
        response: response.to_owned(),
        delay,
        seen: seen.clone(),
    };
    let app = Router::new().fallback(handle).with_state(fake);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let base = Url::parse(&format!("http://{addr}/")).unwrap();
    let client = Client::new(Endpoints::all_at(base), timeout).unwrap();
    (client, seen)
}

#[allow(clippy::unwrap_used)]
async fn call<T, F, Fut>(response: &str, f: F) -> (Result<T, ApiError>, Recorded)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = Result<T, ApiError>>,
{
    let (client, seen) = serve(200, response, Duration::ZERO, Duration::from_secs(5)).await;
    let result = f(client).await;
    let mut seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1, "exactly one request, no retries");
    (result, seen.remove(0))
}

/// The parsed success value of one call.
#[allow(clippy::unwrap_used)]
async fn ok<T, F, Fut>(response: &str, f: F) -> T
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = Result<T, ApiError>>,
{
    call(response, f).await.0.unwrap()
}

#[allow(clippy::unwrap_used)]
fn id(s: &str) -> AppId {
    AppId::parse(s).unwrap()
}
fn component() -> AppId {
    id("wx134c8103faa5a59e")
}
fn authorizer() -> AppId {
    id("wxba5fad812f8e6fb9")
}
fn cat() -> Secret {
    Secret::new("CAT-secret-token")
}
fn aat() -> Secret {
    Secret::new("AAT-secret-token")
}

type Call = Box<dyn Fn(Client) -> Pin<Box<dyn Future<Output = Result<(), ApiError>>>>>;

/// One row per API method: how to call it, and the request WeChat must receive.
struct Case {
    endpoint: Endpoint,
    method: Method,
    path: &'static str,
    /// Expected query, the token parameter and any fixed or GET parameters included.
    query: Vec<(&'static str, &'static str)>,
    body: Value,
    ok: &'static str,
    call: Call,
}

macro_rules! case {
    ($ep:ident, $method:ident, $path:literal, [$(($k:literal, $v:literal)),*], $body:expr, $ok:literal, |$c:ident| $call:expr) => {
        Case {
            endpoint: Endpoint::$ep,
            method: Method::$method,
            path: $path,
            query: vec![$(($k, $v)),*],
            body: $body,
            ok: $ok,
            call: Box::new(|$c: Client| Box::pin(async move { $call.await.map(|_| ()) })),
        }
    };
}

fn cases() -> Vec<Case> {
    vec![
        case!(
            ComponentToken,
            POST,
            "/cgi-bin/component/api_component_token",
            [],
            json!({"component_appid": "wx134c8103faa5a59e", "component_appsecret": "the-appsecret", "component_verify_ticket": "ticket@@@x"}),
            r#"{"component_access_token":"61_abc","expires_in":7200}"#,
            |c| c.component_token(
                &component(),
                &Secret::new("the-appsecret"),
                &Secret::new("ticket@@@x")
            )
        ),
        case!(
            StartPushTicket,
            POST,
            "/cgi-bin/component/api_start_push_ticket",
            [],
            json!({"component_appid": "wx134c8103faa5a59e", "component_secret": "the-appsecret"}),
            r#"{"errcode":0,"errmsg":"ok"}"#,
            |c| c.start_push_ticket(&component(), &Secret::new("the-appsecret"))
        ),
        case!(
            CreatePreAuthCode,
            POST,
            "/cgi-bin/component/api_create_preauthcode",
            [("component_access_token", "CAT-secret-token")],
            json!({"component_appid": "wx134c8103faa5a59e"}),
            r#"{"pre_auth_code":"preauthcode@@@x","expires_in":600}"#,
            |c| c.create_pre_auth_code(&cat(), &component())
        ),
        case!(
            QueryAuth,
            POST,
            "/cgi-bin/component/api_query_auth",
            [("component_access_token", "CAT-secret-token")],
            json!({"component_appid": "wx134c8103faa5a59e", "authorization_code": "queryauthcode@@@x"}),
            r#"{"authorization_info":{"authorizer_appid":"wxba5fad812f8e6fb9","authorizer_access_token":"a","expires_in":7200,"authorizer_refresh_token":"r","func_info":[]}}"#,
            |c| c.query_auth(&cat(), &component(), &Secret::new("queryauthcode@@@x"))
        ),
        case!(
            AuthorizerToken,
            POST,
            "/cgi-bin/component/api_authorizer_token",
            [("component_access_token", "CAT-secret-token")],
            json!({"component_appid": "wx134c8103faa5a59e", "authorizer_appid": "wxba5fad812f8e6fb9", "authorizer_refresh_token": "refreshtoken@@@x"}),
            r#"{"authorizer_access_token":"a2","expires_in":7200,"authorizer_refresh_token":"refreshtoken@@@y"}"#,
            |c| c.authorizer_token(
                &cat(),
                &component(),
                &authorizer(),
                &Secret::new("refreshtoken@@@x")
            )
        ),
        case!(
            AuthorizerInfo,
            POST,
            "/cgi-bin/component/api_get_authorizer_info",
            [("component_access_token", "CAT-secret-token")],
            json!({"component_appid": "wx134c8103faa5a59e", "authorizer_appid": "wxba5fad812f8e6fb9"}),
            r#"{"authorizer_info":{"nick_name":"n","user_name":"gh_1"},"authorization_info":{"authorizer_appid":"wxba5fad812f8e6fb9"}}"#,
            |c| c.authorizer_info(&cat(), &component(), &authorizer())
        ),
        case!(
            AuthorizerList,
            POST,
            "/cgi-bin/component/api_get_authorizer_list",
            [("component_access_token", "CAT-secret-token")],
            json!({"component_appid": "wx134c8103faa5a59e", "offset": 100, "count": 100}),
            r#"{"total_count":0,"list":[]}"#,
            |c| c.authorizer_list(&cat(), &component(), 100, 100)
        ),
        case!(
            GetAuthorizerOptionLegacy,
            POST,
            "/cgi-bin/component/api_get_authorizer_option",
            [("component_access_token", "CAT-secret-token")],
            json!({"component_appid": "wx134c8103faa5a59e", "authorizer_appid": "wxba5fad812f8e6fb9", "option_name": "voice_recognize"}),
            r#"{"authorizer_appid":"wxba5fad812f8e6fb9","option_name":"voice_recognize","option_value":"1"}"#,
            |c| c.authorizer_option_legacy(&cat(), &component(), &authorizer(), "voice_recognize")
        ),
        case!(
            SetAuthorizerOptionLegacy,
            POST,
            "/cgi-bin/component/api_set_authorizer_option",
            [("component_access_token", "CAT-secret-token")],
            json!({"component_appid": "wx134c8103faa5a59e", "authorizer_appid": "wxba5fad812f8e6fb9", "option_name": "voice_recognize", "option_value": "0"}),
            r#"{"errcode":0,"errmsg":"ok"}"#,
            |c| c.set_authorizer_option_legacy(
                &cat(),
                &component(),
                &authorizer(),
                "voice_recognize",
                "0"
            )
        ),
        case!(
            GetAuthorizerOption,
            POST,
            "/cgi-bin/component/get_authorizer_option",
            [("access_token", "AAT-secret-token")],
            json!({"option_name": "location_report"}),
            r#"{"option_name":"location_report","option_value":"2"}"#,
            |c| c.authorizer_option(&aat(), "location_report")
        ),
        case!(
            SetAuthorizerOption,
            POST,
            "/cgi-bin/component/set_authorizer_option",
            [("access_token", "AAT-secret-token")],
            json!({"option_name": "location_report", "option_value": "1"}),
            r#"{"errcode":0,"errmsg":"ok"}"#,
            |c| c.set_authorizer_option(&aat(), "location_report", "1")
        ),
        case!(
            FastRegisterEnterprise,
            POST,
            "/wxa/component/fastregisterenterpriseweapp",
            [("action", "create"), ("access_token", "CAT-secret-token")],
            json!({"name": "小鹅科技有限公司", "code": "91440300708461136T", "component_phone": "075586013388", "new_version": true}),
            r#"{"errcode":0,"errmsg":"ok","taskid":"t1","authorize_url":"https://mp.weixin.qq.com/x","status":0}"#,
            |c| c.fast_register_enterprise(
                &cat(),
                &EnterpriseRegistration {
                    name: "小鹅科技有限公司".into(),
                    code: "91440300708461136T".into(),
                    component_phone: "075586013388".into()
                }
            )
        ),
        case!(
            FastRegisterEnterpriseQuery,
            POST,
            "/wxa/component/fastregisterenterpriseweapp",
            [("action", "query"), ("access_token", "CAT-secret-token")],
            json!({"taskid": "t1", "new_version": true}),
            r#"{"errcode":0,"errmsg":"ok","taskid":"t1","authorize_url":"https://mp.weixin.qq.com/x","status":3}"#,
            |c| c.fast_register_enterprise_query(&cat(), "t1")
        ),
        case!(
            FastRegisterPersonal,
            POST,
            "/wxa/component/fastregisterpersonalweapp",
            [
                ("action", "create"),
                ("component_access_token", "CAT-secret-token")
            ],
            json!({"wxuser": "zhangsan_wx", "component_phone": "13800000000", "new_version": true}),
            r#"{"errcode":0,"errmsg":"ok","taskid":"t2","authorize_url":"https://mp.weixin.qq.com/y","status":0}"#,
            |c| c.fast_register_personal(&cat(), "zhangsan_wx", "13800000000")
        ),
        case!(
            FastRegisterPersonalQuery,
            POST,
            "/wxa/component/fastregisterpersonalweapp",
            [
                ("action", "query"),
                ("component_access_token", "CAT-secret-token")
            ],
            json!({"taskid": "t2", "new_version": true}),
            r#"{"errcode":0,"errmsg":"ok","taskid":"t2","status":12}"#,
            |c| c.fast_register_personal_query(&cat(), "t2")
        ),
        case!(
            FastRegisterBeta,
            POST,
            "/wxa/component/fastregisterbetaweapp",
            [("access_token", "CAT-secret-token")],
            json!({"name": "小鹅", "openid": "o9AgO5Kd5ggOC"}),
            r#"{"errcode":0,"errmsg":"ok","unique_id":"u1","authorize_url":"https://mp.weixin.qq.com/z"}"#,
            |c| c.fast_register_beta(&cat(), "小鹅", "o9AgO5Kd5ggOC")
        ),
        case!(
            SetBetaNickname,
            POST,
            "/wxa/setbetaweappnickname",
            [("access_token", "AAT-secret-token")],
            json!({"name": "小鹅商城"}),
            r#"{"errcode":0,"errmsg":"ok"}"#,
            |c| c.set_beta_nickname(&aat(), "小鹅商城")
        ),
        case!(
            VerifyBeta,
            POST,
            "/wxa/verifybetaweapp",
            [("access_token", "AAT-secret-token")],
            json!({"verify_info": {"enterprise_name": "小鹅科技有限公司", "code": "91440300708461136T", "component_phone": "075586013388"}, "new_version": true}),
            r#"{"errcode":0,"errmsg":"ok"}"#,
            |c| c.verify_beta(
                &aat(),
                &BetaVerification {
                    enterprise_name: "小鹅科技有限公司".into(),
                    code: "91440300708461136T".into(),
                    component_phone: "075586013388".into()
                }
            )
        ),
        case!(
            FastRegisterReuseOa,
            POST,
            "/cgi-bin/account/fastregister",
            [("access_token", "AAT-secret-token")],
            json!({"ticket": "oa-ticket"}),
            r#"{"errcode":0,"errmsg":"ok","appid":"wx6a4b3c2d1e0f9a8b","authorization_code":"code@@@x","is_wx_verify_succ":"true","is_link_succ":true}"#,
            |c| c.fast_register_reuse_oa(&aat(), &Secret::new("oa-ticket"))
        ),
        case!(
            QuotaGet,
            POST,
            "/cgi-bin/openapi/quota/get",
            [("access_token", "CAT-secret-token")],
            json!({"cgi_path": "/cgi-bin/component/api_component_token"}),
            r#"{"errcode":0,"errmsg":"ok","quota":{"daily_limit":2000,"used":3,"remain":1997}}"#,
            |c| c.quota_get(&cat(), "/cgi-bin/component/api_component_token")
        ),
        case!(
            RidGet,
            POST,
            "/cgi-bin/openapi/rid/get",
            [("access_token", "CAT-secret-token")],
            json!({"rid": "6543a1b2-0c1d2e3f-4a5b6c7d"}),
            r#"{"errcode":0,"errmsg":"ok","request":{"invoke_time":1635156704,"cost_in_ms":30,"request_url":"access_token=xx","request_body":"","response_body":"{}","client_ip":"203.0.113.7"}}"#,
            |c| c.rid_get(&cat(), "6543a1b2-0c1d2e3f-4a5b6c7d")
        ),
        case!(
            ClearQuota,
            POST,
            "/cgi-bin/clear_quota",
            [("access_token", "AAT-secret-token")],
            json!({"appid": "wxba5fad812f8e6fb9"}),
            r#"{"errcode":0,"errmsg":"ok"}"#,
            |c| c.clear_quota(&aat(), &authorizer())
        ),
        case!(
            ClearComponentQuotaLegacy,
            POST,
            "/cgi-bin/component/clear_quota",
            [("component_access_token", "CAT-secret-token")],
            json!({"component_appid": "wx134c8103faa5a59e"}),
            r#"{"errcode":0,"errmsg":"ok"}"#,
            |c| c.clear_component_quota_legacy(&cat(), &component())
        ),
        case!(
            ClearQuotaV2,
            POST,
            "/cgi-bin/component/clear_quota/v2",
            [],
            json!({"component_appid": "wx134c8103faa5a59e", "appsecret": "the-appsecret", "appid": "wxba5fad812f8e6fb9"}),
            r#"{"errcode":0,"errmsg":"ok"}"#,
            |c| c.clear_quota_v2(
                &component(),
                &Secret::new("the-appsecret"),
                Some(&authorizer())
            )
        ),
        case!(
            OAuthAccessToken,
            GET,
            "/sns/oauth2/component/access_token",
            [
                ("appid", "wxba5fad812f8e6fb9"),
                ("code", "oauth-code"),
                ("grant_type", "authorization_code"),
                ("component_appid", "wx134c8103faa5a59e"),
                ("component_access_token", "CAT-secret-token")
            ],
            Value::Null,
            r#"{"access_token":"u","expires_in":7200,"refresh_token":"ur","openid":"o1","scope":"snsapi_base"}"#,
            |c| c.oauth_access_token(
                &cat(),
                &component(),
                &authorizer(),
                &Secret::new("oauth-code")
            )
        ),
        case!(
            OAuthRefreshToken,
            GET,
            "/sns/oauth2/component/refresh_token",
            [
                ("appid", "wxba5fad812f8e6fb9"),
                ("grant_type", "refresh_token"),
                ("component_appid", "wx134c8103faa5a59e"),
                ("refresh_token", "ur"),
                ("component_access_token", "CAT-secret-token")
            ],
            Value::Null,
            r#"{"access_token":"u2","expires_in":7200,"refresh_token":"ur2","openid":"o1","scope":"snsapi_userinfo","unionid":"un1"}"#,
            |c| c.oauth_refresh_token(&cat(), &component(), &authorizer(), &Secret::new("ur"))
        ),
        case!(
            JsCode2Session,
            GET,
            "/sns/component/jscode2session",
            [
                ("appid", "wxba5fad812f8e6fb9"),
                ("js_code", "js-code"),
                ("grant_type", "authorization_code"),
                ("component_appid", "wx134c8103faa5a59e"),
                ("component_access_token", "CAT-secret-token")
            ],
            Value::Null,
            r#"{"openid":"o2","session_key":"sk=="}"#,
            |c| c.jscode2session(&cat(), &component(), &authorizer(), &Secret::new("js-code"))
        ),
        case!(
            JsApiTicket,
            GET,
            "/cgi-bin/ticket/getticket",
            [("type", "jsapi"), ("access_token", "AAT-secret-token")],
            Value::Null,
            r#"{"errcode":0,"errmsg":"ok","ticket":"jt","expires_in":7200}"#,
            |c| c.jsapi_ticket(&aat())
        ),
    ]
}

#[tokio::test]
async fn every_call_sends_the_documented_request_and_accepts_the_documented_answer() {
    let cases = cases();
    assert_eq!(cases.len(), 28);
    for case in cases {
        let (result, req) = call(case.ok, |c| (case.call)(c)).await;
        let name = case.endpoint;
        result.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(req.method, case.method, "{name}: method");
        assert_eq!(req.path, case.path, "{name}: path");
        let expected: BTreeMap<String, String> = case
            .query
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        assert_eq!(req.query, expected, "{name}: query (token parameter name)");
        assert_eq!(req.body, case.body, "{name}: JSON body");
        assert_eq!(
            format!("/{name}").split('?').next(),
            Some(case.path),
            "{name}: Display"
        );
    }
}

#[tokio::test]
async fn every_call_maps_errcode_with_rid_and_meaning() {
    let answer =
        r#"{"errcode":61023,"errmsg":"refresh_token is invalid rid: 6543a1b2-0c1d2e3f-4a5b6c7d"}"#;
    for case in cases() {
        let (result, _) = call(answer, |c| (case.call)(c)).await;
        let err = result.unwrap_err();
        let wx = err
            .wechat()
            .unwrap_or_else(|| panic!("{}: {err:?}", case.endpoint));
        assert_eq!(wx.endpoint, case.endpoint);
        assert_eq!(wx.errcode, 61023);
        assert_eq!(
            wx.errmsg,
            "refresh_token is invalid rid: 6543a1b2-0c1d2e3f-4a5b6c7d"
        );
        assert_eq!(wx.rid.as_deref(), Some("6543a1b2-0c1d2e3f-4a5b6c7d"));
        assert!(err.is_refresh_token_invalid() && !err.is_transient());
        assert!(wx.meaning().en.contains("api_get_authorizer_list"));
        assert!(wx.meaning().zh.contains("api_get_authorizer_list"));
        assert!(!err.to_string().contains("secret-token"), "{err}");
    }
}

#[tokio::test]
async fn component_token_ip_whitelist_error_is_specific_and_not_transient() {
    let (result, _) = call(r#"{"errcode":61004,"errmsg":"access clientip is not registered requestIP: 203.0.113.7 rid: 65b0"}"#, |c| async move {
        c.component_token(&component(), &Secret::new("s"), &Secret::new("t")).await
    })
    .await;
    let err = result.unwrap_err();
    assert!(err.is_ip_not_whitelisted() && !err.is_transient());
    let wx = err.wechat().unwrap();
    assert_eq!(wx.rid.as_deref(), Some("65b0"));
    assert!(wx.meaning().en.contains("egress IP"), "{:?}", wx.meaning());
    assert!(err.to_string().contains("61004"));
}

#[tokio::test]
async fn responses_are_parsed_into_their_types() {
    let token = ok(
        r#"{"component_access_token":"61_abc","expires_in":7200}"#,
        |c| async move {
            c.component_token(&component(), &Secret::new("s"), &Secret::new("t"))
                .await
        },
    )
    .await;
    assert_eq!(token.component_access_token.expose(), "61_abc");
    assert_eq!(token.expires_in, 7200);
    assert!(
        !format!("{token:?}").contains("61_abc"),
        "tokens never reach Debug output"
    );

    let auth = ok(
        r#"{"authorization_info":{"authorizer_appid":"wxba5fad812f8e6fb9","authorizer_access_token":"QXjUqNqfYVH0yBE1iI_7vuN_9gQbpjfK7hYwJ3P7xOa88a89-Aga5x1NMYJyB8G2yKt1KCl0nPC3W9GJzw0Zzq_dBxc8pxIGUNi_bFes0qM","expires_in":7200,"authorizer_refresh_token":"dTo-YCXPL4llX-u1W1pPpnp8Hgm4wpJtlR6iV0doKdY","func_info":[{"funcscope_category":{"id":1}},{"funcscope_category":{"id":2}},{"funcscope_category":{"id":3},"confirm_info":{"need_confirm":1,"already_confirm":0,"can_confirm":1}}],"unknown_future_field":{"x":1}}}"#,
        |c| async move { c.query_auth(&cat(), &component(), &Secret::new("code")).await },
    ).await.authorization_info;
    assert_eq!(auth.authorizer_appid, authorizer());
    assert_eq!(auth.expires_in, Some(7200));
    assert_eq!(
        auth.authorizer_refresh_token.as_ref().map(Secret::expose),
        Some("dTo-YCXPL4llX-u1W1pPpnp8Hgm4wpJtlR6iV0doKdY")
    );
    let ids: Vec<i64> = auth
        .func_info
        .iter()
        .map(|f| f.funcscope_category.id)
        .collect();
    assert_eq!(ids, [1, 2, 3]);
    let confirm = auth.func_info[2].confirm_info.unwrap();
    assert_eq!(
        (
            confirm.need_confirm,
            confirm.already_confirm,
            confirm.can_confirm
        ),
        (1, 0, 1)
    );

    let info = ok(
        r#"{"authorizer_info":{"nick_name":"微信SDK Demo Special","head_img":"http://wx.qlogo.cn/mmopen/x/0","service_type_info":{"id":2},"verify_type_info":{"id":0},"user_name":"gh_eb5e3a772040","principal_name":"腾讯计算机系统有限公司","business_info":{"open_store":0,"open_scan":0,"open_pay":0,"open_card":0,"open_shake":0},"alias":"paytest01","qrcode_url":"URL","account_status":1,"idc":1,"signature":"时间的水缓缓流去","MiniProgramInfo":{"network":{"RequestDomain":["https://www.qq.com"],"WsRequestDomain":[],"UploadDomain":[],"DownloadDomain":[],"BizDomain":[],"UDPDomain":[]},"categories":[{"first":"资讯","second":"文娱"}],"visit_status":0},"register_type":0,"basic_config":{"is_phone_configured":true,"is_email_configured":true}},"authorization_info":{"authorizer_appid":"wxba5fad812f8e6fb9","authorizer_refresh_token":"refresh","func_info":[{"funcscope_category":{"id":17}}]}}"#,
        |c| async move { c.authorizer_info(&cat(), &component(), &authorizer()).await },
    ).await;
    let a = &info.authorizer_info;
    assert!(a.is_mini_program());
    assert_eq!(a.nick_name, "微信SDK Demo Special");
    assert_eq!(a.user_name, "gh_eb5e3a772040");
    assert_eq!(a.service_type_info.unwrap().id, 2);
    assert_eq!(a.verify_type_info.unwrap().id, 0);
    assert_eq!(a.principal_name.as_deref(), Some("腾讯计算机系统有限公司"));
    assert_eq!(a.account_status, Some(1));
    let mp = a.mini_program_info.as_ref().unwrap();
    assert_eq!(
        mp.network.as_ref().unwrap().request_domain,
        ["https://www.qq.com"]
    );
    assert_eq!(mp.categories[0].second, "文娱");
    assert!(a.basic_config.unwrap().is_phone_configured);
    assert_eq!(
        info.authorization_info.func_info[0].funcscope_category.id,
        17
    );

    let oa = ok(
        r#"{"authorizer_info":{"nick_name":"公众号","service_type_info":{"id":2},"verify_type_info":{"id":-1},"user_name":"gh_1"},"authorization_info":{"authorizer_appid":"wxba5fad812f8e6fb9"}}"#,
        |c| async move { c.authorizer_info(&cat(), &component(), &authorizer()).await },
    )
    .await;
    assert!(
        !oa.authorizer_info.is_mini_program(),
        "no MiniProgramInfo: official account"
    );

    let list = ok(
        r#"{"total_count":2,"list":[{"authorizer_appid":"wxba5fad812f8e6fb9","refresh_token":"r1","auth_time":1558000607},{"authorizer_appid":"wx6a4b3c2d1e0f9a8b","refresh_token":"r2","auth_time":1558000608}]}"#,
        |c| async move { c.authorizer_list(&cat(), &component(), 0, 500).await },
    ).await;
    assert_eq!(list.total_count, 2);
    assert_eq!(list.list[1].refresh_token.expose(), "r2");
    assert_eq!(list.list[0].auth_time, 1558000607);

    let reg = ok(
        r#"{"errcode":0,"errmsg":"ok","appid":"wx6a4b3c2d1e0f9a8b","authorization_code":"code@@@x","is_wx_verify_succ":"true","is_link_succ":1}"#,
        |c| async move { c.fast_register_reuse_oa(&aat(), &Secret::new("t")).await },
    ).await;
    assert!(reg.is_wx_verify_succ && reg.is_link_succ);
    assert_eq!(reg.authorization_code.expose(), "code@@@x");

    let q = ok(
        r#"{"errcode":0,"errmsg":"ok","quota":{"daily_limit":2000,"used":3,"remain":1997},"rate_limit":{"call_count":100,"refresh_second":60},"component_rate_limit":{"call_count":1000,"refresh_second":60}}"#,
        |c| async move { c.quota_get(&cat(), "/cgi-bin/component/api_component_token").await },
    ).await;
    assert_eq!(q.quota.remain, 1997);
    assert_eq!(q.rate_limit.unwrap().call_count, 100);
    assert_eq!(q.component_rate_limit.unwrap().refresh_second, 60);

    let task = ok(
        r#"{"errcode":0,"errmsg":"ok","taskid":"t1","authorize_url":"https://mp.weixin.qq.com/x","status":0}"#,
        |c| async move { c.fast_register_enterprise_query(&cat(), "t1").await },
    ).await;
    assert_eq!(task.taskid.as_deref(), Some("t1"));
    assert_eq!(
        task.authorize_url.as_deref(),
        Some("https://mp.weixin.qq.com/x")
    );
    assert_eq!(task.status, Some(0));

    let s = ok(
        r#"{"openid":"o2","session_key":"sk==","unionid":"u"}"#,
        |c| async move {
            c.jscode2session(&cat(), &component(), &authorizer(), &Secret::new("j"))
                .await
        },
    )
    .await;
    assert_eq!(
        (
            s.openid.as_str(),
            s.session_key.expose(),
            s.unionid.as_deref()
        ),
        ("o2", "sk==", Some("u"))
    );
}

#[tokio::test]
async fn http_errors_undecodable_bodies_and_system_busy() {
    let (client, _) = serve(500, "oops", Duration::ZERO, Duration::from_secs(5)).await;
    let err = client
        .create_pre_auth_code(&cat(), &component())
        .await
        .unwrap_err();
    assert_eq!(
        err,
        ApiError::Http {
            endpoint: Endpoint::CreatePreAuthCode,
            status: 500
        }
    );
    assert!(err.is_transient());

    let (r, _) = call("<html>not json</html>", |c| async move {
        c.create_pre_auth_code(&cat(), &component()).await
    })
    .await;
    let err = r.unwrap_err();
    assert!(
        matches!(
            err,
            ApiError::Decode {
                endpoint: Endpoint::CreatePreAuthCode,
                ..
            }
        ),
        "{err:?}"
    );

    let (r, _) = call(r#"{"errcode":0,"errmsg":"ok"}"#, |c| async move {
        c.create_pre_auth_code(&cat(), &component()).await
    })
    .await;
    assert!(
        matches!(r.unwrap_err(), ApiError::Decode { .. }),
        "success without the fields is a decode error"
    );

    let (r, _) = call(
        r#"{"errcode":-1,"errmsg":"system error"}"#,
        |c| async move { c.create_pre_auth_code(&cat(), &component()).await },
    )
    .await;
    let err = r.unwrap_err();
    assert!(err.is_transient());
    assert_eq!(
        err.wechat().unwrap().meaning().en,
        "system busy, try again later"
    );
}

#[tokio::test]
async fn a_slow_server_is_a_timeout() {
    let (client, _) = serve(
        200,
        "{}",
        Duration::from_secs(3),
        Duration::from_millis(300),
    )
    .await;
    let started = std::time::Instant::now();
    let err = client
        .create_pre_auth_code(&cat(), &component())
        .await
        .unwrap_err();
    assert_eq!(
        err,
        ApiError::Timeout {
            endpoint: Endpoint::CreatePreAuthCode
        }
    );
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(err.is_transient());
}

#[tokio::test]
async fn a_dropped_connection_is_a_transport_error_without_the_token() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            drop(socket);
        }
    });
    let base = Url::parse(&format!("http://{addr}")).unwrap();
    let client = Client::new(Endpoints::all_at(base), Duration::from_secs(5)).unwrap();
    let err = client
        .create_pre_auth_code(&cat(), &component())
        .await
        .unwrap_err();
    let ApiError::Transport { endpoint, message } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*endpoint, Endpoint::CreatePreAuthCode);
    assert!(
        !message.contains("secret-token") && !err.to_string().contains("secret-token"),
        "{err}"
    );
    assert!(err.is_transient());

    // Nothing listening at all.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = closed.local_addr().unwrap();
    drop(closed);
    let client = Client::new(
        Endpoints::all_at(Url::parse(&format!("http://{addr}")).unwrap()),
        Duration::from_secs(5),
    )
    .unwrap();
    let err = client
        .component_token(&component(), &Secret::new("s"), &Secret::new("t"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            ApiError::Transport {
                endpoint: Endpoint::ComponentToken,
                ..
            }
        ),
        "{err:?}"
    );
}
