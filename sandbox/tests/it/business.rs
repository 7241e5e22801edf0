//! Business APIs with authorizer tokens: permission sets, token checks, media round trip.

use serde_json::{Value, json};
use wxopen::Secret;

use crate::common::Harness;

#[allow(clippy::unwrap_used)]
async fn call(h: &Harness, path: &str, token: &Secret, body: Option<Value>) -> Value {
    let url = h.url(&format!(
        "{path}{}access_token={}",
        if path.contains('?') { "&" } else { "?" },
        token.expose()
    ));
    let req = match body {
        Some(b) => h.http.post(url).json(&b),
        None => h.http.get(url),
    };
    req.send().await.unwrap().json().await.unwrap()
}

/// `openid` sends the account a text message (through the console's message URL).
#[allow(clippy::unwrap_used)]
async fn user_writes(
    h: &Harness,
    component: &wxopen::AppId,
    account: &wxopen::AppId,
    openid: &str,
) {
    let (status, reply) = h
        .post(
            "/_sandbox/messages",
            json!({"component_appid": component.as_str(), "authorizer_appid": account.as_str(),
                   "openid": openid, "content": "在吗"}),
        )
        .await;
    assert_eq!(status, 200, "{reply}");
}

#[tokio::test]
async fn customer_service_messages_need_the_users_message_within_48_hours() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let cat = h.cat(&c).await;
    let oa = h.account(json!({"users": 1})).await;
    let (token, _) = h.authorize(&c, &cat, &oa, Some(vec![1])).await;
    let openid = h.get(&format!("/_sandbox/accounts/{oa}")).await["users"][0]["openid"]
        .as_str()
        .unwrap()
        .to_owned();
    let text = json!({"touser": openid, "msgtype": "text", "text": {"content": "您好"}});
    let path = "/cgi-bin/message/custom/send";
    // A follower who never wrote (they subscribed a month ago): refused.
    assert_eq!(
        call(&h, path, &token, Some(text.clone())).await["errcode"],
        45015
    );
    user_writes(&h, &c.appid, &oa, &openid).await;
    assert_eq!(
        call(&h, path, &token, Some(text.clone())).await["errcode"],
        0
    );
    // 47 hours later still open; past 48 hours closed (fresh tokens after each jump).
    h.advance(47 * 3600).await;
    let cat = h.cat(&c).await;
    let (token, _) = h.authorize(&c, &cat, &oa, Some(vec![1])).await;
    assert_eq!(
        call(&h, path, &token, Some(text.clone())).await["errcode"],
        0
    );
    h.advance(2 * 3600).await;
    let cat = h.cat(&c).await;
    let (token, _) = h.authorize(&c, &cat, &oa, Some(vec![1])).await;
    assert_eq!(call(&h, path, &token, Some(text)).await["errcode"], 45015);
}

