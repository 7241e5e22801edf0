//! Every UI string, in Chinese and English. Grouped by the page or component that shows it.

use super::Text;

// ----- Product -----
pub const PRODUCT: Text = Text::new("微信第三方平台控制台", "WeChat Open Platform Console");
pub const PRODUCT_SHORT: Text = Text::new("wxopen 控制台", "wxopen console");

// ----- Navigation -----
pub const NAV_OVERVIEW: Text = Text::new("概览", "Overview");
pub const NAV_PLATFORMS: Text = Text::new("第三方平台", "Platforms");
pub const NAV_AUTHORIZERS: Text = Text::new("授权账号", "Authorizers");
pub const NAV_REGISTRATIONS: Text = Text::new("注册小程序", "Registrations");
pub const NAV_EVENTS: Text = Text::new("事件", "Events");
pub const NAV_MESSAGES: Text = Text::new("消息", "Messages");
pub const NAV_AUDIT: Text = Text::new("审计日志", "Audit log");
pub const NAV_SETTINGS: Text = Text::new("设置", "Settings");

// ----- Header -----
pub const SWITCH_LANGUAGE: Text = Text::new("English", "中文");
pub const SWITCH_LANGUAGE_TITLE: Text = Text::new("切换到英文", "Switch to Chinese");
pub const TENANT: Text = Text::new("租户", "Tenant");
pub const LOGOUT: Text = Text::new("退出登录", "Log out");
pub const SIGNED_IN_AS: Text = Text::new("当前用户", "Signed in as");

// ----- Login -----
pub const LOGIN_TITLE: Text = Text::new("登录", "Sign in");
pub const LOGIN_SUBTITLE: Text = Text::new(
    "平台运营人员登录。商户无需登录，只会看到授权页面。",
    "For platform staff. Merchants never sign in; they only see the authorization pages.",
);
pub const USERNAME: Text = Text::new("用户名", "Username");
pub const PASSWORD: Text = Text::new("密码", "Password");
pub const LOGIN_BUTTON: Text = Text::new("登录", "Sign in");
pub const LOGGING_IN: Text = Text::new("正在登录…", "Signing in…");

// ----- Generic -----
pub const LOADING: Text = Text::new("加载中…", "Loading…");
pub const SAVE: Text = Text::new("保存", "Save");
pub const SAVING: Text = Text::new("正在保存…", "Saving…");
pub const SAVED: Text = Text::new("已保存", "Saved");
pub const CANCEL: Text = Text::new("取消", "Cancel");
pub const NONE: Text = Text::new("无", "None");
pub const NEVER: Text = Text::new("从未", "Never");
pub const NOT_FOUND_TITLE: Text = Text::new("页面不存在", "Page not found");
pub const NOT_FOUND_BODY: Text = Text::new(
    "您访问的页面不存在或已被移除。",
    "The page you asked for does not exist or was removed.",
);
pub const BACK_HOME: Text = Text::new("返回概览", "Back to the overview");

// ----- Errors -----
pub const ERR_UNAUTHORIZED: Text = Text::new(
    "登录已失效，请重新登录。",
    "Your session has ended. Please sign in again.",
);
pub const ERR_FORBIDDEN: Text = Text::new(
    "您的角色没有执行此操作的权限。",
    "Your role does not allow this action.",
);
pub const ERR_NOT_FOUND: Text = Text::new("未找到该资源。", "Not found.");
pub const ERR_INVALID_CREDENTIALS: Text =
    Text::new("用户名或密码错误。", "Wrong username or password.");
pub const ERR_INTERNAL: Text = Text::new(
    "服务器内部错误，请联系管理员并提供参考编号：",
    "Internal server error. Please give the administrator this reference: ",
);
pub const ERR_NETWORK: Text = Text::new(
    "无法连接服务器，请检查网络后重试：",
    "Could not reach the server; check the network and retry: ",
);
pub const ERR_NO_TENANT: Text = Text::new(
    "您的账号目前没有可用的租户（尚未加入，或访问已被停用），请联系管理员。",
    "Your account has no tenant to work in (not invited yet, or access disabled). Please contact an administrator.",
);

// ----- Overview -----
pub const OVERVIEW_TITLE: Text = Text::new("概览", "Overview");
pub const OVERVIEW_MEMBERS: Text = Text::new("成员", "Members");

// ----- Settings -----
pub const SETTINGS_TITLE: Text = Text::new("设置", "Settings");
pub const SETTINGS_ACCOUNT: Text = Text::new("我的账号", "My account");
pub const SETTINGS_DISPLAY_NAME: Text = Text::new("显示名称", "Display name");
pub const SETTINGS_LAST_LOGIN: Text = Text::new("上次登录", "Last sign-in");
pub const SETTINGS_ROLE: Text = Text::new("角色", "Role");
pub const SETTINGS_CHANGE_PASSWORD: Text = Text::new("修改密码", "Change password");
pub const SETTINGS_CURRENT_PASSWORD: Text = Text::new("当前密码", "Current password");
pub const SETTINGS_NEW_PASSWORD: Text = Text::new(
    "新密码（至少 8 个字符）",
    "New password (8 characters or more)",
);
pub const SETTINGS_PASSWORD_CHANGED: Text = Text::new(
    "密码已修改，您在其他浏览器和设备上的登录已全部结束。",
    "Password changed; your sessions in other browsers and devices have ended.",
);
pub const SETTINGS_SESSIONS: Text = Text::new("登录会话", "Sessions");
pub const SETTINGS_SESSIONS_HINT: Text = Text::new(
    "结束您在所有浏览器和设备上的登录，包括当前这个。怀疑密码或电脑被他人使用时请这样做。",
    "Ends your sessions in every browser and on every device, this one included. Do this when you suspect someone else used your password or computer.",
);
pub const SETTINGS_SIGN_OUT_EVERYWHERE: Text = Text::new("退出所有设备", "Sign out everywhere");
pub const SETTINGS_MEMBERS: Text = Text::new("租户成员", "Tenant members");
pub const MEMBER_STATUS: Text = Text::new("状态", "Status");
pub const MEMBER_ACTIVE: Text = Text::new("正常", "Active");
pub const MEMBER_DISABLED: Text = Text::new("已停用", "Disabled");
pub const MEMBER_ACTIONS: Text = Text::new("操作", "Actions");
pub const MEMBER_YOU: Text = Text::new("（我）", " (you)");
pub const MEMBER_CHANGE_ROLE: Text = Text::new("修改角色", "Change role");
pub const MEMBER_REMOVE: Text = Text::new("移除", "Remove");
pub const MEMBER_DISABLE: Text = Text::new("停用", "Disable");
pub const MEMBER_ENABLE: Text = Text::new("启用", "Enable");
pub const MEMBER_UPDATED: Text = Text::new("成员已更新。", "Member updated.");
pub const INVITE_TITLE: Text = Text::new("邀请成员", "Invite a member");
pub const INVITE_HINT: Text = Text::new(
    "生成一次性邀请链接发给对方：7 天内有效，只能使用一次。对方登录已有账号后接受，或在链接页面创建新账号。",
    "Create a one-time invitation link and send it: it works once, within 7 days. The invitee accepts after signing in, or creates an account on the link's page.",
);
pub const INVITE_NOTE: Text = Text::new("备注（邀请谁）", "Note (whom it is for)");
pub const INVITE_CREATE: Text = Text::new("生成邀请链接", "Create invitation link");
pub const INVITE_LINK: Text = Text::new("邀请链接", "Invitation link");
pub const INVITE_LINK_ONCE: Text = Text::new(
    "此链接只显示这一次：请现在复制并发送给对方。",
    "This link is shown only once: copy it and send it now.",
);
pub const INVITE_PENDING: Text = Text::new("待接受的邀请", "Pending invitations");
pub const INVITE_NONE: Text = Text::new("没有待接受的邀请。", "No pending invitations.");
pub const INVITE_BY: Text = Text::new("邀请人", "Invited by");
pub const INVITE_CREATED_AT: Text = Text::new("创建时间", "Created");
pub const INVITE_EXPIRES: Text = Text::new("有效期至", "Valid until");
pub const INVITE_REVOKE: Text = Text::new("撤销", "Revoke");
pub const INVITE_PAGE_TITLE: Text = Text::new("加入租户", "Join a tenant");
pub const INVITE_PAGE_INTRO: Text = Text::new(
    "您收到了加入以下租户的邀请：",
    "You are invited to join this tenant:",
);
pub const INVITE_ACCEPT_AS: Text = Text::new("当前登录账号：", "Signed in as: ");
pub const INVITE_ACCEPT: Text = Text::new("接受邀请", "Accept the invitation");
pub const INVITE_HAVE_ACCOUNT: Text = Text::new("已有账号？", "Already have an account?");
pub const INVITE_SIGN_IN_FIRST: Text = Text::new("登录后接受邀请", "Sign in to accept");
pub const INVITE_NEW_ACCOUNT: Text = Text::new("创建新账号", "Create a new account");
pub const INVITE_USERNAME_HINT: Text = Text::new(
    "2 到 64 个字符：字母、数字和 . _ - @",
    "2 to 64 characters: letters, digits and . _ - @",
);
pub const INVITE_REGISTER: Text = Text::new("创建账号并加入", "Create the account and join");
pub const INVITE_DISPLAY_NAME_HINT: Text = Text::new(
    "可选：同事在成员列表中看到的名字",
    "Optional: the name colleagues see in the member list",
);
pub const INVITE_PASSWORD_HINT: Text = Text::new("至少 8 个字符", "8 characters or more");
pub const SETTINGS_LANGUAGE: Text = Text::new("界面语言", "Interface language");

