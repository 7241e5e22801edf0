//! The public records of the sandbox: components, accounts and their specs.

use serde::{Deserialize, Serialize};
use wxopen::funcscope::{self, AccountKind};

/// A simulated third-party platform (component), with everything the console configures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Component {
    /// Component appid.
    pub appid: String,
    /// Display name.
    pub name: String,
    /// component_appsecret.
    pub secret: String,
    /// Message-check token.
    pub token: String,
    /// EncodingAESKey (43 characters).
    pub encoding_aes_key: String,
    /// 授权事件接收URL.
    pub event_url: String,
    /// 消息与事件接收URL, with `$APPID$`.
    pub message_url: String,
    /// Addresses allowed to call the APIs.
    pub ip_whitelist: Vec<String>,
    /// Ticket push interval override in seconds (`None`: the sandbox default).
    pub ticket_interval_secs: Option<u64>,
    /// Permission sets the component offers on its authorization page.
    pub func_ids: Vec<u32>,
    /// `api_authorizer_token` returns a new refresh token each time and invalidates the old one.
    pub rotate_refresh_tokens: bool,
    /// 授权发起页域名, `host[:port]`: the authorization pages need a `Referer` and a
    /// `redirect_uri` on it (default: the authority of `event_url`).
    pub auth_domain: String,
    /// 公众号开发域名, `host[:port]`: web OAuth on behalf redirects only there (default:
    /// `auth_domain`).
    pub oa_dev_domain: String,
    /// 全网发布: until then only `test_accounts` (and WeChat's release-test accounts) can
    /// authorize, and fast registration answers 61028. Default `false`, as at WeChat.
    pub published: bool,
    /// 授权测试公众号/小程序列表: the appids that may authorize an unpublished component.
    pub test_accounts: Vec<String>,
    /// Unix seconds.
    pub created_at: i64,
}

/// What to create a component with; everything but the two URLs is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ComponentSpec {
    pub appid: Option<String>,
    pub name: Option<String>,
    pub secret: Option<String>,
    pub token: Option<String>,
    pub encoding_aes_key: Option<String>,
    pub event_url: String,
    pub message_url: String,
    pub ip_whitelist: Option<Vec<String>>,
    pub ticket_interval_secs: Option<u64>,
    pub func_ids: Option<Vec<u32>>,
    pub rotate_refresh_tokens: Option<bool>,
    pub auth_domain: Option<String>,
    pub oa_dev_domain: Option<String>,
    /// Default `false`: a new component is unpublished, as at WeChat.
    pub published: Option<bool>,
    pub test_accounts: Option<Vec<String>>,
}

/// A change to a component (`PATCH /_sandbox/components/{appid}`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ComponentPatch {
    pub name: Option<String>,
    pub event_url: Option<String>,
    pub message_url: Option<String>,
    pub ip_whitelist: Option<Vec<String>>,
    /// `0` returns to the sandbox default.
    pub ticket_interval_secs: Option<u64>,
    pub func_ids: Option<Vec<u32>>,
    pub rotate_refresh_tokens: Option<bool>,
    pub auth_domain: Option<String>,
    pub oa_dev_domain: Option<String>,
    pub published: Option<bool>,
    pub test_accounts: Option<Vec<String>>,
}

/// Official account or mini program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum AccountType {
    /// 公众号.
    #[default]
    OfficialAccount,
    /// 小程序.
    MiniProgram,
}

impl AccountType {
    /// The funcscope kind.
    pub fn kind(self) -> AccountKind {
        match self {
            AccountType::OfficialAccount => AccountKind::OfficialAccount,
            AccountType::MiniProgram => AccountKind::MiniProgram,
        }
    }

    /// 公众号 / 小程序.
    pub fn zh(self) -> &'static str {
        match self {
            AccountType::OfficialAccount => "公众号",
            AccountType::MiniProgram => "小程序",
        }
    }

    /// Every current (non-legacy) permission set of this kind.
    pub fn all_func_ids(self) -> Vec<u32> {
        funcscope::all()
            .iter()
            .filter(|f| f.account.applies_to(self.kind()))
            .filter(|f| !funcscope::LEGACY_IDS.contains(&f.id))
            .map(|f| f.id)
            .collect()
    }
}

/// A follower of an official account (or a user of a mini program).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimUser {
    pub openid: String,
    pub unionid: String,
    pub language: String,
    pub subscribe_time: i64,
    pub remark: String,
    pub subscribe_scene: String,
}

/// A simulated official account or mini program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub appid: String,
    #[serde(rename = "type")]
    pub account_type: AccountType,
    pub nickname: String,
    pub principal_name: String,
    /// Original id (`gh_…`).
    pub user_name: String,
    pub alias: String,
    pub signature: String,
    /// Official account: 0 subscription, 1 upgraded, 2 service. Mini program: 0 (12 beta).
    pub service_type: i64,
    /// -1 unverified, 0 WeChat verified, …
    pub verify_type: i64,
    /// Permission sets this account can grant.
    pub func_ids: Vec<u32>,
    /// A trial mini program (fastregisterbetaweapp).
    pub beta: bool,
    pub users: Vec<SimUser>,
    pub created_at: i64,
}

/// What to create an account with; everything is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AccountSpec {
    pub appid: Option<String>,
    #[serde(rename = "type")]
    pub account_type: Option<AccountType>,
    pub nickname: Option<String>,
    pub principal_name: Option<String>,
    pub user_name: Option<String>,
    pub alias: Option<String>,
    pub signature: Option<String>,
    pub service_type: Option<i64>,
    pub verify_type: Option<i64>,
    pub func_ids: Option<Vec<u32>>,
    pub beta: Option<bool>,
    /// How many followers to generate (default 3).
    pub users: Option<usize>,
}
