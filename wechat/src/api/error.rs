//! API errors: WeChat's `errcode` as a typed value with a per-endpoint meaning.

use super::Endpoint;

/// A failed API call. The client never retries; these tell the caller what happened so that
/// its own policy (refresh and retry once, back off, alert) can decide.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// WeChat answered with a non-zero `errcode`.
    #[error(transparent)]
    WeChat(#[from] WxError),
    /// The HTTP status was not 2xx.
    #[error("{endpoint}: HTTP status {status}")]
    Http {
        /// The API called.
        endpoint: Endpoint,
        /// The HTTP status code.
        status: u16,
    },
    /// No complete answer within the client's timeout.
    #[error("{endpoint}: timed out")]
    Timeout {
        /// The API called.
        endpoint: Endpoint,
    },
    /// Connecting or talking to the server failed (DNS, TCP, TLS, connection reset).
    #[error("{endpoint}: transport error: {message}")]
    Transport {
        /// The API called.
        endpoint: Endpoint,
        /// What went wrong (never includes the URL, which carries the token).
        message: String,
    },
    /// The body was not the JSON this endpoint returns.
    #[error("{endpoint}: undecodable response: {message}")]
    Decode {
        /// The API called.
        endpoint: Endpoint,
        /// The JSON error (position and expectation, not the body).
        message: String,
    },
}

impl ApiError {
    /// The API that failed.
    pub fn endpoint(&self) -> Endpoint {
        match self {
            Self::WeChat(e) => e.endpoint,
            Self::Http { endpoint, .. }
            | Self::Timeout { endpoint }
            | Self::Transport { endpoint, .. }
            | Self::Decode { endpoint, .. } => *endpoint,
        }
    }

    /// WeChat's error, if it answered with one.
    pub fn wechat(&self) -> Option<&WxError> {
        match self {
            Self::WeChat(e) => Some(e),
            _ => None,
        }
    }

    /// Worth retrying later: WeChat's `-1` (system busy), HTTP 5xx, timeouts and transport errors.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::WeChat(e) => e.is_transient(),
            Self::Http { status, .. } => *status >= 500,
            Self::Timeout { .. } | Self::Transport { .. } => true,
            Self::Decode { .. } => false,
        }
    }

    /// See [`WxError::is_access_token_invalid`].
    pub fn is_access_token_invalid(&self) -> bool {
        self.wechat().is_some_and(WxError::is_access_token_invalid)
    }

    /// See [`WxError::is_refresh_token_invalid`].
    pub fn is_refresh_token_invalid(&self) -> bool {
        self.wechat().is_some_and(WxError::is_refresh_token_invalid)
    }

    /// See [`WxError::is_not_authorized`].
    pub fn is_not_authorized(&self) -> bool {
        self.wechat().is_some_and(WxError::is_not_authorized)
    }

    /// See [`WxError::is_ticket_invalid`].
    pub fn is_ticket_invalid(&self) -> bool {
        self.wechat().is_some_and(WxError::is_ticket_invalid)
    }

    /// See [`WxError::is_quota`].
    pub fn is_quota(&self) -> bool {
        self.wechat().is_some_and(WxError::is_quota)
    }

    /// See [`WxError::is_ip_not_whitelisted`].
    pub fn is_ip_not_whitelisted(&self) -> bool {
        self.wechat().is_some_and(WxError::is_ip_not_whitelisted)
    }
}

/// WeChat's `{"errcode": N, "errmsg": "..."}` for one endpoint.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{endpoint}: errcode {errcode}: {errmsg} ({})", self.meaning().en)]
pub struct WxError {
    /// The API that answered.
    pub endpoint: Endpoint,
    /// WeChat's error code.
    pub errcode: i64,
    /// WeChat's message, verbatim.
    pub errmsg: String,
    /// The request id from `errmsg` ("rid: …"), for `openapi/rid/get`.
    pub rid: Option<String>,
}

/// What an errcode means for an operator, in Chinese and English, with the action to take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meaning {
    /// Chinese.
    pub zh: &'static str,
    /// English.
    pub en: &'static str,
}

const fn m(zh: &'static str, en: &'static str) -> Meaning {
    Meaning { zh, en }
}

impl WxError {
    /// Builds the error, extracting the rid from `errmsg`.
    pub fn new(endpoint: Endpoint, errcode: i64, errmsg: impl Into<String>) -> Self {
        let errmsg = errmsg.into();
        let rid = parse_rid(&errmsg);
        Self {
            endpoint,
            errcode,
            errmsg,
            rid,
        }
    }

    /// 40001 / 40014 / 42001: the access token is invalid, not the latest, or expired. Expire it
    /// only if it is still the stored one, refresh, and retry once.
    pub fn is_access_token_invalid(&self) -> bool {
        matches!(self.errcode, 40001 | 40014 | 42001)
    }

