//! WeChat's fast-registration result codes (`status` of the `notify_third_fasteregister`,
//! `notify_third_fastregisterbetaapp` and `notify_third_fastverifybetaapp` pushes): task states,
//! business-registry checks, limits and blacklists, as the official fast-registration
//! documentation lists them.

use crate::api::Meaning;

const fn m(zh: &'static str, en: &'static str) -> Meaning {
    Meaning { zh, en }
}

/// What a registration result's `status` means; `None` for codes the documentation does not
/// list (show the push's `msg` then).
pub fn status_meaning(status: i64) -> Option<Meaning> {
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

#[cfg(test)]
mod tests {
    use super::status_meaning;

    #[test]
    fn listed_codes_have_meanings_in_both_languages() {
        assert_eq!(status_meaning(0).map(|m| m.zh), Some("成功"));
        assert!(status_meaning(1001).is_some_and(|m| m.zh.contains("上限")));
        assert_eq!(status_meaning(424_242), None);
    }
}
