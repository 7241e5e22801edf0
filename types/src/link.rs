//! Who may authorize through a link.

use serde::{Deserialize, Serialize};

use crate::Bi;

/// Which accounts a link's authorization page lists: WeChat's `auth_type` or `biz_appid`. The
/// two exclude each other, so they are one choice here.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LinkTarget {
    /// Neither parameter: WeChat's default (official accounts and mini programs).
    #[default]
    Any,
    /// `auth_type`: accounts of these types.
    Type { accounts: AccountTypes },
    /// `biz_appid`: only this account's administrator can authorize.
    Account { appid: String },
}

impl LinkTarget {
    /// Who may authorize, in words (the link page and the merchant's page say the same).
    pub fn describe(&self) -> Bi {
        match self {
            LinkTarget::Type { accounts } => match accounts {
                AccountTypes::OfficialAccounts => Bi::new("仅公众号", "Official accounts only"),
                AccountTypes::MiniPrograms => Bi::new("仅小程序", "Mini programs only"),
                AccountTypes::All => Bi::new("所有类型的账号", "Accounts of every type"),
                AccountTypes::Both => {
                    Bi::new("公众号或小程序", "Official accounts or mini programs")
                }
            },
            LinkTarget::Any => Bi::new("公众号或小程序", "Official accounts or mini programs"),
            LinkTarget::Account { appid } => Bi::new(
                format!("仅限账号 {appid}"),
                format!("Only the account {appid}"),
            ),
        }
    }
}

/// WeChat's `auth_type`: which types of account the authorization page lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountTypes {
    /// 1: official accounts only.
    OfficialAccounts,
    /// 2: mini programs only.
    MiniPrograms,
    /// 3: official accounts and mini programs.
    Both,
    /// 6: every type the page supports.
    All,
}

impl AccountTypes {
    /// Every choice, in the form's order.
    pub const ALL: [AccountTypes; 4] = [
        AccountTypes::OfficialAccounts,
        AccountTypes::MiniPrograms,
        AccountTypes::Both,
        AccountTypes::All,
    ];

    /// The `auth_type` value.
    pub fn code(self) -> u8 {
        match self {
            AccountTypes::OfficialAccounts => 1,
            AccountTypes::MiniPrograms => 2,
            AccountTypes::Both => 3,
            AccountTypes::All => 6,
        }
    }

    /// The choice of an `auth_type` value, if WeChat has one.
    pub fn from_code(code: i64) -> Option<Self> {
        Self::ALL.into_iter().find(|t| i64::from(t.code()) == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_ones_are_refused() {
        for t in AccountTypes::ALL {
            assert_eq!(AccountTypes::from_code(i64::from(t.code())), Some(t));
        }
        assert_eq!(AccountTypes::from_code(4), None);
    }

    #[test]
    fn a_target_is_one_tagged_choice_on_the_wire() {
        let t = LinkTarget::Type {
            accounts: AccountTypes::MiniPrograms,
        };
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, r#"{"kind":"type","accounts":"mini_programs"}"#);
        assert_eq!(serde_json::from_str::<LinkTarget>(&json).unwrap(), t);
    }
}
