//! Authorization links (PC and H5) and their QR codes. Every link gets its own fresh
//! pre_auth_code: WeChat accepts each one once (reference B14), so nothing is cached.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use wxopen::AppId;
use wxopen::links::{AuthLink, AuthTarget, AuthType, qr_svg};

use super::code_hash;
use super::entity::auth_link;
use crate::authorizers::store;
use crate::error::{CoreError, CoreResult};
use crate::message::BiMsg;
use crate::platforms;
use crate::services::Services;
use crate::tokens;

/// PC (`componentloginpage`, scanned with WeChat) or H5 (`bindcomponent`, opened inside WeChat).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkKind {
    Pc,
    H5,
}

impl LinkKind {
    fn as_str(self) -> &'static str {
        match self {
            LinkKind::Pc => "pc",
            LinkKind::H5 => "h5",
        }
    }
}

/// Which accounts may use the link: any, one account type, or exactly one account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkTarget {
    Any,
    /// WeChat's `auth_type`: 1 official accounts, 2 mini programs, 3 both, 6 all types.
    Type(u8),
    /// WeChat's `biz_appid`: only this account's administrator can authorize.
    BizAppid(String),
}

/// What an operator asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkRequest {
    pub component_id: i64,
    pub kind: LinkKind,
    pub target: LinkTarget,
    /// Permission sets to request (`category_id_list`); empty for all published ones.
    pub category_ids: Vec<u32>,
}

/// Where a link stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkStatus {
    Pending,
    Expired,
    /// The merchant authorized: which account, and whether it was a first authorization
    /// (`authorized`) or a change (`updateauthorized`).
    Authorized {
        appid: String,
        nick_name: String,
        head_img: Option<String>,
        outcome: Option<String>,
    },
}

/// A link and, while it matters, its URL and QR code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkView {
    pub id: i64,
    pub component_id: i64,
    pub kind: LinkKind,
    pub url: String,
    pub qr_svg: String,
    pub category_ids: Vec<u32>,
    pub created_at: i64,
    pub expires_at: i64,
    pub status: LinkStatus,
}

fn url_context(id: i64) -> String {
    format!("auth_links.url:{id}")
}

fn invalid(zh: &'static str, en: &'static str) -> CoreError {
    CoreError::Invalid(BiMsg::new(zh, en))
}

/// Creates a link with a fresh pre_auth_code; the redirect comes back to this console.
pub async fn create_link(
    svc: &Services,
    tenant_id: i64,
    user_id: Option<i64>,
    req: &LinkRequest,
) -> CoreResult<LinkView> {
    let c = platforms::get_model(svc, tenant_id, req.component_id).await?;
    if !c.enabled {
        return Err(invalid("该第三方平台已停用", "This platform is disabled"));
    }
    let target = match &req.target {
        LinkTarget::Any => AuthTarget::Any,
        LinkTarget::Type(t) => AuthTarget::Type(match t {
            1 => AuthType::OfficialAccount,
            2 => AuthType::MiniProgram,
            3 => AuthType::Both,
            6 => AuthType::All,
            _ => {
                return Err(invalid(
                    "auth_type 只能为 1（公众号）、2（小程序）、3（两者）或 6（全部类型）",
                    "auth_type must be 1 (official accounts), 2 (mini programs), 3 (both) or 6 (all types)",
                ));
            }
        }),
        LinkTarget::BizAppid(a) => AuthTarget::BizAppId(AppId::parse(a.trim()).map_err(|_| {
            invalid(
                "指定账号的 AppID 格式不正确：应为 wx 开头的 18 位字符",
                "The account AppID is malformed: 18 characters starting with \"wx\"",
            )
        })?),
    };
    if let Some(bad) = req
        .category_ids
        .iter()
        .find(|id| wxopen::funcscope::by_id(**id).is_none())
    {
        return Err(CoreError::Invalid(BiMsg::owned(
            format!("未知的权限集 ID：{bad}"),
            format!("Unknown permission set id: {bad}"),
        )));
    }
    let (component_appid, _) = platforms::credentials(svc, &c)?;
    let pre = tokens::with_component_token(svc, c.id, |cat| {
        let component_appid = &component_appid;
        async move { svc.wechat.create_pre_auth_code(&cat, component_appid).await }
    })
    .await?;
    let now = svc.now();
    let expires_at = now
        + i64::try_from(pre.expires_in)
            .unwrap_or(600)
            .saturating_mul(1000);
    let mut ids = req.category_ids.clone();
    ids.sort_unstable();
    ids.dedup();
    let category_ids = ids.iter().map(u32::to_string).collect::<Vec<_>>().join("|");
    let row = auth_link::ActiveModel {
        tenant_id: Set(tenant_id),
        component_id: Set(c.id),
        created_by: Set(user_id),
        kind: Set(req.kind.as_str().into()),
        auth_type: Set(match &req.target {
            LinkTarget::Type(t) => Some(i32::from(*t)),
            _ => None,
        }),
        biz_appid: Set(match &req.target {
            LinkTarget::BizAppid(a) => Some(a.trim().to_string()),
            _ => None,
        }),
        category_ids: Set(category_ids),
        pre_auth_code_hash: Set(code_hash(c.id, pre.pre_auth_code.expose())),
        url_enc: Set(String::new()),
        status: Set("pending".into()),
        created_at: Set(now),
        expires_at: Set(expires_at),
        ..Default::default()
    }
    .insert(svc.db.conn())
    .await?;
    let link = AuthLink {
        component_appid,
        pre_auth_code: pre.pre_auth_code,
        redirect_uri: format!(
            "{}/wechat/{}/authorized?link={}",
            svc.public_base_url, c.appid, row.id
        ),
        target,
        category_ids: ids.clone(),
    };
    let url = match req.kind {
        LinkKind::Pc => link.pc_url(&svc.endpoints),
        LinkKind::H5 => link.h5_url(&svc.endpoints),
    };
    let mut am: auth_link::ActiveModel = row.into();
    am.url_enc = Set(svc.secrets.seal(&url_context(*am.id.as_ref()), &url)?);
    let row = am.update(svc.db.conn()).await?;
    view(svc, row, true).await
}