// ----- Settings: API keys -----
pub const API_KEYS_TITLE: Text = Text::new("API 密钥", "API keys");
pub const API_KEYS_HINT: Text = Text::new(
    "本租户自己的系统（CMS、客服、小程序后端）调用平台 API（/api/v1）时使用，请求头写 Authorization: Bearer <密钥>。密钥只在创建时显示一次，控制台只保存它的哈希。",
    "Your own systems (CMS, customer service, mini-program backends) call the platform API (/api/v1) with a key, sent as Authorization: Bearer <key>. A key is shown once, when it is created; the console keeps only its hash.",
);
pub const API_KEY_NEW: Text = Text::new("创建 API 密钥", "Create an API key");
pub const API_KEY_NAME: Text = Text::new("名称", "Name");
pub const API_KEY_NAME_HINT: Text = Text::new(
    "说明密钥给谁用，例如“CMS”或“客服系统”（最多 64 个字符）",
    "What the key is for, such as \"CMS\" or \"customer service\" (up to 64 characters)",
);
pub const API_KEY_SCOPES: Text = Text::new("权限范围", "Scopes");
pub const API_KEY_SCOPE_TOKENS: Text = Text::new(
    "读取第三方平台和授权方的令牌、JS-SDK ticket 及授权方列表",
    "Read component and authorizer tokens, JS-SDK tickets and the authorizer list",
);
pub const API_KEY_SCOPE_PROXY: Text = Text::new(
    "通过代理以授权方身份调用任意微信接口",
    "Call any WeChat API as an authorizer through the proxy",
);
pub const API_KEY_SCOPE_REGISTRATIONS: Text = Text::new(
    "发起并查询快速注册小程序任务",
    "Start and follow fast-registration tasks",
);
pub const API_KEY_SCOPE_OAUTH: Text = Text::new(
    "读取代公众号发起网页授权的结果",
    "Read the results of web OAuth on behalf of official accounts",
);
pub const API_KEY_PLATFORMS: Text = Text::new("限定平台（可选）", "Limit to platforms (optional)");
pub const API_KEY_PLATFORMS_HINT: Text = Text::new(
    "不选则可访问本租户的全部平台，包括以后添加的平台",
    "None chosen: every platform of the tenant, including those added later",
);
pub const API_KEY_ALL_PLATFORMS: Text = Text::new("全部平台", "All platforms");
pub const API_KEY_CREATE: Text = Text::new("创建密钥", "Create key");
pub const API_KEY_CREATED: Text = Text::new("新的 API 密钥", "The new API key");
pub const API_KEY_ONCE: Text = Text::new(
    "请立即复制并妥善保存：此密钥只显示这一次，刷新或离开页面后无法再查看。",
    "Copy it now and keep it safe: the key is shown only this once and cannot be seen again after you reload or leave the page.",
);
pub const API_KEY_LIST: Text = Text::new("已有密钥", "Keys");
pub const API_KEY_NONE: Text = Text::new("还没有 API 密钥。", "No API keys yet.");
pub const API_KEY_PREFIX: Text = Text::new("前缀", "Prefix");
pub const API_KEY_CREATED_BY: Text = Text::new("创建人", "Created by");
pub const API_KEY_CREATED_AT: Text = Text::new("创建时间", "Created");
pub const API_KEY_LAST_USED: Text = Text::new("最近使用", "Last used");
pub const API_KEY_ACTIVE: Text = Text::new("有效", "Active");
pub const API_KEY_REVOKED: Text = Text::new("已撤销", "Revoked");
pub const API_KEY_REVOKE: Text = Text::new("撤销", "Revoke");
pub const API_KEY_REVOKE_CONFIRM: Text = Text::new(
    "撤销后，使用此密钥的请求会立即被拒绝，且无法恢复。",
    "Once revoked, requests with this key are refused at once; this cannot be undone.",
);
pub const API_KEY_CONFIRM_REVOKE: Text = Text::new("确认撤销", "Yes, revoke");

// ----- Roles -----
pub const ROLE_OWNER: Text = Text::new("所有者", "Owner");
pub const ROLE_ADMIN: Text = Text::new("管理员", "Admin");
pub const ROLE_OPERATOR: Text = Text::new("运营", "Operator");
pub const ROLE_VIEWER: Text = Text::new("只读", "Viewer");
pub const LOGIN_DEMO_HINT: Text = Text::new("演示账号：", "Demo account: ");

// ----- Authorization lifecycle: shared -----
pub const COPY: Text = Text::new("复制", "Copy");
pub const COPIED: Text = Text::new("已复制", "Copied");
pub const FILTER: Text = Text::new("筛选", "Filter");
pub const RESET_FILTERS: Text = Text::new("清除筛选", "Clear filters");
pub const ALL: Text = Text::new("全部", "All");
pub const PREV_PAGE: Text = Text::new("上一页", "Previous");
pub const NEXT_PAGE: Text = Text::new("下一页", "Next");
/// `{n}` is the number of rows.
pub const TOTAL_ROWS: Text = Text::new("共 {n} 条", "{n} in total");
/// `{p}` is the page, `{t}` the number of pages.
pub const PAGE_OF: Text = Text::new("第 {p} / {t} 页", "Page {p} of {t}");
pub const ENABLED: Text = Text::new("已启用", "Enabled");
pub const DISABLED: Text = Text::new("已停用", "Disabled");
pub const STATUS_AUTHORIZED: Text = Text::new("已授权", "Authorized");
pub const STATUS_REVOKED: Text = Text::new("已取消授权", "Revoked");
pub const STATUS_NEEDS_REAUTH: Text = Text::new("需重新授权", "Needs re-authorization");
pub const KIND_OA: Text = Text::new("公众号", "Official account");
pub const KIND_MP: Text = Text::new("小程序", "Mini program");
pub const KIND_UNKNOWN: Text = Text::new("未知类型", "Unknown kind");
pub const TOKEN_VALID: Text = Text::new("有效", "Valid");
pub const TOKEN_EXPIRED: Text = Text::new("已过期", "Expired");
pub const TOKEN_FAILING: Text = Text::new("刷新失败", "Failing");
pub const TOKEN_MISSING: Text = Text::new("无令牌", "No token");
pub const EV_PENDING: Text = Text::new("待处理", "Pending");
pub const EV_PROCESSING: Text = Text::new("处理中", "Processing");
pub const EV_DONE: Text = Text::new("已处理", "Done");
pub const EV_FAILED: Text = Text::new("失败", "Failed");
pub const EV_IGNORED: Text = Text::new("已忽略", "Ignored");
pub const ALARM_NO_TICKET: Text = Text::new("无 ticket", "No ticket");
pub const ALARM_TOKEN_FAILING: Text = Text::new("令牌刷新失败", "Token failing");
pub const ALARM_NEEDS_REAUTH: Text = Text::new("需重新授权", "Re-authorization needed");
pub const AWAITING_CONFIRM: Text = Text::new("待确认", "unconfirmed");
pub const AWAITING_CONFIRM_TITLE: Text = Text::new(
    "该权限集需要管理员在微信中确认，尚未确认",
    "This permission set needs the administrator's confirmation in WeChat; not confirmed yet",
);
pub const EXCLUSIVE: Text = Text::new("互斥", "exclusive");
pub const NO_PERMISSION_TO_ACT: Text = Text::new(
    "您的角色为只读，可以查看但不能操作。",
    "Your role is read-only: you can look but not act.",
);
pub const DONE_OK: Text = Text::new("操作成功。", "Done.");
/// Between a label and its value.
pub const COLON: Text = Text::new("：", ": ");

// ----- Platforms: list -----
pub const PLATFORMS_TITLE: Text = Text::new("第三方平台", "Third-party platforms");
pub const PLATFORM_ADD: Text = Text::new("添加第三方平台", "Add a platform");
pub const COL_NAME: Text = Text::new("名称", "Name");
pub const COL_APPID: Text = Text::new("AppID", "AppID");
pub const COL_STATE: Text = Text::new("状态", "State");
pub const COL_RESULT: Text = Text::new("结果", "Result");
pub const COL_LAST_TICKET: Text = Text::new("最近 ticket", "Latest ticket");
pub const COL_COMPONENT_TOKEN: Text = Text::new("平台令牌", "Component token");
pub const COL_AUTHORIZER_COUNT: Text = Text::new("授权账号", "Authorizers");
pub const COL_ALARMS: Text = Text::new("告警", "Alarms");
pub const NO_TICKET_YET: Text = Text::new("尚未收到", "none yet");
pub const PLATFORMS_EMPTY: Text = Text::new(
    "还没有第三方平台。点击“添加第三方平台”，填入微信开放平台中该平台的 AppID、AppSecret、消息校验 Token 和消息加解密 Key。",
    "No platform yet. Press \"Add a platform\" and enter its AppID, AppSecret, message token and EncodingAESKey from open.weixin.qq.com.",
);

// ----- Platforms: add and edit -----
pub const PLATFORM_NEW_TITLE: Text = Text::new("添加第三方平台", "Add a third-party platform");
pub const PLATFORM_NEW_INTRO: Text = Text::new(
    "以下信息均在微信开放平台（open.weixin.qq.com）→ 管理中心 → 第三方平台 → 平台详情 → 开发资料中。密钥保存后加密存储，不会再完整显示。",
    "Everything below is on open.weixin.qq.com → Management center → Third-party platforms → the platform → Development settings. Secrets are stored encrypted and never shown in full again.",
);
pub const FIELD_NAME: Text = Text::new("名称", "Name");
pub const HELP_NAME: Text = Text::new(
    "便于识别的名称，例如该第三方平台在微信开放平台上的名称；留空则使用 AppID。",
    "A name to recognise it by, e.g. its name on the open platform; blank uses the AppID.",
);
pub const FIELD_APPID: Text = Text::new("AppID", "AppID");
pub const HELP_APPID: Text = Text::new(
    "开发资料中的“AppID”：wx 开头的 18 位字符。添加后不能修改。",
    "\"AppID\" in the development settings: 18 characters starting with wx. It cannot be changed later.",
);
pub const FIELD_SECRET: Text = Text::new("AppSecret", "AppSecret");
pub const HELP_SECRET: Text = Text::new(
    "开发资料中的“AppSecret”（需管理员扫码查看或重置）。",
    "\"AppSecret\" in the development settings (an administrator scans a QR code to view or reset it).",
);
pub const FIELD_TOKEN: Text = Text::new("消息校验 Token", "Message token");
pub const HELP_TOKEN: Text = Text::new(
    "开发资料中的“消息校验Token”，3 至 32 位字母或数字，须与微信开放平台上填写的完全一致。",
    "\"消息校验Token\" in the development settings: 3 to 32 letters or digits, exactly as entered there.",
);
pub const FIELD_AES_KEY: Text = Text::new("消息加解密 Key（EncodingAESKey）", "EncodingAESKey");
pub const HELP_AES_KEY: Text = Text::new(
    "开发资料中的“消息加解密Key”，43 位字母或数字。",
    "\"消息加解密Key\" in the development settings: 43 letters or digits.",
);
pub const PLATFORM_CREATE: Text = Text::new("添加", "Add");
pub const PLATFORM_CREATING: Text = Text::new("正在添加…", "Adding…");
pub const NEED_MANAGE_PLATFORMS: Text = Text::new(
    "只有管理员和所有者可以添加或修改第三方平台。",
    "Only admins and owners can add or edit platforms.",
);
pub const EDIT_TITLE: Text = Text::new("修改配置", "Edit settings");
pub const SECRET_IS_SET: Text = Text::new("已设置，留空则不修改", "Set; leave blank to keep it");
pub const EDIT_KEY_HINT: Text = Text::new(
    "更换 EncodingAESKey 后，原来的 Key 会保留为“上一个 Key”，用旧 Key 加密的推送仍能解密，便于在微信开放平台上切换。",
    "When the EncodingAESKey changes, the current key is kept as the \"previous key\", so that pushes sealed with it still open while WeChat switches over.",
);
pub const PREVIOUS_KEY_KEPT: Text = Text::new(
    "上一个 Key 仍保留（轮换中）。",
    "The previous key is still kept (rotation in progress).",
);
pub const RETIRE_PREVIOUS_KEY: Text = Text::new("停用上一个 Key", "Retire the previous key");
pub const RETIRE_PREVIOUS_KEY_HINT: Text = Text::new(
    "确认微信开放平台已改用新 Key 加密推送后再停用：停用后，用上一个 Key 加密的推送一律拒收。",
    "Retire it once WeChat seals its pushes with the new key: from then on, pushes sealed with the previous key are refused.",
);
pub const PREVIOUS_KEY_RETIRED: Text =
    Text::new("上一个 Key 已停用。", "The previous key is retired.");
pub const PLATFORM_SAVED: Text = Text::new("已保存。", "Saved.");
pub const ENABLE: Text = Text::new("启用", "Enable");
pub const DISABLE: Text = Text::new("停用", "Disable");
pub const DISABLE_HINT: Text = Text::new(
    "停用后拒收该平台的推送，并停止刷新它的令牌。",
    "A disabled platform refuses pushes and refreshes no tokens.",
);

