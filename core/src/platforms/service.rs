//! Platform operations. Every function taking a `tenant_id` only sees that tenant's platforms;
//! the ones keyed by appid serve WeChat's endpoints, which have no tenant.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use wxopen::{AppId, EncodingAesKey, MsgCrypt, Secret};

use super::entity::{self as component, Model};
use super::input::PlatformInput;
use super::{NO_TICKET_ALARM_MS, TICKET_VALID_MS};
use crate::authorizers::entity::authorizer;
use crate::db::conflict_or_db;
use crate::error::{CoreError, CoreResult};
use crate::message::Bi;
use crate::services::Services;
use crate::tokens::entity as access_token;
use crate::tokens::key::TokenKey;
use crate::tokens::store as token_store;
use crate::{PlatformId, TenantId};

/// Something on a platform an operator must look at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Alarm {
    /// No ticket for over 30 minutes (or never, 30 minutes after the platform was added).
    NoTicket { last_ms: Option<i64> },
    /// The component token cannot be refreshed; WeChat's meaning of the last error.
    TokenFailing { message: String, failures: i32 },
    /// Authorizers whose refresh token is gone: the merchant must authorize again.
    NeedsReauthorization { count: u64 },
}

/// A platform as its page shows it. No secrets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlatformView {
    pub id: PlatformId,
    pub appid: String,
    pub name: String,
    pub enabled: bool,
    pub ticket_created_at: Option<i64>,
    pub ticket_received_at: Option<i64>,
    pub token_expires_at: Option<i64>,
    pub token_refreshed_at: Option<i64>,
    pub token_failures: i32,
    pub token_last_error: Option<String>,
    pub has_previous_key: bool,
    pub egress_ip: Option<String>,
    pub authorizers: u64,
    pub created_at: i64,
    pub alarms: Vec<Alarm>,
    /// Where authorizers' messages are forwarded (the secret never leaves the core).
    pub webhook_url: Option<String>,
}

fn ctx(column: &str, appid: &str) -> String {
    format!("components.{column}:{appid}")
}

async fn view(svc: &Services, m: Model) -> CoreResult<PlatformView> {
    let now = svc.now();
    let token = access_token::Entity::find()
        .filter(access_token::by_key(&TokenKey::component(m.id)))
        .one(svc.db.conn())
        .await?;
    let authorizers = authorizer::Entity::find()
        .filter(authorizer::Column::ComponentId.eq(m.id))
        .filter(authorizer::Column::Status.eq("authorized"))
        .count(svc.db.conn())
        .await?;
    let needs_reauth = authorizer::Entity::find()
        .filter(authorizer::Column::ComponentId.eq(m.id))
        .filter(authorizer::Column::Status.eq("needs_reauth"))
        .count(svc.db.conn())
        .await?;
    let mut alarms = Vec::new();
    if m.enabled {
        let last = m.ticket_received_at;
        let stale = match last {
            Some(t) => now - t > NO_TICKET_ALARM_MS,
            None => now - m.created_at > NO_TICKET_ALARM_MS,
        };
        if stale {
            alarms.push(Alarm::NoTicket { last_ms: last });
        }
        if let Some(t) = &token
            && t.failures > 0
            && t.token_enc
                .as_ref()
                .is_none_or(|_| t.expires_at.unwrap_or(0) <= now)
        {
            alarms.push(Alarm::TokenFailing {
                message: t.last_error.clone().unwrap_or_default(),
                failures: t.failures,
            });
        }
    }
    if needs_reauth > 0 {
        alarms.push(Alarm::NeedsReauthorization {
            count: needs_reauth,
        });
    }
    Ok(PlatformView {
        id: m.id,
        appid: m.appid,
        name: m.name,
        enabled: m.enabled,
        ticket_created_at: m.ticket_created_at,
        ticket_received_at: m.ticket_received_at,
        token_expires_at: token.as_ref().and_then(|t| t.expires_at),
        token_refreshed_at: token.as_ref().and_then(|t| t.refreshed_at),
        token_failures: token.as_ref().map(|t| t.failures).unwrap_or(0),
        token_last_error: token.as_ref().and_then(|t| t.last_error.clone()),
        has_previous_key: m.prev_aes_key_enc.is_some(),
        egress_ip: m.egress_ip,
        authorizers,
        created_at: m.created_at,
        alarms,
        webhook_url: m.webhook_url.filter(|u| !u.is_empty()),
    })
}

