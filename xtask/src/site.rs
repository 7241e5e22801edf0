//! The site and the server binary, built by cargo-leptos: what `run` starts and the browser tests
//! drive.

use crate::proc::{announce, cargo, run};

/// `cargo leptos build`: the WASM + JS + CSS under target/site, and the server binary.
pub fn build(release: bool) -> anyhow::Result<()> {
    announce(if release {
        "Building the site and server (cargo leptos build --release --precompress)"
    } else {
        "Building the site and server (cargo leptos build; the first build takes several minutes)"
    });
    let mut cmd = cargo();
    cmd.args(["leptos", "build"]);
    if release {
        // --precompress: a brotli and a gzip copy of each site file, which the server sends to
        // browsers that accept them.
        cmd.args(["--release", "--precompress"]);
    }
    run("cargo leptos build", &mut cmd)
}
