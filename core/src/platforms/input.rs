//! What an operator types in to add or edit a platform, checked field by field.

use wxopen::{AppId, EncodingAesKey};

use crate::error::CoreError;
use crate::message::Bi;

/// A platform's settings as submitted. On edit, `None` secrets keep the stored ones.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct PlatformInput {
    pub name: String,
    pub appid: String,
    pub secret: Option<String>,
    pub token: Option<String>,
    pub aes_key: Option<String>,
    /// The key being rotated out; pushes that fail with the current key are tried with it.
    pub previous_aes_key: Option<String>,
}

impl std::fmt::Debug for PlatformInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlatformInput")
            .field("name", &self.name)
            .field("appid", &self.appid)
            .finish_non_exhaustive()
    }
}

/// A refusal about one form field (the form shows it beside that field).
fn invalid(field: &str, zh: &'static str, en: &'static str) -> CoreError {
    CoreError::Invalid(Bi::new(zh, en).on_field(field))
}

/// Checked values; `None` means "keep what is stored".
pub(crate) struct Checked {
    pub name: String,
    pub appid: AppId,
    pub secret: Option<String>,
    pub token: Option<String>,
    pub aes_key: Option<String>,
    pub previous_aes_key: Option<String>,
}

fn nonblank(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl PlatformInput {
    /// Checks every field; with `require_secrets` (a new platform) the secret, token and key must
    /// all be given.
    pub(crate) fn check(&self, require_secrets: bool) -> Result<Checked, CoreError> {
        let appid = AppId::parse(self.appid.trim()).map_err(|_| {
            invalid(
                "appid",
                "AppID 格式不正确：应为 wx 开头的 18 位字符，可在微信开放平台“第三方平台 > 详情”中找到",
                "The AppID is malformed: 18 characters starting with \"wx\", shown under Third-party platform > Details on open.weixin.qq.com",
            )
        })?;
        let name = match self.name.trim() {
            "" => appid.to_string(),
            n if n.chars().count() > 64 => {
                return Err(invalid(
                    "name",
                    "名称不能超过 64 个字符",
                    "The name must be at most 64 characters",
                ));
            }
            n => n.to_string(),
        };
        let secret = nonblank(&self.secret).map(str::to_string);
        if let Some(s) = &secret
            && (s.len() < 16 || s.len() > 128 || s.chars().any(|c| !c.is_ascii_graphic()))
        {
            return Err(invalid(
                "secret",
                "AppSecret 格式不正确：应为 16 至 128 个字母或数字（通常为 32 位）",
                "The AppSecret is malformed: 16 to 128 letters or digits (usually 32)",
            ));
        }
        let token = nonblank(&self.token).map(str::to_string);
        if let Some(t) = &token
            && (!(3..=32).contains(&t.len()) || !t.chars().all(|c| c.is_ascii_alphanumeric()))
        {
            return Err(invalid(
                "token",
                "消息校验 Token 须为 3 至 32 位字母或数字，与微信开放平台中填写的一致",
                "The message token must be 3 to 32 letters or digits, exactly as entered on open.weixin.qq.com",
            ));
        }
        let key_error = || {
            invalid(
                "aes_key",
                "消息加解密 Key（EncodingAESKey）须为 43 位字母或数字，与微信开放平台中填写的一致",
                "The EncodingAESKey must be 43 letters or digits, exactly as entered on open.weixin.qq.com",
            )
        };
        let aes_key = nonblank(&self.aes_key).map(str::to_string);
        if let Some(k) = &aes_key {
            EncodingAesKey::parse(k).map_err(|_| key_error())?;
        }
        let previous_aes_key = nonblank(&self.previous_aes_key).map(str::to_string);
        if let Some(k) = &previous_aes_key {
            EncodingAesKey::parse(k).map_err(|_| key_error())?;
        }
        if require_secrets && (secret.is_none() || token.is_none() || aes_key.is_none()) {
            return Err(invalid(
                "secret",
                "请填写 AppSecret、消息校验 Token 和消息加解密 Key",
                "Please enter the AppSecret, the message token and the EncodingAESKey",
            ));
        }
        Ok(Checked {
            name,
            appid,
            secret,
            token,
            aes_key,
            previous_aes_key,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_refusal_names_its_field() {
        let field = |i: PlatformInput| match i.check(true) {
            Err(CoreError::Invalid(m)) => m.field,
            other => panic!("{:?}", other.map(|_| ())),
        };
        let mut i = good();
        i.appid = "gh_1".into();
        assert_eq!(field(i).as_deref(), Some("appid"));
        let mut i = good();
        i.token = Some("a b".into());
        assert_eq!(field(i).as_deref(), Some("token"));
        let mut i = good();
        i.aes_key = Some("short".into());
        assert_eq!(field(i).as_deref(), Some("aes_key"));
        let mut i = good();
        i.secret = Some("x".into());
        assert_eq!(field(i).as_deref(), Some("secret"));
        let mut i = good();
        i.name = "名".repeat(65);
        assert_eq!(field(i).as_deref(), Some("name"));
    }

    fn good() -> PlatformInput {
        PlatformInput {
            name: "我的平台".into(),
            appid: "wx0123456789abcdef".into(),
            secret: Some("0123456789abcdef0123456789abcdef".into()),
            token: Some("mytoken123".into()),
            aes_key: Some("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG".into()),
            previous_aes_key: None,
        }
    }

    #[test]
    fn a_complete_platform_passes() {
        assert!(good().check(true).is_ok());
    }

    #[test]
    fn each_bad_field_is_named() {
        let cases: Vec<(PlatformInput, &str)> = vec![
            (
                PlatformInput {
                    appid: "gh_123".into(),
                    ..good()
                },
                "AppID",
            ),
            (
                PlatformInput {
                    secret: Some("short".into()),
                    ..good()
                },
                "AppSecret",
            ),
            (
                PlatformInput {
                    token: Some("has space".into()),
                    ..good()
                },
                "Token",
            ),
            (
                PlatformInput {
                    aes_key: Some("tooshort".into()),
                    ..good()
                },
                "EncodingAESKey",
            ),
            (
                PlatformInput {
                    secret: None,
                    ..good()
                },
                "AppSecret",
            ),
        ];
        for (input, needle) in cases {
            match input.check(true) {
                Err(CoreError::Invalid(m)) => assert!(
                    m.zh.contains(needle) || m.en.contains(needle),
                    "{needle}: {m}"
                ),
                other => panic!("{needle}: {:?}", other.map(|c| c.appid.to_string())),
            }
        }
    }

    #[test]
    fn editing_may_leave_secrets_out() {
        let edit = PlatformInput {
            secret: None,
            token: None,
            aes_key: None,
            ..good()
        };
        let c = edit.check(false).ok();
        assert!(c.is_some_and(|c| c.secret.is_none() && c.aes_key.is_none()));
    }
}
