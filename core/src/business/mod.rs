//! Business calls staff make on behalf of an authorizer from its page (seed 001, issue 12): look
//! up a user (`cgi-bin/user/info`), send a customer-service text (`cgi-bin/message/custom/send`)
//! and download a temporary media file (`cgi-bin/media/get`). Each goes through the same proxy as
//! the platform API ([`platform_api::forward`]), so the token handling is the same and each call
//! is counted on the authorizer's page.
//!
//! Every function takes the tenant: another tenant's authorizer is "not found". Who may call them
//! (Operate) is checked by the callers.

use bytes::Bytes;
use futures::StreamExt;
use reqwest::Method;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, CoreResult};
use crate::message::Bi;
use crate::platform_api::{
    self, ProxyBody, ProxyRequest, ProxyResponse, ProxyResponseBody, TokenRefusal, WechatPath,
};
use crate::services::Services;
use crate::{AuthorizerId, TenantId, format_time_cst};

const USER_INFO: &str = "cgi-bin/user/info";
const CUSTOM_SEND: &str = "cgi-bin/message/custom/send";
const MEDIA_GET: &str = "cgi-bin/media/get";

/// The longest text sent (WeChat's own limit is about 2 048 bytes).
pub const MAX_TEXT_CHARS: usize = 600;

/// A user's fields as WeChat answered them, in WeChat's order, values as text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserInfo {
    pub fields: Vec<(String, String)>,
}

/// A media file on its way: WeChat's headers and its body, streamed.
pub struct MediaDownload {
    pub content_type: Option<String>,
    pub content_disposition: Option<String>,
    pub content_length: Option<u64>,
    pub body: ProxyResponseBody,
}

/// An openid as staff type it: 1 to 64 letters, digits, `_` or `-`.
pub fn parse_openid(raw: &str) -> CoreResult<String> {
    let o = raw.trim();
    if !o.is_empty()
        && o.len() <= 64
        && o.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
    {
        Ok(o.to_string())
    } else {
        Err(CoreError::Invalid(
            Bi::new(
                "openid 无效：应为 1–64 个字母、数字、_ 或 -",
                "Invalid openid: 1–64 letters, digits, _ or -",
            )
            .on_field("openid"),
        ))
    }
}

/// A media_id as staff paste it: 1 to 128 letters, digits, `_`, `-`, `.` or `@`.
pub fn parse_media_id(raw: &str) -> CoreResult<String> {
    let m = raw.trim();
    if !m.is_empty()
        && m.len() <= 128
        && m.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'@'))
    {
        Ok(m.to_string())
    } else {
        Err(CoreError::Invalid(
            Bi::new(
                "media_id 无效：应为 1–128 个字母、数字或 _ - . @",
                "Invalid media_id: 1–128 letters, digits or _ - . @",
            )
            .on_field("media_id"),
        ))
    }
}

/// An openid for the audit log and the logs: enough to tell users apart, not enough to reuse.
pub fn mask_openid(openid: &str) -> String {
    let chars: Vec<char> = openid.chars().collect();
    if chars.len() <= 8 {
        return "***".into();
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}…{tail}")
}

/// Sends one call for a tenant's authorizer through the proxy.
async fn call(
    svc: &Services,
    tenant_id: TenantId,
    id: AuthorizerId,
    req: ProxyRequest,
) -> CoreResult<ProxyResponse> {
    let a = crate::authorizers::model(svc, tenant_id, id).await?;
    let platform = crate::platforms::get_model(svc, tenant_id, a.component_id).await?;
    match platform_api::forward(svc, &platform, &a.appid, req).await? {
        Ok(answer) => Ok(answer),
        Err(TokenRefusal::UnknownAuthorizer) => Err(CoreError::NotFound("authorizer")),
        Err(TokenRefusal::NeedsReauthorization(_)) => Err(CoreError::Conflict(Bi::new(
            "该帐号已取消授权或失去刷新令牌：需商家重新授权后才能代为调用",
            "The account revoked its authorization or lost its refresh token: the merchant must authorize again before calls can be made on its behalf",
        ))),
    }
}

/// A JSON answer read whole.
async fn json_of(path: &str, answer: ProxyResponse) -> CoreResult<serde_json::Value> {
    let bytes = match answer.body {
        ProxyResponseBody::Buffered(b) => b,
        other => {
            let mut buf = Vec::new();
            let mut s = other.into_stream();
            while let Some(chunk) = s.next().await {
                let chunk = chunk.map_err(|e| {
                    CoreError::Unavailable(Bi::new(
                        format!("读取微信 {path} 的应答失败：{e}"),
                        format!("Reading WeChat {path}'s answer failed: {e}"),
                    ))
                })?;
                if buf.len() + chunk.len() > platform_api::proxy::MAX_JSON {
                    break;
                }
                buf.extend_from_slice(&chunk);
            }
            Bytes::from(buf)
        }
    };
    let v: serde_json::Value = serde_json::from_slice(&bytes).map_err(|_| {
        CoreError::Upstream(Bi::new(
            format!("微信接口 {path} 的应答不是 JSON"),
            format!("WeChat {path} did not answer with JSON"),
        ))
    })?;
    check_errcode(path, &v)?;
    Ok(v)
}