// ----- Platforms: detail -----
pub const BACK_TO_PLATFORMS: Text = Text::new("← 第三方平台", "← Platforms");
pub const CONFIG_TITLE: Text = Text::new("填入微信开放平台的配置", "Settings to enter at WeChat");
pub const CONFIG_HINT: Text = Text::new(
    "在微信开放平台 → 第三方平台 → 开发资料中填写以下内容：",
    "Enter these on open.weixin.qq.com → Third-party platforms → Development settings:",
);
pub const URL_EVENTS: Text = Text::new("授权事件接收 URL", "Authorization event URL");
pub const URL_MESSAGES: Text = Text::new("消息与事件接收 URL", "Message and event URL");
pub const URL_MESSAGES_HINT: Text = Text::new(
    "$APPID$ 原样填写，微信会替换为授权账号的 AppID。",
    "Enter $APPID$ literally; WeChat replaces it with the authorizer's AppID.",
);
pub const AUTH_DOMAIN: Text = Text::new("授权发起页域名", "Authorization page domain");
pub const RELEASE_TITLE: Text = Text::new("全网发布", "Publication (全网发布)");
pub const RELEASE_HINT: Text = Text::new(
    "全网发布之前，只有开放平台上“授权测试公众号/小程序列表”中的账号可以授权本平台，快速注册小程序也会被微信拒绝（61028）；商户在授权页上看不到自己的账号时，多半是这个原因。点击开放平台上的“全网发布”后，微信会从 5 组专用测试账号中随机选一组，先授权给本平台，再向消息与事件接收 URL 发送测试消息；本控制台会自动应答，结果显示在下面。",
    "Before publication, only the accounts on the platform's test list (授权测试公众号/小程序列表) can authorize it, and WeChat refuses fast registration (61028): when a merchant cannot see their account on the authorization page, this is usually why. When you press 全网发布 on open.weixin.qq.com, WeChat picks one of its five groups of test accounts, authorizes it to the platform and sends test messages to the message URL; the console answers them itself, with the result below.",
);
pub const RELEASE_NONE: Text = Text::new(
    "尚未收到微信的全网发布检测。",
    "No release test from WeChat has arrived yet.",
);
pub const RELEASE_LAST: Text = Text::new("最近一次检测：", "Latest test: ");
pub const RELEASE_OK: Text = Text::new("已应答", "answered");
pub const RELEASE_FAILED: Text = Text::new("应答失败", "failed");
pub const RELEASE_PENDING: Text = Text::new("正在应答", "answering");
pub const AUTH_DOMAIN_HINT: Text = Text::new(
    "微信只接受从这个域名上的页面打开的授权页，且授权后的回调地址也必须在这个域名上。本控制台生成的授权链接都在这个域名上。",
    "WeChat only opens its authorization page from a page on this domain, and the redirect after authorizing must be on it too. Every link this console makes is on this domain.",
);
pub const CREATED_AT: Text = Text::new("添加时间", "Added");
pub const TICKET_TITLE: Text = Text::new("component_verify_ticket", "component_verify_ticket");
pub const TICKET_RECEIVED: Text = Text::new("最近收到", "Last received");
pub const TICKET_SENT: Text = Text::new("微信发出时间", "Sent by WeChat");
pub const TICKET_VALID_UNTIL: Text = Text::new("有效期至", "Valid until");
pub const TICKET_NONE: Text = Text::new(
    "尚未收到 ticket。确认授权事件接收 URL 已填入微信开放平台后，点击“重新推送 ticket”。",
    "No ticket yet. Once the authorization event URL is entered at WeChat, press \"Push the ticket again\".",
);
pub const TICKET_VALID_HINT: Text = Text::new(
    "微信每 10 分钟推送一次 ticket，每个 ticket 有效 12 小时。",
    "WeChat pushes a ticket every 10 minutes; each is valid for 12 hours.",
);
pub const TICKET_STALE: Text = Text::new("已失效", "no longer valid");
pub const PUSH_TICKET: Text = Text::new("重新推送 ticket", "Push the ticket again");
pub const PUSH_TICKET_DONE: Text = Text::new(
    "已请求微信立即推送 ticket，通常几秒内到达。",
    "WeChat was asked to push the ticket now; it usually arrives within seconds.",
);
pub const TOKEN_TITLE: Text = Text::new("component_access_token", "component_access_token");
pub const TOKEN_EXPIRES: Text = Text::new("过期时间", "Expires");
pub const TOKEN_REFRESHED: Text = Text::new("最近刷新", "Last refreshed");
pub const TOKEN_FAILURES: Text = Text::new("连续失败次数", "Consecutive failures");
pub const TOKEN_LAST_ERROR: Text = Text::new("最近错误", "Last error");
pub const TOKEN_NOT_YET: Text = Text::new(
    "尚无令牌：收到 ticket 后会自动获取。",
    "No token yet: it is fetched as soon as a ticket arrives.",
);
pub const EGRESS_TITLE: Text = Text::new("IP 白名单", "IP whitelist");
pub const EGRESS_HINT: Text = Text::new(
    "调用微信接口的服务器出口 IP 必须加入该平台开发资料中的“IP 白名单”，否则微信返回错误 61004（access clientip is not registered），错误信息中的 requestIP 就是本服务器的出口 IP。",
    "The server's egress IP must be in the platform's IP whitelist at WeChat, or WeChat answers errcode 61004 (access clientip is not registered); the requestIP in that error is this server's egress IP.",
);
pub const EGRESS_REPORTED: Text = Text::new(
    "微信报告的本服务器出口 IP：",
    "Egress IP reported by WeChat: ",
);
pub const EGRESS_UNKNOWN: Text = Text::new(
    "微信尚未报告 61004 错误，出口 IP 未知；请向服务器运维确认其公网出口地址。",
    "WeChat has not reported a 61004 error, so the egress IP is unknown; ask the server's operators for its public egress address.",
);
pub const ALARMS_TITLE: Text = Text::new("告警", "Alarms");
pub const NO_ALARMS: Text = Text::new("没有告警。", "No alarms.");
pub const SYNC_TITLE: Text = Text::new("同步授权账号", "Sync authorizers");
pub const SYNC_BUTTON: Text = Text::new(
    "从微信同步全部授权账号",
    "Sync every authorizer from WeChat",
);
pub const SYNC_HINT: Text = Text::new(
    "通过 api_get_authorizer_list 逐页读取该平台的全部授权账号，补全或更新本地记录。",
    "Reads every authorizer of this platform with api_get_authorizer_list, page by page, and adds or updates them here.",
);
pub const SYNC_RUNNING: Text = Text::new("同步中", "Syncing");
pub const SYNC_DONE: Text = Text::new("同步完成", "Sync complete");
pub const SYNC_FAILED: Text = Text::new("同步失败", "Sync failed");
/// `{p}` processed, `{t}` total, `{c}` created, `{u}` updated.
pub const SYNC_PROGRESS: Text = Text::new(
    "已处理 {p} / {t}，新增 {c}，更新 {u}",
    "{p} of {t} processed, {c} added, {u} updated",
);
pub const SYNC_STARTED_AT: Text = Text::new("开始于", "Started");
pub const LINKS_TITLE: Text = Text::new("授权链接", "Authorization links");
pub const LINK_NEW: Text = Text::new("生成授权链接", "New authorization link");
pub const LINKS_EMPTY: Text = Text::new("还没有生成过授权链接。", "No link generated yet.");
pub const COL_CREATED: Text = Text::new("创建时间", "Created");
pub const COL_VALID_UNTIL: Text = Text::new("有效期至", "Valid until");
pub const COL_LINK_AUTHORIZATIONS: Text = Text::new("授权", "Authorizations");
pub const LINK_ACTIVE: Text = Text::new("可使用", "Active");
pub const LINK_EXPIRED: Text = Text::new("已过期", "Expired");
pub const LINK_REVOKED: Text = Text::new("已停用", "Revoked");
pub const LINK_USED_UP: Text = Text::new("已使用", "Used");
pub const LINK_LEGACY: Text = Text::new("旧版链接", "Old-style link");

// ----- Authorization links -----
pub const LINK_FORM_TITLE: Text = Text::new("生成授权链接", "New authorization link");
pub const LINK_FORM_INTRO: Text = Text::new(
    "链接指向本控制台上的授权页。商户打开后点击按钮，控制台当场向微信申请新的预授权码并跳转到微信的授权页（电脑上扫码，微信内或手机上直接确认），因此链接可在有效期内反复使用，不受预授权码 10 分钟有效期的限制。",
    "The link points to an authorization page on this console. When the merchant presses its button, the console gets a fresh pre_auth_code from WeChat and moves on to WeChat's page (scan on a computer, confirm directly inside WeChat or on a phone), so the link keeps working for its whole lifetime instead of the pre_auth_code's 10 minutes.",
);
pub const LINK_VALIDITY: Text = Text::new("有效期", "Valid for");
pub const LINK_VALIDITY_HINT: Text = Text::new(
    "有效期内可随时在链接页面停用。",
    "You can revoke the link on its page at any time.",
);
pub const VALID_1H: Text = Text::new("1 小时", "1 hour");
pub const VALID_1D: Text = Text::new("1 天", "1 day");
pub const VALID_7D: Text = Text::new("7 天", "7 days");
pub const VALID_30D: Text = Text::new("30 天", "30 days");
pub const LINK_SINGLE_USE: Text = Text::new(
    "仅限使用一次（完成一次授权后失效）",
    "Single use (ends after one authorization)",
);
pub const LINK_TARGET: Text = Text::new("可授权的账号", "Who may authorize");
pub const TARGET_ANY: Text = Text::new("任意账号", "Any account");
pub const TARGET_TYPE: Text = Text::new("按账号类型", "By account type");
pub const TARGET_BIZ: Text = Text::new("指定账号", "One account");
pub const AUTH_TYPE_1: Text = Text::new("仅公众号", "Official accounts only");
pub const AUTH_TYPE_2: Text = Text::new("仅小程序", "Mini programs only");
pub const AUTH_TYPE_3: Text = Text::new("公众号和小程序", "Official accounts and mini programs");
pub const AUTH_TYPE_6: Text = Text::new("全部类型", "All account types");
pub const BIZ_APPID_LABEL: Text = Text::new("指定账号的 AppID", "AppID of the account");
pub const BIZ_APPID_PLACEHOLDER: Text = Text::new(
    "要授权的公众号或小程序的 AppID",
    "AppID of the account to authorize",
);
pub const TARGET_HINT: Text = Text::new(
    "三项只能选一项；选择“指定账号”时，只有该账号的管理员能完成授权。",
    "Choose one of the three; with \"one account\", only that account's administrator can authorize.",
);
pub const LINK_FUNCS: Text = Text::new("申请的权限集", "Permission sets to request");
pub const LINK_FUNCS_HINT: Text = Text::new(
    "不勾选则申请本平台已发布的全部权限集。标注“互斥”的权限集同一时间只能授权给一个第三方平台。",
    "Tick none to request every set the platform published. Sets marked \"exclusive\" can be granted to one platform at a time.",
);
pub const FUNCS_OA: Text = Text::new("公众号权限集", "Official account sets");
pub const FUNCS_MP: Text = Text::new("小程序权限集", "Mini program sets");
pub const FUNCS_BOTH: Text = Text::new("通用权限集", "Sets for both kinds");
pub const LINK_CREATE: Text = Text::new("生成链接", "Generate");
pub const LINK_CREATING: Text = Text::new("正在生成…", "Generating…");
pub const LINK_TITLE: Text = Text::new("授权链接", "Authorization link");
pub const LINK_URL: Text = Text::new("发给商户的链接", "Link to send to the merchant");
pub const LINK_QR: Text = Text::new(
    "二维码（内容为上面的链接，商户可用微信扫码打开）",
    "QR code of the link above (the merchant can scan it with WeChat)",
);
pub const LINK_EXPIRES: Text = Text::new("有效期至", "Valid until");
pub const LINK_TARGET_LABEL: Text = Text::new("可授权的账号", "Who may authorize");
pub const LINK_USE: Text = Text::new("使用次数", "Use");
pub const LINK_USE_SINGLE: Text = Text::new("仅限一次", "Single use");
pub const LINK_USE_MULTI: Text = Text::new("有效期内不限次数", "Any number of times while valid");
pub const LINK_CLICKS: Text = Text::new("商户发起授权的次数", "Times a merchant started");
pub const LINK_NOTE: Text = Text::new(
    "请把链接或二维码发给商户的管理员：电脑上打开后用微信扫码确认；在微信里打开可直接确认。请勿直接发送微信授权页的地址，微信会拒绝不是从本平台授权发起页域名打开的授权页。",
    "Send the link or the QR code to the merchant's administrator: opened on a computer, they confirm by scanning with WeChat; opened inside WeChat, they confirm directly. Never send WeChat's own authorization URL: WeChat refuses it unless it is opened from a page on the platform's authorization domain.",
);
pub const LINK_ACTIVE_TEXT: Text = Text::new(
    "链接可以使用：商户每完成一次授权都会显示在下方。",
    "The link is active: every authorization through it appears below.",
);
pub const LINK_EXPIRED_TEXT: Text = Text::new(
    "链接已过期，商户打开时会看到“已过期”的提示。",
    "The link has expired; merchants who open it are told so.",
);
pub const LINK_REVOKED_TEXT: Text = Text::new(
    "链接已停用，商户打开时会看到“已失效”的提示。",
    "The link was revoked; merchants who open it are told so.",
);
pub const LINK_USED_UP_TEXT: Text = Text::new(
    "这个一次性链接已完成授权，不能再使用。",
    "This single-use link was used and cannot be used again.",
);
pub const LINK_LEGACY_TEXT: Text = Text::new(
    "这是旧版链接（直接使用微信授权页地址，已失效），仅保留授权记录。",
    "An old-style link (WeChat's own URL, no longer usable); kept for its history.",
);
pub const LINK_REVOKE: Text = Text::new("停用链接", "Revoke link");
pub const LINK_REVOKE_CONFIRM: Text = Text::new(
    "停用后商户将无法再通过此链接授权，已完成的授权不受影响。确定停用？",
    "Merchants will no longer be able to authorize through this link; authorizations already made stay. Revoke it?",
);
pub const LINK_AUTHORIZATIONS: Text =
    Text::new("通过此链接完成的授权", "Authorizations through this link");
