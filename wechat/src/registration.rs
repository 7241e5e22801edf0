//! Fast registration's tables and rules: the result codes of the notifications
//! (`notify_third_fasteregister`, `notify_third_fastregisterbetaapp`,
//! `notify_third_fastverifybetaapp`), the task statuses `action=create|query` answer, and the
//! checksum of the unified social credit code WeChat asks for.

use crate::api::Meaning;

const fn m(zh: &'static str, en: &'static str) -> Meaning {
    Meaning { zh, en }
}

/// What a notification's `status` means; `None` for codes the documentation does not list (show
/// the push's `msg` then).
pub fn notify_status_meaning(status: i64) -> Option<Meaning> {
    Some(match status {
        0 => m("成功", "Succeeded"),
        1 => m(
            "任务超时，未在 24 小时内完成",
            "The task timed out (not completed within 24 hours)",
        ),
        2 => m(
            "法人或用户拒绝了注册",
            "The legal person or user rejected the registration",
        ),
        5 => m("人脸识别失败", "Face verification failed"),
        8 => m("手机号验证失败", "Phone number verification failed"),
        11 => m("小程序创建失败", "Creating the mini program failed"),
        14 => m(
            "企业信息校验失败",
            "The enterprise information check failed",
        ),
        100_001 => m(
            "法人未在 24 小时内确认，未进行身份证校验",
            "The legal person did not confirm within 24 hours (no ID card check)",
        ),
        100_002 => m(
            "法人未在 24 小时内确认，未进行人脸识别校验",
            "The legal person did not confirm within 24 hours (no face verification)",
        ),
        100_003 => m(
            "法人未在 24 小时内确认",
            "The legal person did not confirm within 24 hours",
        ),
        101 => m(
            "工商数据返回：企业已注销",
            "Business registry: the enterprise is deregistered",
        ),
        102 => m(
            "工商数据返回：企业不存在或企业信息未更新",
            "Business registry: the enterprise does not exist or its data is not updated yet",
        ),
        103 => m(
            "工商数据返回：企业法定代表人姓名不一致",
            "Business registry: the legal representative's name does not match",
        ),
        104 => m(
            "工商数据返回：企业法定代表人身份证号码不一致",
            "Business registry: the legal representative's ID number does not match",
        ),
        105 => m(
            "法定代表人身份证号码在工商数据中未更新，请 5 至 15 个工作日后再试",
            "The legal representative's ID number is not updated in the registry yet; retry in 5 to 15 working days",
        ),
        1000 => m(
            "工商数据返回：企业信息或法定代表人信息不一致",
            "Business registry: the enterprise or legal representative data does not match",
        ),
        1001 => m(
            "主体创建小程序数量达到上限",
            "The entity has reached its limit of mini programs",
        ),
        1002 => m("主体违规，命中黑名单", "The entity is blacklisted"),
        1003 => m(
            "管理员绑定账号数量达到上限",
            "The administrator has reached the limit of bound accounts",
        ),
        1004 => m("管理员违规，命中黑名单", "The administrator is blacklisted"),
        1005 => m(
            "管理员手机绑定账号数量达到上限",
            "The administrator's phone number has reached its limit of accounts",
        ),
        1006 => m(
            "管理员手机号违规，命中黑名单",
            "The administrator's phone number is blacklisted",
        ),
        1007 => m(
            "管理员身份证创建账号数量达到上限",
            "The administrator's ID card has reached its limit of accounts",
        ),
        1008 => m(
            "管理员身份证违规，命中黑名单",
            "The administrator's ID card is blacklisted",
        ),
        _ => return None,
    })
}

/// What a task's `status` (the answer of `action=create` or `action=query`) means; `None` for
/// codes the documentation does not list. The limits and blacklists (1001–1008) read as in
/// notifications.
pub fn task_status_meaning(status: i64) -> Option<Meaning> {
    Some(match status {
        0 => m(
            "任务已创建，等待法人或用户确认",
            "Task created: waiting for the legal person or user",
        ),
        1 => m(
            "任务超时，未在 24 小时内完成",
            "Timed out (not completed within 24 hours)",
        ),
        2 => m(
            "法人或用户拒绝了注册",
            "The legal person or user rejected it",
        ),
        3 => m("已同意，正在核验", "Agreed; being checked"),
        4 => m("人脸识别已开始", "Face verification started"),
        5 => m("人脸识别失败", "Face verification failed"),
        6 => m("人脸识别成功", "Face verification succeeded"),
        7 => m("手机验证码已发送", "Phone verification code sent"),
        8 => m("手机号验证失败", "Phone number verification failed"),
        9 => m("手机号验证成功", "Phone number verified"),
        10 => m(
            "已提交，正在创建小程序",
            "Submitted: the mini program is being created",
        ),
        11 => m("小程序创建失败", "Creating the mini program failed"),
        12 => m("小程序已创建", "The mini program was created"),
        13 => m(
            "企业信息校验通过",
            "The enterprise information check passed",
        ),
        14 => m(
            "企业信息校验失败",
            "The enterprise information check failed",
        ),
        1001..=1008 => return notify_status_meaning(status),
        _ => return None,
    })
}

