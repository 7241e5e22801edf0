//! The authorization pages, api_query_auth, refresh tokens, re-authorization, revocation,
//! authorizer info, list and options.

use serde_json::json;
use wxopen::Secret;
use wxopen::links::{AuthTarget, AuthType};
use wxopen::push::ComponentEvent;

use crate::common::{Harness, errcode, query};

fn radios(html: &str) -> usize {
    html.matches("type=\"radio\" name=\"appid\"").count()
}

#[allow(clippy::unwrap_used)]
fn checkboxes(html: &str) -> Vec<u32> {
    html.split("type=\"checkbox\" name=\"func\" value=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().parse().unwrap())
        .collect()
}

#[tokio::test]
async fn pc_page_flow_redirects_after_the_authorized_push() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let oa = h
        .account(json!({"nickname": "鲜果时光", "principal_name": "鲜果公司"}))
        .await;
    let mp = h.account(json!({"type": "mini_program"})).await;
    let cat = h.cat(&c).await;
    let pre = h.client.create_pre_auth_code(&cat, &c.appid).await.unwrap();
    assert_eq!(pre.expires_in, 600);
    let url = h
        .link(&c, pre.pre_auth_code.clone(), AuthTarget::Any, vec![])
        .pc_url(&h.endpoints());
    let html = h.page(&url).await;
    assert!(html.contains("<title>授权"), "{html}");
    assert_eq!(radios(&html), 2);
    assert!(html.contains(&format!("value=\"{oa}\"")) && html.contains(&format!("value=\"{mp}\"")));
    assert!(
        html.contains("鲜果时光")
            && html.contains("公众号")
            && html.contains("鲜果公司")
            && html.contains("小程序")
    );
    assert!(html.contains("<button type=\"submit\" id=\"confirm\""));
    assert!(html.contains("确认授权") && html.contains("id=\"cancel\""));
    let offered = checkboxes(&html);
    assert!(offered.contains(&1) && offered.contains(&18), "{offered:?}");
    assert!(html.contains("value=\"1\" checked"));

    // A slow console: the redirect must still wait for its answer to the push.
    h.set_event_delay(std::time::Duration::from_millis(400));
    let form = format!(
        "pre_auth_code={}&appid={oa}&func=1&func=2&func=11&action=confirm",
        urlencode(pre.pre_auth_code.expose())
    );
    let r = h
        .http
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 302);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("https://console.example.com/wechat/cb?tenant=t1&auth_code="),
        "{location}"
    );
    let q = query(&location);
    assert_eq!(q["expires_in"], "600");
    // The push was sent (and answered) before the redirect.
    let push = h
        .event_now("authorized")
        .expect("authorized pushed before the redirect");
    let ComponentEvent::Authorized(auth) = push.event else {
        panic!()
    };
    assert_eq!(auth.authorizer_appid, oa.as_str());
    assert_eq!(auth.authorization_code.expose(), q["auth_code"]);
    assert_eq!(auth.pre_auth_code.unwrap(), pre.pre_auth_code);

    let got = h
        .client
        .query_auth(&cat, &c.appid, &Secret::new(q["auth_code"].clone()))
        .await
        .unwrap()
        .authorization_info;
    assert_eq!(got.authorizer_appid, oa);
    let ids: Vec<i64> = got
        .func_info
        .iter()
        .map(|f| f.funcscope_category.id)
        .collect();
    assert_eq!(ids, vec![1, 2, 11]);
    assert_eq!(got.expires_in, Some(7200));
    let refresh = got.authorizer_refresh_token.unwrap();
    let info = h.client.authorizer_info(&cat, &c.appid, &oa).await.unwrap();
    assert_eq!(info.authorizer_info.nick_name, "鲜果时光");
    assert_eq!(
        info.authorizer_info.principal_name.as_deref(),
        Some("鲜果公司")
    );
    assert!(!info.authorizer_info.is_mini_program());
    assert_eq!(
        info.authorization_info.authorizer_refresh_token.as_ref(),
        Some(&refresh)
    );
    let head = info.authorizer_info.head_img.unwrap();
    let svg = h.page(&head).await;
    assert!(svg.starts_with("<svg") && svg.contains("鲜"), "{svg}");
    let list = h
        .client
        .authorizer_list(&cat, &c.appid, 0, 100)
        .await
        .unwrap();
    assert_eq!(list.total_count, 1);
    assert_eq!(list.list[0].refresh_token, refresh);

    // The code was single use; the pre-auth code too.
    assert_eq!(
        errcode(
            h.client
                .query_auth(&cat, &c.appid, &Secret::new(q["auth_code"].clone()))
                .await
        ),
        61009
    );
    let again = h.page(&url).await;
    assert!(
        again.contains("已被使用") && again.contains("already used"),
        "{again}"
    );
    let listed = h.get("/_sandbox/authorizations").await;
    assert_eq!(listed[0]["authorizer_appid"], oa.as_str());
    assert_eq!(listed[0]["func_ids"], json!([1, 2, 11]));
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn link_restrictions_and_h5_page() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let oa = h.account(json!({})).await;
    let mp = h.account(json!({"type": "mini_program"})).await;
    let cat = h.cat(&c).await;

    let pre = h
        .client
        .create_pre_auth_code(&cat, &c.appid)
        .await
        .unwrap()
        .pre_auth_code;
    let url = h
        .link(
            &c,
            pre.clone(),
            AuthTarget::Type(AuthType::MiniProgram),
            vec![18, 19, 1],
        )
        .h5_url(&h.endpoints());
    assert!(url.contains("/wxaopen/safe/bindcomponent?action=bindcomponent"));
    let html = h.page(&url).await;
    assert_eq!(radios(&html), 1);
    assert!(html.contains(&format!("value=\"{mp}\"")));
    assert_eq!(
        checkboxes(&html),
        vec![18, 19],
        "category_id_list ∩ mini program sets"
    );
    let pending = h.get("/_sandbox/authorizations/pending").await;
    let entry = pending
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["pre_auth_code"] == pre.expose())
        .unwrap();
    assert_eq!(entry["link"]["auth_type"], 2);
    assert_eq!(entry["link"]["category_ids"], json!([18, 19, 1]));
    assert_eq!(entry["component_appid"], c.appid.as_str());
    // An account outside the restriction cannot be confirmed, nor a set outside the list.
    let (status, err) = h
        .post(
            "/_sandbox/authorizations/confirm",
            json!({"pre_auth_code": pre.expose(), "appid": oa.as_str()}),
        )
        .await;
    assert_eq!(status, 400, "{err}");
    let (status, _) = h
        .post(
            "/_sandbox/authorizations/confirm",
            json!({"pre_auth_code": pre.expose(), "appid": mp.as_str(), "func_ids": [17]}),
        )
        .await;
    assert_eq!(status, 400);
    let (status, ok) = h
        .post(
            "/_sandbox/authorizations/confirm",
            json!({"pre_auth_code": pre.expose(), "appid": mp.as_str()}),
        )
        .await;
    assert_eq!(status, 200, "{ok}");
    assert_eq!(ok["event"], "authorized");
    assert_eq!(ok["func_ids"], json!([18, 19]));
    assert!(
        ok["redirect_url"]
            .as_str()
            .unwrap()
            .contains("tenant=t1&auth_code=")
    );

    // biz_appid wins over everything else.
    let pre = h
        .client
        .create_pre_auth_code(&cat, &c.appid)
        .await
        .unwrap()
        .pre_auth_code;
    let url = h
        .link(&c, pre, AuthTarget::BizAppId(oa.clone()), vec![])
        .pc_url(&h.endpoints());
    let html = h.page(&url).await;
    assert_eq!(radios(&html), 1);
    assert!(html.contains(&format!("value=\"{oa}\" required checked")));

    // Cancel grants nothing.
    let r = h
        .http
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("action=cancel")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.text().await.unwrap().contains("已取消授权"));
}