pub const LINK_NO_AUTHORIZATIONS: Text = Text::new(
    "还没有商户通过此链接完成授权。",
    "No merchant has authorized through this link yet.",
);
pub const LINK_NOT_GRANTED: Text = Text::new("未授予的权限集", "Sets not granted");
pub const LINK_NOT_GRANTED_EXCLUSIVE: Text = Text::new(
    "互斥权限集：可能已授权给其他第三方平台，需商户先在那里取消授权",
    "Exclusive set: another platform may hold it; the merchant must release it there first",
);
pub const LINK_UNPUBLISHED_HINT: Text = Text::new(
    "商户在微信的授权页上看不到自己的账号时：平台全网发布之前，只有测试列表中的账号可以授权（见平台页面的“全网发布”）。",
    "If the merchant cannot see their account on WeChat's page: before the platform is published, only the accounts on its test list can authorize (see Publication on the platform page).",
);
pub const LINK_UPDATED: Text = Text::new("更新授权", "Authorization updated");
pub const LINK_FIRST: Text = Text::new("首次授权", "First authorization");
pub const LINK_ANOTHER: Text = Text::new("再生成一个链接", "Generate another link");
pub const LINK_VIEW_AUTHORIZER: Text = Text::new("查看授权账号", "View the authorizer");
pub const LINK_ALL_FUNCS: Text = Text::new("全部已发布的权限集", "Every published permission set");

// ----- Authorizers -----
pub const AUTHORIZERS_TITLE: Text = Text::new("授权账号", "Authorizers");
pub const SEARCH_PLACEHOLDER: Text = Text::new("名称、AppID 或主体", "Name, AppID or principal");
pub const SEARCH: Text = Text::new("搜索", "Search");
pub const FILTER_PLATFORM: Text = Text::new("第三方平台", "Platform");
pub const FILTER_KIND: Text = Text::new("类型", "Kind");
pub const FILTER_STATUS: Text = Text::new("状态", "Status");
pub const FILTER_FUNC: Text = Text::new("权限集", "Permission set");
pub const COL_AVATAR: Text = Text::new("头像", "Avatar");
pub const COL_NICKNAME: Text = Text::new("名称", "Name");
pub const COL_TYPE: Text = Text::new("类型", "Kind");
pub const COL_PRINCIPAL: Text = Text::new("主体", "Principal");
pub const COL_FUNCS: Text = Text::new("权限集", "Permission sets");
pub const COL_TOKEN: Text = Text::new("令牌", "Token");
pub const COL_AUTHORIZED_AT: Text = Text::new("授权时间", "Authorized");
pub const AUTHORIZERS_EMPTY: Text = Text::new("没有符合条件的授权账号。", "No authorizer matches.");
pub const BACK_TO_AUTHORIZERS: Text = Text::new("← 授权账号", "← Authorizers");
pub const AUTHORIZER_INFO: Text = Text::new("账号信息", "Account");
pub const F_USER_NAME: Text = Text::new("原始 ID", "Original ID");
pub const F_ALIAS: Text = Text::new("微信号", "WeChat ID");
pub const F_SERVICE_TYPE: Text = Text::new("账号类型", "Account type");
pub const F_VERIFY_TYPE: Text = Text::new("认证类型", "Verification");
pub const F_ACCOUNT_STATUS: Text = Text::new("账号状态", "Account status");
pub const F_SIGNATURE: Text = Text::new("简介", "Description");
pub const F_QRCODE: Text = Text::new("二维码", "QR code");
pub const F_PLATFORM: Text = Text::new("第三方平台", "Platform");
pub const F_REVOKED_AT: Text = Text::new("取消授权时间", "Revoked");
pub const F_SYNCED_AT: Text = Text::new("最近同步", "Last synced");
pub const F_UPDATED_AT: Text = Text::new("更新时间", "Updated");
pub const F_REFRESH_TOKEN: Text = Text::new("刷新令牌", "Refresh token");
pub const HAS_REFRESH: Text = Text::new("已保存（加密）", "Stored (encrypted)");
pub const NO_REFRESH: Text = Text::new(
    "无：需要商户重新授权",
    "None: the merchant must authorize again",
);
pub const PERMS_TITLE: Text = Text::new("已授权的权限集", "Granted permission sets");
pub const CONFIRM_INFO: Text = Text::new("确认状态", "Confirmation");
pub const CONFIRM_AWAITING: Text = Text::new(
    "需管理员确认，尚未确认",
    "Needs confirmation, not confirmed",
);
pub const CONFIRM_DONE: Text = Text::new("已确认", "Confirmed");
pub const CONFIRM_NONE: Text = Text::new("无需确认", "No confirmation needed");
pub const PERMS_EMPTY: Text = Text::new("没有权限集。", "No permission set.");
pub const AUTH_TOKEN_TITLE: Text = Text::new("authorizer_access_token", "authorizer_access_token");
pub const NEXT_REFRESH: Text = Text::new("下次刷新", "Next refresh");
pub const REFRESH_NOW: Text = Text::new("立即刷新令牌", "Refresh the token now");
pub const SYNC_ONE: Text = Text::new("从微信同步", "Sync from WeChat");
pub const SYNC_ONE_DONE: Text = Text::new(
    "已从微信重新读取账号信息。",
    "The account was read again from WeChat.",
);
pub const HISTORY_TITLE: Text = Text::new("事件记录", "Event history");
pub const HISTORY_EMPTY: Text =
    Text::new("没有与该账号相关的推送。", "No push about this account.");
pub const COL_TIME: Text = Text::new("时间", "Time");
pub const COL_ID: Text = Text::new("ID", "ID");

// ----- Events -----
pub const EVENTS_TITLE: Text = Text::new("事件", "Events");

// ----- Messages -----
pub const MESSAGES_TITLE: Text = Text::new("消息", "Messages");
pub const MESSAGES_INTRO: Text = Text::new(
    "授权账号的用户消息和账号事件（例如小程序审核结果），来自“消息与事件接收 URL”。设置了 Webhook 的平台会把每条消息转发给您的服务；失败的投递会自动重试，不会丢失。",
    "Messages from authorizers' users and their accounts' events (mini-program audit results, for example), received on the message URL. Platforms with a webhook forward each one to your service; failed deliveries are retried, never dropped.",
);
pub const MESSAGES_EMPTY: Text = Text::new("没有符合条件的消息。", "No messages match.");
pub const FILTER_AUTHORIZER: Text = Text::new("授权账号 AppID", "Authorizer AppID");
pub const FILTER_DELIVERY: Text = Text::new("处理状态", "Delivery");
pub const COL_CONTENT: Text = Text::new("内容", "Content");
pub const COL_DELIVERY: Text = Text::new("处理", "Delivery");
pub const MSG_TEXT: Text = Text::new("文本", "Text");
pub const MSG_IMAGE: Text = Text::new("图片", "Image");
pub const MSG_VOICE: Text = Text::new("语音", "Voice");
pub const MSG_VIDEO: Text = Text::new("视频", "Video");
pub const MSG_SHORTVIDEO: Text = Text::new("小视频", "Short video");
pub const MSG_LOCATION: Text = Text::new("位置", "Location");
pub const MSG_LINK: Text = Text::new("链接", "Link");
pub const MSG_MINIPROGRAMPAGE: Text = Text::new("小程序卡片", "Mini program card");
pub const MSG_EVENT: Text = Text::new("事件", "Event");
pub const MSG_STATE_RECEIVED: Text = Text::new("已接收", "Received");
pub const MSG_STATE_REPLIED: Text = Text::new("已回复", "Replied");
pub const MSG_STATE_RELEASE_TEST: Text = Text::new("全网发布测试", "Release test");
pub const MSG_STATE_FORWARDED: Text = Text::new("已转发", "Forwarded");
pub const MSG_STATE_DELIVERING: Text = Text::new("正在投递", "Delivering");
pub const MSG_STATE_RETRYING: Text = Text::new("等待重试", "Retrying");
pub const MSG_STATE_FAILED: Text = Text::new("未送达", "Not delivered");
pub const MSG_FILTER_RETRYING: Text = Text::new("等待重试", "Retrying");
pub const MSG_FILTER_DONE: Text = Text::new("已完成", "Done");
pub const MSG_FILTER_FAILED: Text = Text::new("未送达", "Not delivered");
pub const MSG_NEXT_ATTEMPT: Text = Text::new("下次重试：", "Next attempt:");
pub const MSG_RETRY: Text = Text::new("立即重新投递", "Deliver again now");
pub const MESSAGES_RECENT: Text = Text::new("最近的消息", "Recent messages");
pub const MESSAGES_ALL: Text = Text::new("查看全部消息", "All messages");

