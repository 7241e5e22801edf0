//! The operator subcommands, run as a real process.

use std::io::Write;
use std::process::{Command, Stdio};

use console_core::testing::TestDb;

fn wxopen_console(url: &str, args: &[&str], stdin: &str) -> (bool, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wxopen-console"))
        .args(args)
        .env("DATABASE_URL", url)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn create_tenant_and_user_then_sign_in() {
    let t = TestDb::sqlite_empty().await;
    let url = t.url.clone();

    let (ok, out, err) = wxopen_console(&url, &["migrate"], "");
    assert!(ok, "{err}");
    assert!(out.contains("up to date"), "{out}");

    let (ok, out, err) = wxopen_console(&url, &["create-tenant", "示例科技"], "");
    assert!(ok, "{err}");
    assert!(out.contains("created tenant 示例科技"), "{out}");

    let args = [
        "create-user",
        "--username",
        "Ops",
        "--tenant",
        "示例科技",
        "--role",
        "admin",
    ];
    let (ok, out, err) = wxopen_console(&url, &args, "ops-password-1\n");
    assert!(ok, "{err}");
    assert!(out.contains("created user ops"), "{out}");
    assert!(out.contains("as admin"), "{out}");

    // Same name again: a clear error and exit code 1.
    let (ok, _, err) = wxopen_console(&url, &args, "ops-password-1\n");
    assert!(!ok);
    assert!(err.contains("already taken"), "{err}");

    // No password on stdin.
    let (ok, _, err) = wxopen_console(&url, &["create-user", "--username", "x2"], "");
    assert!(!ok);
    assert!(err.contains("no password on stdin"), "{err}");

    let app = crate::helpers::spawn_on(t, false).await;
    app.login("ops", "ops-password-1").await.unwrap();
}

#[tokio::test]
async fn migrate_status_lists_every_migration() {
    let t = TestDb::sqlite().await;
    let (ok, out, err) = wxopen_console(&t.url, &["migrate", "--status"], "");
    assert!(ok, "{err}");
    assert!(out.lines().all(|l| l.starts_with("applied ")), "{out}");
    assert!(out.contains("m20261121_000001_accounts"), "{out}");
}