/// Adds a platform to `tenant_id`, and its component-token row (refreshed once a ticket arrives).
pub async fn create(
    svc: &Services,
    tenant_id: TenantId,
    input: &PlatformInput,
) -> CoreResult<PlatformView> {
    let c = input.check(true)?;
    let appid = c.appid.to_string();
    let seal = |col: &str, v: &str| svc.secrets.seal(&ctx(col, &appid), v);
    let now = svc.now();
    let model = component::ActiveModel {
        tenant_id: Set(tenant_id),
        appid: Set(appid.clone()),
        name: Set(c.name.clone()),
        secret_enc: Set(seal("secret", c.secret.as_deref().unwrap_or_default())?),
        token_enc: Set(seal("token", c.token.as_deref().unwrap_or_default())?),
        aes_key_enc: Set(seal("aes_key", c.aes_key.as_deref().unwrap_or_default())?),
        prev_aes_key_enc: Set(match &c.previous_aes_key {
            Some(k) => Some(seal("prev_aes_key", k)?),
            None => None,
        }),
        enabled: Set(true),
        ticket_enc: Set(None),
        ticket_created_at: Set(None),
        ticket_received_at: Set(None),
        egress_ip: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(svc.db.conn())
    .await
    .map_err(|e| {
        conflict_or_db(e, || {
            Bi::new(
                format!("AppID 为 {appid} 的第三方平台已经添加过了"),
                format!("A platform with AppID {appid} has already been added"),
            )
        })
    })?;
    // Not due until the first ticket arrives (storing a ticket makes it due).
    token_store::create_row(svc.db.conn(), &TokenKey::component(model.id)).await?;
    view(svc, model).await
}

/// Edits a platform. A new EncodingAESKey moves the current one to "previous" (unless a previous
/// key is given explicitly), so pushes sealed with the old key still open during the rotation.
pub async fn update(
    svc: &Services,
    tenant_id: TenantId,
    id: PlatformId,
    input: &PlatformInput,
) -> CoreResult<PlatformView> {
    let m = get_model(svc, tenant_id, id).await?;
    let c = input.check(false)?;
    if c.appid.as_str() != m.appid {
        return Err(CoreError::Invalid(Bi::new(
            "AppID 不能修改；如需更换请新增一个第三方平台",
            "The AppID cannot be changed; add a new platform instead",
        )));
    }
    let appid = m.appid.clone();
    let seal = |col: &str, v: &str| svc.secrets.seal(&ctx(col, &appid), v);
    let current_key = svc.secrets.open(&ctx("aes_key", &appid), &m.aes_key_enc)?;
    let mut am: component::ActiveModel = m.into();
    am.name = Set(c.name);
    if let Some(s) = &c.secret {
        am.secret_enc = Set(seal("secret", s)?);
    }
    if let Some(t) = &c.token {
        am.token_enc = Set(seal("token", t)?);
    }
    if let Some(k) = &c.aes_key
        && k != current_key.expose()
    {
        am.aes_key_enc = Set(seal("aes_key", k)?);
        if c.previous_aes_key.is_none() {
            am.prev_aes_key_enc = Set(Some(seal("prev_aes_key", current_key.expose())?));
        }
    }
    if let Some(k) = &c.previous_aes_key {
        am.prev_aes_key_enc = Set(Some(seal("prev_aes_key", k)?));
    }
    am.updated_at = Set(svc.now());
    let m = am.update(svc.db.conn()).await?;
    // The one-second memories of platforms (platform API, pushes) must not outlive a change.
    crate::api_keys::cache::forget_all();
    svc.push_keys.forget(&m.appid);
    view(svc, m).await
}

/// Enables or disables a platform: a disabled platform refuses pushes and refreshes nothing.
pub async fn set_enabled(
    svc: &Services,
    tenant_id: TenantId,
    id: PlatformId,
    enabled: bool,
) -> CoreResult<PlatformView> {
    let m = get_model(svc, tenant_id, id).await?;
    let mut am: component::ActiveModel = m.into();
    am.enabled = Set(enabled);
    am.updated_at = Set(svc.now());
    let m = am.update(svc.db.conn()).await?;
    // The one-second memories of platforms (platform API, pushes) must not outlive a change.
    crate::api_keys::cache::forget_all();
    svc.push_keys.forget(&m.appid);
    if enabled {
        svc.token_notify.notify_one();
    }
    view(svc, m).await
}

/// Every platform of `tenant_id`, by name.
pub async fn list(svc: &Services, tenant_id: TenantId) -> CoreResult<Vec<PlatformView>> {
    let models = component::Entity::find()
        .filter(component::Column::TenantId.eq(tenant_id))
        .order_by_asc(component::Column::Name)
        .all(svc.db.conn())
        .await?;
    let mut out = Vec::with_capacity(models.len());
    for m in models {
        out.push(view(svc, m).await?);
    }
    Ok(out)
}

/// One platform of `tenant_id`.
pub async fn get(svc: &Services, tenant_id: TenantId, id: PlatformId) -> CoreResult<PlatformView> {
    view(svc, get_model(svc, tenant_id, id).await?).await
}

/// The row of one platform of `tenant_id` (another tenant's platform is "not found").
pub async fn get_model(svc: &Services, tenant_id: TenantId, id: PlatformId) -> CoreResult<Model> {
    component::Entity::find_by_id(id)
        .filter(component::Column::TenantId.eq(tenant_id))
        .one(svc.db.conn())
        .await?
        .ok_or(CoreError::NotFound("platform"))
}

/// The platform WeChat addresses by appid (for the push and redirect endpoints).
pub async fn by_appid(svc: &Services, appid: &str) -> CoreResult<Option<Model>> {
    Ok(component::Entity::find()
        .filter(component::Column::Appid.eq(appid))
        .one(svc.db.conn())
        .await?)
}

/// The message crypt of a platform: its token, key, previous key, and its appid as receive id.
pub fn crypt_for(svc: &Services, m: &Model) -> CoreResult<MsgCrypt> {
    let token = svc.secrets.open(&ctx("token", &m.appid), &m.token_enc)?;
    let key = svc
        .secrets
        .open(&ctx("aes_key", &m.appid), &m.aes_key_enc)?;
    let key = EncodingAesKey::parse(key.expose())
        .map_err(|e| CoreError::Internal(format!("stored EncodingAESKey of {}: {e}", m.appid)))?;
    let mut crypt = MsgCrypt::new(token.expose(), key, m.appid.clone());
    if let Some(prev) = &m.prev_aes_key_enc {
        let prev = svc.secrets.open(&ctx("prev_aes_key", &m.appid), prev)?;
        if let Ok(prev) = EncodingAesKey::parse(prev.expose()) {
            crypt = crypt.with_previous_key(prev);
        }
    }
    Ok(crypt)
}

/// The platform's appid and secret, for the APIs that need them.
pub fn credentials(svc: &Services, m: &Model) -> CoreResult<(AppId, Secret)> {
    let appid = AppId::parse(&m.appid)
        .map_err(|e| CoreError::Internal(format!("stored appid {}: {e}", m.appid)))?;
    let secret = svc.secrets.open(&ctx("secret", &m.appid), &m.secret_enc)?;
    Ok((appid, secret))
}

/// A platform's secrets in clear, for re-registering it with the embedded sandbox.
pub struct PlatformSecrets {
    pub secret: Secret,
    pub token: Secret,
    pub aes_key: Secret,
}

/// Opens a platform's secrets (the demo re-creates its platform in the in-memory sandbox on
/// every start).
pub fn secrets_of(svc: &Services, m: &Model) -> CoreResult<PlatformSecrets> {
    Ok(PlatformSecrets {
        secret: svc.secrets.open(&ctx("secret", &m.appid), &m.secret_enc)?,
        token: svc.secrets.open(&ctx("token", &m.appid), &m.token_enc)?,
        aes_key: svc
            .secrets
            .open(&ctx("aes_key", &m.appid), &m.aes_key_enc)?,
    })
}

/// The stored ticket, if there is one WeChat still accepts (12 hours).
pub fn ticket(svc: &Services, m: &Model) -> CoreResult<Option<Secret>> {
    match (&m.ticket_enc, m.ticket_created_at) {
        (Some(enc), Some(created)) if svc.now() - created < TICKET_VALID_MS => {
            Ok(Some(svc.secrets.open(&ctx("ticket", &m.appid), enc)?))
        }
        _ => Ok(None),
    }
}

/// Stores a ticket unless a newer one is already stored; returns whether it was stored. A first
/// ticket (or one after failures) makes the component token due at once.
pub async fn store_ticket(
    svc: &Services,
    m: &Model,
    ticket: &Secret,
    create_time_ms: i64,
) -> CoreResult<bool> {
    let now = svc.now();
    let sealed = svc
        .secrets
        .seal(&ctx("ticket", &m.appid), ticket.expose())?;
    let res = component::Entity::update_many()
        .col_expr(component::Column::TicketEnc, Expr::value(sealed))
        .col_expr(
            component::Column::TicketCreatedAt,
            Expr::value(create_time_ms),
        )
        .col_expr(component::Column::TicketReceivedAt, Expr::value(now))
        .filter(component::Column::Id.eq(m.id))
        .filter(
            component::Column::TicketCreatedAt
                .is_null()
                .or(component::Column::TicketCreatedAt.lte(create_time_ms)),
        )
        .exec(svc.db.conn())
        .await?;
    if res.rows_affected == 0 {
        return Ok(false);
    }
    // A token that is missing, expired or failing can now be fetched: make it due, skip backoff.
    token_store::make_due_if_unusable(svc, &TokenKey::component(m.id)).await?;
    Ok(true)
}

/// Remembers the egress IP WeChat reported in a 61004 error ("requestIP: …").
pub async fn record_egress_ip(
    svc: &Services,
    component_id: PlatformId,
    ip: &str,
) -> CoreResult<()> {
    component::Entity::update_many()
        .col_expr(
            component::Column::EgressIp,
            Expr::value(ip.chars().take(64).collect::<String>()),
        )
        .filter(component::Column::Id.eq(component_id))
        .exec(svc.db.conn())
        .await?;
    Ok(())
}

/// Asks WeChat to (re)start pushing tickets (`api_start_push_ticket`).
pub async fn start_push_ticket(
    svc: &Services,
    tenant_id: TenantId,
    id: PlatformId,
) -> CoreResult<()> {
    let m = get_model(svc, tenant_id, id).await?;
    let (appid, secret) = credentials(svc, &m)?;
    svc.wechat
        .start_push_ticket(&appid, &secret)
        .await
        .map_err(|e| crate::tokens::errors::api_error_to_core(&e))
}

/// Creates or overwrites the platform with this appid in `tenant_id` (demo seeding, CLI).
pub async fn upsert_by_appid(
    svc: &Services,
    tenant_id: TenantId,
    input: &PlatformInput,
) -> CoreResult<PlatformView> {
    let appid = input.appid.trim().to_string();
    match by_appid(svc, &appid).await? {
        Some(m) if m.tenant_id == tenant_id => update(svc, tenant_id, m.id, input).await,
        Some(_) => Err(CoreError::Conflict(Bi::new(
            format!("AppID 为 {appid} 的第三方平台属于另一个租户"),
            format!("The platform with AppID {appid} belongs to another tenant"),
        ))),
        None => create(svc, tenant_id, input).await,
    }
}