// ----- Webhook -----
pub const WEBHOOK_TITLE: Text = Text::new("消息转发（Webhook）", "Message forwarding (webhook)");
pub const WEBHOOK_HINT: Text = Text::new(
    "授权账号收到的每条消息和事件都会以 JSON 转发到这个地址，并带有签名（X-Wxopen-Signature：v1= 加上以签名密钥对“时间戳.请求体”计算的 HMAC-SHA256）。若您的服务在 3 秒内以 {\"reply\": {\"type\": \"text\", \"content\": \"…\"}} 应答，控制台会加密后作为被动回复交给微信；否则先回复微信 success，投递在后台继续，失败会按退避时间自动重试。",
    "Every message and event of the authorizers is forwarded to this address as JSON, signed (X-Wxopen-Signature: v1= and the HMAC-SHA256 of \"timestamp.body\" under the signing secret). If your service answers within 3 seconds with {\"reply\": {\"type\": \"text\", \"content\": \"…\"}}, the console encrypts it as the passive reply to WeChat; otherwise WeChat gets success at once and the delivery continues in the background, retried with backoff when it fails.",
);
pub const WEBHOOK_URL: Text = Text::new("Webhook 地址", "Webhook URL");
pub const WEBHOOK_URL_HELP: Text = Text::new(
    "留空并保存即停止转发。",
    "Save it blank to stop forwarding.",
);
pub const WEBHOOK_NONE: Text = Text::new(
    "未设置：消息只保存在控制台中。",
    "Not set: messages are only kept in the console.",
);
pub const WEBHOOK_SAVE: Text = Text::new("保存", "Save");
pub const WEBHOOK_SAVED: Text = Text::new("已保存。", "Saved.");
pub const WEBHOOK_ROTATE: Text = Text::new("更换签名密钥", "Replace the signing secret");
pub const WEBHOOK_SECRET_ONCE: Text = Text::new(
    "签名密钥（只显示这一次，请立即保存到您的服务配置中）",
    "Signing secret (shown only this once: store it in your service's configuration now)",
);
pub const FILTER_TYPE: Text = Text::new("类型", "Type");
pub const FILTER_FROM: Text = Text::new("开始日期", "From");
pub const FILTER_TO: Text = Text::new("结束日期", "To");
pub const FILTER_DATES_HINT: Text = Text::new(
    "日期按北京时间（UTC+8）",
    "Dates in China Standard Time (UTC+8)",
);
pub const COL_RECEIVED: Text = Text::new("接收时间", "Received");
pub const COL_PLATFORM: Text = Text::new("第三方平台", "Platform");
pub const COL_AUTHORIZER: Text = Text::new("授权账号", "Authorizer");
pub const COL_STATUS: Text = Text::new("状态", "Status");
pub const SHOW_CONTENT: Text = Text::new("解密内容", "Decrypted content");
pub const CONTENT_MASKED: Text =
    Text::new("（ticket 与授权码已打码）", "(tickets and codes masked)");
pub const EVENTS_EMPTY: Text = Text::new("没有符合条件的推送。", "No push matches.");
/// `{n}` is the number of attempts.
pub const ATTEMPTS: Text = Text::new("尝试 {n} 次", "{n} attempts");
pub const REJECTIONS_TITLE: Text = Text::new("被拒收的推送", "Refused pushes");
pub const REJECTIONS_HINT: Text = Text::new(
    "签名、解密或格式不正确的推送不会保存，只在这里计数。数量持续增长，说明 Token / EncodingAESKey 与微信开放平台上的不一致，或有人伪造推送。",
    "Pushes with a bad signature, encryption or format are not stored, only counted here. A growing count means the token or EncodingAESKey differs from WeChat's settings, or someone forges pushes.",
);
pub const REJECTIONS_EMPTY: Text = Text::new("没有被拒收的推送。", "No refused push.");
pub const COL_REASON: Text = Text::new("原因", "Reason");
pub const COL_COUNT: Text = Text::new("次数", "Count");
pub const COL_LAST: Text = Text::new("最近一次", "Last");
pub const INFO_TICKET: Text = Text::new("ticket 推送", "Ticket");
pub const INFO_AUTHORIZED: Text = Text::new("授权成功", "Authorized");
pub const INFO_UPDATEAUTHORIZED: Text = Text::new("更新授权", "Authorization updated");
pub const INFO_UNAUTHORIZED: Text = Text::new("取消授权", "Authorization revoked");
pub const INFO_FASTREGISTER: Text = Text::new("快速注册结果", "Fast registration result");
pub const INFO_BETA_REGISTER: Text = Text::new("试用小程序创建结果", "Beta mini program created");
pub const INFO_BETA_VERIFY: Text = Text::new("试用小程序认证结果", "Beta mini program verified");
pub const REJ_UNKNOWN_COMPONENT: Text = Text::new("未知的平台", "Unknown platform");
pub const REJ_DISABLED: Text = Text::new("平台已停用", "Platform disabled");
pub const REJ_MISSING_PARAMS: Text = Text::new("缺少签名参数", "Signature parameters missing");
pub const REJ_TOO_LARGE: Text = Text::new("消息体过大", "Body too large");
pub const REJ_BAD_SIGNATURE: Text = Text::new(
    "签名错误（Token 不一致或伪造）",
    "Bad signature (token mismatch or forged)",
);
pub const REJ_BAD_CIPHERTEXT: Text = Text::new("密文格式错误", "Malformed ciphertext");
pub const REJ_BAD_DECRYPT: Text = Text::new(
    "解密失败（EncodingAESKey 不一致）",
    "Decryption failed (EncodingAESKey mismatch)",
);
pub const REJ_APPID_MISMATCH: Text = Text::new(
    "AppID 不符（不是发给本平台的）",
    "AppID mismatch (not meant for this platform)",
);
pub const REJ_BAD_XML: Text = Text::new("XML 格式错误", "Malformed XML");
pub const REJ_INTERNAL: Text = Text::new("服务器内部错误", "Server error");
pub const REJ_OTHER: Text = Text::new("其他原因", "Other");

// ----- Registrations -----
pub const REGISTRATIONS_TITLE: Text = Text::new("注册小程序", "Mini program registrations");
pub const REG_FLOWS_TITLE: Text = Text::new("四种快速注册方式", "The four fast-registration flows");
pub const REG_FLOW_ENTERPRISE: Text = Text::new(
    "企业快速注册（fastregisterenterpriseweapp）：提交企业名称、统一社会信用代码和联系电话，法人在微信中完成身份核验后创建小程序；结果通过 notify_third_fasteregister 推送，成功时附带授权码，新小程序随即授权给本平台。",
    "Enterprise (fastregisterenterpriseweapp): submit the enterprise name, its unified social credit code and a phone number; the legal person verifies in WeChat and the mini program is created. The result comes as notify_third_fasteregister, with an authorization code on success, so the new mini program is authorized to the platform at once.",
);
pub const REG_FLOW_PERSONAL: Text = Text::new(
    "个人快速注册（fastregisterpersonalweapp）：提交用户的微信号和联系电话，用户在微信中确认并完成人脸识别后创建个人小程序（个人小程序不能开通微信支付）；结果同样通过 notify_third_fasteregister 推送。",
    "Personal (fastregisterpersonalweapp): submit the user's WeChat ID and a phone number; the user confirms in WeChat with face verification and a personal mini program is created (it cannot use WeChat Pay). The result also comes as notify_third_fasteregister.",
);
pub const REG_FLOW_BETA: Text = Text::new(
    "试用小程序（fastregisterbetaweapp）：凭用户的 openid 和名称创建未认证的试用小程序，结果通过 notify_third_fastregisterbetaapp 推送；之后调用 verifybetaweapp 补充企业信息完成认证，结果通过 notify_third_fastverifybetaapp 推送。",
    "Beta (fastregisterbetaweapp): a user's openid and a name create an unverified beta mini program, reported by notify_third_fastregisterbetaapp; verifybetaweapp later adds the enterprise data to verify it, reported by notify_third_fastverifybetaapp.",
);
pub const REG_FLOW_REUSE: Text = Text::new(
    "复用公众号资质（fastregisterauth + account/fastregister）：已认证的公众号向本平台授权“快速注册小程序”权限集后，管理员扫码确认即可用公众号的主体资质注册小程序；接口同步返回授权码，没有推送。",
    "Reusing an official account's qualification (fastregisterauth + account/fastregister): a verified official account that granted the \"Fast mini program registration\" set confirms by scanning, and a mini program is registered with its qualification. The API returns the authorization code directly; there is no push.",
);
pub const TASK_NEW: Text = Text::new("新建注册", "New registration");
pub const TASKS_EMPTY: Text = Text::new(
    "还没有注册任务。点击“新建注册”为商家注册小程序。",
    "No registration task yet. Choose \"New registration\" to register a mini program for a merchant.",
);
pub const TASK_KIND_ENTERPRISE: Text = Text::new("企业小程序", "Enterprise");
pub const TASK_KIND_PERSONAL: Text = Text::new("个人小程序", "Personal");
pub const TASK_KIND_BETA: Text = Text::new("试用小程序", "Trial");
pub const TASK_KIND_REUSE: Text = Text::new("复用公众号资质", "Reuse an official account");
pub const TASK_STARTING: Text = Text::new("提交中", "Starting");
pub const TASK_WAITING: Text = Text::new("等待确认", "Waiting");
pub const TASK_SUCCEEDED: Text = Text::new("已成功", "Succeeded");
pub const TASK_FAILED: Text = Text::new("失败", "Failed");
pub const TASK_EXPIRED: Text = Text::new("已过期", "Expired");
pub const COL_FLOW: Text = Text::new("方式", "Flow");
pub const COL_NEW_APP: Text = Text::new("新小程序", "New mini program");
pub const COL_SUBJECT: Text = Text::new("名称 / 主体", "Name / entity");

