//! Authorization: pre-auth codes, the administrator's confirmation, auth codes, refresh tokens,
//! revocation.

use std::collections::BTreeMap;

use serde::Serialize;
use wxopen::push::release_test_account;

use super::tokens::{TokenOwner, TokenPair};
use super::{PushJob, World};
use crate::domain;
use crate::error::WxErr;
use crate::events;
use crate::ids;
use crate::model::{Account, AccountType};

/// Lifetime of a pre_auth_code.
pub const PRE_AUTH_TTL_SECS: i64 = 600;
/// Lifetime of an authorization code.
pub const AUTH_CODE_TTL_SECS: i64 = 600;

/// What an authorization link asked for (recorded when its page is opened).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LinkRestrictions {
    pub redirect_uri: String,
    pub auth_type: Option<u8>,
    pub biz_appid: Option<String>,
    pub category_ids: Vec<u32>,
}

/// A pre-auth code.
#[derive(Debug, Clone, Serialize)]
pub struct PreAuth {
    pub pre_auth_code: String,
    pub component_appid: String,
    pub created_at: i64,
    pub expires_at: i64,
    #[serde(skip)]
    pub expires_ms: i64,
    pub used: bool,
    pub link: Option<LinkRestrictions>,
}

/// An authorization code (from the redirect or the `authorized` event).
#[derive(Debug, Clone)]
pub struct AuthCode {
    pub component: String,
    pub authorizer: String,
    pub expires_ms: i64,
    pub used: bool,
}

/// A live authorization of an account to a component.
#[derive(Debug, Clone, Serialize)]
pub struct Authorization {
    pub component_appid: String,
    pub authorizer_appid: String,
    pub func_ids: Vec<u32>,
    pub refresh_token: String,
    pub authorized_at: i64,
    pub updated_at: i64,
    pub options: BTreeMap<String, String>,
    #[serde(skip)]
    pub token: TokenPair,
}

/// The result of an administrator's confirmation.
#[derive(Debug, Clone)]
pub struct Confirmed {
    pub authorizer_appid: String,
    pub auth_code: String,
    pub redirect_uri: String,
    /// `authorized` or `updateauthorized`.
    pub event: &'static str,
    pub push: PushJob,
}

/// Why a pre-auth code or a confirmation is refused. Each has a Chinese and an English text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthzError {
    UnknownComponent,
    UnknownCode,
    CodeExpired,
    CodeUsed,
    MissingRedirect,
    NoSelectableAccount,
    AccountNotSelectable(String),
    NoFuncSelected,
    FuncNotOffered(u32),
    /// The `Referer` (its host, `None` when absent) is not on the component's `auth_domain`.
    EntryDomain {
        shown: Option<String>,
        expected: String,
    },
    /// The `redirect_uri` (its host) is not on the component's `auth_domain`.
    RedirectDomain {
        host: String,
        expected: String,
    },
    /// The component is unpublished and the account is not on its test list.
    Unpublished,
    /// The exclusive set is held by another component for this account.
    ExclusiveHeld(u32),
    /// The H5 page was opened outside WeChat.
    NotInWeChat,
}

/// WeChat's text when the entry page or the callback is not on the 授权发起页域名 (reference
/// B16: chunbo007/wechat-mp #18).
pub const DOMAIN_TEXT: &str = "请确认授权入口页所在域名，与授权后回调页所在域名相同，并且，此两者都必须与申请第三方平台时填写的授权发起页域名相同。";
/// The page's text when an unpublished component has no test account to offer (reference B19).
pub const UNPUBLISHED_TEXT: &str = "第三方平台尚未全网发布，仅授权测试列表中的帐号可以授权";
/// WeChat's text for an H5 page opened outside WeChat (reference B25).
pub const NOT_IN_WECHAT_TEXT: &str = "请在微信客户端打开链接";

