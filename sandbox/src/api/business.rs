//! A few business APIs called with an authorizer token, enough for the console's API proxy:
//! customer-service messages, temporary media, user info, the JS-SDK ticket and web OAuth.
//!
//! Permission sets required (61007 `api is unauthorized to component` otherwise, reference B20):
//! `message/custom/send` 1 (official account) or 19 (mini program); `user/info` and
//! `user/info/batchget` 2 (official accounts only); `media/upload` and `media/get` 11 (official
//! account) or 19 (mini program, whose customer service uploads its images through the same
//! API); `sns/oauth2/component/*` 4 (网页服务, official accounts only).

use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::{ApiRequest, Call, Reply, Upload, handle, ok, str_field};
use crate::Sandbox;
use crate::endpoint::Ep;
use crate::error::WxErr;
use crate::ids;
use crate::model::{AccountType, SimUser};
use crate::state::{CustomMessage, Media, OAuthGrant, TOKEN_TTL_SECS, World};

/// Temporary media live 3 days.
const MEDIA_TTL_SECS: i64 = 3 * 86_400;

/// How long after a user's last message or action the account may send it customer-service
/// messages.
const CUSTOM_WINDOW_SECS: i64 = 48 * 3_600;

/// The authorizer must have granted `oa` (official account) or `mp` (mini program): 61007
/// otherwise.
fn require_func(
    w: &World,
    component: &str,
    authorizer: &str,
    oa: Option<u32>,
    mp: Option<u32>,
) -> Result<AccountType, WxErr> {
    let auth = w.authorization(component, authorizer)?;
    let account_type = w
        .accounts
        .get(authorizer)
        .map_or(AccountType::OfficialAccount, |a| a.account_type);
    let needed = match account_type {
        AccountType::OfficialAccount => oa,
        AccountType::MiniProgram => mp,
    };
    match needed {
        Some(id) if auth.func_ids.contains(&id) => Ok(account_type),
        _ => Err(WxErr::component_unauthorized()),
    }
}

fn find_user<'a>(w: &'a World, authorizer: &str, openid: &str) -> Result<&'a SimUser, WxErr> {
    w.accounts
        .get(authorizer)
        .and_then(|a| a.users.iter().find(|u| u.openid == openid))
        .ok_or_else(WxErr::invalid_openid)
}

fn user_json(u: &SimUser) -> Value {
    json!({
        "subscribe": 1,
        "openid": u.openid,
        "language": u.language,
        "subscribe_time": u.subscribe_time,
        "unionid": u.unionid,
        "remark": u.remark,
        "groupid": 0,
        "tagid_list": [],
        "subscribe_scene": u.subscribe_scene,
        "qr_scene": 0,
        "qr_scene_str": "",
    })
}

const MSG_TYPES: [&str; 12] = [
    "text",
    "image",
    "voice",
    "video",
    "music",
    "news",
    "mpnews",
    "mpnewsarticle",
    "msgmenu",
    "wxcard",
    "miniprogrampage",
    "link",
];

