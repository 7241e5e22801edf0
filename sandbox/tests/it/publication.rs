//! Unpublished platforms and their test list (reference B19), exclusive permission sets
//! (B20), the 61003 of a revoked account (B21).

use serde_json::json;
use wxopen::links::AuthTarget;

use crate::common::{Harness, errcode};

const UNPUBLISHED: &str = "第三方平台尚未全网发布，仅授权测试列表中的帐号可以授权";

fn radios(html: &str) -> usize {
    html.matches("type=\"radio\" name=\"appid\"").count()
}

/// The `<label>` of permission set `id` on the authorization page.
#[allow(clippy::unwrap_used)]
fn func_label(html: &str, id: u32) -> String {
    let marker = format!("name=\"func\" value=\"{id}\"");
    let at = html.find(&marker).unwrap_or_else(|| panic!("no set {id}"));
    let end = html[at..].find("</label>").unwrap() + at;
    html[at..end].to_owned()
}

#[tokio::test]
async fn an_unpublished_platform_is_authorized_by_its_test_accounts_only() {
    let mut h = Harness::start().await;
    let listed = h.account(json!({"nickname": "测试号"})).await;
    let other = h.account(json!({})).await;
    let c = h
        .component(json!({"published": false, "test_accounts": [listed.as_str()]}))
        .await;
    let cat = h.cat(&c).await;
    let pre = h
        .client
        .create_pre_auth_code(&cat, &c.appid)
        .await
        .unwrap()
        .pre_auth_code;
    let url = h
        .link(&c, pre.clone(), AuthTarget::Any, vec![])
        .pc_url(&h.endpoints());
    let html = h.page(&url).await;
    assert_eq!(radios(&html), 1, "{html}");
    assert!(html.contains(&format!("value=\"{listed}\"")));
    assert!(!html.contains(other.as_str()));
    let (status, err) = h
        .post(
            "/_sandbox/authorizations/confirm",
            json!({"pre_auth_code": pre.expose(), "appid": other.as_str()}),
        )
        .await;
    assert_eq!(status, 409);
    assert_eq!(err["error"], UNPUBLISHED);
    assert!(err["error_en"].as_str().unwrap().contains("test list"));
    // Nobody selectable: the page says why.
    let pre2 = h
        .client
        .create_pre_auth_code(&cat, &c.appid)
        .await
        .unwrap()
        .pre_auth_code;
    let only_other = h
        .link(&c, pre2, AuthTarget::BizAppId(other.clone()), vec![])
        .pc_url(&h.endpoints());
    let html = h.page(&only_other).await;
    assert!(
        html.contains(&format!("data-testid=\"wx-error\">{UNPUBLISHED}<")),
        "{html}"
    );
    assert!(html.contains("only accounts on its test list"));
    let (status, ok) = h
        .post(
            "/_sandbox/authorizations/confirm",
            json!({"pre_auth_code": pre.expose(), "appid": listed.as_str()}),
        )
        .await;
    assert_eq!(status, 200, "{ok}");

    // Fast registration waits for publication too.
    let enterprise = wxopen::api::EnterpriseRegistration {
        name: "深圳市小鹅科技有限公司".into(),
        code: "91440300708461136T".into(),
        component_phone: "075586013388".into(),
    };
    let err = h
        .client
        .fast_register_enterprise(&cat, &enterprise)
        .await
        .unwrap_err();
    let wx = err.wechat().unwrap();
    assert_eq!(wx.errcode, 61028);
    assert!(wx.errmsg.starts_with("component is unpublished"), "{wx:?}");
    assert_eq!(
        errcode(
            h.client
                .fast_register_personal(&cat, "zhangsan_wx", "13800000000")
                .await
        ),
        61028
    );
    assert_eq!(
        errcode(h.client.fast_register_beta(&cat, "小鹅商城", "oUser").await),
        61028
    );

    // Published: anyone.
    let (_, patched) = h
        .patch(
            &format!("/_sandbox/components/{}", c.appid),
            json!({"published": true}),
        )
        .await;
    assert_eq!(patched["published"], true);
    h.authorize(&c, &cat, &other, None).await;
}