impl AuthzError {
    /// Chinese text for the page.
    pub fn zh(&self) -> String {
        match self {
            AuthzError::UnknownComponent => "第三方平台不存在".into(),
            AuthzError::UnknownCode => "授权链接无效：预授权码不存在".into(),
            AuthzError::CodeExpired => "授权链接已过期，请重新获取授权链接".into(),
            AuthzError::CodeUsed => "授权链接已被使用，请重新获取授权链接".into(),
            AuthzError::MissingRedirect => "授权链接缺少回调地址 redirect_uri 或地址无效".into(),
            AuthzError::NoSelectableAccount => "没有可授权的帐号".into(),
            AuthzError::AccountNotSelectable(a) => format!("帐号 {a} 不能通过此链接授权"),
            AuthzError::NoFuncSelected => "请至少选择一个权限集".into(),
            AuthzError::FuncNotOffered(id) => format!("权限集 {id} 不在此链接提供的范围内"),
            AuthzError::EntryDomain { shown, .. } => format!(
                "{DOMAIN_TEXT}授权入口页所在域名：{}",
                shown.as_deref().unwrap_or("空")
            ),
            AuthzError::RedirectDomain { host, .. } => {
                format!("{DOMAIN_TEXT}授权后回调页所在域名：{host}")
            }
            AuthzError::Unpublished => UNPUBLISHED_TEXT.into(),
            AuthzError::ExclusiveHeld(id) => {
                format!("权限集 {id}（{}）已授权给其他第三方平台", func_name(*id))
            }
            AuthzError::NotInWeChat => NOT_IN_WECHAT_TEXT.into(),
        }
    }

    /// English text for the page and the control API.
    pub fn en(&self) -> String {
        match self {
            AuthzError::UnknownComponent => "unknown component".into(),
            AuthzError::UnknownCode => "unknown pre_auth_code".into(),
            AuthzError::CodeExpired => "the pre_auth_code has expired".into(),
            AuthzError::CodeUsed => "the pre_auth_code was already used".into(),
            AuthzError::MissingRedirect => "redirect_uri is missing or invalid".into(),
            AuthzError::NoSelectableAccount => "no account can be selected on this link".into(),
            AuthzError::AccountNotSelectable(a) => {
                format!("account {a} cannot authorize through this link")
            }
            AuthzError::NoFuncSelected => "select at least one permission set".into(),
            AuthzError::FuncNotOffered(id) => {
                format!("permission set {id} is not offered by this link")
            }
            AuthzError::EntryDomain { shown, expected } => format!(
                "the page must be opened from a page on the platform's auth_domain {expected} \
                 (Referer: {})",
                shown.as_deref().unwrap_or("none")
            ),
            AuthzError::RedirectDomain { host, expected } => format!(
                "the redirect_uri must be on the platform's auth_domain {expected}, not {host}"
            ),
            AuthzError::Unpublished => "the platform is not published yet: only accounts on \
                its test list can authorize it"
                .into(),
            AuthzError::ExclusiveHeld(id) => {
                format!("permission set {id} is exclusive and already granted to another platform")
            }
            AuthzError::NotInWeChat => "Open this link in the WeChat client".into(),
        }
    }

    /// Whether the control API answers 409 with the Chinese text (WeChat's own words).
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            AuthzError::EntryDomain { .. }
                | AuthzError::RedirectDomain { .. }
                | AuthzError::Unpublished
                | AuthzError::ExclusiveHeld(_)
        )
    }
}

fn func_name(id: u32) -> &'static str {
    wxopen::funcscope::by_id(id).map_or("", |f| f.zh)
}

/// The `Referer` of an authorization page must be on `auth_domain` (reference B16).
pub fn check_entry(auth_domain: &str, referer: Option<&str>) -> Result<(), AuthzError> {
    match referer.map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) if domain::url_on(auth_domain, r) => Ok(()),
        shown => Err(AuthzError::EntryDomain {
            shown: shown.map(domain::host_of),
            expected: auth_domain.to_owned(),
        }),
    }
}

/// A `redirect_uri` must be on `auth_domain` (reference B16, B17).
pub fn check_redirect(auth_domain: &str, redirect_uri: &str) -> Result<(), AuthzError> {
    if domain::url_on(auth_domain, redirect_uri) {
        Ok(())
    } else {
        Err(AuthzError::RedirectDomain {
            host: domain::host_of(redirect_uri),
            expected: auth_domain.to_owned(),
        })
    }
}

impl World {
    /// `api_create_preauthcode`.
    pub fn create_pre_auth(&mut self, component: &str, now_ms: i64) -> String {
        let code = ids::pre_auth_code();
        self.pre_auth.insert(
            code.clone(),
            PreAuth {
                pre_auth_code: code.clone(),
                component_appid: component.to_owned(),
                created_at: now_ms / 1000,
                expires_at: now_ms / 1000 + PRE_AUTH_TTL_SECS,
                expires_ms: now_ms + PRE_AUTH_TTL_SECS * 1000,
                used: false,
                link: None,
            },
        );
        code
    }

