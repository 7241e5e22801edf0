//! Data shared by several domains' answers: text built on the server in both languages,
//! WeChat's permission sets, and list pages. On the server: durations and
//! ages in words (computed there so that the browser renders exactly what the server did).

use serde::{Deserialize, Serialize};

/// A text made on the server (a message, an age, a WeChat error), in both languages.
pub use console_types::Bi;

/// Which accounts can grant a permission set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ScopeKind {
    OfficialAccount,
    MiniProgram,
    Both,
}

/// A permission set (权限集) as WeChat numbers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FuncScopeInfo {
    pub id: u32,
    pub name: Bi,
    pub kind: ScopeKind,
    /// 互斥: grantable to one third-party platform at a time.
    pub exclusive: bool,
    /// No longer offered by WeChat (still returned for old authorizations).
    pub legacy: bool,
}

/// A permission set an authorizer granted, with WeChat's confirmation state (`confirm_info`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FuncBadge {
    pub id: i32,
    pub name: Bi,
    /// The set needs the administrator's confirmation and has not been confirmed yet.
    pub awaiting_confirm: bool,
    /// `confirm_info` as WeChat returned it: (need_confirm, already_confirm, can_confirm).
    pub confirm: Option<(i32, i32, i32)>,
}

/// The state of an access token (a platform's or an authorizer's).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TokenHealth {
    /// None yet (a new platform waiting for its ticket; a revoked authorizer).
    Missing,
    /// Usable.
    Valid,
    /// Expired and not failing: the next refresh will renew it.
    Expired,
    /// Expired or missing, and refreshing keeps failing.
    Failing,
}

pub use console_types::{ListPage, PageInfo};

/// Server-side helpers of the answers above.
#[cfg(feature = "ssr")]
pub mod server {
    use super::{Bi, FuncBadge, FuncScopeInfo, ScopeKind, TokenHealth};
    use crate::error::AppError;

    /// Every permission set WeChat knows, by id.
    pub fn func_scopes() -> Vec<FuncScopeInfo> {
        use wxopen::funcscope::{self, AccountKind};
        funcscope::all()
            .iter()
            .map(|f| FuncScopeInfo {
                id: f.id,
                name: Bi::new(f.zh, f.en),
                kind: match f.account {
                    AccountKind::OfficialAccount => ScopeKind::OfficialAccount,
                    AccountKind::MiniProgram => ScopeKind::MiniProgram,
                    AccountKind::Both => ScopeKind::Both,
                },
                exclusive: f.exclusive,
                legacy: funcscope::LEGACY_IDS.contains(&f.id),
            })
            .collect()
    }

    /// The name of permission set `id`; unknown ids are "权限集 #id".
    pub fn func_name(id: i64) -> Bi {
        match u32::try_from(id).ok().and_then(wxopen::funcscope::by_id) {
            Some(f) => Bi::new(f.zh, f.en),
            None => Bi::new(format!("权限集 #{id}"), format!("Permission set #{id}")),
        }
    }

    /// A granted permission set as a badge.
    pub fn func_badge(p: &console_core::authorizers::Permission) -> FuncBadge {
        let name = func_name(i64::from(p.id));
        let confirm = match (p.need_confirm, p.already_confirm, p.can_confirm) {
            (None, None, None) => None,
            (n, a, c) => Some((n.unwrap_or(0), a.unwrap_or(0), c.unwrap_or(0))),
        };
        FuncBadge {
            id: p.id,
            name,
            awaiting_confirm: p.need_confirm == Some(1) && p.already_confirm != Some(1),
            confirm,
        }
    }

    /// A token error as the token manager stores it.
    pub fn stored_message(stored: &str) -> Bi {
        console_core::tokens::decode_message(stored)
    }

    /// The state of a token that expires at `expires_at` after `failures` failed refreshes.
    pub fn token_health(now: i64, expires_at: Option<i64>, failures: i32) -> TokenHealth {
        match expires_at {
            Some(t) if t > now => TokenHealth::Valid,
            _ if failures > 0 => TokenHealth::Failing,
            Some(_) => TokenHealth::Expired,
            None => TokenHealth::Missing,
        }
    }

