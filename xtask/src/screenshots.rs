//! `cargo xtask screenshots`: the staff pages at real sizes. Builds the site, starts the demo on a
//! throw-away database, seeds it with many authorizers of the longest names WeChat allows (on top
//! of the demo's own data and what the spec creates through the pages), then runs the layout spec
//! (`end2end/tests/pages-at-size.spec.ts`), which checks every page at 1280x900 and writes one PNG
//! per page into `docs/screenshots/`.

use clap::Args;

use crate::proc::{announce, root};
use crate::seed::{self, Database, Names};
use crate::{e2e, site, tools};

/// Options of `cargo xtask screenshots`.
#[derive(Args)]
pub struct ScreenshotsArgs {
    /// How many authorizers to seed (the longest names, forty permission sets on every fifth).
    #[arg(long, default_value_t = 100_000)]
    authorizers: u64,
}

/// Options of the hidden `cargo xtask seed-authorizers` (what the layout spec calls).
#[derive(Args)]
pub struct SeedArgs {
    /// The console database (`sqlite://…` or `postgres://…`).
    #[arg(long)]
    database_url: String,
    /// The platform (by display name) the accounts authorize.
    #[arg(long)]
    platform: String,
    /// The number of the first account (seeded accounts are numbered; numbers must not repeat).
    #[arg(long, default_value_t = 0)]
    start: u64,
    /// How many accounts.
    #[arg(long)]
    count: u64,
}

/// The demo's platform (server/src/demo.rs `DEMO_PLATFORM`).
pub const DEMO_PLATFORM: &str = "演示第三方平台";

/// Seeds `count` authorizers with the longest names.
pub fn seed_authorizers(args: &SeedArgs) -> anyhow::Result<()> {
    let db = Database::from_url(&args.database_url)?;
    // The demo registers its platform as it starts: give it a few seconds.
    let mut tries = 0;
    let appid = loop {
        match seed::platform_appid(&db, &args.platform) {
            Ok(appid) => break appid,
            Err(e) if tries >= 20 => return Err(e),
            Err(_) => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(500));
            }
        }
    };
    seed::authorizers(
        &db,
        &appid,
        args.start,
        args.count,
        Names::Longest,
        seed::now_ms(),
    )
}

/// Builds, seeds, runs the layout spec with screenshots on; reports the PNGs and their size.
pub fn screenshots(args: &ScreenshotsArgs) -> anyhow::Result<()> {
    tools::ensure_build_tools(false)?;
    site::build(false)?;
    tools::ensure_e2e_tools()?;
    let demo = e2e::start_demo(&root().join("target/screenshots"))?;
    announce(&format!(
        "Seeding {} authorizers with the longest names",
        args.authorizers
    ));
    seed_authorizers(&SeedArgs {
        database_url: demo.database_url.clone(),
        platform: DEMO_PLATFORM.into(),
        start: 0,
        count: args.authorizers,
    })?;
    let out = root().join("docs/screenshots");
    std::fs::create_dir_all(&out)?;
    // A page renamed or gone leaves no stale picture behind.
    for entry in std::fs::read_dir(&out)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "png") {
            std::fs::remove_file(&path)?;
        }
    }
    e2e::playwright(
        &demo,
        &["tests/pages-at-size.spec.ts"],
        &[
            ("SCREENSHOTS_DIR", out.display().to_string()),
            ("LAYOUT_SEEDED", args.authorizers.to_string()),
        ],
    )?;
    let mut total = 0;
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&out)? {
        let entry = entry?;
        if entry.path().extension().is_some_and(|e| e == "png") {
            total += entry.metadata()?.len();
            names.push(entry.file_name().to_string_lossy().to_string());
        }
    }
    names.sort();
    println!(
        "\nxtask screenshots: {} PNGs in docs/screenshots ({:.0} KiB): {}",
        names.len(),
        total as f64 / 1024.0,
        names.join(", ")
    );
    Ok(())
}