    /// A usable pre-auth code of `component`.
    pub fn live_pre_auth(
        &self,
        component: &str,
        code: &str,
        now_ms: i64,
    ) -> Result<&PreAuth, AuthzError> {
        if !self.components.contains_key(component) {
            return Err(AuthzError::UnknownComponent);
        }
        let pre = self
            .pre_auth
            .get(code)
            .filter(|p| p.component_appid == component)
            .ok_or(AuthzError::UnknownCode)?;
        if pre.used {
            return Err(AuthzError::CodeUsed);
        }
        if now_ms >= pre.expires_ms {
            return Err(AuthzError::CodeExpired);
        }
        Ok(pre)
    }

    /// Remembers what the link asked for, when its page is opened.
    pub fn record_link(&mut self, code: &str, link: LinkRestrictions) {
        if let Some(pre) = self.pre_auth.get_mut(code) {
            pre.link = Some(link);
        }
    }

    /// The live pre-auth codes (for `GET /_sandbox/authorizations/pending`).
    pub fn pending_pre_auth(&self, now_ms: i64) -> Vec<PreAuth> {
        let mut list: Vec<PreAuth> = self
            .pre_auth
            .values()
            .filter(|p| !p.used && now_ms < p.expires_ms)
            .cloned()
            .collect();
        list.sort_by_key(|p| p.created_at);
        list
    }

    /// Whether `appid` may authorize `component` at all: any account once it is published,
    /// before that only its test list and WeChat's release-test accounts (reference B19).
    pub fn may_authorize(&self, component: &str, appid: &str) -> bool {
        self.components.get(component).is_some_and(|c| {
            c.info.published
                || c.info.test_accounts.iter().any(|a| a == appid)
                || release_test_account(appid).is_some()
        })
    }

    /// The accounts the link allows (`biz_appid` wins over `auth_type`), before the
    /// publication rule.
    fn linked_accounts(&self, link: &LinkRestrictions) -> Vec<&Account> {
        if let Some(biz) = &link.biz_appid {
            return self.accounts.get(biz).into_iter().collect();
        }
        let wanted = |t: AccountType| match link.auth_type {
            Some(1) => t == AccountType::OfficialAccount,
            Some(2) => t == AccountType::MiniProgram,
            _ => true,
        };
        self.accounts
            .values()
            .filter(|a| wanted(a.account_type))
            .collect()
    }

    /// The accounts the administrator may pick under `link`; when there is none, why.
    pub fn selectable_accounts(
        &self,
        component: &str,
        link: &LinkRestrictions,
    ) -> Result<Vec<&Account>, AuthzError> {
        let linked = self.linked_accounts(link);
        let allowed: Vec<&Account> = linked
            .iter()
            .copied()
            .filter(|a| self.may_authorize(component, &a.appid))
            .collect();
        let published = self
            .components
            .get(component)
            .is_some_and(|c| c.info.published);
        match (allowed.is_empty(), published) {
            (false, _) => Ok(allowed),
            (true, false) => Err(AuthzError::Unpublished),
            (true, true) => Err(AuthzError::NoSelectableAccount),
        }
    }

    /// The other component that holds exclusive set `func` of `account`, if any. WeChat's
    /// release-test accounts are shared by every platform and exempt (reference B20).
    pub fn exclusive_holder(&self, account: &str, func: u32, component: &str) -> Option<&str> {
        if !wxopen::funcscope::by_id(func).is_some_and(|f| f.exclusive)
            || release_test_account(account).is_some()
        {
            return None;
        }
        self.authorizations
            .values()
            .find(|a| {
                a.authorizer_appid == account
                    && a.component_appid != component
                    && a.func_ids.contains(&func)
            })
            .map(|a| a.component_appid.as_str())
    }

    /// `funcs` without the exclusive sets `account` already granted to another component.
    pub fn without_held(&self, component: &str, account: &str, funcs: Vec<u32>) -> Vec<u32> {
        funcs
            .into_iter()
            .filter(|id| self.exclusive_holder(account, *id, component).is_none())
            .collect()
    }

    /// The permission sets the component offers under `link` to accounts of these types.
    pub fn offered_funcs(
        &self,
        component: &str,
        link: &LinkRestrictions,
        types: &[AccountType],
    ) -> Vec<u32> {
        let Some(c) = self.components.get(component) else {
            return Vec::new();
        };
        c.info
            .func_ids
            .iter()
            .copied()
            .filter(|id| link.category_ids.is_empty() || link.category_ids.contains(id))
            .filter(|id| {
                wxopen::funcscope::by_id(*id)
                    .is_some_and(|f| types.iter().any(|t| f.account.applies_to(t.kind())))
            })
            .collect()
    }

