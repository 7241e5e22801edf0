//! Creating and changing components and accounts.

use std::collections::VecDeque;
use std::net::IpAddr;

use super::tokens::TokenPair;
use super::{ComponentState, World};
use crate::domain;
use crate::ids;
use crate::model::{
    Account, AccountSpec, AccountType, Component, ComponentPatch, ComponentSpec, SimUser,
};

/// Why a spec or patch is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpecError {
    #[error("invalid appid {0:?}: \"wx\" followed by 16 letters or digits")]
    Appid(String),
    #[error("{0} already exists")]
    Duplicate(String),
    #[error("encoding_aes_key must be 43 letters or digits")]
    AesKey,
    #[error("{0} must be an http(s) URL")]
    Url(&'static str),
    #[error("invalid IP address {0:?} in ip_whitelist")]
    Ip(String),
    #[error("unknown permission set id {0}")]
    FuncId(u32),
    #[error("no such component {0}")]
    NotFound(String),
    #[error("{0} must be an authority host[:port] (no scheme or path), got {1:?}")]
    Domain(&'static str, String),
}

/// How far ahead of creation the first ticket is pushed when no interval was given.
pub const FIRST_TICKET_DELAY_MS: i64 = 1_000;

fn check_url(value: &str, field: &'static str) -> Result<(), SpecError> {
    match url::Url::parse(value) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => Ok(()),
        _ => Err(SpecError::Url(field)),
    }
}

fn check_ips(list: &[String]) -> Result<(), SpecError> {
    match list.iter().find(|ip| ip.parse::<IpAddr>().is_err()) {
        Some(bad) => Err(SpecError::Ip(bad.clone())),
        None => Ok(()),
    }
}

fn check_funcs(ids: &[u32]) -> Result<(), SpecError> {
    match ids
        .iter()
        .find(|id| wxopen::funcscope::by_id(**id).is_none())
    {
        Some(bad) => Err(SpecError::FuncId(*bad)),
        None => Ok(()),
    }
}

fn check_appid(appid: &str) -> Result<(), SpecError> {
    wxopen::AppId::parse(appid)
        .map(|_| ())
        .map_err(|_| SpecError::Appid(appid.to_owned()))
}

fn check_domain(value: Option<&String>, field: &'static str) -> Result<(), SpecError> {
    match value {
        Some(v) if domain::parse(v).is_none() => Err(SpecError::Domain(field, v.clone())),
        _ => Ok(()),
    }
}

fn check_test_accounts(list: Option<&Vec<String>>) -> Result<(), SpecError> {
    list.into_iter().flatten().try_for_each(|a| check_appid(a))
}

/// Every current permission set of both kinds.
fn all_current_funcs() -> Vec<u32> {
    let mut ids = AccountType::OfficialAccount.all_func_ids();
    ids.extend(AccountType::MiniProgram.all_func_ids());
    ids.sort_unstable();
    ids
}

impl World {
    /// Validates a component spec strictly (for the control API).
    pub fn check_component_spec(&self, spec: &ComponentSpec) -> Result<(), SpecError> {
        if let Some(appid) = &spec.appid {
            check_appid(appid)?;
            if self.components.contains_key(appid) {
                return Err(SpecError::Duplicate(appid.clone()));
            }
        }
        if let Some(key) = &spec.encoding_aes_key
            && wxopen::EncodingAesKey::parse(key).is_err()
        {
            return Err(SpecError::AesKey);
        }
        check_url(&spec.event_url, "event_url")?;
        check_url(&spec.message_url, "message_url")?;
        check_ips(spec.ip_whitelist.as_deref().unwrap_or_default())?;
        check_funcs(spec.func_ids.as_deref().unwrap_or_default())?;
        check_domain(spec.auth_domain.as_ref(), "auth_domain")?;
        check_domain(spec.oa_dev_domain.as_ref(), "oa_dev_domain")?;
        check_test_accounts(spec.test_accounts.as_ref())
    }

