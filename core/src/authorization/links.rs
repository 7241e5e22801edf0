//! Authorization links as staff make and follow them. A link is a page on the console's own host
//! (`/authorize/{token}`), not WeChat's URL: WeChat refuses its PC page unless it is opened from a
//! page on the platform's 授权发起页域名 (reference B16), and a pre_auth_code lives 10 minutes
//! while a link sent over chat must last days. The merchant side (the page and its clicks) is in
//! [`super::merchant`].

use std::collections::HashMap;

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use wxopen::AppId;
use wxopen::funcscope::AccountKind;
use wxopen::links::qr_svg;

use super::entity::{auth_link, link_attempt};
use crate::authorizers::store;
use crate::error::{CoreError, CoreResult};
use crate::message::Bi;
use crate::platforms;
use crate::secrets::random_token;
use crate::services::Services;
use crate::tokens;
use crate::{AccountTypes, LinkId, LinkTarget, PlatformId, TenantId, UserId};

/// Which of WeChat's pages a click went to: PC (`componentloginpage`, a QR code scanned with
/// WeChat) or H5 (`bindcomponent`, inside WeChat on a phone).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkKind {
    Pc,
    H5,
}

impl LinkKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            LinkKind::Pc => "pc",
            LinkKind::H5 => "h5",
        }
    }
}

/// Which accounts may use a stored link (a stored `auth_type` WeChat does not know, which
/// only an old row could hold, reads as both types).
pub(crate) fn target_of(row: &auth_link::Model) -> LinkTarget {
    match (&row.biz_appid, row.auth_type) {
        (Some(a), _) => LinkTarget::Account { appid: a.clone() },
        (None, Some(t)) => LinkTarget::Type {
            accounts: AccountTypes::from_code(i64::from(t)).unwrap_or(AccountTypes::Both),
        },
        (None, None) => LinkTarget::Any,
    }
}

/// How long a link stays usable, in hours: 1 hour to 30 days (default 7 days).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinkLifetime(u32);

impl LinkLifetime {
    /// The longest lifetime: 30 days.
    pub const MAX_HOURS: u32 = 30 * 24;
    /// The default: 7 days.
    pub const DEFAULT: LinkLifetime = LinkLifetime(7 * 24);

    /// A lifetime of `hours`, refused outside 1 hour to 30 days.
    pub fn hours(hours: u32) -> CoreResult<Self> {
        if (1..=Self::MAX_HOURS).contains(&hours) {
            Ok(Self(hours))
        } else {
            Err(CoreError::Invalid(Bi::new(
                "链接有效期须在 1 小时到 30 天之间",
                "A link is valid for 1 hour to 30 days",
            )))
        }
    }

    fn as_ms(self) -> i64 {
        i64::from(self.0) * 3_600_000
    }
}

impl Default for LinkLifetime {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// What an operator asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkRequest {
    pub component_id: PlatformId,
    pub target: LinkTarget,
    /// Permission sets to request (`category_id_list`); empty for all published ones.
    pub category_ids: Vec<u32>,
    pub lifetime: LinkLifetime,
    /// Used up by the first authorization through it.
    pub single_use: bool,
}

/// Where a link stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkState {
    /// Merchants can open it.
    Active,
    Expired,
    Revoked,
    /// A single-use link that was used.
    UsedUp,
    /// A link from before merchant pages: a spent pre_auth_code, kept for its history.
    Legacy,
}

impl LinkState {
    pub(crate) fn of(row: &auth_link::Model, authorized: u64, now: i64) -> Self {
        if row.token_hash.is_none() {
            LinkState::Legacy
        } else if row.revoked_at.is_some() {
            LinkState::Revoked
        } else if row.single_use && authorized > 0 {
            LinkState::UsedUp
        } else if now >= row.expires_at {
            LinkState::Expired
        } else {
            LinkState::Active
        }
    }
}

/// An account that authorized through a link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkAuthorization {
    pub appid: String,
    pub nick_name: String,
    pub head_img: Option<String>,
    /// `authorized` (first authorization) or `updateauthorized` (permission sets changed).
    pub outcome: String,
    pub at: i64,
    /// Sets the link asked for that the account did not grant: unticked by the merchant, or an
    /// exclusive set another platform holds (reference B20).
    pub not_granted: Vec<u32>,
}

/// A link, its page URL and QR code while it can be used, and what came of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkView {
    pub id: LinkId,
    pub component_id: PlatformId,
    /// The merchant page (empty for legacy links).
    pub url: String,
    /// SVG of the page URL, while the link is active and when asked for.
    pub qr_svg: String,
    pub target: LinkTarget,
    pub category_ids: Vec<u32>,
    pub single_use: bool,
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
    pub state: LinkState,
    /// How many times a merchant pressed the button (each got a fresh pre_auth_code).
    pub clicks: u64,
    /// Every authorization through the link, newest first.
    pub authorizations: Vec<LinkAuthorization>,
}