    /// The administrator confirms a link: picks `appid` and grants `func_ids`.
    pub fn confirm_authorization(
        &mut self,
        code: &str,
        appid: &str,
        func_ids: &[u32],
        now_ms: i64,
    ) -> Result<Confirmed, AuthzError> {
        let pre = self
            .pre_auth
            .get(code)
            .ok_or(AuthzError::UnknownCode)?
            .clone();
        self.live_pre_auth(&pre.component_appid, code, now_ms)?;
        let link = pre.link.clone().unwrap_or_default();
        if link.redirect_uri.is_empty() {
            return Err(AuthzError::MissingRedirect);
        }
        let auth_domain = self
            .components
            .get(&pre.component_appid)
            .map(|c| c.info.auth_domain.clone())
            .ok_or(AuthzError::UnknownComponent)?;
        check_redirect(&auth_domain, &link.redirect_uri)?;
        if self.accounts.contains_key(appid) && !self.may_authorize(&pre.component_appid, appid) {
            return Err(AuthzError::Unpublished);
        }
        let account = self
            .linked_accounts(&link)
            .into_iter()
            .find(|a| a.appid == appid)
            .cloned()
            .ok_or_else(|| AuthzError::AccountNotSelectable(appid.to_owned()))?;
        if func_ids.is_empty() {
            return Err(AuthzError::NoFuncSelected);
        }
        // The page lists the sets for every account type the link allows; WeChat grants the
        // chosen account only those of its own type. A set the link does not offer at all is
        // an error.
        let all_types = [AccountType::OfficialAccount, AccountType::MiniProgram];
        let offered_at_all = self.offered_funcs(&pre.component_appid, &link, &all_types);
        if let Some(id) = func_ids.iter().find(|id| !offered_at_all.contains(id)) {
            return Err(AuthzError::FuncNotOffered(*id));
        }
        let offered = self.offered_funcs(&pre.component_appid, &link, &[account.account_type]);
        let func_ids: Vec<u32> = func_ids
            .iter()
            .copied()
            .filter(|id| offered.contains(id))
            .collect();
        if func_ids.is_empty() {
            return Err(AuthzError::NoFuncSelected);
        }
        if let Some(id) = func_ids.iter().find(|id| {
            self.exclusive_holder(appid, **id, &pre.component_appid)
                .is_some()
        }) {
            return Err(AuthzError::ExclusiveHeld(*id));
        }
        if let Some(p) = self.pre_auth.get_mut(code) {
            p.used = true;
        }
        let component = pre.component_appid.clone();
        let update = self.grant(&component, appid, func_ids, now_ms);
        let event = if update {
            "updateauthorized"
        } else {
            "authorized"
        };
        let (auth_code, expires_at) = self.issue_auth_code(&component, appid, now_ms);
        let push = PushJob {
            component_appid: component.clone(),
            info_type: event.to_owned(),
            authorizer_appid: Some(appid.to_owned()),
            plaintext: events::authorized(
                &component,
                now_ms / 1000,
                event,
                appid,
                &auth_code,
                expires_at,
                Some(code),
            ),
        };
        Ok(Confirmed {
            authorizer_appid: appid.to_owned(),
            auth_code,
            redirect_uri: link.redirect_uri,
            event,
            push,
        })
    }

    /// Creates or replaces the authorization of `authorizer` to `component`. A replacement
    /// invalidates the previous refresh token and access tokens. Returns whether it replaced one.
    pub fn grant(
        &mut self,
        component: &str,
        authorizer: &str,
        func_ids: Vec<u32>,
        now_ms: i64,
    ) -> bool {
        let key = (component.to_owned(), authorizer.to_owned());
        let existing = self.authorizations.remove(&key);
        let update = existing.is_some();
        if update {
            self.drop_tokens(&TokenOwner::Authorizer {
                component: component.to_owned(),
                authorizer: authorizer.to_owned(),
            });
        }
        let options = existing.map(|a| a.options).unwrap_or_default();
        self.authorizations.insert(
            key,
            Authorization {
                component_appid: component.to_owned(),
                authorizer_appid: authorizer.to_owned(),
                func_ids,
                refresh_token: ids::refresh_token(),
                authorized_at: now_ms / 1000,
                updated_at: now_ms / 1000,
                options,
                token: TokenPair::default(),
            },
        );
        update
    }

