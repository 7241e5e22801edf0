//! Links a merchant opens: authorization (PC and H5), fast registration from an official
//! account, and an SVG QR code of any of them.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use url::Url;

use crate::api::Endpoints;
use crate::appid::AppId;
use crate::secret::Secret;

/// Everything but RFC 3986 unreserved characters: a redirect URI must arrive whole, its own
/// `?`, `&` and `#` included.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `base + path + ?k=v&…` with every value percent-encoded. The base may carry a path prefix.
pub(crate) fn query_link(base: &Url, path: &str, params: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(256);
    out.push_str(base.as_str().trim_end_matches('/'));
    out.push_str(path);
    for (i, (name, value)) in params.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(name);
        out.push('=');
        out.extend(utf8_percent_encode(value, COMPONENT));
    }
    out
}

/// Which accounts the authorization page lists (`auth_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthType {
    /// 1: official accounts only.
    OfficialAccount,
    /// 2: mini programs only.
    MiniProgram,
    /// 3: official accounts and mini programs.
    Both,
    /// 6: every account type the page supports (the value WeChat's own wxcomponent tool uses).
    All,
}

impl AuthType {
    /// The wire value.
    pub fn code(self) -> u8 {
        match self {
            Self::OfficialAccount => 1,
            Self::MiniProgram => 2,
            Self::Both => 3,
            Self::All => 6,
        }
    }
}

/// What the authorization page offers. `auth_type` and `biz_appid` are mutually exclusive, so
/// they are one choice here.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum AuthTarget {
    /// Neither parameter: WeChat's default (official accounts and mini programs).
    #[default]
    Any,
    /// `auth_type`.
    Type(AuthType),
    /// `biz_appid`: only this account may authorize.
    BizAppId(AppId),
}

/// An authorization link. Create a fresh pre-auth code for each: a code works only once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthLink {
    /// The component appid.
    pub component_appid: AppId,
    /// From [`Client::create_pre_auth_code`](crate::api::Client::create_pre_auth_code).
    pub pre_auth_code: Secret,
    /// Where WeChat sends the merchant back with `auth_code` and `expires_in`.
    pub redirect_uri: String,
    /// `auth_type` or `biz_appid`.
    pub target: AuthTarget,
    /// Permission-set ids to offer (`category_id_list`, joined with `|`); empty offers all.
    pub category_ids: Vec<u32>,
}

impl AuthLink {
    fn params(&self) -> Vec<(&'static str, String)> {
        let mut params = vec![
            ("component_appid", self.component_appid.to_string()),
            ("pre_auth_code", self.pre_auth_code.expose().to_owned()),
            ("redirect_uri", self.redirect_uri.clone()),
        ];
        match &self.target {
            AuthTarget::Any => {}
            AuthTarget::Type(t) => params.push(("auth_type", t.code().to_string())),
            AuthTarget::BizAppId(id) => params.push(("biz_appid", id.to_string())),
        }
        if !self.category_ids.is_empty() {
            let ids: Vec<String> = self.category_ids.iter().map(u32::to_string).collect();
            params.push(("category_id_list", ids.join("|")));
        }
        params
    }

    /// The PC link (`mp.weixin.qq.com/cgi-bin/componentloginpage`): the admin scans a QR code.
    pub fn pc_url(&self, endpoints: &Endpoints) -> String {
        let params = self.params();
        let borrowed: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        query_link(&endpoints.mp, "/cgi-bin/componentloginpage", &borrowed)
    }

    /// The H5 link (`open.weixin.qq.com/wxaopen/safe/bindcomponent`), opened inside WeChat.
    pub fn h5_url(&self, endpoints: &Endpoints) -> String {
        let params = self.params();
        let mut borrowed: Vec<(&str, &str)> = vec![("action", "bindcomponent"), ("no_scan", "1")];
        borrowed.extend(params.iter().map(|(k, v)| (*k, v.as_str())));
        let mut url = query_link(&endpoints.open, "/wxaopen/safe/bindcomponent", &borrowed);
        url.push_str("#wechat_redirect");
        url
    }
}

/// The link that lets an official account's admin approve registering a mini program with its
/// qualification (`mp.weixin.qq.com/cgi-bin/fastregisterauth`). The redirect carries a `ticket`
/// for [`Client::fast_register_reuse_oa`](crate::api::Client::fast_register_reuse_oa).
pub fn fast_register_auth_link(
    endpoints: &Endpoints,
    oa_appid: &AppId,
    component_appid: &AppId,
    copy_wx_verify: bool,
    redirect_uri: &str,
) -> String {
    query_link(
        &endpoints.mp,
        "/cgi-bin/fastregisterauth",
        &[
            ("appid", oa_appid.as_str()),
            ("component_appid", component_appid.as_str()),
            ("copy_wx_verify", if copy_wx_verify { "1" } else { "0" }),
            ("redirect_uri", redirect_uri),
        ],
    )
}

/// The data does not fit in a QR code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot encode a QR code: {0}")]
pub struct QrError(String);

