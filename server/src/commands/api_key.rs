//! `create-api-key`: a tenant's API key for automation (a deployment script that provisions the
//! tenant's own services). Only the key goes to stdout; everything else to stderr.

use std::io::Write;

use anyhow::Context;
use console_core::api_keys::{self, Creator, NewApiKey};
use console_core::audit::{self, Actor, Entry};
use console_core::secrets::{MasterKey, SecretBox};
use console_core::{AuditAction, Services, ServicesConfig, accounts, clock, platforms};
use wxopen::api::Endpoints;

use crate::cli::CreateApiKeyArgs;

/// Who the audit log names as the creator of a key made here.
const CLI_ACTOR: &str = "cli";

/// Creates the key, records it in the tenant's audit log (name and prefix, never the key) and
/// prints the key alone on `out`.
pub async fn create(
    url: &str,
    args: &CreateApiKeyArgs,
    out: &mut dyn Write,
    info: &mut dyn Write,
) -> anyhow::Result<()> {
    let db = super::open_migrated(url).await?;
    let tenant = accounts::find_tenant_by_name(&db, &args.tenant)
        .await?
        .with_context(|| {
            format!(
                "no tenant named {:?}; create it with create-tenant",
                args.tenant
            )
        })?;
    // Creating a key opens and seals nothing, so the master key is not asked for: the services
    // get a box under a throwaway key that is never used.
    let svc = Services::new(
        db,
        SecretBox::new(&MasterKey::generate()),
        clock::system(),
        ServicesConfig::new(Endpoints::wechat(), String::new()),
    )?;
    let mut ids = Vec::with_capacity(args.platforms.len());
    for appid in &args.platforms {
        let p = platforms::by_appid(&svc, appid.trim())
            .await?
            .filter(|p| p.tenant_id == tenant.id)
            .with_context(|| {
                format!(
                    "no platform with AppID {appid:?} in tenant {:?}",
                    tenant.name
                )
            })?;
        ids.push(p.id);
    }
    let by = Creator {
        user_id: None,
        name: CLI_ACTOR.to_string(),
    };
    let input = NewApiKey {
        name: args.name.clone(),
        scopes: args.scopes.clone(),
        platforms: ids,
    };
    let (key, secret) = api_keys::create(&svc, tenant.id, &by, &input).await?;
    let actor = Actor {
        user_id: None,
        name: CLI_ACTOR.to_string(),
        ip: None,
    };
    let entry = Entry {
        tenant_id: Some(tenant.id),
        action: AuditAction::ApiKeyChanged,
        target: console_app::api::api_keys::audit_target(&key),
        detail: console_app::api::api_keys::created_detail(&key),
    };
    audit::record(svc.db.conn(), svc.clock.as_ref(), &actor, entry)
        .await
        .context("recording the new key in the audit log")?;
    writeln!(
        info,
        "API key {:?} ({}…) created in tenant {}; it is shown only now",
        key.name, key.prefix, tenant.name
    )?;
    writeln!(out, "{}", secret.expose())?;
    Ok(())
}