#[tokio::test]
async fn custom_send_and_user_info_need_their_permission_sets() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let cat = h.cat(&c).await;
    let oa = h.account(json!({"users": 2})).await;
    let narrow = h.account(json!({})).await;
    let mp = h.account(json!({"type": "mini_program"})).await;
    let (token, _) = h.authorize(&c, &cat, &oa, Some(vec![1, 2])).await;
    let (narrow_token, _) = h.authorize(&c, &cat, &narrow, Some(vec![11])).await;
    let (mp_token, _) = h.authorize(&c, &cat, &mp, Some(vec![19])).await;
    let account = h.get(&format!("/_sandbox/accounts/{oa}")).await;
    let openid = account["users"][0]["openid"].as_str().unwrap().to_owned();
    let text = json!({"touser": openid, "msgtype": "text", "text": {"content": "您好"}});
    // The user wrote to the account: the 48-hour customer-service window is open.
    user_writes(&h, &c.appid, &oa, &openid).await;

    assert_eq!(
        call(
            &h,
            "/cgi-bin/message/custom/send",
            &token,
            Some(text.clone())
        )
        .await["errcode"],
        0
    );
    let sent = h.get("/_sandbox/custom_messages").await;
    assert_eq!(sent[0]["content"], "您好");
    assert_eq!(sent[0]["authorizer_appid"], oa.as_str());
    let bad_user = json!({"touser": "oUnknown", "msgtype": "text", "text": {"content": "x"}});
    assert_eq!(
        call(&h, "/cgi-bin/message/custom/send", &token, Some(bad_user)).await["errcode"],
        40003
    );
    assert_eq!(
        call(
            &h,
            "/cgi-bin/message/custom/send",
            &narrow_token,
            Some(text.clone())
        )
        .await["errcode"],
        61007
    );
    assert_eq!(
        call(&h, "/cgi-bin/message/custom/send", &cat, Some(text.clone())).await["errcode"],
        40001
    );
    assert_eq!(
        call(
            &h,
            "/cgi-bin/message/custom/send",
            &Secret::new("x"),
            Some(text)
        )
        .await["errcode"],
        40001
    );
    let mp_user = h.get(&format!("/_sandbox/accounts/{mp}")).await["users"][0]["openid"].clone();
    user_writes(&h, &c.appid, &mp, mp_user.as_str().unwrap()).await;
    let mp_text = json!({"touser": mp_user, "msgtype": "text", "text": {"content": "hi"}});
    assert_eq!(
        call(&h, "/cgi-bin/message/custom/send", &mp_token, Some(mp_text)).await["errcode"],
        0
    );

    let info = call(
        &h,
        &format!("/cgi-bin/user/info?openid={openid}&lang=zh_CN"),
        &token,
        None,
    )
    .await;
    assert_eq!(info["openid"], openid.as_str());
    assert_eq!(info["subscribe"], 1);
    assert!(info["unionid"].is_string());
    let batch = json!({"user_list": [{"openid": openid, "lang": "zh_CN"}, {"openid": account["users"][1]["openid"]}]});
    let users = call(
        &h,
        "/cgi-bin/user/info/batchget",
        &token,
        Some(batch.clone()),
    )
    .await;
    assert_eq!(users["user_info_list"].as_array().unwrap().len(), 2);
    assert_eq!(
        call(
            &h,
            "/cgi-bin/user/info/batchget",
            &narrow_token,
            Some(batch)
        )
        .await["errcode"],
        61007
    );
    assert_eq!(
        call(
            &h,
            &format!("/cgi-bin/user/info?openid={openid}"),
            &mp_token,
            None
        )
        .await["errcode"],
        61007
    );
    h.advance(7200).await;
    assert_eq!(
        call(
            &h,
            &format!("/cgi-bin/user/info?openid={openid}"),
            &token,
            None
        )
        .await["errcode"],
        42001
    );
}