    /// 61023: the authorizer refresh token is invalid (lost, or replaced by a re-authorization).
    /// Recover it from `api_get_authorizer_list`, else ask for re-authorization.
    pub fn is_refresh_token_invalid(&self) -> bool {
        self.errcode == 61023
    }

    /// 61003: the account has not authorized this component (it revoked, or never did); this is
    /// what `api_authorizer_token` answers for a revoked account (reference B21), even when the
    /// `unauthorized` push was lost.
    pub fn is_not_authorized(&self) -> bool {
        self.errcode == 61003
    }

    /// 61005 / 61006: the component_verify_ticket is expired or invalid.
    pub fn is_ticket_invalid(&self) -> bool {
        matches!(self.errcode, 61005 | 61006)
    }

    /// 45009 / 45011: daily quota reached or calls too frequent.
    pub fn is_quota(&self) -> bool {
        matches!(self.errcode, 45009 | 45011)
    }

    /// -1: WeChat is busy; try again later.
    pub fn is_transient(&self) -> bool {
        self.errcode == -1
    }

    /// 61004 / 40164: the caller's IP is not whitelisted. Never retry; show the egress IP.
    pub fn is_ip_not_whitelisted(&self) -> bool {
        matches!(self.errcode, 61004 | 40164)
    }

    /// The meaning of this errcode for this endpoint, falling back to its general meaning.
    pub fn meaning(&self) -> Meaning {
        meaning(self.endpoint, self.errcode)
    }
}

/// Finds the request id in messages like `"invalid credential rid: 6543a1b2-0c1d2e3f-4a5b6c7d"`.
fn parse_rid(errmsg: &str) -> Option<String> {
    let (_, after) = errmsg.rsplit_once("rid:")?;
    let rid: String = after
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    (!rid.is_empty()).then_some(rid)
}