/// How a task's `status` ends it, if it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskOutcome {
    /// The mini program exists (12).
    Created,
    /// Nobody acted within 24 hours (1).
    TimedOut,
    /// Refused or failed (2, 5, 8, 11, 14, 1001–1008).
    Failed,
}

/// What a task's `status` means for its end: `None` while it is still in progress.
pub fn task_outcome(status: i64) -> Option<TaskOutcome> {
    match status {
        12 => Some(TaskOutcome::Created),
        1 => Some(TaskOutcome::TimedOut),
        0 | 3 | 4 | 6 | 7 | 9 | 10 | 13 => None,
        _ => Some(TaskOutcome::Failed),
    }
}

/// The 31 characters of a unified social credit code (no I, O, S, V, Z) and the weights of its
/// first 17 (GB 32100-2015).
const CREDIT_CODE_CHARS: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_CODE_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Whether `code` is a well-formed unified social credit code (统一社会信用代码): 18 characters
/// of its alphabet whose last one is the GB 32100-2015 check character. WeChat refuses other codes
/// (the new-version enterprise flow accepts only this code type), so the console checks first.
pub fn credit_code_is_valid(code: &str) -> bool {
    let bytes = code.as_bytes();
    if bytes.len() != 18 {
        return false;
    }
    let value = |b: u8| CREDIT_CODE_CHARS.iter().position(|c| *c == b);
    let mut sum = 0u32;
    for (b, w) in bytes.iter().zip(CREDIT_CODE_WEIGHTS) {
        match value(*b) {
            Some(v) => sum += u32::try_from(v).unwrap_or(0) * w,
            None => return false,
        }
    }
    let check = (31 - sum % 31) % 31;
    value(bytes[17]).is_some_and(|v| u32::try_from(v).ok() == Some(check))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_codes_have_meanings_in_both_languages() {
        assert_eq!(notify_status_meaning(0).map(|m| m.zh), Some("成功"));
        assert!(notify_status_meaning(1001).is_some_and(|m| m.zh.contains("上限")));
        assert_eq!(notify_status_meaning(424_242), None);
        assert!(task_status_meaning(12).is_some_and(|m| m.en.contains("created")));
        assert!(task_status_meaning(1003).is_some());
        assert_eq!(task_status_meaning(99), None);
    }

    #[test]
    fn task_statuses_end_tasks_as_documented() {
        assert_eq!(task_outcome(12), Some(TaskOutcome::Created));
        assert_eq!(task_outcome(1), Some(TaskOutcome::TimedOut));
        for s in [2, 5, 8, 11, 14, 1001, 1008] {
            assert_eq!(task_outcome(s), Some(TaskOutcome::Failed), "{s}");
        }
        for s in [0, 3, 4, 6, 7, 9, 10, 13] {
            assert_eq!(task_outcome(s), None, "{s}");
        }
    }

    #[test]
    fn credit_codes_of_real_companies_pass_and_one_changed_character_fails() {
        // Published on the companies' licences: Tencent (two entities), Huawei, Alibaba (China),
        // Xiaomi, State Grid.
        for code in [
            "91440300708461136T",
            "9144030071526726XG",
            "914403001922038216",
            "91330100716105852F",
            "91110108551385082Q",
            "91110000100003495Y",
        ] {
            assert!(credit_code_is_valid(code), "{code}");
            // Any other check character, and any changed digit before it, is refused.
            let mut changed = code.as_bytes().to_vec();
            changed[10] = if changed[10] == b'1' { b'2' } else { b'1' };
            assert!(
                !credit_code_is_valid(std::str::from_utf8(&changed).unwrap()),
                "{code}"
            );
            let mut wrong_check = code.as_bytes().to_vec();
            wrong_check[17] = if wrong_check[17] == b'0' { b'1' } else { b'0' };
            assert!(!credit_code_is_valid(
                std::str::from_utf8(&wrong_check).unwrap()
            ));
        }
        for bad in [
            "",
            "91440300708461136",
            "91440300708461136TT",
            "9144030070846113IT",
            "91440300708461136t",
        ] {
            assert!(!credit_code_is_valid(bad), "{bad}");
        }
    }
}