fn url_context(id: LinkId) -> String {
    format!("auth_links.url:{id}")
}

fn invalid(zh: &'static str, en: &'static str) -> CoreError {
    CoreError::Invalid(Bi::new(zh, en))
}

/// SHA-256 of a page token: the only form in which tokens are stored.
pub(crate) fn token_hash(token: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn checked_target(target: &LinkTarget) -> CoreResult<LinkTarget> {
    match target {
        LinkTarget::Any | LinkTarget::Type { .. } => Ok(target.clone()),
        LinkTarget::Account { appid } => AppId::parse(appid.trim())
            .map(|a| LinkTarget::Account {
                appid: a.as_str().to_string(),
            })
            .map_err(|_| {
                invalid(
                    "指定账号的 AppID 格式不正确：应为 wx 开头的 18 位字符",
                    "The account AppID is malformed: 18 characters starting with \"wx\"",
                )
            }),
    }
}

/// Creates a link. No pre_auth_code is taken now (each click takes its own), but the platform
/// must be able to get one: a link that would only show the merchant an error is refused here,
/// with the reason, while staff can still act on it.
pub async fn create_link(
    svc: &Services,
    tenant_id: TenantId,
    user_id: Option<UserId>,
    req: &LinkRequest,
) -> CoreResult<LinkView> {
    let c = platforms::get_model(svc, tenant_id, req.component_id).await?;
    if !c.enabled {
        return Err(invalid("该第三方平台已停用", "This platform is disabled"));
    }
    let target = checked_target(&req.target)?;
    if let Some(bad) = req
        .category_ids
        .iter()
        .find(|id| wxopen::funcscope::by_id(**id).is_none())
    {
        return Err(CoreError::Invalid(Bi::new(
            format!("未知的权限集 ID：{bad}"),
            format!("Unknown permission set id: {bad}"),
        )));
    }
    if let Err(e) = tokens::component_token(svc, c.id).await {
        return Err(match e.message() {
            Some(m) => CoreError::Invalid(Bi::new(
                format!(
                    "该平台暂时无法向微信申请预授权码，商户打开链接也无法授权：{}",
                    m.zh
                ),
                format!(
                    "This platform cannot get pre_auth_codes from WeChat right now, so merchants could not authorize through a link: {}",
                    m.en
                ),
            )),
            None => e,
        });
    }
    let mut ids = req.category_ids.clone();
    ids.sort_unstable();
    ids.dedup();
    let token = random_token();
    let now = svc.now();
    let row = auth_link::ActiveModel {
        tenant_id: Set(tenant_id),
        component_id: Set(c.id),
        created_by: Set(user_id),
        auth_type: Set(match &target {
            LinkTarget::Type { accounts } => Some(i32::from(accounts.code())),
            _ => None,
        }),
        biz_appid: Set(match &target {
            LinkTarget::Account { appid } => Some(appid.clone()),
            _ => None,
        }),
        category_ids: Set(ids.iter().map(u32::to_string).collect::<Vec<_>>().join("|")),
        url_enc: Set(String::new()),
        created_at: Set(now),
        expires_at: Set(now + req.lifetime.as_ms()),
        token_hash: Set(Some(token_hash(&token))),
        single_use: Set(req.single_use),
        revoked_at: Set(None),
        revoked_by: Set(None),
        ..Default::default()
    }
    .insert(svc.db.conn())
    .await?;
    let url = format!("{}/authorize/{token}", svc.public_base_url);
    let mut am: auth_link::ActiveModel = row.into();
    am.url_enc = Set(svc.secrets.seal(&url_context(*am.id.as_ref()), &url)?);
    let row = am.update(svc.db.conn()).await?;
    let mut views = views(svc, vec![row], true).await?;
    views
        .pop()
        .ok_or_else(|| CoreError::Internal("the new link vanished".into()))
}

/// Revokes a link: its page tells merchants it is no longer valid. Authorizations already made
/// stay.
pub async fn revoke_link(
    svc: &Services,
    tenant_id: TenantId,
    id: LinkId,
    user_id: Option<UserId>,
) -> CoreResult<LinkView> {
    let row = find(svc, tenant_id, id).await?;
    if row.revoked_at.is_none() {
        auth_link::Entity::update_many()
            .col_expr(auth_link::Column::RevokedAt, Expr::value(svc.now()))
            .col_expr(auth_link::Column::RevokedBy, Expr::value(user_id))
            .filter(auth_link::Column::Id.eq(row.id))
            .filter(auth_link::Column::RevokedAt.is_null())
            .exec(svc.db.conn())
            .await?;
    }
    link(svc, tenant_id, id).await
}

async fn find(svc: &Services, tenant_id: TenantId, id: LinkId) -> CoreResult<auth_link::Model> {
    auth_link::Entity::find_by_id(id)
        .filter(auth_link::Column::TenantId.eq(tenant_id))
        .one(svc.db.conn())
        .await?
        .ok_or(CoreError::NotFound("link"))
}

/// One link of `tenant_id`, with its QR code while active (the page polls it).
pub async fn link(svc: &Services, tenant_id: TenantId, id: LinkId) -> CoreResult<LinkView> {
    let row = find(svc, tenant_id, id).await?;
    let mut v = views(svc, vec![row], true).await?;
    v.pop().ok_or(CoreError::NotFound("link"))
}

/// The latest links of one platform of `tenant_id` (no QR codes).
pub async fn recent_links(
    svc: &Services,
    tenant_id: TenantId,
    component_id: PlatformId,
    limit: u64,
) -> CoreResult<Vec<LinkView>> {
    let rows = auth_link::Entity::find()
        .filter(auth_link::Column::TenantId.eq(tenant_id))
        .filter(auth_link::Column::ComponentId.eq(component_id))
        .order_by_desc(auth_link::Column::Id)
        .limit(limit)
        .all(svc.db.conn())
        .await?;
    views(svc, rows, false).await
}

/// Views of `rows`, with their attempts read in one query.
async fn views(
    svc: &Services,
    rows: Vec<auth_link::Model>,
    with_qr: bool,
) -> CoreResult<Vec<LinkView>> {
    let ids: Vec<LinkId> = rows.iter().map(|r| r.id).collect();
    let mut clicks: HashMap<LinkId, u64> = HashMap::new();
    let mut authorized: HashMap<LinkId, Vec<link_attempt::Model>> = HashMap::new();
    if !ids.is_empty() {
        let counts: Vec<(LinkId, i64)> = link_attempt::Entity::find()
            .select_only()
            .column(link_attempt::Column::LinkId)
            .column_as(link_attempt::Column::Id.count(), "n")
            .filter(link_attempt::Column::LinkId.is_in(ids.clone()))
            .group_by(link_attempt::Column::LinkId)
            .into_tuple()
            .all(svc.db.conn())
            .await?;
        for (link_id, n) in counts {
            clicks.insert(link_id, u64::try_from(n).unwrap_or(0));
        }
        for a in link_attempt::Entity::find()
            .filter(link_attempt::Column::LinkId.is_in(ids))
            .filter(link_attempt::Column::Status.eq("authorized"))
            .order_by_desc(link_attempt::Column::AuthorizedAt)
            .all(svc.db.conn())
            .await?
        {
            authorized.entry(a.link_id).or_default().push(a);
        }
    }
    let now = svc.now();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let done = authorized.remove(&row.id).unwrap_or_default();
        let state = LinkState::of(&row, done.len() as u64, now);
        let mut authorizations = Vec::with_capacity(done.len());
        for a in done {
            let Some(appid) = a.authorizer_appid else {
                continue;
            };
            let known = store::find(svc, row.component_id, &appid).await?;
            let asked = parse_category_ids(&row.category_ids);
            let granted = a
                .granted_ids
                .as_deref()
                .map(parse_category_ids)
                .unwrap_or_default();
            // Only the sets an account of its kind could grant (a link may ask for both kinds').
            let kind = match known.as_ref().map(|k| k.kind) {
                Some(crate::AccountKind::MiniProgram) => AccountKind::MiniProgram,
                _ => AccountKind::OfficialAccount,
            };
            let not_granted = match &a.granted_ids {
                Some(_) => asked
                    .iter()
                    .copied()
                    .filter(|id| !granted.contains(id))
                    .filter(|id| {
                        wxopen::funcscope::by_id(*id).is_some_and(|f| f.account.applies_to(kind))
                    })
                    .collect(),
                None => Vec::new(),
            };
            authorizations.push(LinkAuthorization {
                not_granted,
                nick_name: known
                    .as_ref()
                    .map(|k| k.nick_name.clone())
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| appid.clone()),
                head_img: known.and_then(|k| k.head_img),
                appid,
                outcome: a.outcome.unwrap_or_else(|| "authorized".into()),
                at: a.authorized_at.unwrap_or(a.created_at),
            });
        }
        let url = if row.url_enc.is_empty() {
            String::new()
        } else {
            svc.secrets
                .open(&url_context(row.id), &row.url_enc)?
                .into_exposed()
        };
        let qr = if with_qr && state == LinkState::Active {
            qr_svg(&url).map_err(|e| CoreError::Internal(format!("QR code: {e}")))?
        } else {
            String::new()
        };
        out.push(LinkView {
            id: row.id,
            component_id: row.component_id,
            url,
            qr_svg: qr,
            target: target_of(&row),
            category_ids: parse_category_ids(&row.category_ids),
            single_use: row.single_use,
            created_at: row.created_at,
            expires_at: row.expires_at,
            revoked_at: row.revoked_at,
            state,
            clicks: clicks.get(&row.id).copied().unwrap_or(0),
            authorizations,
        });
    }
    Ok(out)
}

pub(crate) fn parse_category_ids(stored: &str) -> Vec<u32> {
    stored.split('|').filter_map(|s| s.parse().ok()).collect()
}