#[tokio::test]
async fn media_upload_and_get_round_trip() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let cat = h.cat(&c).await;
    let oa = h.account(json!({})).await;
    let (token, _) = h.authorize(&c, &cat, &oa, Some(vec![11])).await;
    let (no_media, _) = h
        .authorize(&c, &cat, &h.account(json!({})).await, Some(vec![1]))
        .await;
    let bytes: Vec<u8> = (0..=255u8).cycle().take(3000).collect();
    let upload = |token: Secret, kind: &'static str| {
        let mut body = b"--XBOUNDARY\r\nContent-Disposition: form-data; name=\"media\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n".to_vec();
        body.extend_from_slice(&bytes);
        body.extend_from_slice(b"\r\n--XBOUNDARY--\r\n");
        let url = h.url(&format!(
            "/cgi-bin/media/upload?access_token={}&type={kind}",
            token.expose()
        ));
        let http = h.http.clone();
        async move {
            http.post(url)
                .header("content-type", "multipart/form-data; boundary=XBOUNDARY")
                .body(body)
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    let up = upload(token.clone(), "image").await;
    assert_eq!(up["type"], "image", "{up}");
    let media_id = up["media_id"].as_str().unwrap().to_owned();
    assert_eq!(upload(token.clone(), "movie").await["errcode"], 40004);
    assert_eq!(upload(no_media.clone(), "image").await["errcode"], 61007);

    let got = h
        .http
        .get(h.url(&format!(
            "/cgi-bin/media/get?access_token={}&media_id={media_id}",
            token.expose()
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(got.headers()["content-type"], "image/png");
    assert_eq!(got.bytes().await.unwrap().to_vec(), bytes);
    assert_eq!(
        call(&h, "/cgi-bin/media/get?media_id=nope", &token, None).await["errcode"],
        40007
    );
    h.advance(3 * 86_400).await;
    let cat = h.cat(&c).await;
    let (token, _) = h.authorize(&c, &cat, &oa, Some(vec![11])).await;
    assert_eq!(
        call(
            &h,
            &format!("/cgi-bin/media/get?media_id={media_id}"),
            &token,
            None
        )
        .await["errcode"],
        40007,
        "temporary media live 3 days"
    );
}

#[tokio::test]
async fn web_oauth_on_behalf_and_jsapi_ticket() {
    use wxopen::api::{OAuthScope, oauth_authorize_url};
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let cat = h.cat(&c).await;
    let oa = h.account(json!({})).await;
    let (token, _) = h.authorize(&c, &cat, &oa, Some(vec![4])).await;
    let url = oauth_authorize_url(
        &h.endpoints(),
        &oa,
        "https://console.example.com/o?k=v",
        OAuthScope::UserInfo,
        "st1",
        &c.appid,
    );
    let page = h.page(&url).await;
    let openid = page
        .split("name=\"openid\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let r = h.submit(&url, &format!("openid={openid}")).await;
    assert_eq!(r.status().as_u16(), 302);
    let q = crate::common::query(r.headers()["location"].to_str().unwrap());
    assert_eq!(
        (q["k"].as_str(), q["state"].as_str(), q["appid"].as_str()),
        ("v", "st1", oa.as_str())
    );
    let code = Secret::new(q["code"].clone());
    let grant = h
        .client
        .oauth_access_token(&cat, &c.appid, &oa, &code)
        .await
        .unwrap();
    assert_eq!(grant.openid, openid);
    assert_eq!(grant.scope, "snsapi_userinfo");
    assert_eq!(
        crate::common::errcode(
            h.client
                .oauth_access_token(&cat, &c.appid, &oa, &code)
                .await
        ),
        40029,
        "codes are single use"
    );
    let again = h
        .client
        .oauth_refresh_token(&cat, &c.appid, &oa, &grant.refresh_token)
        .await
        .unwrap();
    assert_eq!(again.openid, openid);
    let profile = h
        .client
        .sns_userinfo(&grant.access_token, &openid)
        .await
        .unwrap();
    assert_eq!(profile.openid, openid);
    assert!(!profile.nickname.is_empty() && profile.unionid.is_some());
    assert_eq!(
        crate::common::errcode(h.client.sns_userinfo(&grant.access_token, "o-other").await),
        40003
    );
    assert_eq!(
        crate::common::errcode(h.client.sns_userinfo(&cat, &openid).await),
        40001,
        "only the user's OAuth token reads the profile"
    );
    let ticket = h.client.jsapi_ticket(&token).await.unwrap();
    assert_eq!(ticket.expires_in, 7200);
}

#[tokio::test]
async fn web_oauth_base_cannot_read_the_profile_and_userinfo_can_be_refused() {
    use wxopen::api::{OAuthScope, oauth_authorize_url};
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let cat = h.cat(&c).await;
    let oa = h.account(json!({})).await;
    h.authorize(&c, &cat, &oa, Some(vec![4])).await;
    let url = |scope| {
        oauth_authorize_url(
            &h.endpoints(),
            &oa,
            "https://console.example.com/o",
            scope,
            "st2",
            &c.appid,
        )
    };
    let base = url(OAuthScope::Base);
    let page = h.page(&base).await;
    assert!(!page.contains("id=\"deny\""), "snsapi_base is silent");
    let openid = page
        .split("name=\"openid\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let r = h.submit(&base, &format!("openid={openid}")).await;
    let q = crate::common::query(r.headers()["location"].to_str().unwrap());
    let grant = h
        .client
        .oauth_access_token(&cat, &c.appid, &oa, &Secret::new(q["code"].clone()))
        .await
        .unwrap();
    assert_eq!(
        crate::common::errcode(h.client.sns_userinfo(&grant.access_token, &openid).await),
        48001
    );
    let userinfo = url(OAuthScope::UserInfo);
    assert!(h.page(&userinfo).await.contains("id=\"deny\""));
    let r = h
        .submit(&userinfo, &format!("openid={openid}&decision=deny"))
        .await;
    assert_eq!(r.status().as_u16(), 302);
    let q = crate::common::query(r.headers()["location"].to_str().unwrap());
    assert_eq!(q.get("state").map(String::as_str), Some("st2"));
    assert!(!q.contains_key("code"), "a refusal carries no code");
}

#[tokio::test]
async fn followers_are_listed_page_by_page_with_set_2() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let cat = h.cat(&c).await;
    let oa = h.account(json!({"users": 3})).await;
    let narrow = h.account(json!({"users": 1})).await;
    let (token, _) = h.authorize(&c, &cat, &oa, Some(vec![2])).await;
    let (narrow_token, _) = h.authorize(&c, &cat, &narrow, Some(vec![1])).await;
    let followers = h.client.followers(&token, None).await.unwrap();
    assert_eq!((followers.total, followers.count), (3, 3));
    let account = h.get(&format!("/_sandbox/accounts/{oa}")).await;
    let expected: Vec<String> = account["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["openid"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(followers.data.openid, expected);
    assert_eq!(followers.next_openid, "", "one page holds them all");
    let after_first = h
        .client
        .followers(&token, Some(&expected[0]))
        .await
        .unwrap();
    assert_eq!(after_first.data.openid, expected[1..].to_vec());
    let err = h.client.followers(&narrow_token, None).await.unwrap_err();
    assert_eq!(err.wechat().map(|w| w.errcode), Some(61007));
}
