//! The inputs of the four flows, checked before WeChat is called (parse, don't validate): each
//! refusal names its form field and says, in both languages, what is wrong.

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, CoreResult};
use crate::message::Bi;
use crate::{AuthorizerId, TaskForm, TaskKind};

fn invalid(field: &'static str, zh: impl Into<String>, en: impl Into<String>) -> CoreError {
    CoreError::Invalid(Bi::new(zh, en).on_field(field))
}

/// An enterprise's registered name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnterpriseName(String);

impl EnterpriseName {
    pub fn parse(s: &str) -> CoreResult<Self> {
        let s = s.trim();
        match s.chars().count() {
            2..=100 => Ok(Self(s.to_string())),
            _ => Err(invalid(
                "name",
                "请填写企业名称（与营业执照一致，2 至 100 个字）",
                "Enter the enterprise's name as on its business licence (2 to 100 characters)",
            )),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A unified social credit code (统一社会信用代码) with a correct check character.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditCode(String);

impl CreditCode {
    pub fn parse(s: &str) -> CoreResult<Self> {
        let code: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase();
        if code.chars().count() != 18 {
            return Err(invalid(
                "code",
                format!(
                    "统一社会信用代码应为 18 位（现为 {} 位），见营业执照",
                    code.chars().count()
                ),
                format!(
                    "A unified social credit code has 18 characters (this one has {}); it is on the business licence",
                    code.chars().count()
                ),
            ));
        }
        if !wxopen::registration::credit_code_is_valid(&code) {
            return Err(invalid(
                "code",
                "统一社会信用代码校验位不正确，请逐位核对营业执照（不含字母 I、O、S、V、Z）",
                "The unified social credit code's check character is wrong: compare it character by character with the business licence (it has no I, O, S, V or Z)",
            ));
        }
        Ok(Self(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A contact phone number: a mainland mobile number, or a landline with its area code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phone(String);

impl Phone {
    pub fn parse(s: &str) -> CoreResult<Self> {
        let digits: String = s
            .chars()
            .filter(|c| !matches!(c, ' ' | '-'))
            .collect::<String>();
        let all_digits = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
        let mobile = digits.len() == 11
            && digits.starts_with('1')
            && matches!(digits.as_bytes().get(1), Some(b'3'..=b'9'));
        let landline = digits.starts_with('0') && (10..=12).contains(&digits.len());
        if all_digits && (mobile || landline) {
            Ok(Self(digits))
        } else {
            Err(invalid(
                "phone",
                "联系电话应为 11 位手机号，或带区号的固定电话（如 0755-86013388）",
                "The contact phone is an 11-digit mobile number or a landline with its area code (such as 0755-86013388)",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A WeChat ID (微信号): 6 to 20 letters, digits, `_` or `-`, starting with a letter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WechatId(String);

impl WechatId {
    pub fn parse(s: &str) -> CoreResult<Self> {
        let s = s.trim();
        let ok = (6..=20).contains(&s.len())
            && s.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if ok {
            Ok(Self(s.to_string()))
        } else {
            Err(invalid(
                "wxuser",
                "微信号应为 6 至 20 位字母、数字、下划线或减号，以字母开头（在微信“我”页面的头像旁可以看到；不是昵称或手机号）",
                "A WeChat ID has 6 to 20 letters, digits, _ or -, starting with a letter (shown beside the avatar on WeChat's \"Me\" page; not the nickname or phone number)",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The name of a trial mini program: 4 to 30 characters, without the suffix WeChat appends and
/// without the brand words WeChat refuses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrialName(String);

/// The suffix WeChat appends to every trial mini program's name.
pub const TRIAL_SUFFIX: &str = "的体验小程序";

/// Words WeChat refuses in names it did not grant (brand words).
const REFUSED_WORDS: [&str; 6] = ["微信", "腾讯", "小程序", "wechat", "weixin", "tencent"];

impl TrialName {
    pub fn parse(s: &str) -> CoreResult<Self> {
        let s = s.trim();
        if s.ends_with(TRIAL_SUFFIX) {
            return Err(invalid(
                "name",
                format!("名称不要包含“{TRIAL_SUFFIX}”，微信会自动加上"),
                format!("Leave out \"{TRIAL_SUFFIX}\": WeChat appends it"),
            ));
        }
        let n = s.chars().count();
        if !(4..=30).contains(&n) {
            return Err(invalid(
                "name",
                format!("试用小程序名称应为 4 至 30 个字（现为 {n} 个）"),
                format!("A trial mini program's name has 4 to 30 characters (this one has {n})"),
            ));
        }
        let lower = s.to_lowercase();
        if let Some(word) = REFUSED_WORDS.iter().find(|w| lower.contains(*w)) {
            return Err(invalid(
                "name",
                format!("名称不能包含“{word}”（微信不允许使用其品牌词）"),
                format!("The name cannot contain \"{word}\" (WeChat refuses its brand words)"),
            ));
        }
        Ok(Self(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A WeChat user's openid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Openid(String);

impl Openid {
    pub fn parse(s: &str) -> CoreResult<Self> {
        let s = s.trim();
        let ok = (10..=64).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if ok {
            Ok(Self(s.to_string()))
        } else {
            Err(invalid(
                "openid",
                "请填写未来管理员的 openid（一串字母数字，不是微信号）",
                "Enter the future administrator's openid (letters and digits, not a WeChat ID)",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A checked form: what a task is started with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NewTask {
    Enterprise {
        name: EnterpriseName,
        code: CreditCode,
        phone: Phone,
    },
    Personal {
        wxuser: WechatId,
        phone: Phone,
    },
    Beta {
        name: TrialName,
        openid: Openid,
    },
    Reuse {
        official_account: AuthorizerId,
        copy_verification: bool,
    },
}

impl NewTask {
    /// Checks every field of `form`.
    pub fn parse(form: &TaskForm) -> CoreResult<Self> {
        Ok(match form {
            TaskForm::Enterprise { name, code, phone } => NewTask::Enterprise {
                name: EnterpriseName::parse(name)?,
                code: CreditCode::parse(code)?,
                phone: Phone::parse(phone)?,
            },
            TaskForm::Personal { wxuser, phone } => NewTask::Personal {
                wxuser: WechatId::parse(wxuser)?,
                phone: Phone::parse(phone)?,
            },
            TaskForm::Beta { name, openid } => NewTask::Beta {
                name: TrialName::parse(name)?,
                openid: Openid::parse(openid)?,
            },
            TaskForm::Reuse {
                official_account,
                copy_verification,
            } => NewTask::Reuse {
                official_account: *official_account,
                copy_verification: *copy_verification,
            },
        })
    }

    pub fn kind(&self) -> TaskKind {
        match self {
            NewTask::Enterprise { .. } => TaskKind::Enterprise,
            NewTask::Personal { .. } => TaskKind::Personal,
            NewTask::Beta { .. } => TaskKind::Beta,
            NewTask::Reuse { .. } => TaskKind::Reuse,
        }
    }

    /// The name shown in lists.
    pub fn name(&self) -> Option<String> {
        match self {
            NewTask::Enterprise { name, .. } => Some(name.as_str().to_string()),
            NewTask::Beta { name, .. } => Some(name.as_str().to_string()),
            NewTask::Personal { .. } | NewTask::Reuse { .. } => None,
        }
    }

    /// Who the task is for, as WeChat tells tasks apart (its 89249 is per subject).
    pub fn subject(&self) -> String {
        match self {
            NewTask::Enterprise { code, .. } => code.as_str().to_string(),
            NewTask::Personal { wxuser, .. } => wxuser.as_str().to_lowercase(),
            NewTask::Beta { openid, .. } => openid.as_str().to_string(),
            NewTask::Reuse {
                official_account, ..
            } => official_account.to_string(),
        }
    }

    /// The subject as staff may see it: a credit code is public, personal data is masked.
    pub fn subject_masked(&self) -> String {
        match self {
            NewTask::Enterprise { code, .. } => code.as_str().to_string(),
            NewTask::Personal { wxuser, .. } => mask(wxuser.as_str()),
            NewTask::Beta { openid, .. } => mask(openid.as_str()),
            NewTask::Reuse { .. } => String::new(),
        }
    }
}

/// The first two and last two characters, the rest hidden (`ab****yz`).
pub fn mask(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= 4 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..2].iter().collect();
    let tail: String = chars[chars.len() - 2..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 4))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(e: CoreError) -> String {
        match e {
            CoreError::Invalid(m) => m.field.unwrap_or_default(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn credit_codes_are_normalised_and_checked() {
        assert_eq!(
            CreditCode::parse(" 9144 0300 7084 6113 6t ")
                .unwrap()
                .as_str(),
            "91440300708461136T"
        );
        assert_eq!(
            field(CreditCode::parse("91440300708461136X").unwrap_err()),
            "code"
        );
        assert_eq!(field(CreditCode::parse("9144").unwrap_err()), "code");
    }

    #[test]
    fn phones_are_mobiles_or_landlines_with_area_codes() {
        assert_eq!(
            Phone::parse("138 0013 8000").unwrap().as_str(),
            "13800138000"
        );
        assert_eq!(
            Phone::parse("0755-86013388").unwrap().as_str(),
            "075586013388"
        );
        for bad in [
            "12800138000",
            "86013388",
            "1380013800x",
            "",
            "+8613800138000",
        ] {
            assert_eq!(field(Phone::parse(bad).unwrap_err()), "phone", "{bad}");
        }
    }

    #[test]
    fn wechat_ids_follow_wechat_rules() {
        assert!(WechatId::parse("xiaoe_2024").is_ok());
        for bad in [
            "abc",
            "1abcdef",
            "张三微信号",
            "a".repeat(21).as_str(),
            "ab cdef",
        ] {
            assert_eq!(field(WechatId::parse(bad).unwrap_err()), "wxuser", "{bad}");
        }
    }

    #[test]
    fn trial_names_are_4_to_30_characters_without_the_suffix_or_brand_words() {
        assert!(TrialName::parse("小鹅优选").is_ok());
        for bad in [
            "小鹅",
            "小鹅优选的体验小程序",
            "微信小鹅商城",
            "WeChat Shop",
            &"鹅".repeat(31),
        ] {
            assert_eq!(field(TrialName::parse(bad).unwrap_err()), "name", "{bad}");
        }
    }

    #[test]
    fn personal_subjects_are_masked() {
        assert_eq!(mask("xiaoe_2024"), "xi******24");
        assert_eq!(mask("abc"), "***");
    }
}
