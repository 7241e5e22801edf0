//! The command line of `wxopen-console`.

use clap::{Args, Parser, Subcommand};

use crate::config::{DatabaseArgs, ServeArgs};

/// wxopen-console: an admin console for WeChat Open Platform third-party platforms (第三方平台).
#[derive(Debug, Parser)]
#[command(
    name = "wxopen-console",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(flatten)]
    pub db: DatabaseArgs,
    /// Settings of `serve` when no subcommand is given.
    #[command(flatten)]
    pub serve: ServeArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What to do (default: `serve`).
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web console (the default).
    Serve(ServeArgs),
    /// Apply (or roll back) database migrations and exit.
    Migrate(MigrateArgs),
    /// Create a tenant (customer organization).
    CreateTenant(CreateTenantArgs),
    /// Create a staff user; the password is read from stdin.
    CreateUser(CreateUserArgs),
}

/// `migrate` options.
#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// Roll back this many migrations instead of applying pending ones.
    #[arg(long, value_name = "N")]
    pub down: Option<u32>,
    /// Only list applied and pending migrations.
    #[arg(long, conflicts_with = "down")]
    pub status: bool,
}

/// `create-tenant` options.
#[derive(Debug, Args)]
pub struct CreateTenantArgs {
    /// The tenant's name (unique).
    pub name: String,
}

/// `create-user` options.
#[derive(Debug, Args)]
pub struct CreateUserArgs {
    /// Login name: 2-64 characters of a-z 0-9 . _ - @.
    #[arg(long)]
    pub username: String,
    /// Name shown in the console (defaults to the username).
    #[arg(long, default_value = "")]
    pub display_name: String,
    /// Make the user a member of this tenant (by name).
    #[arg(long)]
    pub tenant: Option<String>,
    /// Role in that tenant: owner, admin, operator or viewer.
    #[arg(long, default_value = "owner", requires = "tenant")]
    pub role: String,
}