    /// A filter value from the query string: blank is "no filter", anything else must parse.
    pub fn parse_opt<T: std::str::FromStr>(
        value: Option<String>,
        zh: &str,
        en: &str,
    ) -> Result<Option<T>, AppError> {
        match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => v.parse().map(Some).map_err(|_| {
                crate::ssr::respond(AppError::invalid(
                    format!("{zh}的值 “{v}” 无效"),
                    format!("Invalid {en}: \"{v}\""),
                ))
            }),
        }
    }

    /// A duration in words: "3 分钟" / "3 min", "2 小时 5 分钟" / "2 h 5 min", "3 天 4 小时" / "3 d 4 h".
    pub fn span(ms: i64) -> Bi {
        let s = ms.max(0) / 1000;
        let (m, h, d) = (s / 60, s / 3600, s / 86_400);
        if s < 60 {
            Bi::new(format!("{s} 秒"), format!("{s} s"))
        } else if m < 60 {
            Bi::new(format!("{m} 分钟"), format!("{m} min"))
        } else if h < 24 {
            let m = m % 60;
            if m == 0 {
                Bi::new(format!("{h} 小时"), format!("{h} h"))
            } else {
                Bi::new(format!("{h} 小时 {m} 分钟"), format!("{h} h {m} min"))
            }
        } else {
            let h = h % 24;
            if h == 0 {
                Bi::new(format!("{d} 天"), format!("{d} d"))
            } else {
                Bi::new(format!("{d} 天 {h} 小时"), format!("{d} d {h} h"))
            }
        }
    }

    /// How long ago `then` was: "3 分钟前" / "3 min ago".
    pub fn ago(now: i64, then: i64) -> Bi {
        if then > now {
            return Bi::new("刚刚", "just now");
        }
        let s = span(now - then);
        Bi::new(format!("{}前", s.zh), format!("{} ago", s.en))
    }

    /// When `at` comes: "2 小时后" / "in 2 h", or "已过期 3 分钟" / "expired 3 min ago".
    pub fn until(now: i64, at: i64) -> Bi {
        let s = span((at - now).abs());
        if at > now {
            Bi::new(format!("{}后", s.zh), format!("in {}", s.en))
        } else {
            Bi::new(format!("已过期 {}", s.zh), format!("expired {} ago", s.en))
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn spans_read_naturally_in_both_languages() {
            assert_eq!(span(5_000), Bi::new("5 秒", "5 s"));
            assert_eq!(span(3 * 60_000 + 10), Bi::new("3 分钟", "3 min"));
            assert_eq!(
                span(2 * 3_600_000 + 5 * 60_000),
                Bi::new("2 小时 5 分钟", "2 h 5 min")
            );
            assert_eq!(span(3 * 86_400_000), Bi::new("3 天", "3 d"));
            assert_eq!(ago(10 * 60_000, 0), Bi::new("10 分钟前", "10 min ago"));
            assert_eq!(ago(0, 5), Bi::new("刚刚", "just now"));
            assert_eq!(until(0, 7_200_000), Bi::new("2 小时后", "in 2 h"));
            assert_eq!(
                until(120_000, 0),
                Bi::new("已过期 2 分钟", "expired 2 min ago")
            );
        }

        #[test]
        fn stored_token_errors_are_read_in_both_languages() {
            assert_eq!(
                stored_message(r#"{"zh":"中文","en":"English"}"#),
                Bi::new("中文", "English")
            );
            assert_eq!(stored_message("plain"), Bi::new("plain", "plain"));
        }

        #[test]
        fn unknown_permission_sets_are_named_by_id() {
            assert_eq!(func_name(1).zh, "消息管理");
            assert_eq!(func_name(99_999).zh, "权限集 #99999");
            assert_eq!(func_name(99_999).en, "Permission set #99999");
        }
    }
}
