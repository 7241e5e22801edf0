//! Whether a platform can run web OAuth (网页授权) on behalf of an authorizer: WeChat allows it
//! only for WeChat-verified service accounts that granted the web-service set (4), and only
//! inside WeChat's own browser (reference B25). The console says so before anyone builds on it.

use super::query::AuthorizerDetail;
use crate::message::Bi;
use crate::{AccountKind, AuthorizerStatus};

/// The permission set web OAuth on behalf belongs to (网页服务).
pub const WEB_SERVICE_SET: i32 = 4;

/// Whether web OAuth on behalf of `a` works, and why not when it does not.
pub fn web_oauth(a: &AuthorizerDetail) -> Result<Bi, Bi> {
    if a.row.kind != AccountKind::OfficialAccount {
        return Err(Bi::new(
            "仅公众号（服务号）支持网页授权",
            "Only official accounts (service accounts) have web OAuth",
        ));
    }
    if a.row.status != AuthorizerStatus::Authorized {
        return Err(Bi::new(
            "账号未处于授权状态",
            "The account is not authorized",
        ));
    }
    // `service_type_info.id` 2 is a service account; `verify_type_info.id` -1 is unverified.
    if a.service_type != Some(2) {
        return Err(Bi::new(
            "订阅号不能使用网页授权：微信只允许已认证的服务号（错误码 10005）",
            "A subscription account cannot use web OAuth: WeChat allows it only for verified service accounts (errcode 10005)",
        ));
    }
    if a.verify_type.is_none_or(|v| v == -1) {
        return Err(Bi::new(
            "服务号未完成微信认证，不能使用网页授权（错误码 10005）",
            "The service account is not WeChat-verified, so it cannot use web OAuth (errcode 10005)",
        ));
    }
    if !a.row.permissions.iter().any(|p| p.id == WEB_SERVICE_SET) {
        return Err(Bi::new(
            "账号未向本平台授权“网页服务”权限集（4），请让商户重新授权并勾选（否则微信返回 61007）",
            "The account has not granted the web-service set (4) to this platform: have the merchant authorize again with it (WeChat answers 61007 otherwise)",
        ));
    }
    Ok(Bi::new(
        "可代公众号发起网页授权；用户须在微信内打开网页（其他浏览器会看到“请在微信客户端打开链接”）",
        "Web OAuth on its behalf works; users must open the page inside WeChat (other browsers get \"请在微信客户端打开链接\")",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authorizers::{AuthorizerRow, Permission};
    use crate::{AuthorizerId, PlatformId};

    fn account(service_type: i32, verify_type: i32, sets: &[i32]) -> AuthorizerDetail {
        AuthorizerDetail {
            row: AuthorizerRow {
                id: AuthorizerId(1),
                component_id: PlatformId(1),
                component_name: String::new(),
                component_appid: String::new(),
                appid: "wx0123456789abcdef".into(),
                kind: AccountKind::OfficialAccount,
                nick_name: String::new(),
                head_img: None,
                principal_name: None,
                status: AuthorizerStatus::Authorized,
                permissions: sets
                    .iter()
                    .map(|id| Permission {
                        id: *id,
                        need_confirm: None,
                        already_confirm: None,
                        can_confirm: None,
                    })
                    .collect(),
                token_expires_at: None,
                token_failures: 0,
                token_last_error: None,
                token_refreshed_at: None,
                token_refresh_due_at: None,
                authorized_at: 0,
            },
            user_name: String::new(),
            alias: None,
            qrcode_url: None,
            signature: None,
            service_type: Some(service_type),
            verify_type: Some(verify_type),
            account_status: None,
            has_refresh_token: true,
            token_refreshed_at: None,
            token_refresh_due_at: None,
            info_synced_at: None,
            revoked_at: None,
            updated_at: 0,
        }
    }

    #[test]
    fn only_verified_service_accounts_with_set_4_have_web_oauth() {
        assert!(web_oauth(&account(2, 0, &[1, 4])).is_ok());
        let why = |a| web_oauth(&a).unwrap_err().zh;
        assert!(why(account(0, 0, &[4])).contains("订阅号"));
        assert!(why(account(2, -1, &[4])).contains("认证"));
        assert!(why(account(2, 0, &[1])).contains("（4）"));
        let mut mp = account(2, 0, &[4]);
        mp.row.kind = AccountKind::MiniProgram;
        assert!(why(mp).contains("公众号"));
    }
}
