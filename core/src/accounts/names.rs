//! Parse-don't-validate newtypes for account input.

use crate::error::CoreError;
use crate::message::Bi;

/// A login name: 2..=64 characters of `a-z 0-9 . _ - @`, stored lower-case.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Username(String);

impl Username {
    /// Normalises (trim, lower-case) and checks a login name.
    pub fn parse(input: &str) -> Result<Self, CoreError> {
        let s = input.trim().to_lowercase();
        let len = s.chars().count();
        if !(2..=64).contains(&len) {
            return Err(CoreError::Invalid(Bi::new(
                "用户名长度须为 2 到 64 个字符",
                "The username must be 2 to 64 characters long",
            )));
        }
        if !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
        {
            return Err(CoreError::Invalid(Bi::new(
                "用户名只能包含字母、数字和 . _ - @",
                "The username may only contain letters, digits and . _ - @",
            )));
        }
        Ok(Self(s))
    }

    /// The normalised name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A tenant (customer organization) name: 1..=64 printable characters, trimmed.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TenantName(String);

impl TenantName {
    /// Trims and checks a tenant name.
    pub fn parse(input: &str) -> Result<Self, CoreError> {
        let s = input.trim();
        let len = s.chars().count();
        if !(1..=64).contains(&len) {
            return Err(CoreError::Invalid(Bi::new(
                "租户名称长度须为 1 到 64 个字符",
                "The tenant name must be 1 to 64 characters long",
            )));
        }
        if s.chars().any(char::is_control) {
            return Err(CoreError::Invalid(Bi::new(
                "租户名称不能包含控制字符",
                "The tenant name must not contain control characters",
            )));
        }
        Ok(Self(s.to_string()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password: 8..=128 characters. Never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// Checks a new password's length.
    pub fn parse(input: &str) -> Result<Self, CoreError> {
        let len = input.chars().count();
        if len < 8 {
            return Err(CoreError::Invalid(Bi::new(
                "密码至少需要 8 个字符",
                "The password must be at least 8 characters long",
            )));
        }
        if len > 128 {
            return Err(CoreError::Invalid(Bi::new(
                "密码不能超过 128 个字符",
                "The password must be at most 128 characters long",
            )));
        }
        Ok(Self(input.to_string()))
    }

    /// The password itself, for hashing.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_normalised_and_checked() {
        assert_eq!(
            Username::parse("  Alice@Example.com ")
                .map(|u| u.as_str().to_string())
                .ok(),
            Some("alice@example.com".to_string())
        );
        assert!(Username::parse("a").is_err());
        assert!(Username::parse("has space").is_err());
        assert!(Username::parse("中文名").is_err());
        assert!(Username::parse(&"x".repeat(65)).is_err());
    }

    #[test]
    fn tenant_names_allow_chinese_but_not_control_chars() {
        assert!(TenantName::parse("示例科技有限公司").is_ok());
        assert!(TenantName::parse("   ").is_err());
        assert!(TenantName::parse("bad\u{7}name").is_err());
    }

    #[test]
    fn passwords_have_bounds_and_never_print() {
        assert!(Password::parse("short").is_err());
        assert!(Password::parse(&"p".repeat(129)).is_err());
        let p = Password::parse("correct horse battery").ok();
        assert_eq!(format!("{p:?}"), "Some(Password(***))");
    }
}
