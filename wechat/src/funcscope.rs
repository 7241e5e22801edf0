//! WeChat's permission sets (权限集, `func_info[].funcscope_category.id`): id, names, the kind of
//! account they apply to, and whether they are exclusive (互斥: grantable to one platform only).
//!
//! Sources: the official tables 「公众号权限集」
//! (`developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/product/offical_account_authority.html`)
//! and 「小程序权限集」 (`…/product/miniprogram_authority.html`, and its English edition for id 36).
//! The stored copies of those pages end after OA id 113 and MP id 85; the mini program ids after
//! 85 are taken from an open-source console that lists the same page's later rows, and their
//! `exclusive` flag could not be checked against the official table, so it is `false` for them.
//! Ids no longer on either page but still returned by `api_query_auth` for old authorizations are
//! kept and marked *legacy* in their documentation.

/// The kind of account a permission set can be granted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccountKind {
    /// Official accounts (公众号 / 服务号).
    OfficialAccount,
    /// Mini programs (小程序).
    MiniProgram,
    /// Both kinds.
    Both,
}

impl AccountKind {
    /// True when a set of this kind may be granted by an account of kind `account`.
    pub fn applies_to(self, account: AccountKind) -> bool {
        self == AccountKind::Both || account == AccountKind::Both || self == account
    }
}

/// One permission set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FuncScope {
    /// `funcscope_category.id`.
    pub id: u32,
    /// The Chinese name, as on the authorization page.
    pub zh: &'static str,
    /// A concise English translation.
    pub en: &'static str,
    /// Which accounts can grant it.
    pub account: AccountKind,
    /// 互斥: it can be granted to only one third-party platform at a time.
    pub exclusive: bool,
}

const fn oa(id: u32, zh: &'static str, en: &'static str, exclusive: bool) -> FuncScope {
    FuncScope {
        id,
        zh,
        en,
        account: AccountKind::OfficialAccount,
        exclusive,
    }
}

const fn mp(id: u32, zh: &'static str, en: &'static str, exclusive: bool) -> FuncScope {
    FuncScope {
        id,
        zh,
        en,
        account: AccountKind::MiniProgram,
        exclusive,
    }
}

/// Every known permission set, sorted by id.
static ALL: [FuncScope; 77] = [
    oa(1, "消息管理", "Message management", false),
    oa(2, "用户管理", "User management", false),
    oa(3, "账号服务", "Account services", false),
    oa(4, "网页服务", "Web page services", true),
    oa(5, "微信小店", "WeChat Store", false),
    oa(
        6,
        "微信多客服",
        "WeChat multi-agent customer service",
        false,
    ),
    oa(7, "群发与通知", "Broadcasts and notifications", false),
    oa(8, "微信卡券", "WeChat cards and coupons", false),
    oa(9, "微信扫一扫", "WeChat Scan", false),
    oa(10, "微信连WIFI", "WeChat Wi-Fi", false),
    oa(11, "素材管理", "Media asset management", false),
    oa(12, "微信摇周边", "WeChat Shake Nearby", false),
    oa(13, "微信门店", "WeChat stores", false),
    // Legacy: WeChat Pay, no longer on the official-account table.
    oa(14, "微信支付", "WeChat Pay", false),
    oa(15, "菜单管理", "Menu management", false),
    // Legacy: verification status and details, no longer on the official-account table.
    oa(
        16,
        "获取认证状态及信息",
        "Verification status and details",
        false,
    ),
    mp(17, "获取小程序码", "Mini program codes", false),
    mp(
        18,
        "小程序开发与数据分析",
        "Mini program development and data analysis",
        true,
    ),
    mp(19, "小程序客服管理", "Mini program customer service", false),
    // Legacy: mini program login, no longer on the mini program table.
    mp(20, "微信登录", "WeChat login (mini program)", false),
    // Legacy: mini program data analysis, merged into 18.
    mp(21, "数据分析", "Data analysis (mini program)", false),
    oa(22, "城市服务", "City services", false),
    oa(23, "广告管理", "Advertising management", false),
    oa(
        24,
        "开放平台账号管理",
        "Open Platform account binding",
        true,
    ),
    mp(
        25,
        "开放平台账号管理",
        "Open Platform account binding (mini program)",
        true,
    ),
    oa(26, "微信电子发票", "WeChat e-invoices", false),
    oa(
        27,
        "快速注册小程序",
        "Fast mini program registration",
        false,
    ),
    mp(
        30,
        "小程序基本信息管理",
        "Mini program basic information",
        false,
    ),
    mp(31, "小程序认证名称检测", "Verification name check", false),
    oa(33, "小程序关联管理", "Mini program linking", false),
    oa(34, "微信商品库管理", "WeChat product library", true),
    // Legacy: WeChat Calorie for official accounts.
    oa(35, "微信卡路里", "WeChat Calorie", false),
    mp(36, "微信卡路里管理", "WeChat Calorie management", false),
    mp(37, "附近的小程序管理", "Nearby mini programs", false),
    mp(40, "小程序插件管理", "Mini program plugins", true),
    mp(41, "好物圈管理", "Good Items Circle (mini program)", true),
    oa(44, "好物圈", "Good Items Circle", false),
    mp(45, "微信物流服务", "WeChat logistics services", true),
    oa(46, "微信一物一码", "WeChat one-item-one-code", false),
    oa(47, "微信财政电子票据", "WeChat fiscal e-receipts", false),
    mp(
        48,
        "微信财政电子票据管理",
        "WeChat fiscal e-receipts (mini program)",
        false,
    ),
    mp(49, "小程序云开发管理", "Cloud development management", true),
    mp(51, "小程序即时配送", "Instant delivery", true),
    mp(52, "小程序直播管理", "Live streaming management", false),
    oa(54, "服务号对话管理", "Service account conversations", true),
    // Legacy: page push for mini programs.
    mp(57, "页面推送", "Page push (mini program)", false),
    mp(
        65,
        "小程序广告管理",
        "Advertising management (mini program)",
        false,
    ),
    oa(66, "微信服务市场管理", "WeChat Service Market", false),
    mp(
        67,
        "微信服务市场管理",
        "WeChat Service Market (mini program)",
        false,
    ),
    mp(
        70,
        "标准版交易组件商品管理",
        "Standard trade component: products",
        false,
    ),
    mp(
        71,
        "标准版交易组件订单物流与售后管理",
        "Standard trade component: orders, logistics and after-sales",
        false,
    ),
    mp(
        73,
        "标准版交易组件接入",
        "Standard trade component: onboarding",
        true,
    ),
    mp(
        76,
        "小程序违规与交易投诉管理",
        "Violations and trade complaints",
        true,
    ),
    mp(
        81,
        "试用小程序快速认证",
        "Fast verification of beta mini programs",
        true,
    ),
    mp(
        84,
        "标准版交易组件优惠券管理",
        "Standard trade component: coupons",
        false,
    ),
    mp(85, "自定义版交易组件管理", "Custom trade component", false),
    mp(88, "小程序链接管理", "Mini program links", false),
    oa(
        89,
        "服务号订阅通知",
        "Service account subscription notices",
        false,
    ),
    mp(93, "小程序联盟管理", "Mini program alliance", false),
    mp(99, "云开发短信服务", "Cloud development SMS", false),
    mp(105, "城市服务", "City services (mini program)", false),
    oa(113, "就医助手", "Medical assistant", false),
    mp(
        116,
        "获取自定义版交易组件数据",
        "Custom trade component data",
        false,
    ),
    mp(118, "硬件服务", "Hardware services", false),
    mp(119, "小程序支付管理服务", "Payment management", false),
    mp(120, "小程序购物订单", "Shopping orders", false),
    mp(129, "视频号小店商品管理", "Channels store: products", false),
    mp(
        130,
        "视频号小店物流管理",
        "Channels store: logistics",
        false,
    ),
    mp(
        131,
        "视频号小店订单与售后管理",
        "Channels store: orders and after-sales",
        false,
    ),
    mp(
        132,
        "视频号小店优惠券管理",
        "Channels store: coupons",
        false,
    ),
    mp(
        135,
        "流量主代运营权限集",
        "Ad revenue operation on behalf",
        false,
    ),
    mp(139, "小程序运费险", "Shipping insurance", false),
    mp(142, "小程序发货管理服务", "Shipping management", false),
    mp(144, "小程序学生认证权限集", "Student verification", false),
    mp(151, "小程序交易保障", "Trade protection", false),
    mp(
        157,
        "小程序虚拟支付管理权限",
        "Virtual payment management",
        false,
    ),
    mp(161, "微信客服管理", "WeChat customer service", false),
];