async fn view(svc: &Services, row: auth_link::Model, with_qr: bool) -> CoreResult<LinkView> {
    let status = match (row.status.as_str(), &row.authorizer_appid) {
        ("authorized", Some(appid)) => {
            let a = store::find(svc, row.component_id, appid).await?;
            LinkStatus::Authorized {
                appid: appid.clone(),
                nick_name: a
                    .as_ref()
                    .map(|a| a.nick_name.clone())
                    .unwrap_or_else(|| appid.clone()),
                head_img: a.and_then(|a| a.head_img),
                outcome: row.outcome.clone(),
            }
        }
        _ if svc.now() >= row.expires_at => LinkStatus::Expired,
        _ => LinkStatus::Pending,
    };
    let url = if row.url_enc.is_empty() {
        String::new()
    } else {
        svc.secrets
            .open(&url_context(row.id), &row.url_enc)?
            .into_exposed()
    };
    let qr = if with_qr && status == LinkStatus::Pending {
        qr_svg(&url).map_err(|e| CoreError::Internal(format!("QR code: {e}")))?
    } else {
        String::new()
    };
    Ok(LinkView {
        id: row.id,
        component_id: row.component_id,
        kind: if row.kind == "h5" {
            LinkKind::H5
        } else {
            LinkKind::Pc
        },
        url,
        qr_svg: qr,
        category_ids: row
            .category_ids
            .split('|')
            .filter_map(|s| s.parse().ok())
            .collect(),
        created_at: row.created_at,
        expires_at: row.expires_at,
        status,
    })
}

/// One link of `tenant_id` (the page polls it to follow the authorization live).
pub async fn link(svc: &Services, tenant_id: i64, id: i64) -> CoreResult<LinkView> {
    let row = auth_link::Entity::find_by_id(id)
        .filter(auth_link::Column::TenantId.eq(tenant_id))
        .one(svc.db.conn())
        .await?
        .ok_or(CoreError::NotFound("link"))?;
    view(svc, row, true).await
}

/// The latest links of `tenant_id` (no QR codes).
pub async fn recent_links(svc: &Services, tenant_id: i64, limit: u64) -> CoreResult<Vec<LinkView>> {
    let rows = auth_link::Entity::find()
        .filter(auth_link::Column::TenantId.eq(tenant_id))
        .order_by_desc(auth_link::Column::Id)
        .limit(limit)
        .all(svc.db.conn())
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(view(svc, r, false).await?);
    }
    Ok(out)
}

async fn mark(
    svc: &Services,
    filter: sea_orm::Condition,
    appid: &str,
    outcome: &str,
) -> CoreResult<()> {
    auth_link::Entity::update_many()
        .col_expr(auth_link::Column::Status, Expr::value("authorized"))
        .col_expr(auth_link::Column::AuthorizerAppid, Expr::value(appid))
        .col_expr(auth_link::Column::Outcome, Expr::value(outcome))
        .col_expr(auth_link::Column::AuthorizedAt, Expr::value(svc.now()))
        .filter(filter)
        .filter(auth_link::Column::Status.eq("pending"))
        .exec(svc.db.conn())
        .await?;
    Ok(())
}

/// The redirect came back with `?link=id`: that link was used by `appid`.
pub async fn mark_link_by_id(
    svc: &Services,
    component_id: i64,
    link_id: i64,
    appid: &str,
    outcome: &str,
) -> CoreResult<()> {
    let cond = sea_orm::Condition::all()
        .add(auth_link::Column::Id.eq(link_id))
        .add(auth_link::Column::ComponentId.eq(component_id));
    mark(svc, cond, appid, outcome).await
}

/// The `authorized` event named the pre_auth_code of the link that was used.
pub async fn mark_link_by_code(
    svc: &Services,
    component_id: i64,
    pre_auth_code: &str,
    appid: &str,
    outcome: &str,
) -> CoreResult<()> {
    let cond = sea_orm::Condition::all()
        .add(auth_link::Column::ComponentId.eq(component_id))
        .add(auth_link::Column::PreAuthCodeHash.eq(code_hash(component_id, pre_auth_code)));
    mark(svc, cond, appid, outcome).await
}
