//! `wxopen-console`: parses the command line and runs the chosen subcommand.

use std::process::ExitCode;

use clap::Parser;
use console_server::cli::{Cli, Command};
use console_server::config::ServerConfig;
use console_server::startup::Application;
use console_server::{commands, telemetry};

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    telemetry::init();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let url = cli.db.database_url.clone();
    let mut stdout = std::io::stdout();
    match cli.command {
        None => serve(ServerConfig::from_args(&cli.db, &cli.serve)?).await,
        Some(Command::Serve(args)) => serve(ServerConfig::from_args(&cli.db, &args)?).await,
        Some(Command::Migrate(args)) => commands::migrate::run(&url, &args, &mut stdout).await,
        Some(Command::CreateTenant(args)) => {
            commands::accounts::create_tenant(&url, &args, &mut stdout).await
        }
        Some(Command::CreateUser(args)) => {
            let mut stdin = std::io::stdin().lock();
            commands::accounts::create_user(&url, &args, &mut stdin, &mut stdout).await
        }
        Some(Command::GenMasterKey) => commands::platform::gen_master_key(&mut stdout),
        Some(Command::RotateMasterKey(args)) => {
            commands::master_key::rotate(&url, &args, &mut stdout).await
        }
        Some(Command::CreatePlatform(args)) => {
            let mut stdin = std::io::stdin().lock();
            commands::platform::create_platform(&url, &args, &mut stdin, &mut stdout).await
        }
        Some(Command::CreateApiKey(args)) => {
            commands::api_key::create(&url, &args, &mut stdout, &mut std::io::stderr()).await
        }
        Some(Command::Sandbox(args)) => commands::sandbox::run(&args, &mut stdout).await,
        Some(Command::Wx { command }) => run_wx(&command),
    }
}

/// `wx …`: on failure, one line naming the failure and exit code 1.
fn run_wx(command: &wxopen::cli::WxCommand) -> anyhow::Result<()> {
    let mut stdin = std::io::stdin().lock();
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = wxopen::cli::run(command, &mut stdin, &mut stdout) {
        eprintln!("{e}");
        std::process::exit(1);
    }
    Ok(())
}

async fn serve(config: ServerConfig) -> anyhow::Result<()> {
    let demo = config.demo;
    let app = Application::build(config).await?;
    let addr = app.local_addr()?;
    let url = app.state().config.public_base_url.clone();
    println!("wxopen-console listening on http://{addr}");
    println!("open {url}");
    if let Some(seed) = app.demo() {
        println!(
            "demo login: username {}  password {}",
            seed.username, seed.password
        );
    }
    if demo {
        println!("demo mode: not for production use");
    }
    app.run_until_stopped().await
}
