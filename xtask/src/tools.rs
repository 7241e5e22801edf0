//! Installing what the build needs, only when missing, each step announced with its usual cost.
//! Nothing here downloads a prebuilt binary: this machine only reaches crates.io, npm and Debian.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, bail};

use crate::proc::{announce, cargo, output_of, root, run};

/// cargo-leptos version the workspace is wired for (0.3.11 needs a newer rustc).
pub const CARGO_LEPTOS_VERSION: &str = "0.3.10";
/// wasm-opt crate version (Binaryen 116) for release builds.
pub const WASM_OPT_VERSION: &str = "0.116.1";
/// Debian's Chromium, which Playwright drives (its own browser download cannot work here);
/// `end2end/playwright.config.ts` launches the same path unless `CHROMIUM_PATH` is set.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// wasm32 target, cargo-leptos, the exact wasm-bindgen CLI, and wasm-opt when `release`.
pub fn ensure_build_tools(release: bool) -> anyhow::Result<()> {
    ensure_wasm_target()?;
    ensure_cargo_leptos()?;
    ensure_wasm_bindgen()?;
    if release {
        ensure_wasm_opt()?;
    }
    Ok(())
}

fn ensure_wasm_target() -> anyhow::Result<()> {
    let installed = output_of("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    announce("Installing the wasm32-unknown-unknown Rust target (rustup; about a minute)");
    run(
        "rustup target add",
        Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]),
    )
}

fn ensure_cargo_leptos() -> anyhow::Result<()> {
    let version = output_of("cargo", &["leptos", "--version"]).unwrap_or_default();
    if version.split_whitespace().last() == Some(CARGO_LEPTOS_VERSION) {
        return Ok(());
    }
    announce(&format!(
        "Installing cargo-leptos {CARGO_LEPTOS_VERSION} from crates.io (compiles ~700 crates: \
         15-30 minutes on 2 cores, once per machine)"
    ));
    run(
        "cargo install cargo-leptos",
        cargo().args([
            "install",
            "cargo-leptos",
            "--version",
            CARGO_LEPTOS_VERSION,
            "--locked",
            "--features",
            "no_downloads",
        ]),
    )
}

/// The `wasm-bindgen` version in Cargo.lock: the CLI must match it exactly.
pub fn locked_wasm_bindgen_version() -> anyhow::Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).context("reading Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\""
            && let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
        {
            return Ok(v.trim_end_matches('"').to_string());
        }
    }
    bail!("wasm-bindgen is not in Cargo.lock")
}

fn ensure_wasm_bindgen() -> anyhow::Result<()> {
    let want = locked_wasm_bindgen_version()?;
    let have = output_of("wasm-bindgen", &["--version"]).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(want.as_str()) {
        return Ok(());
    }
    announce(&format!(
        "Installing wasm-bindgen-cli {want} (must equal the wasm-bindgen crate in Cargo.lock; \
         about 5 minutes{})",
        if have.is_empty() {
            String::new()
        } else {
            format!("; replacing {have}")
        }
    ));
    // Without --locked: its lock pins a webpki-roots this registry does not offer.
    run(
        "cargo install wasm-bindgen-cli",
        cargo().args(["install", "wasm-bindgen-cli", "--version", &want, "--force"]),
    )?;
    let now = output_of("wasm-bindgen", &["--version"]).unwrap_or_default();
    if now.split_whitespace().nth(1) != Some(want.as_str()) {
        bail!(
            "`wasm-bindgen --version` still says {now:?}; another wasm-bindgen earlier on PATH \
             shadows ~/.cargo/bin. Remove it or put ~/.cargo/bin first."
        );
    }
    Ok(())
}

fn ensure_wasm_opt() -> anyhow::Result<()> {
    if output_of("wasm-opt", &["--version"]).is_some() {
        return Ok(());
    }
    announce(&format!(
        "Installing wasm-opt {WASM_OPT_VERSION} (builds Binaryen from C++ source; about 7 minutes)"
    ));
    run(
        "cargo install wasm-opt",
        cargo().args(["install", "wasm-opt", "--version", WASM_OPT_VERSION]),
    )
}

/// Whether every dev dependency of `end2end/package.json` is in `node_modules` (a package added
/// later must be installed on machines that already ran the tests).
fn npm_packages_installed(e2e: &Path) -> anyhow::Result<bool> {
    let manifest = std::fs::read_to_string(e2e.join("package.json"))
        .context("reading end2end/package.json")?;
    let manifest: serde_json::Value =
        serde_json::from_str(&manifest).context("parsing end2end/package.json")?;
    let Some(deps) = manifest["devDependencies"].as_object() else {
        return Ok(true);
    };
    Ok(deps.keys().all(|name| {
        e2e.join("node_modules")
            .join(name)
            .join("package.json")
            .exists()
    }))
}

/// Debian's Chromium and the npm packages of `end2end/`.
pub fn ensure_e2e_tools() -> anyhow::Result<()> {
    if !Path::new(CHROMIUM).exists() {
        apt_install(
            "chromium",
            "Debian's chromium for the browser tests (apt-get; 1-3 minutes)",
        )?;
    }
    ensure_cjk_font()?;
    let e2e = root().join("end2end");
    if !npm_packages_installed(&e2e)? {
        announce("Installing the Playwright test runner from npm (npm ci; under a minute)");
        run(
            "npm ci",
            Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(&e2e)
                .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
        )?;
    }
    Ok(())
}

/// A Chinese font for Chromium (Debian's WenQuanYi Micro Hei, 1.6 MB): without one every Chinese
/// character is drawn as a box, which makes the screenshots unreadable and the layout checks
/// measure boxes instead of text.
fn ensure_cjk_font() -> anyhow::Result<()> {
    let fonts = output_of("fc-list", &[":lang=zh", "family"]).unwrap_or_default();
    if !fonts.trim().is_empty() {
        return Ok(());
    }
    apt_install(
        "fonts-wqy-microhei",
        "a Chinese font for the browser tests (apt-get; under a minute)",
    )
}

/// Installs one Debian package (as root; otherwise says the command to run).
fn apt_install(package: &str, what: &str) -> anyhow::Result<()> {
    announce(&format!("Installing {what}"));
    let uid = output_of("id", &["-u"]).unwrap_or_default();
    if uid != "0" {
        bail!("{package} is missing and this is not root: run `sudo apt-get install -y {package}`");
    }
    run(
        "apt-get update",
        Command::new("apt-get").args(["update", "-q"]),
    )?;
    run(
        &format!("apt-get install {package}"),
        Command::new("apt-get")
            .args(["install", "-y", "-q", package])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}
