//! `create-tenant` and `create-user`.

use std::io::{BufRead, Write};

use anyhow::{Context, bail};
use console_core::SystemClock;
use console_core::accounts::{self, Password, TenantName, Username};

use crate::cli::{CreateTenantArgs, CreateUserArgs};

/// Creates a tenant and prints its id.
pub async fn create_tenant(
    url: &str,
    args: &CreateTenantArgs,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let db = super::open_migrated(url).await?;
    let t = accounts::create_tenant(&db, &SystemClock, &TenantName::parse(&args.name)?).await?;
    writeln!(out, "created tenant {} (id {})", t.name, t.id)?;
    Ok(())
}

/// Creates a user with the password read from the first line of `input`, optionally adding it to
/// a tenant and making it a platform administrator (`--superadmin`).
pub async fn create_user(
    url: &str,
    args: &CreateUserArgs,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let username = Username::parse(&args.username)?;
    let role = accounts::parse_role(&args.role)?;
    let mut line = String::new();
    input
        .read_line(&mut line)
        .context("reading the password from stdin")?;
    let line = line.trim_end_matches(['\r', '\n']);
    if line.is_empty() {
        bail!(
            "no password on stdin: pipe it in, e.g. `printf '%s\\n' \"$PASSWORD\" | wxopen-console create-user ...`"
        );
    }
    let password = Password::parse(line)?;

    let db = super::open_migrated(url).await?;
    let tenant = match &args.tenant {
        Some(name) => Some(
            accounts::find_tenant_by_name(&db, name)
                .await?
                .with_context(|| {
                    format!("no tenant named {name:?}; create it with create-tenant")
                })?,
        ),
        None => None,
    };
    let user =
        accounts::create_user(&db, &SystemClock, &username, &args.display_name, &password).await?;
    writeln!(out, "created user {} (id {})", user.username, user.id)?;
    if args.superadmin {
        accounts::set_superadmin(&db, user.id, true).await?;
        writeln!(out, "{} is a platform administrator", user.username)?;
    }
    if let Some(t) = tenant {
        accounts::add_member(&db, &SystemClock, t.id, user.id, role).await?;
        writeln!(
            out,
            "added {} to tenant {} as {}",
            user.username,
            t.name,
            role.as_str()
        )?;
    }
    Ok(())
}