/// Every known permission set, sorted by id.
pub fn all() -> &'static [FuncScope] {
    &ALL
}

/// The permission set with this id, if known.
pub fn by_id(id: u32) -> Option<&'static FuncScope> {
    ALL.binary_search_by_key(&id, |f| f.id)
        .ok()
        .and_then(|i| ALL.get(i))
}

/// The ids kept only because old authorizations still return them (see the module docs).
pub const LEGACY_IDS: [u32; 6] = [14, 16, 20, 21, 35, 57];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_unique_and_named() {
        assert!(all().windows(2).all(|w| w[0].id < w[1].id));
        for f in all() {
            assert!(!f.zh.is_empty() && !f.en.is_empty(), "{}", f.id);
            assert_eq!(by_id(f.id), Some(f));
        }
        assert_eq!(by_id(999), None);
    }

    #[test]
    fn official_rows() {
        let message = by_id(1).unwrap();
        assert_eq!(
            (message.zh, message.account, message.exclusive),
            ("消息管理", AccountKind::OfficialAccount, false)
        );
        assert!(by_id(4).unwrap().exclusive, "网页服务 is exclusive");
        let dev = by_id(18).unwrap();
        assert_eq!(dev.account, AccountKind::MiniProgram);
        assert!(dev.exclusive);
        assert_eq!(by_id(19).unwrap().zh, "小程序客服管理");
        assert_eq!(by_id(27).unwrap().account, AccountKind::OfficialAccount);
        for id in [
            1, 2, 3, 11, 15, 22, 23, 24, 26, 33, 34, 44, 46, 47, 54, 66, 89, 113,
        ] {
            assert_eq!(
                by_id(id).unwrap().account,
                AccountKind::OfficialAccount,
                "{id}"
            );
        }
        for id in [
            17, 25, 30, 31, 36, 37, 40, 41, 45, 48, 49, 51, 52, 65, 67, 70, 71, 73, 76, 81, 84, 85,
        ] {
            assert_eq!(by_id(id).unwrap().account, AccountKind::MiniProgram, "{id}");
        }
    }

    #[test]
    fn legacy_ids_are_present() {
        for id in LEGACY_IDS {
            assert!(by_id(id).is_some(), "{id}");
        }
        assert!(AccountKind::Both.applies_to(AccountKind::MiniProgram));
        assert!(AccountKind::OfficialAccount.applies_to(AccountKind::OfficialAccount));
        assert!(!AccountKind::OfficialAccount.applies_to(AccountKind::MiniProgram));
    }
}