// ----- Registrations: new task -----
pub const TASK_NEW_TITLE: Text = Text::new("新建注册任务", "New registration task");
pub const BACK_TO_TASKS: Text = Text::new("返回注册任务", "Back to registrations");
pub const TASK_NO_PLATFORM: Text = Text::new(
    "还没有第三方平台，请先添加平台。",
    "There is no platform yet: add one first.",
);
pub const TASK_PLATFORM_HELP: Text = Text::new(
    "新小程序将授权给该平台。",
    "The new mini program will be authorized to this platform.",
);
pub const TASK_HINT_ENTERPRISE: Text = Text::new(
    "企业名称、统一社会信用代码和联系电话；法人在微信中核验身份后创建。",
    "The enterprise's name, credit code and a phone number; created once the legal person verifies in WeChat.",
);
pub const TASK_HINT_PERSONAL: Text = Text::new(
    "用户的微信号和联系电话；用户在微信中确认并人脸识别后创建（不能开通微信支付）。",
    "The user's WeChat ID and a phone number; created once the user confirms in WeChat with face verification (no WeChat Pay).",
);
pub const TASK_HINT_BETA: Text = Text::new(
    "名称和未来管理员的 openid；管理员确认后立即创建未认证的试用小程序，之后可改名并认证。",
    "A name and the future administrator's openid; an unverified trial mini program is created once they confirm, to be renamed and verified later.",
);
pub const TASK_HINT_REUSE: Text = Text::new(
    "已授权本平台（含权限集 27）的已认证公众号，管理员扫码确认后用其资质注册；每个公众号每月 5 次。",
    "A verified official account authorized to this platform with set 27; registered with its qualification once its administrator confirms. Five per account per month.",
);
pub const TASK_ENTERPRISE_NAME: Text = Text::new("企业名称", "Enterprise name");
pub const TASK_ENTERPRISE_NAME_HELP: Text = Text::new(
    "与营业执照上的名称完全一致。",
    "Exactly as on the business licence.",
);
pub const TASK_CODE: Text = Text::new("统一社会信用代码", "Unified social credit code");
pub const TASK_CODE_HELP: Text = Text::new(
    "营业执照上的 18 位代码（含校验位，没有字母 I、O、S、V、Z）。",
    "The 18-character code on the business licence (with its check character; no I, O, S, V or Z).",
);
pub const TASK_PHONE: Text = Text::new("联系电话", "Contact phone");
pub const TASK_PHONE_HELP: Text = Text::new(
    "第三方平台的联系电话（手机号或带区号的固定电话），微信审核时可能致电。",
    "The platform's contact number (mobile, or landline with area code); WeChat may call it while checking.",
);
pub const TASK_WXUSER: Text = Text::new("微信号", "WeChat ID");
pub const TASK_WXUSER_HELP: Text = Text::new(
    "用户在微信“我”页面头像旁看到的微信号，不是昵称或手机号。",
    "The ID the user sees beside the avatar on WeChat's \"Me\" page; not the nickname or phone number.",
);
pub const TASK_TRIAL_NAME: Text = Text::new("试用小程序名称", "Trial mini program name");
pub const TASK_TRIAL_NAME_HELP: Text = Text::new(
    "4 至 30 个字；微信会自动加上“的体验小程序”，不能含“微信”等品牌词。",
    "4 to 30 characters; WeChat appends \"的体验小程序\" and refuses brand words such as \"微信\".",
);
pub const TASK_OPENID: Text = Text::new("管理员 openid", "Administrator's openid");
pub const TASK_OPENID_HELP: Text = Text::new(
    "将成为试用小程序管理员的微信用户的 openid（一串字母数字，不是微信号），可从商家公众号的用户中取得。",
    "The openid of the WeChat user who becomes the trial mini program's administrator (letters and digits, not a WeChat ID), from the users of the merchant's official account.",
);
pub const TASK_FOLLOWER_ACCOUNT: Text = Text::new(
    "或从公众号的用户中选择",
    "Or choose among an official account's users",
);
pub const TASK_FOLLOWER_CHOOSE: Text = Text::new("选择公众号…", "Choose an official account…");
pub const TASK_FOLLOWER_PICK: Text = Text::new("选择用户的 openid…", "Choose a user's openid…");
pub const TASK_FOLLOWERS_NONE: Text =
    Text::new("该公众号还没有用户。", "This account has no users yet.");
pub const TASK_FOLLOWER_HELP: Text = Text::new(
    "列出该公众号的前 100 个关注者（需已授权“用户管理”权限集）；选中后填入上方的 openid。",
    "Lists the account's first 100 followers (it must have granted the user-management set); the one chosen fills the openid above.",
);
pub const TASK_OFFICIAL_ACCOUNT: Text = Text::new("复用资质的公众号", "Official account to reuse");
pub const TASK_OFFICIAL_ACCOUNT_HELP: Text = Text::new(
    "本平台的已授权公众号；需已授权“快速注册小程序”权限集（27）且本月复用未满 5 次。",
    "An official account authorized to this platform, with the fast-registration set (27) and fewer than 5 reuses this month.",
);
pub const TASK_REUSE_NO_SET: Text = Text::new("未授权权限集 27", "set 27 not granted");
pub const TASK_REUSE_LIMIT: Text = Text::new("本月次数已用完", "monthly limit reached");
pub const TASK_REUSE_USED: Text = Text::new("本月已用", "used this month");
pub const TASK_REUSE_NONE: Text = Text::new(
    "没有可复用资质的公众号：请让已认证的公众号重新授权本平台并勾选“快速注册小程序”权限集。",
    "No official account can lend its qualification: have a verified account authorize this platform again with the fast-registration set.",
);
pub const TASK_COPY_VERIFICATION: Text = Text::new(
    "同时复用公众号的微信认证（新小程序无需再认证）",
    "Copy the account's WeChat verification too (the new mini program needs no verification of its own)",
);
pub const TASK_START: Text = Text::new("提交注册", "Start the registration");
pub const TASK_STARTING_BUTTON: Text = Text::new("正在提交…", "Starting…");

// ----- Registrations: one task -----
pub const TASK_TITLE: Text = Text::new("注册任务", "Registration task");
pub const TASK_STATE_TITLE: Text = Text::new("状态", "State");
pub const TASK_WECHAT_STATUS: Text = Text::new("微信状态：", "WeChat's status:");
pub const TASK_TIME_LEFT: Text = Text::new("剩余时间：", "Time left:");
pub const TASK_CONFIRM_TITLE: Text = Text::new("发送给对方确认", "Send it to be confirmed");
pub const TASK_CONFIRM_URL: Text = Text::new("确认页面", "Confirmation page");
pub const TASK_CONFIRM_ENTERPRISE: Text = Text::new(
    "请把下面的链接或二维码发给企业法人，法人需在 24 小时内用微信打开并完成身份核验。",
    "Send this link or QR code to the enterprise's legal person, who must open it in WeChat and verify within 24 hours.",
);
pub const TASK_CONFIRM_PERSONAL: Text = Text::new(
    "请把下面的链接或二维码发给用户，用户需在 24 小时内用微信打开并完成人脸识别。",
    "Send this link or QR code to the user, who must open it in WeChat and pass face verification within 24 hours.",
);
pub const TASK_CONFIRM_BETA: Text = Text::new(
    "请把下面的链接或二维码发给未来的管理员，需在 24 小时内用微信打开并确认。",
    "Send this link or QR code to the future administrator, who must open it in WeChat and confirm within 24 hours.",
);
pub const TASK_CONFIRM_REUSE: Text = Text::new(
    "请把下面的链接或二维码发给公众号管理员：在本控制台的页面上确认后，用管理员微信扫码同意，小程序随即创建。",
    "Send this link or QR code to the official account's administrator: they confirm on this console's page, approve by scanning with WeChat, and the mini program is created at once.",
);
pub const TASK_TIMELINE: Text = Text::new("时间线", "Timeline");
pub const COL_STEP: Text = Text::new("事项", "Step");
pub const STEP_CREATED: Text = Text::new("创建", "Created");
pub const STEP_ACCEPTED: Text = Text::new("微信已受理", "Accepted by WeChat");
pub const STEP_REFUSED: Text = Text::new("微信拒绝", "Refused by WeChat");
pub const STEP_STATUS: Text = Text::new("状态查询", "Status read");
pub const STEP_NOTIFIED: Text = Text::new("收到微信通知", "WeChat's notification");
pub const STEP_SUCCEEDED: Text = Text::new("成功", "Succeeded");
pub const STEP_FAILED: Text = Text::new("失败", "Failed");
pub const STEP_EXPIRED: Text = Text::new("过期", "Expired");
pub const STEP_AUTHORIZED: Text = Text::new("已授权给平台", "Authorized to the platform");
pub const STEP_RENAMED: Text = Text::new("改名", "Renamed");
pub const STEP_RENAME_REFUSED: Text = Text::new("改名被拒", "Rename refused");
pub const STEP_VERIFY_STARTED: Text = Text::new("提交认证", "Verification asked");
pub const STEP_VERIFY_REFUSED: Text = Text::new("认证被拒", "Verification refused");
pub const STEP_VERIFIED: Text = Text::new("认证成功", "Verified");
pub const STEP_VERIFY_FAILED: Text = Text::new("认证失败", "Verification failed");
pub const STEP_PAGE_OPENED: Text = Text::new("管理员打开页面", "Page opened");
pub const STEP_TICKET: Text = Text::new("管理员已确认", "Administrator confirmed");
pub const STEP_RETRY: Text = Text::new("稍后重试", "Retrying");
pub const TRIAL_TITLE: Text = Text::new("试用小程序", "Trial mini program");
pub const TRIAL_VERIFICATION: Text = Text::new("认证：", "Verification:");
pub const VERIFY_NONE: Text = Text::new("未认证", "Not verified");
pub const VERIFY_WAITING: Text = Text::new("等待法人确认", "Waiting for the legal person");
pub const VERIFY_SUCCEEDED: Text =
    Text::new("已认证为正式小程序", "Verified: a formal mini program");
pub const VERIFY_FAILED: Text = Text::new("认证失败，可重新提交", "Failed; can be asked for again");
pub const TRIAL_RENAME: Text = Text::new("改名", "Rename");
pub const TRIAL_RENAME_HELP: Text = Text::new(
    "4 至 30 个字；认证后名称仍带“的体验小程序”，需改名去掉。",
    "4 to 30 characters; after verification the name keeps \"的体验小程序\" until renamed.",
);
pub const TRIAL_VERIFY: Text = Text::new("认证为正式小程序", "Verify as a formal mini program");

// ----- Overview: lifecycle -----
pub const OVERVIEW_PLATFORMS: Text = Text::new("第三方平台", "Platforms");
pub const OVERVIEW_AUTHORIZERS: Text = Text::new("已授权账号", "Authorized accounts");
pub const OVERVIEW_NEEDS_REAUTH: Text = Text::new("需重新授权", "Need re-authorization");
pub const OVERVIEW_REVOKED: Text = Text::new("已取消授权", "Revoked");
pub const OVERVIEW_EVENTS_24H: Text = Text::new("24 小时内的推送", "Pushes in 24 h");
pub const TASKS_RUNNING_N: Text = Text::new("{n} 个进行中", "{n} running");
pub const TASKS_FAILED_N: Text = Text::new("{n} 个失败", "{n} failed");
pub const F_WEB_OAUTH: Text = Text::new("网页授权", "Web OAuth");
pub const F_REGISTERED_BY: Text = Text::new("注册任务", "Registered by task");
pub const OVERVIEW_TASKS_RUNNING: Text = Text::new("进行中的注册", "Registrations running");
pub const OVERVIEW_TASKS_FAILED: Text = Text::new("失败的注册", "Registrations failed");
pub const OVERVIEW_ALARMS: Text = Text::new("告警", "Alarms");
pub const OVERVIEW_ALARMS_TITLE: Text = Text::new("需要处理的告警", "Alarms to look at");
pub const OVERVIEW_NO_ALARMS: Text = Text::new("没有告警，一切正常。", "No alarms: all is well.");