#[tokio::test]
async fn expired_unknown_and_accountless_links_show_error_pages() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
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
    assert!(
        html.contains("没有可授权的帐号") && html.contains("no account"),
        "{html}"
    );
    h.account(json!({})).await;
    h.advance(601).await;
    let r = h
        .http
        .get(&url)
        .header("referer", crate::common::CONSOLE_PAGE)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("已过期") && html.contains("expired"),
        "{html}"
    );
    let unknown = h
        .link(
            &c,
            Secret::new("preauthcode@@@nope"),
            AuthTarget::Any,
            vec![],
        )
        .pc_url(&h.endpoints());
    let html = h.page(&unknown).await;
    assert!(html.contains("预授权码不存在") && html.contains("unknown pre_auth_code"));
    let (status, _) = h
        .post(
            "/_sandbox/authorizations/confirm",
            json!({"pre_auth_code": pre.expose(), "appid": "wx0000000000000000"}),
        )
        .await;
    assert_eq!(status, 409);
}

#[tokio::test]
async fn auth_codes_expire_after_600_seconds() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let oa = h.account(json!({})).await;
    let cat = h.cat(&c).await;
    let pre = h
        .client
        .create_pre_auth_code(&cat, &c.appid)
        .await
        .unwrap()
        .pre_auth_code;
    let (_, ok) = h
        .post("/_sandbox/authorizations/confirm", json!({"pre_auth_code": pre.expose(), "appid": oa.as_str(), "redirect_uri": "https://console.example.com/cb"}))
        .await;
    let code = Secret::new(ok["auth_code"].as_str().unwrap());
    h.advance(601).await;
    let cat = h.cat(&c).await;
    assert_eq!(
        errcode(h.client.query_auth(&cat, &c.appid, &code).await),
        61010
    );
}

