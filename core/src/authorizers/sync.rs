//! Syncing from WeChat: one account (`api_get_authorizer_info`), or a whole platform
//! (`api_get_authorizer_list`) as a background job whose progress any instance can show.

use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use wxopen::AppId;
use wxopen::api::AuthorizationInfo;

use super::entity::{authorizer, sync_job};
use super::query::model;
use super::store;
use crate::AuthorizerStatus;
use crate::error::{CoreError, CoreResult};
use crate::message::Bi;
use crate::platforms::{self, entity as component};
use crate::services::Services;
use crate::tokens::key::TokenKey;
use crate::tokens::store as token_store;
use crate::tokens::{self, CallError};
use crate::{AuthorizerId, PlatformId, SyncJobId, TenantId, UserId};

/// WeChat's largest page of the authorizer list.
const PAGE: u32 = 500;
/// A running job whose heartbeat is older than this is considered dead.
const STALE_MS: i64 = 60_000;

/// A sync job's progress.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncJobView {
    pub id: SyncJobId,
    pub component_id: PlatformId,
    /// `running`, `done` or `failed`.
    pub status: String,
    pub total: i64,
    pub processed: i64,
    pub created: i64,
    pub updated: i64,
    pub error: Option<Bi>,
    pub started_at: i64,
    pub finished_at: Option<i64>,
}

impl From<sync_job::Model> for SyncJobView {
    fn from(m: sync_job::Model) -> Self {
        Self {
            id: m.id,
            component_id: m.component_id,
            status: m.status,
            total: m.total,
            processed: m.processed,
            created: m.created,
            updated: m.updated,
            error: match (m.error_zh, m.error_en) {
                (Some(zh), Some(en)) => Some(Bi::new(zh, en)),
                _ => None,
            },
            started_at: m.started_at,
            finished_at: m.finished_at,
        }
    }
}

/// Re-reads one account from WeChat. A 61003 answer ("not authorized by this account") means the
/// authorization is gone: the account is marked revoked.
pub async fn sync_one(svc: &Services, tenant_id: TenantId, id: AuthorizerId) -> CoreResult<()> {
    let a = model(svc, tenant_id, id).await?;
    let c = platforms::get_model(svc, tenant_id, a.component_id).await?;
    fetch_info(svc, &c, &a).await.map(|_| ())
}

/// Re-reads one account from WeChat; returns the updated row.
pub(crate) async fn fetch_info(
    svc: &Services,
    c: &component::Model,
    a: &authorizer::Model,
) -> CoreResult<authorizer::Model> {
    let (component_appid, _) = platforms::credentials(svc, c)?;
    let appid = AppId::parse(&a.appid).map_err(|e| CoreError::Internal(e.to_string()))?;
    let res = tokens::with_component_token(svc, c.id, |cat| {
        let (component_appid, appid) = (&component_appid, &appid);
        async move {
            svc.wechat
                .authorizer_info(&cat, component_appid, appid)
                .await
        }
    })
    .await;
    match res {
        Ok(info) => store::apply_info(svc, a, &info).await,
        Err(CallError::Api(e)) if e.is_not_authorized() => {
            store::revoke(svc, c.id, &a.appid, store::Revocation::Now).await?;
            Err(tokens::api_error_to_core(&e))
        }
        Err(e) => Err(e.into()),
    }
}

/// The latest sync job of a platform of `tenant_id`.
pub async fn sync_job(
    svc: &Services,
    tenant_id: TenantId,
    component_id: PlatformId,
) -> CoreResult<Option<SyncJobView>> {
    platforms::get_model(svc, tenant_id, component_id).await?;
    Ok(sync_job::Entity::find()
        .filter(sync_job::Column::TenantId.eq(tenant_id))
        .filter(sync_job::Column::ComponentId.eq(component_id))
        .order_by_desc(sync_job::Column::Id)
        .one(svc.db.conn())
        .await?
        .map(Into::into))
}