/// WeChat's error as staff read it: the errcode, what it means, and WeChat's errmsg (with its
/// rid, which the "diagnose" box takes).
pub fn wechat_error(path: &str, errcode: i64, errmsg: &str) -> CoreError {
    let m = wxopen::api::meaning(wxopen::api::Endpoint::SendCustomMessage, errcode);
    let errmsg: String = errmsg.chars().take(300).collect();
    CoreError::Upstream(Bi::new(
        format!("微信接口 {path} 返回错误 {errcode}：{}（{errmsg}）", m.zh),
        format!(
            "WeChat {path} returned errcode {errcode}: {} ({errmsg})",
            m.en
        ),
    ))
}

fn check_errcode(path: &str, v: &serde_json::Value) -> CoreResult<()> {
    match v.get("errcode").and_then(serde_json::Value::as_i64) {
        Some(code) if code != 0 => {
            let msg = v.get("errmsg").and_then(|m| m.as_str()).unwrap_or_default();
            Err(wechat_error(path, code, msg))
        }
        _ => Ok(()),
    }
}

fn path(p: &str) -> CoreResult<WechatPath> {
    WechatPath::parse(p)
}

/// `cgi-bin/user/info` for `openid` (Chinese answers): the user's fields.
pub async fn user_info(
    svc: &Services,
    tenant_id: TenantId,
    id: AuthorizerId,
    openid: &str,
) -> CoreResult<UserInfo> {
    let openid = parse_openid(openid)?;
    let answer = call(
        svc,
        tenant_id,
        id,
        ProxyRequest {
            method: Method::GET,
            path: path(USER_INFO)?,
            query: vec![("openid".into(), openid), ("lang".into(), "zh_CN".into())],
            content_type: None,
            body: ProxyBody::Empty,
        },
    )
    .await?;
    let v = json_of(USER_INFO, answer).await?;
    let fields = v
        .as_object()
        .map(|o| {
            o.iter()
                .map(|(k, val)| {
                    let text = match (k.as_str(), val) {
                        ("subscribe_time", serde_json::Value::Number(n)) => n
                            .as_i64()
                            .map_or_else(|| n.to_string(), |s| format_time_cst(s * 1000)),
                        (_, serde_json::Value::String(s)) => s.clone(),
                        (_, other) => other.to_string(),
                    };
                    (k.clone(), text)
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(UserInfo { fields })
}

/// Sends a customer-service text message to `openid`.
pub async fn send_text(
    svc: &Services,
    tenant_id: TenantId,
    id: AuthorizerId,
    openid: &str,
    text: &str,
) -> CoreResult<()> {
    let openid = parse_openid(openid)?;
    let text = text.trim();
    if text.is_empty() || text.chars().count() > MAX_TEXT_CHARS {
        return Err(CoreError::Invalid(
            Bi::new(
                format!("消息内容不能为空，最多 {MAX_TEXT_CHARS} 个字"),
                format!("The message must not be empty; at most {MAX_TEXT_CHARS} characters"),
            )
            .on_field("text"),
        ));
    }
    let body = serde_json::json!({
        "touser": openid,
        "msgtype": "text",
        "text": {"content": text},
    });
    let answer = call(
        svc,
        tenant_id,
        id,
        ProxyRequest {
            method: Method::POST,
            path: path(CUSTOM_SEND)?,
            query: vec![],
            content_type: Some("application/json".into()),
            body: ProxyBody::Buffered(Bytes::from(body.to_string())),
        },
    )
    .await?;
    json_of(CUSTOM_SEND, answer).await?;
    Ok(())
}

/// `cgi-bin/media/get`: the file, streamed as WeChat sends it. WeChat's JSON error (an unknown
/// or expired media_id) is an error here; a JSON answer without an error (a video's address) is
/// handed on like a file.
pub async fn media(
    svc: &Services,
    tenant_id: TenantId,
    id: AuthorizerId,
    media_id: &str,
) -> CoreResult<MediaDownload> {
    let media_id = parse_media_id(media_id)?;
    let answer = call(
        svc,
        tenant_id,
        id,
        ProxyRequest {
            method: Method::GET,
            path: path(MEDIA_GET)?,
            query: vec![("media_id".into(), media_id)],
            content_type: None,
            body: ProxyBody::Empty,
        },
    )
    .await?;
    if answer.errcode.is_some_and(|c| c != 0) {
        json_of(MEDIA_GET, answer).await?;
        return Err(CoreError::Internal(
            "media/get: errcode without an error".into(),
        ));
    }
    Ok(MediaDownload {
        content_type: answer.content_type,
        content_disposition: answer.content_disposition,
        content_length: answer.content_length,
        body: answer.body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openids_and_media_ids_are_checked_and_openids_masked() {
        assert_eq!(parse_openid(" oAbc_12-x ").unwrap(), "oAbc_12-x");
        for bad in ["", "o a", "o&x=1", &"o".repeat(65)] {
            assert!(parse_openid(bad).is_err(), "{bad}");
        }
        assert!(parse_media_id("MEDIA_id-1.x@y").is_ok());
        assert!(parse_media_id("a/b").is_err());
        assert_eq!(mask_openid("oABCDEFGHIJKLMN"), "oABC…KLMN");
        assert_eq!(mask_openid("short"), "***");
    }
}