/// The errcode table: endpoint-specific rows first, then general ones (reference C.2, C.5).
pub fn meaning(endpoint: Endpoint, errcode: i64) -> Meaning {
    use Endpoint as E;
    match (endpoint, errcode) {
        (E::ComponentToken, 61004) => m(
            "服务器出口 IP 未加入第三方平台的白名单：请在开放平台「第三方平台 → 开发资料」中添加本服务器的出口 IP",
            "access clientip is not registered: add this server's egress IP to the third-party platform's IP whitelist (open platform → development settings)",
        ),
        (E::ComponentToken, 40001 | 40125) => {
            m("component_appsecret 不正确", "invalid component_appsecret")
        }
        (E::AuthorizerToken, 61023) => m(
            "刷新令牌无效（丢失、被重新授权替换或已取消授权）：请先从 api_get_authorizer_list 恢复，否则需商家重新授权",
            "authorizer_refresh_token is invalid (lost, replaced by a re-authorization, or revoked): recover it from api_get_authorizer_list, else the merchant must re-authorize",
        ),
        (E::QueryAuth, 61009) => m(
            "授权码无效或已被使用：请让商家重新授权",
            "authorization code is invalid or already used: have the merchant authorize again",
        ),
        (E::QueryAuth, 61010) => m(
            "授权码已过期：收到授权事件后应立即换取",
            "authorization code has expired: exchange it as soon as the event arrives",
        ),
        (E::VerifyBeta | E::SetBetaNickname, 40001 | 40014) => m(
            "须使用该试用小程序的 authorizer_access_token，而不是第三方平台的 component_access_token",
            "use the beta mini program's authorizer_access_token, not the component_access_token",
        ),
        (E::FastRegisterReuseOa, 61058) => m(
            "复用公众号注册的 ticket 无效：重试间隔须大于 5 秒",
            "the fastregisterauth ticket is invalid: retry no sooner than 5 seconds later",
        ),
        (E::ClearQuota, 40013) => m(
            "appid 与 access_token 不匹配",
            "the appid does not match the access_token",
        ),
        (_, -1) => m("系统繁忙，请稍后再试", "system busy, try again later"),
        (_, 40001) => m(
            "access_token 无效或不是最新的：若仍是当前存储的令牌则使其过期、刷新后重试一次",
            "invalid credential: the access token is invalid or not the latest; expire it if it is still the stored one, refresh, and retry once",
        ),
        (_, 40013) => m("不合法的 AppID", "invalid appid"),
        (_, 40014) => m("不合法的 access_token", "invalid access_token"),
        (_, 40125) => m("不合法的 appsecret", "invalid appsecret"),
        (_, 40164) => m(
            "调用接口的 IP 不在白名单中：请添加服务器出口 IP",
            "the caller's IP is not whitelisted: add the server's egress IP",
        ),
        (_, 41004) => m("缺少 appsecret 参数", "appsecret missing"),
        (_, 42001) => m("access_token 已过期", "access_token expired"),
        (_, 40003) => m(
            "openid 无效：不是该帐号的用户（openid 因帐号而异）",
            "invalid openid: not a user of this account (openids differ per account)",
        ),
        (_, 40007) => m(
            "media_id 无效或已过期（临时素材保存 3 天）",
            "invalid media_id, or expired (temporary media are kept for 3 days)",
        ),
        (_, 40008) => m("消息类型无效", "invalid message type"),
        (_, 45015) => m(
            "回复时间超过限制：只能在用户最后一次与帐号互动后的 48 小时内发送客服消息",
            "response out of time limit: customer-service messages can only be sent within 48 hours of the user's last interaction",
        ),
        (_, 45047) => m(
            "客服消息下发条数超过上限：用户未再互动前最多发送 20 条",
            "too many customer-service messages: at most 20 until the user interacts again",
        ),
        (_, 45009) => m(
            "接口调用次数已达每日上限：查看 openapi/quota/get，必要时用 clear_quota/v2 清零",
            "daily API quota reached: check openapi/quota/get; reset with clear_quota/v2 if needed",
        ),
        (_, 45011) => m(
            "接口调用过于频繁，请稍后再试",
            "API called too frequently; slow down",
        ),
        (_, 47001) => m("数据格式错误", "data format error"),
        (_, 48001) => m(
            "接口未授权：帐号未获得该接口权限",
            "api unauthorized: the account lacks this permission",
        ),
        (_, 48006) => m(
            "清零次数已达上限（每月 10 次）",
            "quota reset limit reached (10 per month)",
        ),
        (_, 61003) => m(
            "该帐号未授权给此第三方平台（已取消授权或从未授权）",
            "the account has not authorized this third-party platform (revoked or never authorized)",
        ),
        (_, 61004) => m(
            "调用 IP 未在第三方平台白名单中",
            "access clientip is not registered in the third-party platform's whitelist",
        ),
        (_, 61005) => m(
            "component_verify_ticket 已过期：使用最新收到的 ticket，或调用 api_start_push_ticket",
            "component_verify_ticket expired: use the newest stored ticket, or call api_start_push_ticket",
        ),
        (_, 61006) => m(
            "component_verify_ticket 无效：使用最新收到的 ticket，或调用 api_start_push_ticket",
            "component_verify_ticket invalid: use the newest stored ticket, or call api_start_push_ticket",
        ),
        (_, 61007) => m(
            "第三方平台未获得该接口权限（权限集未授权或令牌类型错误）",
            "api is unauthorized to the component (permission set not granted, or wrong token type)",
        ),
        (_, 61009) => m("授权码无效", "authorization code is invalid"),
        (_, 61010) => m("授权码已过期", "authorization code has expired"),
        (_, 61011) => m("第三方平台无效", "invalid component"),
        (_, 61012) => m("option_name 无效", "invalid option name"),
        (_, 61013) => m("option_value 无效", "invalid option value"),
        (_, 61014) => m(
            "须使用 component_access_token",
            "must use the component_access_token",
        ),
        (_, 61015) => m(
            "须使用授权帐号的 authorizer_access_token",
            "must use the authorizer's access token",
        ),
        (_, 61023) => m(
            "刷新令牌无效：请从 api_get_authorizer_list 恢复，否则需重新授权",
            "refresh_token is invalid: recover it from api_get_authorizer_list, else re-authorize",
        ),
        (_, 61024) => m(
            "第三方平台帐号须使用 api_component_token 获取令牌",
            "a component account must use api_component_token",
        ),
        (_, 61025) => m("该选项为只读", "the option is read-only"),
        (_, 61028) => m(
            "第三方平台尚未全网发布：发布前只有授权测试列表中的账号可以授权，且不能快速注册小程序；请先通过全网发布检测并在开放平台点击“全网发布”",
            "the component is not published: until then only the accounts on its test list can authorize it and fast registration is refused; pass the release test and publish it on open.weixin.qq.com",
        ),
        (_, 61029) => m(
            "第三方平台须重新全网发布并包含基础权限集",
            "the component must be republished with the base permission sets",
        ),
        (_, 61052) => m(
            "该公众号未完成微信认证，不能复用其资质注册小程序",
            "the official account is not WeChat-verified, so its qualification cannot be reused",
        ),
        (_, 61055) => m(
            "该公众号本月复用资质快速创建小程序的次数已达上限（每月 5 次）",
            "the official account has used up this month's fast registrations from its qualification (5 a month)",
        ),
        (_, 61060) => m(
            "复用资质注册的回调地址不在授权发起页域名上",
            "the fast-registration redirect URI is not on the authorization page domain",
        ),
        (_, 61051..=61061) => m(
            "复用公众号资质注册小程序失败：请检查公众号类型、认证与权限集 27",
            "registering a mini program from the official account failed: check its type, verification and permission set 27",
        ),
        (_, 61070) => m(
            "法人姓名与微信号不一致",
            "the legal person's name does not match the WeChat id",
        ),
        (_, 86004) => m("无效微信号", "invalid WeChat id"),
        (_, 89247) => m("系统内部错误", "WeChat internal error"),
        (_, 89248) => m("企业代码类型无效", "invalid code type"),
        (_, 89249) => m(
            "该主体已有任务执行中，距上次任务 24 小时后再试",
            "a task for this entity is already running; retry 24 hours after the last one",
        ),
        (_, 89250) => m("未找到该任务", "task not found"),
        (_, 89251) => m(
            "待法人人脸核身校验",
            "waiting for the legal person's face verification",
        ),
        (_, 89252) => m(
            "法人与企业信息一致性校验中",
            "legal person and enterprise information are being checked",
        ),
        (_, 89253) => m("缺少参数", "missing parameters"),
        (_, 89254) => m(
            "第三方平台权限集不全：快速注册需要平台勾选权限集 17、18、25、30、40 并重新全网发布",
            "the component lacks required permission sets: fast registration needs sets 17, 18, 25, 30 and 40, published",
        ),
        (_, 89255) => m(
            "code 参数无效：请检查长度与内容",
            "invalid code parameter: check its length and content",
        ),
        (_, 91030) => m(
            "该微信号今日调用次数已达上限",
            "this WeChat id has reached today's call limit",
        ),
        _ => m(
            "未收录的错误码，请查阅微信开放平台文档",
            "errcode not in this table; see the WeChat Open Platform documentation",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rid_is_extracted_from_errmsg() {
        let e = WxError::new(
            Endpoint::QueryAuth,
            40001,
            "invalid credential, access_token is invalid or not latest rid: 6543a1b2-0c1d2e3f-4a5b6c7d",
        );
        assert_eq!(e.rid.as_deref(), Some("6543a1b2-0c1d2e3f-4a5b6c7d"));
        assert_eq!(
            WxError::new(Endpoint::QueryAuth, 1, "hint: [x] rid:abc")
                .rid
                .as_deref(),
            Some("abc")
        );
        assert_eq!(WxError::new(Endpoint::QueryAuth, 1, "no id here").rid, None);
        assert_eq!(WxError::new(Endpoint::QueryAuth, 1, "rid: ").rid, None);
    }

    #[test]
    fn meanings_depend_on_the_endpoint() {
        let ip = WxError::new(
            Endpoint::ComponentToken,
            61004,
            "access clientip is not registered",
        );
        assert!(ip.meaning().en.contains("whitelist"));
        assert!(ip.meaning().zh.contains("白名单"));
        assert!(ip.is_ip_not_whitelisted());
        let beta = meaning(Endpoint::VerifyBeta, 40001);
        let general = meaning(Endpoint::QueryAuth, 40001);
        assert_ne!(beta, general);
        assert!(beta.en.contains("beta"));
        assert_eq!(
            meaning(Endpoint::QuotaGet, 61057),
            meaning(Endpoint::FastRegisterReuseOa, 61051)
        );
        assert!(
            meaning(Endpoint::FastRegisterReuseOa, 61055)
                .zh
                .contains("5 次")
        );
        assert!(
            meaning(Endpoint::QueryAuth, 999_999)
                .en
                .contains("not in this table")
        );
    }

    #[test]
    fn classification() {
        let e = |code| WxError::new(Endpoint::AuthorizerToken, code, "x");
        assert!(
            e(40001).is_access_token_invalid()
                && e(40014).is_access_token_invalid()
                && e(42001).is_access_token_invalid()
        );
        assert!(!e(40013).is_access_token_invalid());
        assert!(e(61023).is_refresh_token_invalid());
        assert!(e(61005).is_ticket_invalid() && e(61006).is_ticket_invalid());
        assert!(e(45009).is_quota() && e(45011).is_quota());
        assert!(ApiError::WeChat(e(-1)).is_transient());
        assert!(!ApiError::WeChat(e(40001)).is_transient());
        assert!(
            ApiError::Http {
                endpoint: Endpoint::QueryAuth,
                status: 502
            }
            .is_transient()
        );
        assert!(
            !ApiError::Http {
                endpoint: Endpoint::QueryAuth,
                status: 404
            }
            .is_transient()
        );
        assert!(
            ApiError::Timeout {
                endpoint: Endpoint::QueryAuth
            }
            .is_transient()
        );
        assert!(
            !ApiError::Decode {
                endpoint: Endpoint::QueryAuth,
                message: String::new()
            }
            .is_transient()
        );
    }
}
