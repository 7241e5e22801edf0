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
    "您的账号尚未加入任何租户，请联系管理员。",
    "Your account does not belong to any tenant yet. Please contact an administrator.",
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
pub const SETTINGS_PASSWORD_CHANGED: Text = Text::new("密码已修改。", "Password changed.");
pub const SETTINGS_MEMBERS: Text = Text::new("租户成员", "Tenant members");
pub const SETTINGS_ADD_MEMBER: Text = Text::new("添加成员", "Add a member");
pub const SETTINGS_ADD_MEMBER_HINT: Text = Text::new(
    "输入已有员工账号的用户名（新账号请用命令 wxopen-console create-user 创建）。",
    "Enter the username of an existing staff account (create new accounts with wxopen-console create-user).",
);
pub const SETTINGS_MEMBER_ADDED: Text = Text::new("成员已添加。", "Member added.");
pub const SETTINGS_LANGUAGE: Text = Text::new("界面语言", "Interface language");

// ----- Roles -----
pub const ROLE_OWNER: Text = Text::new("所有者", "Owner");
pub const ROLE_ADMIN: Text = Text::new("管理员", "Admin");
pub const ROLE_OPERATOR: Text = Text::new("运营", "Operator");
pub const ROLE_VIEWER: Text = Text::new("只读", "Viewer");
pub const LOGIN_DEMO_HINT: Text = Text::new("演示账号：", "Demo account: ");
