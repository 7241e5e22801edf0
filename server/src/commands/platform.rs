//! `gen-master-key` and `create-platform`.

use std::io::{BufRead, Write};

use anyhow::{Context, bail};
use console_core::platforms::{self, PlatformInput};
use console_core::secrets::MasterKey;
use console_core::{Services, ServicesConfig, accounts, clock};
use wxopen::api::Endpoints;

use crate::cli::CreatePlatformArgs;
use crate::keys;

/// Prints a new master key.
pub fn gen_master_key(out: &mut dyn Write) -> anyhow::Result<()> {
    writeln!(out, "{}", MasterKey::generate().to_base64())?;
    Ok(())
}

/// Adds or updates a platform from the command line (automation), printing the URLs to paste
/// into WeChat's console.
pub async fn create_platform(
    url: &str,
    args: &CreatePlatformArgs,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let keys = keys::command_keys(&args.keys, "the platform's secrets are encrypted with it")?;
    let mut secret = String::new();
    input
        .read_line(&mut secret)
        .context("reading the AppSecret from stdin")?;
    let secret = secret.trim_end_matches(['\r', '\n']).to_string();
    if secret.is_empty() {
        bail!(
            "no AppSecret on stdin: pipe it in, e.g. `printf '%s\\n' \"$APPSECRET\" | wxopen-console create-platform ...`"
        );
    }
    let db = super::open_migrated(url).await?;
    let tenant = accounts::find_tenant_by_name(&db, &args.tenant)
        .await?
        .with_context(|| {
            format!(
                "no tenant named {:?}; create it with create-tenant",
                args.tenant
            )
        })?;
    let svc = Services::new(
        db,
        keys.secret_box(),
        clock::system(),
        ServicesConfig::new(Endpoints::wechat(), args.public_base_url.clone()),
    )?;
    let p = platforms::upsert_by_appid(
        &svc,
        tenant.id,
        &PlatformInput {
            name: args.name.clone(),
            appid: args.appid.clone(),
            secret: Some(secret),
            token: Some(args.token.clone()),
            aes_key: Some(args.aes_key.clone()),
            previous_aes_key: None,
        },
    )
    .await?;
    let base = args.public_base_url.trim_end_matches('/');
    writeln!(
        out,
        "platform {} ({}) saved in tenant {}",
        p.name, p.appid, tenant.name
    )?;
    writeln!(
        out,
        "authorization event URL: {base}/wechat/{}/events",
        p.appid
    )?;
    writeln!(
        out,
        "message URL:             {base}/wechat/{}/messages/$APPID$",
        p.appid
    )?;
    Ok(())
}