#[tokio::test]
async fn reauthorization_invalidates_the_old_refresh_token_and_revocation_everything() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let oa = h.account(json!({})).await;
    let cat = h.cat(&c).await;
    let (aat1, refresh1) = h.authorize(&c, &cat, &oa, Some(vec![1, 2])).await;
    let renewed = h
        .client
        .authorizer_token(&cat, &c.appid, &oa, &refresh1)
        .await
        .unwrap();
    assert_eq!(
        renewed.authorizer_refresh_token.as_ref(),
        Some(&refresh1),
        "no rotation by default"
    );

    let (aat2, refresh2) = h.authorize(&c, &cat, &oa, Some(vec![1])).await;
    let push = h.event("updateauthorized").await;
    assert!(
        matches!(push.event, ComponentEvent::UpdateAuthorized(ref a) if a.authorizer_appid == oa.as_str())
    );
    assert_ne!(refresh1, refresh2);
    let err = h
        .client
        .authorizer_token(&cat, &c.appid, &oa, &refresh1)
        .await
        .unwrap_err();
    assert!(err.is_refresh_token_invalid());
    assert_eq!(
        errcode(h.client.authorizer_option(&aat1, "voice_recognize").await),
        40001
    );
    h.client
        .authorizer_option(&aat2, "voice_recognize")
        .await
        .unwrap();
    let list = h
        .client
        .authorizer_list(&cat, &c.appid, 0, 500)
        .await
        .unwrap();
    assert_eq!(
        list.list[0].refresh_token, refresh2,
        "the list is the recovery path for 61023"
    );

    let (status, revoked) = h
        .post(
            "/_sandbox/authorizations/revoke",
            json!({"component_appid": c.appid.as_str(), "authorizer_appid": oa.as_str()}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(revoked["push"]["outcome"], "success");
    let push = h.event("unauthorized").await;
    assert!(
        matches!(push.event, ComponentEvent::Unauthorized { ref authorizer_appid } if authorizer_appid == oa.as_str())
    );
    assert_eq!(
        errcode(
            h.client
                .authorizer_token(&cat, &c.appid, &oa, &refresh2)
                .await
        ),
        61003,
        "a revoked account is not authorized any more (61023 is for a replaced refresh token)"
    );
    assert_eq!(
        errcode(h.client.authorizer_option(&aat2, "voice_recognize").await),
        40001
    );
    assert_eq!(
        errcode(h.client.authorizer_info(&cat, &c.appid, &oa).await),
        61003
    );
    assert_eq!(
        h.client
            .authorizer_list(&cat, &c.appid, 0, 500)
            .await
            .unwrap()
            .total_count,
        0
    );
}

#[tokio::test]
async fn rotating_refresh_tokens_invalidate_the_previous_one() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let oa = h.account(json!({})).await;
    let cat = h.cat(&c).await;
    let (_, refresh) = h.authorize(&c, &cat, &oa, None).await;
    let (status, patched) = h
        .patch(
            &format!("/_sandbox/components/{}", c.appid),
            json!({"rotate_refresh_tokens": true}),
        )
        .await;
    assert_eq!(
        (status, &patched["rotate_refresh_tokens"]),
        (200, &json!(true))
    );
    let next = h
        .client
        .authorizer_token(&cat, &c.appid, &oa, &refresh)
        .await
        .unwrap();
    let new_refresh = next.authorizer_refresh_token.unwrap();
    assert_ne!(new_refresh, refresh);
    assert_eq!(
        errcode(
            h.client
                .authorizer_token(&cat, &c.appid, &oa, &refresh)
                .await
        ),
        61023
    );
    h.client
        .authorizer_token(&cat, &c.appid, &oa, &new_refresh)
        .await
        .unwrap();
}