/// An SVG QR code of `data` (any link above, or a fast-registration `authorize_url`).
pub fn qr_svg(data: &str) -> Result<String, QrError> {
    let code = qrcode::QrCode::new(data.as_bytes()).map_err(|e| QrError(e.to_string()))?;
    Ok(code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn appid(s: &str) -> AppId {
        AppId::parse(s).unwrap()
    }

    fn query(url: &str) -> Vec<(String, String)> {
        Url::parse(url)
            .unwrap()
            .query_pairs()
            .into_owned()
            .collect()
    }

    fn link(target: AuthTarget, category_ids: Vec<u32>) -> AuthLink {
        AuthLink {
            component_appid: appid("wx134c8103faa5a59e"),
            pre_auth_code: Secret::new("preauthcode@@@abc"),
            redirect_uri:
                "https://console.example.com/wechat/wx134c8103faa5a59e/authorized?tenant=a&x=1#frag"
                    .into(),
            target,
            category_ids,
        }
    }

    #[test]
    fn pc_link_with_auth_type_and_categories() {
        let url = link(AuthTarget::Type(AuthType::MiniProgram), vec![1, 2, 18])
            .pc_url(&Endpoints::wechat());
        assert!(url.starts_with("https://mp.weixin.qq.com/cgi-bin/componentloginpage?component_appid=wx134c8103faa5a59e&pre_auth_code=preauthcode%40%40%40abc&redirect_uri=https%3A%2F%2Fconsole.example.com%2Fwechat%2Fwx134c8103faa5a59e%2Fauthorized%3Ftenant%3Da%26x%3D1%23frag&"), "{url}");
        let q = query(&url);
        assert!(q.contains(&("auth_type".into(), "2".into())));
        assert!(q.contains(&("category_id_list".into(), "1|2|18".into())));
        assert!(q.iter().all(|(k, _)| k != "biz_appid"));
        assert!(q.contains(&(
            "redirect_uri".into(),
            "https://console.example.com/wechat/wx134c8103faa5a59e/authorized?tenant=a&x=1#frag".into()
        )));
    }

    #[test]
    fn h5_link_with_biz_appid() {
        let url = link(AuthTarget::BizAppId(appid("wxba5fad812f8e6fb9")), vec![])
            .h5_url(&Endpoints::wechat());
        assert!(url.starts_with("https://open.weixin.qq.com/wxaopen/safe/bindcomponent?action=bindcomponent&no_scan=1&component_appid=wx134c8103faa5a59e&"), "{url}");
        assert!(url.ends_with("#wechat_redirect"));
        let q = query(&url);
        assert!(q.contains(&("biz_appid".into(), "wxba5fad812f8e6fb9".into())));
        assert!(
            q.iter()
                .all(|(k, _)| k != "auth_type" && k != "category_id_list")
        );
    }

    #[test]
    fn any_target_sends_neither_and_hosts_are_configurable() {
        let endpoints = Endpoints::all_at(Url::parse("http://127.0.0.1:9000/sandbox/").unwrap());
        let url = link(AuthTarget::Any, vec![]).pc_url(&endpoints);
        assert!(
            url.starts_with("http://127.0.0.1:9000/sandbox/cgi-bin/componentloginpage?"),
            "{url}"
        );
        let q = query(&url);
        assert!(q.iter().all(|(k, _)| k != "auth_type" && k != "biz_appid"));
        assert_eq!(AuthType::All.code(), 6);
        assert_eq!(AuthType::OfficialAccount.code(), 1);
        assert_eq!(AuthType::Both.code(), 3);
    }

    #[test]
    fn fast_register_auth_link_shape() {
        let url = fast_register_auth_link(
            &Endpoints::wechat(),
            &appid("wxba5fad812f8e6fb9"),
            &appid("wx134c8103faa5a59e"),
            true,
            "https://c.example.com/cb?a=1",
        );
        assert_eq!(
            url,
            "https://mp.weixin.qq.com/cgi-bin/fastregisterauth?appid=wxba5fad812f8e6fb9&component_appid=wx134c8103faa5a59e&copy_wx_verify=1&redirect_uri=https%3A%2F%2Fc.example.com%2Fcb%3Fa%3D1"
        );
    }

    #[test]
    fn oauth_link_shape() {
        let url = crate::api::oauth_authorize_url(
            &Endpoints::wechat(),
            &appid("wxba5fad812f8e6fb9"),
            "https://c.example.com/o?x=1",
            crate::api::OAuthScope::UserInfo,
            "st",
            &appid("wx134c8103faa5a59e"),
        );
        assert_eq!(
            url,
            "https://open.weixin.qq.com/connect/oauth2/authorize?appid=wxba5fad812f8e6fb9&redirect_uri=https%3A%2F%2Fc.example.com%2Fo%3Fx%3D1&response_type=code&scope=snsapi_userinfo&state=st&component_appid=wx134c8103faa5a59e#wechat_redirect"
        );
    }

    #[test]
    fn qr_code_is_svg_and_too_much_data_is_an_error() {
        let svg = qr_svg("https://mp.weixin.qq.com/cgi-bin/componentloginpage?x=1").unwrap();
        assert!(
            svg.starts_with("<?xml") && svg.contains("<svg") && svg.contains("<path"),
            "{svg:.100}"
        );
        assert!(qr_svg(&"x".repeat(8000)).is_err());
    }
}