    /// A single-use authorization code for an existing authorization; returns it with its expiry
    /// (unix seconds).
    pub fn issue_auth_code(
        &mut self,
        component: &str,
        authorizer: &str,
        now_ms: i64,
    ) -> (String, i64) {
        let code = ids::auth_code();
        self.auth_codes.insert(
            code.clone(),
            AuthCode {
                component: component.to_owned(),
                authorizer: authorizer.to_owned(),
                expires_ms: now_ms + AUTH_CODE_TTL_SECS * 1000,
                used: false,
            },
        );
        (code, now_ms / 1000 + AUTH_CODE_TTL_SECS)
    }

    /// `api_query_auth`: exchanges a code for a new access token and the refresh token.
    pub fn query_auth(
        &mut self,
        component: &str,
        code: &str,
        now_ms: i64,
    ) -> Result<(Authorization, String), WxErr> {
        let found = self
            .auth_codes
            .get_mut(code)
            .filter(|c| c.component == component)
            .ok_or_else(WxErr::code_invalid)?;
        if found.used {
            return Err(WxErr::code_invalid());
        }
        if now_ms >= found.expires_ms {
            return Err(WxErr::code_expired());
        }
        found.used = true;
        let authorizer = found.authorizer.clone();
        let key = (component.to_owned(), authorizer.clone());
        if !self.authorizations.contains_key(&key) {
            return Err(WxErr::code_invalid());
        }
        let token = self.issue_token(
            TokenOwner::Authorizer {
                component: component.to_owned(),
                authorizer,
            },
            now_ms,
        );
        let auth = self
            .authorizations
            .get(&key)
            .cloned()
            .ok_or_else(WxErr::code_invalid)?;
        Ok((auth, token))
    }

    /// `api_authorizer_token`: a new access token from the current refresh token. 61003 when the
    /// account is not (or no longer) authorized to the component (reference B21), 61023 for a
    /// refresh token a re-authorization replaced. With `rotate`, the refresh token is replaced
    /// too.
    pub fn refresh_authorizer(
        &mut self,
        component: &str,
        authorizer: &str,
        refresh_token: &str,
        rotate: bool,
        now_ms: i64,
    ) -> Result<(String, String), WxErr> {
        let key = (component.to_owned(), authorizer.to_owned());
        let auth = self
            .authorizations
            .get_mut(&key)
            .ok_or_else(WxErr::not_authorized)?;
        if auth.refresh_token != refresh_token {
            return Err(WxErr::refresh_token_invalid());
        }
        if rotate {
            auth.refresh_token = ids::refresh_token();
        }
        let refresh = auth.refresh_token.clone();
        let token = self.issue_token(
            TokenOwner::Authorizer {
                component: component.to_owned(),
                authorizer: authorizer.to_owned(),
            },
            now_ms,
        );
        Ok((token, refresh))
    }

    /// Revokes an authorization: tokens and refresh token die, `unauthorized` is pushed.
    pub fn revoke(&mut self, component: &str, authorizer: &str, now_ms: i64) -> Option<PushJob> {
        let key = (component.to_owned(), authorizer.to_owned());
        self.authorizations.get(&key)?;
        self.drop_tokens(&TokenOwner::Authorizer {
            component: component.to_owned(),
            authorizer: authorizer.to_owned(),
        });
        self.authorizations.remove(&key);
        Some(PushJob {
            component_appid: component.to_owned(),
            info_type: "unauthorized".into(),
            authorizer_appid: Some(authorizer.to_owned()),
            plaintext: events::unauthorized(component, now_ms / 1000, authorizer),
        })
    }

    /// The authorization of `authorizer` to `component`, or 61003.
    pub fn authorization(
        &self,
        component: &str,
        authorizer: &str,
    ) -> Result<&Authorization, WxErr> {
        self.authorizations
            .get(&(component.to_owned(), authorizer.to_owned()))
            .ok_or_else(WxErr::not_authorized)
    }
}

/// Appends `params` to a redirect URI, keeping its own query and fragment.
pub fn redirect_with(uri: &str, params: &[(&str, &str)]) -> Option<String> {
    let mut url = url::Url::parse(uri).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    {
        let mut query = url.query_pairs_mut();
        for (k, v) in params {
            query.append_pair(k, v);
        }
    }
    Some(url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_keeps_query_and_fragment() {
        let r = redirect_with(
            "https://c.example.com/cb?tenant=a#frag",
            &[("auth_code", "x@@@y"), ("expires_in", "600")],
        )
        .unwrap();
        assert_eq!(
            r,
            "https://c.example.com/cb?tenant=a&auth_code=x%40%40%40y&expires_in=600#frag"
        );
        assert!(redirect_with("javascript:alert(1)", &[]).is_none());
        assert!(redirect_with("not a url", &[]).is_none());
    }
}