// ----- Audit log -----
pub const AUDIT_TITLE: Text = Text::new("审计日志", "Audit log");
pub const AUDIT_INTRO: Text = Text::new(
    "本租户内谁在何时、从何处做了什么。记录只会增加，任何人都不能修改或删除。",
    "Who did what in this tenant, when and from where. Entries are only ever added: nobody can change or delete them.",
);
pub const AUDIT_EMPTY: Text = Text::new("没有符合条件的记录。", "No entry matches.");
pub const AUDIT_ACTION: Text = Text::new("操作", "Action");
pub const AUDIT_ACTOR: Text = Text::new("操作人", "By");
pub const AUDIT_ACTOR_FILTER: Text = Text::new("操作人用户名", "Username");
pub const AUDIT_TARGET: Text = Text::new("对象", "On");
pub const AUDIT_FROM: Text = Text::new("来源地址", "From");
pub const AUDIT_SIGN_IN: Text = Text::new("登录", "Signed in");
pub const AUDIT_SIGN_IN_FAILED: Text = Text::new("登录失败", "Sign-in refused");
pub const AUDIT_SIGNED_OUT_ALL: Text = Text::new("退出所有会话", "Signed out everywhere");
pub const AUDIT_PASSWORD_CHANGED: Text = Text::new("修改密码", "Password changed");
pub const AUDIT_INVITED: Text = Text::new("发出邀请", "Invited");
pub const AUDIT_INVITE_REVOKED: Text = Text::new("撤销邀请", "Invitation withdrawn");
pub const AUDIT_MEMBER_ADDED: Text = Text::new("成员加入", "Member joined");
pub const AUDIT_MEMBER_REMOVED: Text = Text::new("移除成员", "Member removed");
pub const AUDIT_ROLE_CHANGED: Text = Text::new("修改角色", "Role changed");
pub const AUDIT_USER_DISABLED: Text = Text::new("停用用户", "User disabled");
pub const AUDIT_USER_ENABLED: Text = Text::new("启用用户", "User enabled");
pub const AUDIT_PLATFORM_ADDED: Text = Text::new("添加平台", "Platform added");
pub const AUDIT_PLATFORM_CHANGED: Text = Text::new("修改平台", "Platform changed");
pub const AUDIT_WEBHOOK_CHANGED: Text = Text::new("修改转发地址", "Webhook changed");
pub const AUDIT_TOKEN_REFRESHED: Text = Text::new("手动刷新令牌", "Token refreshed by staff");
pub const AUDIT_SYNC_STARTED: Text = Text::new("从微信同步", "Sync from WeChat");
pub const AUDIT_LINK_CREATED: Text = Text::new("生成授权链接", "Link created");
pub const AUDIT_LINK_REVOKED: Text = Text::new("撤销授权链接", "Link revoked");
pub const AUDIT_TASK_STARTED: Text = Text::new("注册小程序", "Registration");
pub const AUDIT_API_KEY_CHANGED: Text = Text::new("修改 API 密钥", "API key changed");
pub const AUDIT_TENANT_CHANGED: Text = Text::new("租户变更", "Tenant changed");
pub const AUDIT_BUSINESS_CALL: Text = Text::new("代调用微信接口", "WeChat call on behalf");
pub const AUDIT_QUOTA_CLEARED: Text = Text::new("重置接口调用次数", "API quota reset");
pub const AUDIT_ALERT_CHANGED: Text = Text::new("告警渠道变更", "Alert channel changed");

// ----- Alerts (issue 14) -----
pub const ALERTS_TITLE: Text = Text::new("告警", "Alerts");
pub const ALERTS_HINT: Text = Text::new(
    "以下情况会通知每个渠道：第三方平台 30 分钟未收到 ticket、component_access_token 刷新失败、授权方需要重新授权、推送被大量拒收（10 分钟内至少 50 条）、快速注册任务失败。每个事件只通知一次，恢复时再通知一次。",
    "Every channel is told when a platform gets no ticket for 30 minutes, its component_access_token cannot be refreshed, authorizers must authorize again, pushes are refused in bulk (at least 50 within 10 minutes) or a registration task fails. Each incident is sent once, and once more when it is resolved.",
);
pub const ALERTS_NEW: Text = Text::new("添加渠道", "Add a channel");
pub const ALERTS_LIST: Text = Text::new("渠道", "Channels");
pub const ALERTS_NONE: Text = Text::new("还没有告警渠道", "No alert channels yet");
pub const ALERT_KIND: Text = Text::new("类型", "Kind");
pub const ALERT_NAME: Text = Text::new("名称", "Name");
pub const ALERT_NAME_HINT: Text = Text::new("例如：值班群", "For example: on-call group");
pub const ALERT_URL: Text = Text::new("地址", "URL");
pub const ALERT_URL_HINT: Text = Text::new(
    "须以 https:// 开头；机器人地址含密钥，保存后只显示部分。",
    "Must start with https://; a robot's URL holds its key and is shown only in part once saved.",
);
pub const ALERT_KIND_WEBHOOK: Text = Text::new("Webhook（JSON）", "Webhook (JSON)");
pub const ALERT_KIND_WECOM: Text = Text::new("企业微信群机器人", "WeCom group robot");
pub const ALERT_KIND_DINGTALK: Text = Text::new("钉钉群机器人", "DingTalk group robot");
pub const ALERT_KIND_FEISHU: Text = Text::new("飞书群机器人", "Feishu group robot");
pub const ALERT_ADD: Text = Text::new("添加", "Add");
pub const ALERT_LAST_DELIVERY: Text = Text::new("最近发送", "Last delivery");
pub const ALERT_DELIVERED: Text = Text::new("已送达", "Delivered");
pub const ALERT_FAILED: Text = Text::new("失败", "Failed");
pub const ALERT_PENDING: Text = Text::new("重试中", "Retrying");
pub const ALERT_SEND_TEST: Text = Text::new("发送测试消息", "Send a test message");
pub const ALERT_TEST_SENT: Text = Text::new("测试消息已送达", "The test message was delivered");
pub const ALERT_REMOVE: Text = Text::new("删除", "Remove");
pub const ALERT_REMOVE_CONFIRM: Text = Text::new("确定删除此渠道？", "Remove this channel?");
pub const ALERT_CONFIRM_REMOVE: Text = Text::new("确定删除", "Remove");
pub const ALERT_HISTORY_TITLE: Text = Text::new("告警记录", "Alert history");
pub const ALERT_HISTORY_NONE: Text = Text::new("暂无告警", "No alerts so far");
pub const ALERT_SUBJECT: Text = Text::new("对象", "About");
pub const ALERT_WHAT: Text = Text::new("告警", "Alert");
pub const ALERT_OPENED: Text = Text::new("开始（中国时间）", "Opened (China time)");
pub const ALERT_RESOLVED: Text = Text::new("恢复（中国时间）", "Resolved (China time)");
pub const ALERT_ONGOING: Text = Text::new("进行中", "Ongoing");
pub const ALERT_DELIVERY: Text = Text::new("通知", "Notifications");
pub const ALERT_NO_CHANNEL: Text = Text::new("无渠道", "No channel");
pub const ALERT_OPEN_MSG: Text = Text::new("告警", "Alert");
pub const ALERT_RESOLVED_MSG: Text = Text::new("恢复", "Resolved");
pub const ALERT_KIND_NO_TICKET: Text =
    Text::new("30 分钟未收到 ticket", "No ticket for 30 minutes");
pub const ALERT_KIND_TOKEN_FAILING: Text = Text::new("平台令牌刷新失败", "Component token failing");
pub const ALERT_KIND_NEEDS_REAUTH: Text =
    Text::new("授权方需重新授权", "Authorizers must re-authorize");
pub const ALERT_KIND_PUSH_REFUSALS: Text = Text::new("推送被大量拒收", "Pushes refused in bulk");
pub const ALERT_KIND_TASK_FAILED: Text = Text::new("快速注册任务失败", "Registration task failed");

// ----- Platform administration: tenants -----
pub const ERR_TENANT_SUSPENDED: Text = Text::new(
    "该租户已被平台管理员暂停，暂时无法登录。如有疑问，请联系平台管理员。",
    "This tenant is suspended by the platform administrator: signing in is not possible for now. Please contact the platform administrator.",
);
pub const NAV_TENANTS: Text = Text::new("租户", "Tenants");
pub const TENANTS_TITLE: Text = Text::new("租户管理", "Tenants");
pub const TENANTS_INTRO: Text = Text::new(
    "平台管理员在此创建和暂停租户。暂停后，该租户的成员无法登录，已登录的会话在下次操作时结束；其平台仍照常接收并保存微信推送、刷新令牌。",
    "As the platform administrator you create and suspend tenants here. A suspended tenant's staff cannot sign in and open sessions end at their next request; its platforms still receive and store WeChat's pushes and refresh their tokens.",
);
pub const TENANTS_EMPTY: Text = Text::new("还没有租户。", "No tenants yet.");
pub const TENANTS_NEW: Text = Text::new("新建租户", "New tenant");
pub const TENANTS_NEW_HINT: Text = Text::new(
    "创建后会生成一个一次性邀请链接，请发给该租户的第一位所有者；对方用它创建账号（或用已有账号接受）。",
    "Creating a tenant gives a one-time invitation link: send it to the tenant's first owner, who creates their account with it (or accepts it with an existing one).",
);
pub const TENANTS_NAME: Text = Text::new("租户名称", "Tenant name");
pub const TENANTS_OWNER_NOTE: Text = Text::new("第一位所有者（备注）", "First owner (note)");
pub const TENANTS_CREATE: Text = Text::new("创建租户", "Create tenant");
pub const TENANTS_OWNER_LINK: Text =
    Text::new("第一位所有者的邀请链接", "First owner's invitation link");
pub const TENANTS_OWNER_LINK_ONCE: Text = Text::new(
    "此链接只显示这一次，7 天内有效，只能使用一次。",
    "This link is shown only this once; it is valid for 7 days and works once.",
);
pub const TENANTS_STATUS: Text = Text::new("状态", "Status");
pub const TENANTS_ACTIVE: Text = Text::new("正常", "Active");
pub const TENANTS_SUSPENDED: Text = Text::new("已暂停", "Suspended");
pub const TENANTS_MEMBERS: Text = Text::new("成员", "Members");
pub const TENANTS_PLATFORMS: Text = Text::new("平台", "Platforms");
pub const TENANTS_CREATED_AT: Text = Text::new("创建时间", "Created");
pub const TENANTS_SUSPENDED_AT: Text = Text::new("暂停于", "Suspended at");
pub const TENANTS_ACTIONS: Text = Text::new("操作", "Actions");
pub const TENANTS_SUSPEND: Text = Text::new("暂停", "Suspend");
pub const TENANTS_RESUME: Text = Text::new("恢复", "Resume");
pub const TENANTS_SUSPEND_CONFIRM: Text = Text::new(
    "确定暂停该租户？其成员将无法登录，已登录的会话会结束。",
    "Suspend this tenant? Its staff will be unable to sign in and their sessions will end.",
);
pub const TENANTS_RESUME_CONFIRM: Text = Text::new(
    "确定恢复该租户？其成员将可以重新登录。",
    "Resume this tenant? Its staff will be able to sign in again.",
);
pub const TENANTS_CONFIRM_SUSPEND: Text = Text::new("确认暂停", "Yes, suspend");
pub const TENANTS_CONFIRM_RESUME: Text = Text::new("确认恢复", "Yes, resume");
pub const TENANTS_CANCEL: Text = Text::new("取消", "Cancel");

// Web OAuth on behalf of official accounts (issue 12).
pub const WEB_OAUTH_ORIGINS_TITLE: Text = Text::new("网页授权返回来源", "Web OAuth return origins");
pub const WEB_OAUTH_ORIGINS_HINT: Text = Text::new(
    "代公众号发起网页授权后，用户只会被送回这些来源下的页面（return_to 的协议、域名和端口须完全一致）。为空时不能发起网页授权。",
    "After web OAuth on behalf of an official account, users are only sent back to pages on these origins (return_to's scheme, host and port must match exactly). Empty: web OAuth cannot be started.",
);
pub const WEB_OAUTH_ORIGINS_LABEL: Text =
    Text::new("允许的来源（每行一个）", "Allowed origins (one per line)");
pub const WEB_OAUTH_ORIGINS_HELP: Text = Text::new(
    "例如 https://shop.example.com 或 https://shop.example.com:8443；不含路径，不支持通配符；仅 localhost 与 127.0.0.1 可用 http://。",
    "For example https://shop.example.com or https://shop.example.com:8443; no path, no wildcards; http:// only for localhost and 127.0.0.1.",
);
pub const WEB_OAUTH_ORIGINS_NONE: Text = Text::new(
    "未设置：不能代公众号发起网页授权。",
    "None: web OAuth on behalf of official accounts cannot be started.",
);
pub const WEB_OAUTH_START_TITLE: Text =
    Text::new("代公众号网页授权", "Web OAuth on behalf of this account");