#[tokio::test]
async fn exclusive_sets_are_held_by_one_platform_per_account() {
    let mut h = Harness::start().await;
    let a = h.component(json!({})).await;
    let b = h.component(json!({})).await;
    let oa = h.account(json!({})).await;
    let free = h.account(json!({})).await;
    let cat_a = h.cat(&a).await;
    let cat_b = h.cat(&b).await;
    // 4 网页服务 is exclusive, 1 消息管理 is not.
    assert!(wxopen::funcscope::by_id(4).unwrap().exclusive);
    h.authorize(&a, &cat_a, &oa, Some(vec![1, 4])).await;

    let pre = |h: &Harness| {
        let (client, cat, appid) = (h.client.clone(), cat_b.clone(), b.appid.clone());
        async move {
            client
                .create_pre_auth_code(&cat, &appid)
                .await
                .unwrap()
                .pre_auth_code
        }
    };
    // On B's page for this account, set 4 is disabled and unchecked.
    let code = pre(&h).await;
    let url = h
        .link(&b, code.clone(), AuthTarget::BizAppId(oa.clone()), vec![])
        .pc_url(&h.endpoints());
    let html = h.page(&url).await;
    let four = func_label(&html, 4);
    assert!(
        four.contains(" disabled") && !four.contains("checked"),
        "{four}"
    );
    assert!(four.contains("已授权给其他第三方平台") && four.contains("already granted"));
    assert!(func_label(&html, 1).contains("checked"));
    // The form cannot grant it.
    let form = format!(
        "pre_auth_code={}&appid={oa}&func=1&func=4&action=confirm",
        url::form_urlencoded::byte_serialize(code.expose().as_bytes()).collect::<String>()
    );
    let refused = h.submit(&url, &form).await.text().await.unwrap();
    assert!(
        refused.contains("权限集 4（网页服务）已授权给其他第三方平台"),
        "{refused}"
    );
    // Asked for explicitly through the control API: 409.
    let (status, err) = h
        .post(
            "/_sandbox/authorizations/confirm",
            json!({"pre_auth_code": code.expose(), "appid": oa.as_str(), "func_ids": [1, 4]}),
        )
        .await;
    assert_eq!(status, 409, "{err}");
    assert!(
        err["error"]
            .as_str()
            .unwrap()
            .contains("已授权给其他第三方平台")
    );
    // "All offered" leaves it out.
    let (status, ok) = h
        .post(
            "/_sandbox/authorizations/confirm",
            json!({"pre_auth_code": code.expose(), "appid": oa.as_str()}),
        )
        .await;
    assert_eq!(status, 200, "{ok}");
    let granted: Vec<u64> = serde_json::from_value(ok["func_ids"].clone()).unwrap();
    assert!(granted.contains(&1) && !granted.contains(&4), "{granted:?}");

    // With two accounts on the page, only the one holding it elsewhere is named.
    let code = pre(&h).await;
    let url = h
        .link(&b, code, AuthTarget::Any, vec![])
        .pc_url(&h.endpoints());
    let four = func_label(&h.page(&url).await, 4);
    assert!(
        four.contains(&format!("data-held-by=\"{oa}\"")) && four.contains("checked"),
        "{four}"
    );
    assert!(!four.contains(free.as_str()));

    // Revoked at A, the set is free again.
    h.post(
        "/_sandbox/authorizations/revoke",
        json!({"component_appid": a.appid.as_str(), "authorizer_appid": oa.as_str()}),
    )
    .await;
    let code = pre(&h).await;
    let (status, ok) = h
        .post(
            "/_sandbox/authorizations/confirm",
            json!({"pre_auth_code": code.expose(), "appid": oa.as_str(), "func_ids": [1, 4], "redirect_uri": "https://console.example.com/cb"}),
        )
        .await;
    assert_eq!(status, 200, "{ok}");
    assert_eq!(ok["event"], "updateauthorized");
}

#[tokio::test]
async fn missing_sets_answer_61007_and_revoked_accounts_61003() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let cat = h.cat(&c).await;
    let oa = h.account(json!({})).await;
    let (token, refresh) = h.authorize(&c, &cat, &oa, Some(vec![11])).await;
    let openid = h.get(&format!("/_sandbox/accounts/{oa}")).await["users"][0]["openid"].clone();
    let answer: serde_json::Value = h
        .http
        .post(h.url(&format!(
            "/cgi-bin/message/custom/send?access_token={}",
            token.expose()
        )))
        .json(&json!({"touser": openid, "msgtype": "text", "text": {"content": "x"}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(answer["errcode"], 61007);
    assert!(
        answer["errmsg"]
            .as_str()
            .unwrap()
            .starts_with("api is unauthorized to component rid: "),
        "{answer}"
    );

    // Never authorized, then revoked: 61003, not 61023.
    let stranger = h.account(json!({})).await;
    assert_eq!(
        errcode(
            h.client
                .authorizer_token(&cat, &c.appid, &stranger, &refresh)
                .await
        ),
        61003
    );
    let (_, refresh2) = h.authorize(&c, &cat, &oa, Some(vec![1])).await;
    assert_eq!(
        errcode(
            h.client
                .authorizer_token(&cat, &c.appid, &oa, &refresh)
                .await
        ),
        61023,
        "a refresh token replaced by re-authorization"
    );
    h.post(
        "/_sandbox/authorizations/revoke",
        json!({"component_appid": c.appid.as_str(), "authorizer_appid": oa.as_str()}),
    )
    .await;
    assert_eq!(
        errcode(
            h.client
                .authorizer_token(&cat, &c.appid, &oa, &refresh2)
                .await
        ),
        61003
    );
}
