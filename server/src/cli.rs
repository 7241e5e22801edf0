//! The command line of `wxopen-console`.

use clap::{Args, Parser, Subcommand};

use crate::config::{DatabaseArgs, ServeArgs};
use crate::keys::MasterKeyArgs;

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
    /// Print a new random master key for WXOPEN_MASTER_KEY.
    GenMasterKey,
    /// Re-seal every stored secret under a new master key while the servers keep running
    /// (WXOPEN_MASTER_KEY: the new key, WXOPEN_PREVIOUS_MASTER_KEY: the old one).
    RotateMasterKey(RotateMasterKeyArgs),
    /// Add (or update) a third-party platform of a tenant; the AppSecret is read from stdin.
    CreatePlatform(CreatePlatformArgs),
    /// Create an API key of a tenant for the platform API; prints only the key (stdout), so
    /// that `KEY=$(wxopen-console create-api-key ...)` captures it.
    CreateApiKey(CreateApiKeyArgs),
    /// Run the WeChat Open Platform sandbox on its own (for integration tests and rehearsals).
    Sandbox(SandboxArgs),
    /// Debug a push by hand: decrypt, encrypt, sign (WXBizMsgCrypt).
    Wx {
        #[command(subcommand)]
        command: wxopen::cli::WxCommand,
    },
}

/// `create-platform` options.
#[derive(Debug, Args)]
pub struct CreatePlatformArgs {
    /// The tenant (by name) the platform belongs to.
    #[arg(long)]
    pub tenant: String,
    /// The platform's AppID (wx…).
    #[arg(long)]
    pub appid: String,
    /// Read the AppSecret from the first line of stdin (required: secrets never go on the
    /// command line, where `ps` and shell history would show them).
    #[arg(long, required = true)]
    pub secret_stdin: bool,
    /// The message-check token (消息校验 Token).
    #[arg(long)]
    pub token: String,
    /// The EncodingAESKey (消息加解密 Key), 43 characters.
    #[arg(long)]
    pub aes_key: String,
    /// A display name (defaults to the AppID).
    #[arg(long, default_value = "")]
    pub name: String,
    /// The master key comes from WXOPEN_MASTER_KEY or a file (as for `serve`).
    #[command(flatten)]
    pub keys: MasterKeyArgs,
    /// The console's public URL, to print the URLs to paste into WeChat.
    #[arg(long, env = "PUBLIC_BASE_URL", default_value = "http://127.0.0.1:3000")]
    pub public_base_url: String,
}

/// `create-api-key` options.
#[derive(Debug, Args)]
pub struct CreateApiKeyArgs {
    /// The tenant (by name) the key belongs to.
    #[arg(long)]
    pub tenant: String,
    /// Limit the key to this platform (its AppID); repeat for several. None: every platform of
    /// the tenant, including those added later.
    #[arg(long = "platform", value_name = "APPID")]
    pub platforms: Vec<String>,
    /// What the key may do: tokens, proxy, registrations or oauth; repeat for several.
    #[arg(long = "scope", value_name = "SCOPE", value_parser = parse_scope, default_value = "tokens")]
    pub scopes: Vec<console_core::ApiScope>,
    /// What the key is for, as the Settings page lists it.
    #[arg(long, default_value = "cli")]
    pub name: String,
}

/// A `--scope` word.
fn parse_scope(s: &str) -> Result<console_core::ApiScope, String> {
    console_core::ApiScope::parse(s.trim()).map_err(|_| {
        let words: Vec<&str> = console_core::ApiScope::ALL
            .iter()
            .map(|s| s.as_str())
            .collect();
        format!("one of {}", words.join(", "))
    })
}

/// `rotate-master-key` options.
#[derive(Debug, Args)]
pub struct RotateMasterKeyArgs {
    /// The new key comes from WXOPEN_MASTER_KEY (or its file), the old one from
    /// WXOPEN_PREVIOUS_MASTER_KEY (or its file): the same settings the servers run with during
    /// the rotation.
    #[command(flatten)]
    pub keys: MasterKeyArgs,
}

/// `sandbox` options.
#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:3100")]
    pub listen: std::net::SocketAddr,
    /// Seconds between component_verify_ticket pushes (WeChat: 600).
    #[arg(long, default_value_t = 600)]
    pub ticket_interval_secs: u64,
    /// Also create the demo's simulated official accounts and mini programs.
    #[arg(long)]
    pub seed_accounts: bool,
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
    /// Make the user a platform administrator, who creates, suspends and resumes tenants on the
    /// console's Tenants page (needs no tenant of their own).
    #[arg(long)]
    pub superadmin: bool,
}