/// Starts syncing every authorizer of a platform from WeChat in the background (or returns the
/// job already running).
pub async fn start_sync_all(
    svc: &Services,
    tenant_id: TenantId,
    component_id: PlatformId,
    user_id: Option<UserId>,
) -> CoreResult<SyncJobView> {
    let c = platforms::get_model(svc, tenant_id, component_id).await?;
    let now = svc.now();
    if let Some(running) = sync_job::Entity::find()
        .filter(sync_job::Column::ComponentId.eq(component_id))
        .filter(sync_job::Column::Status.eq("running"))
        .filter(sync_job::Column::HeartbeatAt.gt(now - STALE_MS))
        .one(svc.db.conn())
        .await?
    {
        return Ok(running.into());
    }
    let job = sync_job::ActiveModel {
        tenant_id: Set(tenant_id),
        component_id: Set(component_id),
        started_by: Set(user_id),
        status: Set("running".into()),
        total: Set(0),
        processed: Set(0),
        created: Set(0),
        updated: Set(0),
        started_at: Set(now),
        heartbeat_at: Set(now),
        ..Default::default()
    }
    .insert(svc.db.conn())
    .await?;
    let view = job.clone().into();
    let svc = svc.clone();
    tokio::spawn(async move {
        let outcome = run_sync(&svc, job.id, &c).await;
        let now = svc.now();
        let mut update = sync_job::Entity::update_many()
            .col_expr(sync_job::Column::FinishedAt, Expr::value(now))
            .col_expr(sync_job::Column::HeartbeatAt, Expr::value(now))
            .filter(sync_job::Column::Id.eq(job.id));
        update = match &outcome {
            Ok(()) => update.col_expr(sync_job::Column::Status, Expr::value("done")),
            Err(e) => {
                tracing::warn!(component = %c.appid, "sync from WeChat failed: {e}");
                // Shown on the platform page: never the internals of a failure.
                let msg = e.public_message();
                update
                    .col_expr(sync_job::Column::Status, Expr::value("failed"))
                    .col_expr(sync_job::Column::ErrorZh, Expr::value(msg.zh.clone()))
                    .col_expr(sync_job::Column::ErrorEn, Expr::value(msg.en.clone()))
            }
        };
        if let Err(e) = update.exec(svc.db.conn()).await {
            tracing::error!("recording the end of a sync job failed: {e}");
        }
    });
    Ok(view)
}

async fn run_sync(svc: &Services, job_id: SyncJobId, c: &component::Model) -> CoreResult<()> {
    let (component_appid, _) = platforms::credentials(svc, c)?;
    let (mut offset, mut processed, mut created, mut updated) = (0u32, 0i64, 0i64, 0i64);
    loop {
        let page = tokens::with_component_token(svc, c.id, |cat| {
            let component_appid = &component_appid;
            async move {
                svc.wechat
                    .authorizer_list(&cat, component_appid, offset, PAGE)
                    .await
            }
        })
        .await?;
        for item in &page.list {
            match store::find(svc, c.id, item.authorizer_appid.as_str()).await? {
                Some(a) => {
                    let same = store::refresh_token(svc, &a)?
                        .is_some_and(|rt| rt.expose() == item.refresh_token.expose());
                    if a.status != AuthorizerStatus::Authorized || !same {
                        reinstate(svc, &a, &item.refresh_token).await?;
                        updated += 1;
                    }
                    if a.info_synced_at.is_none() {
                        let _ = fetch_info(svc, c, &a).await;
                    }
                }
                None => {
                    let info = AuthorizationInfo {
                        authorizer_appid: item.authorizer_appid.clone(),
                        authorizer_access_token: None,
                        expires_in: None,
                        authorizer_refresh_token: Some(item.refresh_token.clone()),
                        func_info: Vec::new(),
                    };
                    let a = store::upsert_authorization(svc, c, &info).await?.authorizer;
                    // Profile and permission sets come from authorizer_info; a failure there
                    // leaves the account listed by appid, to be synced again.
                    if let Err(e) = fetch_info(svc, c, &a).await {
                        tracing::warn!(authorizer = %a.appid, "authorizer_info failed during sync: {e}");
                    }
                    created += 1;
                }
            }
            processed += 1;
        }
        sync_job::Entity::update_many()
            .col_expr(
                sync_job::Column::Total,
                Expr::value(i64::try_from(page.total_count).unwrap_or(i64::MAX)),
            )
            .col_expr(sync_job::Column::Processed, Expr::value(processed))
            .col_expr(sync_job::Column::Created, Expr::value(created))
            .col_expr(sync_job::Column::Updated, Expr::value(updated))
            .col_expr(sync_job::Column::HeartbeatAt, Expr::value(svc.now()))
            .filter(sync_job::Column::Id.eq(job_id))
            .exec(svc.db.conn())
            .await?;
        let seen = u64::from(offset) + page.list.len() as u64;
        if page.list.is_empty() || seen >= page.total_count {
            return Ok(());
        }
        offset = u32::try_from(seen).unwrap_or(u32::MAX);
    }
}

/// The list says the account is authorized with this refresh token: trust it.
async fn reinstate(
    svc: &Services,
    a: &authorizer::Model,
    refresh_token: &wxopen::Secret,
) -> CoreResult<()> {
    let now = svc.now();
    store::set_refresh_token(svc, a, refresh_token).await?;
    let mut am: authorizer::ActiveModel = a.clone().into();
    am.status = Set(AuthorizerStatus::Authorized);
    am.revoked_at = Set(None);
    am.updated_at = Set(now);
    am.update(svc.db.conn()).await?;
    token_store::make_due(svc, &TokenKey::authorizer(a.component_id, a.appid.clone())).await
}