#[tokio::test]
async fn authorizer_list_pages_and_options() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let cat = h.cat(&c).await;
    let mut accounts = Vec::new();
    for _ in 0..3 {
        let a = h.account(json!({})).await;
        h.authorize(&c, &cat, &a, None).await;
        accounts.push(a);
    }
    let page = h
        .client
        .authorizer_list(&cat, &c.appid, 1, 1)
        .await
        .unwrap();
    assert_eq!(page.total_count, 3);
    assert_eq!(page.list.len(), 1);
    let all = h
        .client
        .authorizer_list(&cat, &c.appid, 0, 10)
        .await
        .unwrap();
    assert_eq!(all.list.len(), 3);
    assert_eq!(page.list[0], all.list[1]);

    let a = &accounts[0];
    h.client
        .set_authorizer_option_legacy(&cat, &c.appid, a, "location_report", "2")
        .await
        .unwrap();
    let got = h
        .client
        .authorizer_option_legacy(&cat, &c.appid, a, "location_report")
        .await
        .unwrap();
    assert_eq!(got.option_value, "2");
    assert_eq!(
        errcode(
            h.client
                .authorizer_option_legacy(&cat, &c.appid, a, "colour")
                .await
        ),
        61012
    );
    assert_eq!(
        errcode(
            h.client
                .set_authorizer_option_legacy(&cat, &c.appid, a, "voice_recognize", "7")
                .await
        ),
        61013
    );
    // The new endpoints use the authorizer's own token.
    let pre = h.client.create_pre_auth_code(&cat, &c.appid).await.unwrap();
    let (_, ok) = h
        .post("/_sandbox/authorizations/confirm", json!({"pre_auth_code": pre.pre_auth_code.expose(), "appid": a.as_str(), "redirect_uri": "https://console.example.com/cb"}))
        .await;
    assert_eq!(ok["event"], "updateauthorized");
    let code = Secret::new(ok["auth_code"].as_str().unwrap());
    let aat = h
        .client
        .query_auth(&cat, &c.appid, &code)
        .await
        .unwrap()
        .authorization_info
        .authorizer_access_token
        .unwrap();
    assert_eq!(
        h.client
            .authorizer_option(&aat, "location_report")
            .await
            .unwrap()
            .option_value,
        "2",
        "options survive re-authorization"
    );
    h.client
        .set_authorizer_option(&aat, "customer_service", "1")
        .await
        .unwrap();
    assert_eq!(
        h.client
            .authorizer_option(&aat, "customer_service")
            .await
            .unwrap()
            .option_value,
        "1"
    );
    assert_eq!(
        errcode(h.client.authorizer_option(&cat, "customer_service").await),
        40001,
        "a component token is the wrong kind"
    );
}

#[tokio::test]
async fn an_account_is_granted_only_the_offered_sets_of_its_own_type() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let oa = h.account(json!({"type": "official_account"})).await;
    let cat = h.cat(&c).await;
    let pre = |h: &mut Harness| {
        let client = h.client.clone();
        let (cat, appid) = (cat.clone(), c.appid.clone());
        async move {
            client
                .create_pre_auth_code(&cat, &appid)
                .await
                .unwrap()
                .pre_auth_code
        }
    };
    // The page ticks every set of the link, mini-program sets (17 here) included: an official
    // account gets the official-account ones only.
    let code = pre(&mut h).await;
    let (status, ok) = h
        .post(
            "/_sandbox/authorizations/confirm",
            json!({"pre_auth_code": code.expose(), "appid": oa.as_str(), "func_ids": [1, 2, 17], "redirect_uri": "https://console.example.com/cb"}),
        )
        .await;
    assert_eq!(status, 200, "{ok}");
    let auth_code = Secret::new(ok["auth_code"].as_str().unwrap());
    let granted = h
        .client
        .query_auth(&cat, &c.appid, &auth_code)
        .await
        .unwrap();
    let ids: Vec<i64> = granted
        .authorization_info
        .func_info
        .iter()
        .map(|f| f.funcscope_category.id)
        .collect();
    assert_eq!(ids, [1, 2]);

    // Only sets of the other type: nothing to grant.
    let code = pre(&mut h).await;
    let (status, err) = h
        .post(
            "/_sandbox/authorizations/confirm",
            json!({"pre_auth_code": code.expose(), "appid": oa.as_str(), "func_ids": [17, 18], "redirect_uri": "https://console.example.com/cb"}),
        )
        .await;
    assert_eq!(status, 400, "{err}");

    // A set the link does not offer at all is still refused.
    let code = pre(&mut h).await;
    let (status, err) = h
        .post(
            "/_sandbox/authorizations/confirm",
            json!({"pre_auth_code": code.expose(), "appid": oa.as_str(), "func_ids": [1, 9999], "redirect_uri": "https://console.example.com/cb"}),
        )
        .await;
    assert_eq!(status, 400, "{err}");
}