    /// Creates (or replaces) a component. Invalid optional values are replaced by generated ones;
    /// call [`check_component_spec`](Self::check_component_spec) first to refuse them instead.
    pub fn insert_component(
        &mut self,
        spec: ComponentSpec,
        default_interval_ms: i64,
        now_ms: i64,
    ) -> Component {
        let appid = spec
            .appid
            .filter(|a| check_appid(a).is_ok())
            .unwrap_or_else(ids::appid);
        let key = spec
            .encoding_aes_key
            .filter(|k| wxopen::EncodingAesKey::parse(k).is_ok())
            .unwrap_or_else(|| wxopen::EncodingAesKey::generate().to_encoded());
        let interval = spec.ticket_interval_secs.filter(|s| *s > 0);
        let auth_domain = spec
            .auth_domain
            .as_deref()
            .and_then(domain::normalise)
            .or_else(|| domain::authority_of(&spec.event_url))
            .unwrap_or_default();
        let oa_dev_domain = spec
            .oa_dev_domain
            .as_deref()
            .and_then(domain::normalise)
            .unwrap_or_else(|| auth_domain.clone());
        let first_ticket = match interval {
            Some(secs) => now_ms + secs as i64 * 1000,
            None => now_ms + FIRST_TICKET_DELAY_MS.min(default_interval_ms),
        };
        let info = Component {
            name: spec
                .name
                .unwrap_or_else(|| format!("沙箱第三方平台 {}", &appid[14..])),
            appid: appid.clone(),
            secret: spec
                .secret
                .filter(|s| !s.is_empty())
                .unwrap_or_else(ids::secret),
            token: spec
                .token
                .filter(|t| !t.is_empty())
                .unwrap_or_else(ids::message_token),
            encoding_aes_key: key,
            event_url: spec.event_url,
            message_url: spec.message_url,
            ip_whitelist: spec
                .ip_whitelist
                .map(|l| {
                    l.into_iter()
                        .filter(|ip| ip.parse::<IpAddr>().is_ok())
                        .collect()
                })
                .unwrap_or_else(|| vec!["127.0.0.1".into(), "::1".into()]),
            ticket_interval_secs: interval,
            func_ids: spec
                .func_ids
                .map(|l| {
                    l.into_iter()
                        .filter(|id| wxopen::funcscope::by_id(*id).is_some())
                        .collect()
                })
                .unwrap_or_else(all_current_funcs),
            rotate_refresh_tokens: spec.rotate_refresh_tokens.unwrap_or(false),
            auth_domain,
            oa_dev_domain,
            published: spec.published.unwrap_or(false),
            test_accounts: spec
                .test_accounts
                .map(|l| l.into_iter().filter(|a| check_appid(a).is_ok()).collect())
                .unwrap_or_default(),
            created_at: now_ms / 1000,
        };
        self.components.insert(
            appid,
            ComponentState {
                info: info.clone(),
                tickets: VecDeque::new(),
                next_ticket_ms: first_ticket,
                tickets_stopped: false,
                token: TokenPair::default(),
            },
        );
        info
    }

    /// Applies a patch to a component.
    pub fn patch_component(
        &mut self,
        appid: &str,
        patch: ComponentPatch,
        default_interval_ms: i64,
        now_ms: i64,
    ) -> Result<Component, SpecError> {
        if let Some(u) = &patch.event_url {
            check_url(u, "event_url")?;
        }
        if let Some(u) = &patch.message_url {
            check_url(u, "message_url")?;
        }
        check_ips(patch.ip_whitelist.as_deref().unwrap_or_default())?;
        check_funcs(patch.func_ids.as_deref().unwrap_or_default())?;
        check_domain(patch.auth_domain.as_ref(), "auth_domain")?;
        check_domain(patch.oa_dev_domain.as_ref(), "oa_dev_domain")?;
        check_test_accounts(patch.test_accounts.as_ref())?;
        let state = self
            .components
            .get_mut(appid)
            .ok_or_else(|| SpecError::NotFound(appid.to_owned()))?;
        let c = &mut state.info;
        if let Some(v) = patch.name {
            c.name = v;
        }
        if let Some(v) = patch.event_url {
            c.event_url = v;
        }
        if let Some(v) = patch.message_url {
            c.message_url = v;
        }
        if let Some(v) = patch.ip_whitelist {
            c.ip_whitelist = v;
        }
        if let Some(v) = patch.func_ids {
            c.func_ids = v;
        }
        if let Some(v) = patch.rotate_refresh_tokens {
            c.rotate_refresh_tokens = v;
        }
        // A new event_url leaves the domains alone: they are configured, not derived, once set.
        if let Some(v) = patch.auth_domain.as_deref().and_then(domain::normalise) {
            c.auth_domain = v;
        }
        if let Some(v) = patch.oa_dev_domain.as_deref().and_then(domain::normalise) {
            c.oa_dev_domain = v;
        }
        if let Some(v) = patch.published {
            c.published = v;
        }
        if let Some(v) = patch.test_accounts {
            c.test_accounts = v;
        }
        if let Some(secs) = patch.ticket_interval_secs {
            c.ticket_interval_secs = (secs > 0).then_some(secs);
            let interval = c
                .ticket_interval_secs
                .map_or(default_interval_ms, |s| s as i64 * 1000);
            state.next_ticket_ms = state.next_ticket_ms.min(now_ms + interval);
        }
        Ok(state.info.clone())
    }