pub const WEB_OAUTH_START_HINT: Text = Text::new(
    "在您的网页中把微信内的用户引导到下面的地址（加上参数），控制台会代该公众号向微信发起网页授权，完成后把用户送回 return_to。",
    "From your page, send users inside WeChat to the address below (with the parameters); the console starts web OAuth with WeChat on behalf of this account and sends the user back to return_to.",
);
pub const WEB_OAUTH_START_URL: Text = Text::new("发起地址", "Start address");
pub const WEB_OAUTH_START_PARAMS: Text = Text::new("参数", "Parameters");
pub const WEB_OAUTH_CALLBACK: Text = Text::new(
    "微信回调地址（其域名须为平台的公众号开发域名）",
    "WeChat's callback (its host must be the platform's official-account development domain)",
);
pub const WEB_OAUTH_START_RESULT: Text = Text::new(
    "返回时地址带有 wxopen_result（一次性凭据，5 分钟内有效，由您的服务器用 API 密钥换取 openid 与用户信息）或 wxopen_error=denied（用户拒绝）/ failed；state 原样带回。",
    "The return address carries wxopen_result (a one-time ticket, valid 5 minutes, that your server exchanges with an API key for the openid and profile) or wxopen_error=denied (the user refused) / failed; state comes back unchanged.",
);

// Business calls on behalf of an authorizer, proxied calls, quota tools (issue 12).
pub const BIZ_TITLE: Text = Text::new("代帐号调用接口", "Calls on behalf of this account");
pub const BIZ_HINT: Text = Text::new(
    "以下调用经由平台 API 的代理发出，使用该帐号的令牌，并计入下方的代理调用统计。",
    "These calls go through the platform API's proxy with this account's token, and are counted under \"Proxied calls\" below.",
);
pub const BIZ_LOOKUP_TITLE: Text = Text::new("查询用户", "Look up a user");
pub const BIZ_OPENID: Text = Text::new("用户 openid", "User openid");
pub const BIZ_LOOKUP: Text = Text::new("查询", "Look up");
pub const BIZ_SEND_TITLE: Text = Text::new("发送客服消息", "Send a customer-service message");
pub const BIZ_TEXT: Text = Text::new("消息内容（文本）", "Message (text)");
pub const BIZ_SEND: Text = Text::new("发送", "Send");
pub const BIZ_SENT: Text = Text::new("消息已发送。", "Message sent.");
pub const BIZ_SEND_HINT: Text = Text::new(
    "微信只允许在用户最近一次与帐号互动后的 48 小时内发送客服消息。",
    "WeChat only allows customer-service messages within 48 hours of the user's last interaction with the account.",
);
pub const BIZ_MEDIA_TITLE: Text = Text::new("下载素材", "Download media");
pub const BIZ_MEDIA_ID: Text = Text::new("临时素材 media_id", "Temporary media_id");
pub const BIZ_MEDIA_DOWNLOAD: Text = Text::new("下载此素材", "Download this media file");
pub const BIZ_MEDIA_HINT: Text = Text::new(
    "临时素材在微信保存 3 天。",
    "WeChat keeps temporary media for 3 days.",
);
pub const CALLS_TITLE: Text = Text::new("代理调用统计", "Proxied calls");
pub const CALLS_HINT: Text = Text::new(
    "近 7 天经代理（平台 API 与本页）代该帐号发出的微信调用。",
    "WeChat calls made on this account's behalf through the proxy (platform API and this page) over the last 7 days.",
);
pub const CALLS_NONE: Text = Text::new(
    "近 7 天没有代理调用。",
    "No proxied calls in the last 7 days.",
);
pub const COL_API_PATH: Text = Text::new("接口路径", "API path");
pub const COL_TODAY: Text = Text::new("今日", "Today");
pub const COL_WEEK: Text = Text::new("7 天", "7 days");
pub const COL_FAILURES: Text = Text::new("失败", "Failures");
pub const COL_LAST_ERRCODE: Text = Text::new("最近错误码", "Last errcode");
pub const COL_LAST_CALL: Text = Text::new("最近调用", "Last call");
pub const CALLS_COLUMNS: [Text; 6] = [
    COL_API_PATH,
    COL_TODAY,
    COL_WEEK,
    COL_FAILURES,
    COL_LAST_ERRCODE,
    COL_LAST_CALL,
];
pub const QUOTA_TITLE: Text = Text::new("接口调用额度", "API quota");
pub const QUOTA_HINT_PLATFORM: Text = Text::new(
    "用第三方平台的 component_access_token 查询（openapi/quota/get）。",
    "Queried with the platform's component_access_token (openapi/quota/get).",
);
pub const QUOTA_HINT_AUTHORIZER: Text = Text::new(
    "用该帐号的 authorizer_access_token 查询（openapi/quota/get）。",
    "Queried with this account's authorizer_access_token (openapi/quota/get).",
);
pub const QUOTA_COMMON_PATH: Text = Text::new("常用接口", "Common API");
pub const QUOTA_OTHER_PATH: Text = Text::new(
    "其他接口路径（可选，填写后优先）",
    "Other API path (optional, used when filled in)",
);
pub const QUOTA_QUERY: Text = Text::new("查询额度", "Check quota");
pub const QUOTA_DAILY_LIMIT: Text = Text::new("每日上限", "Daily limit");
pub const QUOTA_USED: Text = Text::new("今日已用", "Used today");
pub const QUOTA_REMAIN: Text = Text::new("今日剩余", "Left today");
pub const QUOTA_RATE: Text = Text::new("频率限制（帐号）", "Rate limit (account)");
pub const QUOTA_COMPONENT_RATE: Text =
    Text::new("频率限制（平台代调用）", "Rate limit (platform on behalf)");
pub const QUOTA_RESET: Text = Text::new("清零调用次数", "Reset the quota");
pub const QUOTA_RESET_CONFIRM: Text = Text::new(
    "确定清零？微信每个帐号每月只能清零 10 次。按本控制台的记录，本月剩余：",
    "Reset now? WeChat allows 10 resets per account per month. Left this month, by this console's records:",
);
pub const QUOTA_RESET_DONE: Text = Text::new(
    "已清零。本月剩余次数：",
    "Quota reset. Resets left this month:",
);
pub const QUOTA_RESET_PLATFORM: Text = Text::new(
    "使用 component/clear_quota/v2（AppSecret），令牌调用次数耗尽时也可用。",
    "Uses component/clear_quota/v2 (the AppSecret): works even when token calls are exhausted.",
);
pub const QUOTA_RESET_AUTHORIZER: Text = Text::new(
    "使用 cgi-bin/clear_quota，以该帐号的令牌代为清零。",
    "Uses cgi-bin/clear_quota with this account's token, on its behalf.",
);
pub const DIAG_TITLE: Text = Text::new("诊断", "Diagnose");
pub const DIAG_HINT: Text = Text::new(
    "粘贴任意包含 “rid: …” 的微信错误信息，查询微信记录的这次请求（openapi/rid/get，令牌与密钥已隐藏）。",
    "Paste any WeChat error text containing \"rid: …\" to see what WeChat recorded for that request (openapi/rid/get; tokens and secrets masked).",
);
pub const DIAG_TEXT: Text = Text::new("微信错误信息", "WeChat error text");
pub const DIAG_RUN: Text = Text::new("诊断", "Diagnose");
pub const DIAG_RID: Text = Text::new("rid", "rid");
pub const DIAG_INVOKE_TIME: Text = Text::new("调用时间", "Invoked at");
pub const DIAG_COST: Text = Text::new("耗时（毫秒）", "Took (ms)");
pub const DIAG_URL: Text = Text::new("请求地址", "Request URL");
pub const DIAG_REQUEST: Text = Text::new("请求内容", "Request body");
pub const DIAG_RESPONSE: Text = Text::new("应答内容", "Response body");
pub const DIAG_CLIENT_IP: Text = Text::new("调用方 IP", "Caller IP");

// ----- Pages at real sizes (issue 14) -----
pub const FUNCS_MORE: Text = Text::new("另有 {n} 项权限集", "{n} more permission sets");

// ----- Charts on the overview and platform pages (issue 14) -----
pub const CHARTS_TITLE: Text = Text::new("趋势", "Trends");
pub const CHARTS_SPAN: Text = Text::new("时间范围", "Period");
pub const CHART_SPAN_24H: Text = Text::new("最近 24 小时（按小时）", "Last 24 hours (hourly)");
pub const CHART_SPAN_30D: Text = Text::new("最近 30 天（按天）", "Last 30 days (daily)");
pub const CHART_DESC: Text = Text::new(
    "{span}，中国时间。点击柱形打开对应的列表。",
    "{span}, China time. Click a bar to open the matching list.",
);
pub const CHART_PUSHES: Text = Text::new("授权事件推送", "Authorization-event pushes");
pub const CHART_RECEIVED: Text = Text::new("已接收", "Received");
pub const CHART_REFUSED: Text = Text::new("已拒绝", "Refused");
pub const CHART_AUTHORIZATIONS: Text =
    Text::new("授权与取消授权", "Authorizations and revocations");
pub const CHART_AUTHORIZED: Text = Text::new("授权", "Authorized");
pub const CHART_REVOKED: Text = Text::new("取消授权", "Revoked");
pub const CHART_REFRESHES: Text = Text::new("令牌刷新", "Token refreshes");
pub const CHART_REFRESH_OK: Text = Text::new("成功", "Succeeded");
pub const CHART_REFRESH_FAILED: Text = Text::new("失败", "Failed");
pub const CHART_TOKEN_HEALTH: Text = Text::new("令牌状态（当前）", "Token health (now)");
pub const CHART_TOKEN_HEALTH_DESC: Text = Text::new(
    "平台令牌与已授权账号令牌的当前状态，以及需要重新授权的账号。点击柱形打开对应的列表。",
    "The current state of the platform tokens and of the authorized accounts' tokens, and the accounts that must authorize again. Click a bar to open the matching list.",
);
pub const CHART_TOKENS: Text = Text::new("数量", "Count");
pub const CHART_FRESH: Text = Text::new("正常", "Fresh");
pub const CHART_EXPIRING: Text = Text::new("即将过期", "Expiring soon");
pub const CHART_EXPIRED: Text = Text::new("已过期", "Expired");
pub const CHART_FAILING: Text = Text::new("刷新失败", "Failing");
pub const CHART_NEEDS_REAUTH: Text = Text::new("需重新授权", "Needs re-auth");
pub const CHART_HOUR: Text = Text::new("小时（中国时间）", "Hour (China time)");
pub const CHART_DAY: Text = Text::new("日期（中国时间）", "Day (China time)");
pub const CHART_STATE: Text = Text::new("状态", "State");
pub const CHART_DATA: Text = Text::new("数据表", "Data table");
pub const CHART_EMPTY: Text = Text::new("这段时间没有数据", "Nothing in this period");
pub const CHART_BAR: Text = Text::new("{when} {what}：{n}", "{when} {what}: {n}");
pub const EVENTS_HOUR_FILTER: Text = Text::new(
    "仅显示 {hour} 这一小时（中国时间）收到的推送。",
    "Only the pushes received in the hour {hour} (China time).",
);
