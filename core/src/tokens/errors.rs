//! WeChat errors in the words an operator needs.

use wxopen::ApiError;

use crate::error::CoreError;
use crate::message::Bi;

/// The failure of a call made with the component token: either getting the token failed, or
/// WeChat refused the call itself.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    #[error(transparent)]
    Token(#[from] CoreError),
    #[error(transparent)]
    Api(#[from] ApiError),
}

impl From<CallError> for CoreError {
    fn from(e: CallError) -> Self {
        match e {
            CallError::Token(e) => e,
            CallError::Api(e) => api_error_to_core(&e),
        }
    }
}

/// Why there is no component token yet (and, before any recorded failure, why a token is missing):
/// WeChat has not pushed a valid ticket.
pub(crate) fn no_ticket_message() -> Bi {
    Bi::new(
        "尚未收到有效的 component_verify_ticket：请确认微信开放平台中“授权事件接收 URL”填写正确，或点击“重新推送 ticket”",
        "No valid component_verify_ticket yet: check the authorization event URL on open.weixin.qq.com, or press \"Push ticket now\"",
    )
}

/// A bilingual, actionable message for a failed WeChat call: which endpoint, which errcode, what
/// it means (never the request, which carries tokens).
pub fn api_error_message(e: &ApiError) -> Bi {
    let endpoint = e.endpoint();
    match e.wechat() {
        Some(w) => {
            let m = w.meaning();
            // WeChat's errmsg usually carries the rid already.
            let rid = w
                .rid
                .as_deref()
                .filter(|r| !w.errmsg.contains(r))
                .map(|r| format!(" rid: {r}"))
                .unwrap_or_default();
            Bi::new(
                format!(
                    "微信接口 {endpoint} 返回错误 {}：{}（{}{rid}）",
                    w.errcode, m.zh, w.errmsg
                ),
                format!(
                    "WeChat {endpoint} returned errcode {}: {} ({}{rid})",
                    w.errcode, m.en, w.errmsg
                ),
            )
        }
        None => match e {
            ApiError::Timeout { .. } => Bi::new(
                format!("调用微信接口 {endpoint} 超时，稍后将自动重试"),
                format!("WeChat {endpoint} timed out; it will be retried"),
            ),
            ApiError::Http { status, .. } => Bi::new(
                format!("微信接口 {endpoint} 返回 HTTP {status}，稍后将自动重试"),
                format!("WeChat {endpoint} answered HTTP {status}; it will be retried"),
            ),
            // Transport and decoding failures: their text (hosts, resolver and TLS details) goes
            // to the log only.
            _ => {
                let reference = crate::error::log_reference(e);
                Bi::new(
                    format!(
                        "无法调用微信接口 {endpoint}，稍后将自动重试（参考编号 {reference}，详情见服务器日志）"
                    ),
                    format!(
                        "Could not call WeChat {endpoint}; it will be retried (reference {reference}, details in the server log)"
                    ),
                )
            }
        },
    }
}

/// The permission set a call on behalf of an authorizer needs: without it WeChat answers 61007
/// (reference B20).
pub fn required_set(endpoint: wxopen::api::Endpoint, mini_program: bool) -> Option<u32> {
    use wxopen::api::Endpoint as E;
    match endpoint {
        E::SendCustomMessage => Some(if mini_program { 19 } else { 1 }),
        E::UserGet => Some(2),
        _ => None,
    }
}

/// A 61007 answer explained: which permission set, by name, the account has not granted to this
/// platform, and what to do. `None` for other errors.
pub fn permission_error(e: &ApiError, appid: &str, mini_program: bool) -> Option<Bi> {
    let w = e.wechat().filter(|w| w.errcode == 61007)?;
    let endpoint = e.endpoint();
    let set = required_set(endpoint, mini_program).and_then(wxopen::funcscope::by_id);
    let (zh_set, en_set) = match set {
        Some(f) => (
            format!("权限集「{}」（{}）", f.zh, f.id),
            format!("the permission set \"{}\" ({})", f.en, f.id),
        ),
        None => (
            "所需的权限集".to_string(),
            "the permission set it needs".to_string(),
        ),
    };
    let exclusive = set.is_some_and(|f| f.exclusive);
    Some(Bi::new(
        format!(
            "账号 {appid} 未向本平台授权{zh_set}，微信拒绝了 {endpoint}（61007）。请让商户重新授权并勾选该权限集{}。（{}）",
            if exclusive {
                "；这是互斥权限集，若已授权给其他第三方平台，需先在那里取消"
            } else {
                ""
            },
            w.errmsg
        ),
        format!(
            "Account {appid} has not granted {en_set} to this platform, so WeChat refused {endpoint} (61007). Ask the merchant to authorize again with that set ticked{}. ({})",
            if exclusive {
                "; it is exclusive, so if another platform holds it, it must be released there first"
            } else {
                ""
            },
            w.errmsg
        ),
    ))
}

/// [`api_error_message`] as a [`CoreError`]: `Unavailable` when retrying may help.
pub fn api_error_to_core(e: &ApiError) -> CoreError {
    if e.is_transient() || e.is_quota() {
        CoreError::Unavailable(api_error_message(e))
    } else {
        CoreError::Upstream(api_error_message(e))
    }
}

/// Stored in `access_tokens.last_error`: both languages, so every page can show its own.
pub(crate) fn encode_message(m: &Bi) -> String {
    m.to_stored()
}

/// Reads what [`encode_message`] stored (plain text from older rows is shown as is).
pub fn decode_message(stored: &str) -> Bi {
    Bi::from_stored(stored)
}

/// The IP in WeChat's 61004 message ("... requestIP: 58.246.190.94 rid: ...").
pub(crate) fn egress_ip_from(errmsg: &str) -> Option<String> {
    let after = errmsg.split("requestIP:").nth(1)?.trim_start();
    let ip: String = after
        .chars()
        .take_while(|c| c.is_ascii_hexdigit() || *c == '.' || *c == ':')
        .collect();
    (!ip.is_empty()).then_some(ip)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn egress_ip_is_read_from_61004_messages() {
        assert_eq!(
            egress_ip_from(
                "access clientip is not registered requestIP: 58.246.190.94 rid: 62b6-316c"
            ),
            Some("58.246.190.94".into())
        );
        assert_eq!(egress_ip_from("invalid appsecret"), None);
    }

    #[test]
    fn a_missing_permission_set_is_named_with_the_account() {
        let e = ApiError::WeChat(wxopen::api::WxError::new(
            wxopen::api::Endpoint::SendCustomMessage,
            61007,
            "api is unauthorized to component rid: x",
        ));
        let m = permission_error(&e, "wx0123456789abcdef", false).unwrap();
        assert!(
            m.zh.contains("消息管理") && m.zh.contains("wx0123456789abcdef"),
            "{m:?}"
        );
        let m = permission_error(&e, "wx0123456789abcdef", true).unwrap();
        assert!(m.zh.contains("小程序客服管理"), "{m:?}");
        let other = ApiError::WeChat(wxopen::api::WxError::new(
            wxopen::api::Endpoint::SendCustomMessage,
            45009,
            "quota",
        ));
        assert!(permission_error(&other, "wx0123456789abcdef", false).is_none());
    }

    #[test]
    fn stored_messages_round_trip() {
        let m = Bi::new("中文", "English");
        assert_eq!(decode_message(&encode_message(&m)), m);
        assert_eq!(decode_message("plain").en, "plain");
    }
}