    /// Validates an account spec strictly.
    pub fn check_account_spec(&self, spec: &AccountSpec) -> Result<(), SpecError> {
        if let Some(appid) = &spec.appid {
            check_appid(appid)?;
            if self.accounts.contains_key(appid) {
                return Err(SpecError::Duplicate(appid.clone()));
            }
        }
        check_funcs(spec.func_ids.as_deref().unwrap_or_default())
    }

    /// Creates (or replaces) an account, generating what the spec leaves out.
    pub fn insert_account(&mut self, spec: AccountSpec, now_ms: i64) -> Account {
        let appid = spec
            .appid
            .filter(|a| check_appid(a).is_ok())
            .unwrap_or_else(ids::appid);
        let account_type = spec.account_type.unwrap_or_default();
        let beta = spec.beta.unwrap_or(false);
        let default_name = match account_type {
            AccountType::OfficialAccount => format!("沙箱公众号{}", &appid[14..]),
            AccountType::MiniProgram => format!("沙箱小程序{}", &appid[14..]),
        };
        let users = (0..spec.users.unwrap_or(3))
            .map(|i| SimUser {
                openid: ids::openid(),
                unionid: format!("o{}", &ids::openid()[1..]),
                language: "zh_CN".into(),
                subscribe_time: now_ms / 1000 - 86_400 * (30 + i as i64),
                remark: String::new(),
                subscribe_scene: "ADD_SCENE_QR_CODE".into(),
            })
            .collect();
        let account = Account {
            nickname: spec.nickname.unwrap_or(default_name),
            principal_name: spec
                .principal_name
                .unwrap_or_else(|| "沙箱科技有限公司".into()),
            user_name: spec.user_name.unwrap_or_else(ids::original_id),
            alias: spec.alias.unwrap_or_default(),
            signature: spec.signature.unwrap_or_default(),
            service_type: spec.service_type.unwrap_or(match (account_type, beta) {
                (AccountType::OfficialAccount, _) => 2,
                (AccountType::MiniProgram, true) => 12,
                (AccountType::MiniProgram, false) => 0,
            }),
            verify_type: spec.verify_type.unwrap_or(if beta { -1 } else { 0 }),
            func_ids: spec.func_ids.unwrap_or_else(|| account_type.all_func_ids()),
            beta,
            users,
            created_at: now_ms / 1000,
            account_type,
            appid: appid.clone(),
        };
        self.accounts.insert(appid, account.clone());
        account
    }

    /// Three official accounts and two mini programs with realistic names (idempotent).
    pub fn seed_demo(&mut self, now_ms: i64) -> Vec<Account> {
        let demo: [(&str, AccountType, &str, &str, i64, i64, &str); 5] = [
            (
                "wx3c5e7a9b1d2f4068",
                AccountType::OfficialAccount,
                "鲜果时光",
                "深圳市鲜果时光餐饮管理有限公司",
                2,
                0,
                "每日新鲜水果，门店自提与外卖",
            ),
            (
                "wx4d6f8a0c2e1b3579",
                AccountType::OfficialAccount,
                "城南书房",
                "杭州城南书房文化传播有限公司",
                0,
                -1,
                "读书会与新书推荐",
            ),
            (
                "wx5e7a9c1b3d0f2468",
                AccountType::OfficialAccount,
                "悦动健身",
                "上海悦动健身管理有限公司",
                2,
                3,
                "团课预约与会员服务",
            ),
            (
                "wx6f8b0d2c4e1a3579",
                AccountType::MiniProgram,
                "鲜果时光商城",
                "深圳市鲜果时光餐饮管理有限公司",
                0,
                0,
                "线上下单，次日达",
            ),
            (
                "wx7a9c1e3d5f2b4680",
                AccountType::MiniProgram,
                "城南图书借阅",
                "杭州城南书房文化传播有限公司",
                0,
                -1,
                "图书借阅与归还预约",
            ),
        ];
        demo.into_iter()
            .map(
                |(appid, account_type, nickname, principal, service, verify, signature)| {
                    if let Some(existing) = self.accounts.get(appid) {
                        return existing.clone();
                    }
                    self.insert_account(
                        AccountSpec {
                            appid: Some(appid.into()),
                            account_type: Some(account_type),
                            nickname: Some(nickname.into()),
                            principal_name: Some(principal.into()),
                            signature: Some(signature.into()),
                            service_type: Some(service),
                            verify_type: Some(verify),
                            ..AccountSpec::default()
                        },
                        now_ms,
                    )
                },
            )
            .collect()
    }
}