/// `cgi-bin/message/custom/send`.
pub(crate) fn custom_send(call: &mut Call, w: &mut World) -> Result<Reply, WxErr> {
    let (component, authorizer) = call.authorizer_token(w)?;
    require_func(w, &component, &authorizer, Some(1), Some(19))?;
    let body = call.body()?;
    call.charge(w)?;
    let msgtype = str_field(&body, "msgtype").ok_or_else(WxErr::invalid_message_type)?;
    if !MSG_TYPES.contains(&msgtype.as_str()) {
        return Err(WxErr::invalid_message_type());
    }
    let touser = str_field(&body, "touser").ok_or_else(WxErr::invalid_openid)?;
    find_user(w, &authorizer, &touser)?;
    // WeChat accepts customer-service messages only within 48 hours of the user's last message
    // or action (reference: message/custom/send, 45015).
    let open = w
        .interactions
        .get(&(authorizer.clone(), touser.clone()))
        .is_some_and(|at| call.now_ms / 1000 - at <= CUSTOM_WINDOW_SECS);
    if !open {
        return Err(WxErr::new(
            45015,
            "response out of time limit or subscription is canceled",
        ));
    }
    let content = body
        .get("text")
        .and_then(|t| t.get("content"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    if msgtype == "text" && content.is_none() {
        return Err(WxErr::data_format());
    }
    w.custom_messages.push(CustomMessage {
        component_appid: component,
        authorizer_appid: authorizer,
        touser,
        msgtype,
        content,
        body,
        at: call.now_ms / 1000,
    });
    call.sb.inner.custom_sent.notify_waiters();
    Ok(ok())
}

/// `cgi-bin/user/info` (GET, `openid` in the query).
pub(crate) fn user_info(call: &mut Call, w: &mut World) -> Result<Reply, WxErr> {
    let (component, authorizer) = call.authorizer_token(w)?;
    require_func(w, &component, &authorizer, Some(2), None)?;
    call.charge(w)?;
    let openid = call.param("openid").ok_or_else(WxErr::invalid_openid)?;
    Ok(Reply::Json(user_json(find_user(w, &authorizer, openid)?)))
}

/// `cgi-bin/user/get` (GET): the followers' openids, 10 000 per page after `next_openid`
/// (40003 for an openid that is not a follower).
pub(crate) fn user_get(call: &mut Call, w: &mut World) -> Result<Reply, WxErr> {
    let (component, authorizer) = call.authorizer_token(w)?;
    require_func(w, &component, &authorizer, Some(2), None)?;
    call.charge(w)?;
    const PAGE: usize = 10_000;
    let users = w
        .accounts
        .get(&authorizer)
        .map(|a| a.users.as_slice())
        .unwrap_or_default();
    let start = match call.param("next_openid").filter(|n| !n.is_empty()) {
        None => 0,
        Some(next) => {
            users
                .iter()
                .position(|u| u.openid == next)
                .ok_or_else(WxErr::invalid_openid)?
                + 1
        }
    };
    let page: Vec<&str> = users
        .iter()
        .skip(start)
        .take(PAGE)
        .map(|u| u.openid.as_str())
        .collect();
    let next = if start + page.len() < users.len() {
        page.last().copied().unwrap_or_default()
    } else {
        ""
    };
    Ok(Reply::Json(json!({
        "total": users.len(),
        "count": page.len(),
        "data": {"openid": page},
        "next_openid": next,
    })))
}

/// `cgi-bin/user/info/batchget` (at most 100 users).
pub(crate) fn user_info_batch(call: &mut Call, w: &mut World) -> Result<Reply, WxErr> {
    let (component, authorizer) = call.authorizer_token(w)?;
    require_func(w, &component, &authorizer, Some(2), None)?;
    let body = call.body()?;
    call.charge(w)?;
    let list = body
        .get("user_list")
        .and_then(Value::as_array)
        .ok_or_else(WxErr::data_format)?;
    if list.is_empty() || list.len() > 100 {
        return Err(WxErr::data_format());
    }
    let users = list
        .iter()
        .map(|item| {
            let openid = str_field(item, "openid").ok_or_else(WxErr::invalid_openid)?;
            find_user(w, &authorizer, &openid).map(user_json)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Reply::Json(json!({"user_info_list": users})))
}

/// The largest file of each media type.
fn media_limit(media_type: &str) -> Option<usize> {
    match media_type {
        "image" | "video" => Some(10 * 1024 * 1024),
        "voice" => Some(2 * 1024 * 1024),
        "thumb" => Some(64 * 1024),
        _ => None,
    }
}

/// `cgi-bin/media/upload` (multipart, the file in the `media` field).
pub(crate) async fn media_upload(State(sb): State<Sandbox>, req: Request) -> Response {
    let client_ip = req
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|axum::extract::ConnectInfo(a)| super::normalize_ip(a.ip()));
    let (parts, body) = req.into_parts();
    let api_req = ApiRequest {
        uri: parts.uri.clone(),
        headers: parts.headers.clone(),
        client_ip,
        body: Default::default(),
    };
    let upload = match Multipart::from_request(Request::from_parts(parts, body), &sb).await {
        Ok(mut multipart) => read_upload(&mut multipart).await,
        Err(_) => None,
    };
    handle(sb, Ep::MediaUpload, api_req, upload, store_upload).await
}

async fn read_upload(multipart: &mut Multipart) -> Option<Upload> {
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() != Some("media") {
            continue;
        }
        let filename = field.file_name().unwrap_or("media").to_owned();
        let content_type = field
            .content_type()
            .unwrap_or("application/octet-stream")
            .to_owned();
        let bytes = field.bytes().await.ok()?;
        return Some(Upload {
            filename,
            content_type,
            bytes,
        });
    }
    None
}

fn store_upload(call: &mut Call, w: &mut World) -> Result<Reply, WxErr> {
    let (component, authorizer) = call.authorizer_token(w)?;
    require_func(w, &component, &authorizer, Some(11), Some(19))?;
    call.charge(w)?;
    let media_type = call.param("type").unwrap_or("").to_owned();
    let limit = media_limit(&media_type).ok_or_else(WxErr::invalid_media_type)?;
    let upload = call
        .upload
        .take()
        .ok_or_else(|| WxErr::new(41005, "media data missing"))?;
    if upload.bytes.is_empty() || upload.bytes.len() > limit {
        return Err(WxErr::new(40006, "invalid meida size"));
    }
    let media_id = ids::media_id();
    let created_at = call.now_ms / 1000;
    w.media.insert(
        media_id.clone(),
        Media {
            authorizer,
            content_type: upload.content_type,
            filename: upload.filename,
            bytes: upload.bytes,
            created_at,
        },
    );
    Ok(Reply::Json(json!({
        "type": media_type, "media_id": media_id, "created_at": created_at
    })))
}

/// `cgi-bin/media/get` (GET): the file itself.
pub(crate) fn media_get(call: &mut Call, w: &mut World) -> Result<Reply, WxErr> {
    let (component, authorizer) = call.authorizer_token(w)?;
    require_func(w, &component, &authorizer, Some(11), Some(19))?;
    call.charge(w)?;
    let id = call.param("media_id").ok_or_else(WxErr::invalid_media_id)?;
    let media = w
        .media
        .get(id)
        .filter(|m| {
            m.authorizer == authorizer && call.now_ms / 1000 < m.created_at + MEDIA_TTL_SECS
        })
        .ok_or_else(WxErr::invalid_media_id)?;
    let disposition = format!(
        "attachment; filename=\"{}\"",
        media.filename.replace(['"', '\r', '\n'], "")
    );
    Ok(Reply::Raw(
        (
            [
                (header::CONTENT_TYPE, media.content_type.clone()),
                (header::CONTENT_DISPOSITION, disposition),
            ],
            Body::from(media.bytes.clone()),
        )
            .into_response(),
    ))
}

/// `cgi-bin/ticket/getticket?type=jsapi`.
pub(crate) fn jsapi_ticket(call: &mut Call, w: &mut World) -> Result<Reply, WxErr> {
    call.authorizer_token(w)?;
    call.charge(w)?;
    if call.param("type").unwrap_or("jsapi") != "jsapi" {
        return Err(WxErr::new(40097, "invalid args"));
    }
    Ok(Reply::Json(json!({
        "errcode": 0, "errmsg": "ok",
        "ticket": format!("sM4AOVdWfPE4DxkXGEs8V{}", &ids::media_id()[..40]),
        "expires_in": TOKEN_TTL_SECS,
    })))
}

fn oauth_grant(w: &mut World, grant: OAuthGrant, now_ms: i64) -> Reply {
    let refresh = ids::access_token();
    let access = ids::access_token();
    let body = json!({
        "access_token": access,
        "expires_in": TOKEN_TTL_SECS,
        "refresh_token": refresh,
        "openid": grant.openid,
        "scope": grant.scope,
    });
    let ttl_ms = TOKEN_TTL_SECS * 1000;
    w.oauth_tokens
        .insert(access, (grant.clone(), now_ms + ttl_ms));
    w.oauth_refresh.insert(refresh, grant);
    Reply::Json(body)
}

/// The component token and `appid` of an OAuth call; the account must be authorized (61003)
/// and have granted set 4 网页服务 (61007).
fn oauth_context(call: &mut Call, w: &World) -> Result<(String, String), WxErr> {
    let component = call.component_token(w)?;
    if call
        .param("component_appid")
        .is_some_and(|c| c != component)
    {
        return Err(WxErr::invalid_appid());
    }
    let appid = call
        .param("appid")
        .ok_or_else(WxErr::appid_missing)?
        .to_owned();
    call.about(&component, &appid);
    require_func(w, &component, &appid, Some(4), None)?;
    Ok((component, appid))
}

/// `sns/oauth2/component/access_token`: exchanges a code from `/connect/oauth2/authorize`.
pub(crate) fn oauth_access_token(call: &mut Call, w: &mut World) -> Result<Reply, WxErr> {
    let (component, appid) = oauth_context(call, w)?;
    call.charge(w)?;
    let code = call
        .param("code")
        .ok_or_else(WxErr::invalid_oauth_code)?
        .to_owned();
    let found = w
        .oauth_codes
        .remove(&code)
        .filter(|c| c.component == component && c.appid == appid && call.now_ms < c.expires_ms)
        .ok_or_else(WxErr::invalid_oauth_code)?;
    Ok(oauth_grant(
        w,
        OAuthGrant {
            component,
            appid,
            openid: found.openid,
            scope: found.scope,
        },
        call.now_ms,
    ))
}

/// `sns/oauth2/component/refresh_token`.
pub(crate) fn oauth_refresh_token(call: &mut Call, w: &mut World) -> Result<Reply, WxErr> {
    let (component, appid) = oauth_context(call, w)?;
    call.charge(w)?;
    let refresh = call.param("refresh_token").unwrap_or("").to_owned();
    let grant = w
        .oauth_refresh
        .get(&refresh)
        .filter(|g| g.component == component && g.appid == appid)
        .cloned()
        .ok_or_else(|| WxErr::new(40030, "invalid refresh_token"))?;
    Ok(oauth_grant(w, grant, call.now_ms))
}

/// `sns/userinfo`: the profile behind a user's web OAuth token. Only a `snsapi_userinfo` grant
/// may read it (48001 for `snsapi_base`, as WeChat answers); an unknown or expired token is
/// 40001 (reference C.1, component OAuth).
pub(crate) fn sns_userinfo(call: &mut Call, w: &mut World) -> Result<Reply, WxErr> {
    let token = call.param("access_token").unwrap_or("").to_owned();
    let (grant, _) = w
        .oauth_tokens
        .get(&token)
        .cloned()
        .filter(|(_, exp)| call.now_ms < *exp)
        .ok_or_else(WxErr::invalid_credential)?;
    if call.param("openid") != Some(grant.openid.as_str()) {
        return Err(WxErr::new(40003, "invalid openid"));
    }
    if grant.scope != "snsapi_userinfo" {
        return Err(WxErr::new(48001, "api unauthorized"));
    }
    call.about(&grant.component, &grant.appid);
    let user = w
        .accounts
        .get(&grant.appid)
        .and_then(|a| a.users.iter().find(|u| u.openid == grant.openid))
        .ok_or_else(|| WxErr::new(40003, "invalid openid"))?;
    let tail: String = user
        .openid
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    Ok(Reply::Json(json!({
        "openid": user.openid,
        "nickname": format!("模拟用户{tail}"),
        "sex": 0,
        "province": "",
        "city": "",
        "country": "",
        "headimgurl": format!("https://thirdwx.qlogo.cn/mmopen/sandbox/{}/132", user.openid),
        "privilege": [],
        "unionid": user.unionid,
    })))
}
