//! The operator subcommands, run as a real process.

use std::io::Write;
use std::process::{Command, Stdio};

use console_core::testing::TestDb;

fn wxopen_console(url: &str, args: &[&str], stdin: &str) -> (bool, String, String) {
    wxopen_console_env(url, args, stdin, &[])
}

#[allow(clippy::unwrap_used)]
fn wxopen_console_env(
    url: &str,
    args: &[&str],
    stdin: &str,
    env: &[(&str, &str)],
) -> (bool, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wxopen-console"))
        .args(args)
        .env("DATABASE_URL", url)
        .env("RUST_LOG", "warn")
        .env_remove("WXOPEN_MASTER_KEY")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command refused before it reads its input closes the pipe: that is its answer, not ours.
    if let Err(e) = child.stdin.take().unwrap().write_all(stdin.as_bytes()) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
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

    // A platform administrator needs no tenant.
    let (ok, out, err) = wxopen_console(
        &url,
        &["create-user", "--username", "root", "--superadmin"],
        "root-password-1\n",
    );
    assert!(ok, "{err}");
    assert!(out.contains("root is a platform administrator"), "{out}");

    let app = crate::helpers::TestApp::builder().db(t).build().await;
    app.login("ops", "ops-password-1").await.unwrap();
    let root = console_core::accounts::find_user_by_username(&app.svc.db, "root")
        .await
        .unwrap()
        .unwrap();
    assert!(root.superadmin);
    assert!(
        console_core::accounts::platform_admin(&app.svc.db, root.id)
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn migrate_status_lists_every_migration() {
    let t = TestDb::sqlite().await;
    let (ok, out, err) = wxopen_console(&t.url, &["migrate", "--status"], "");
    assert!(ok, "{err}");
    assert!(out.lines().all(|l| l.starts_with("applied ")), "{out}");
    assert!(out.contains("m20261121_000001_accounts"), "{out}");
}

// The official component push example (reference vector "official-doc-component-push").
const TOKEN: &str = "spamtest";
const KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

#[allow(clippy::unwrap_used)]
fn vector(id: &str) -> serde_json::Value {
    let all: serde_json::Value = serde_json::from_str(include_str!(
        "../../../wechat/tests/data/wxbizmsgcrypt-vectors.json"
    ))
    .unwrap();
    all.as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == id)
        .cloned()
        .unwrap()
}

#[test]
fn wx_decrypt_prints_the_plaintext_and_fails_with_one_line() {
    let v = vector("official-doc-component-push");
    let s = |k: &str| v[k].as_str().unwrap().to_string();
    let args = [
        "wx",
        "decrypt",
        "--token",
        &s("token"),
        "--aes-key",
        &s("encoding_aes_key"),
        "--appid",
        &s("appid"),
        "--timestamp",
        &s("timestamp"),
        "--nonce",
        &s("nonce"),
        "--msg-signature",
        &s("msg_signature"),
    ];
    let (ok, out, err) = wxopen_console("sqlite::memory:", &args, &format!("{}\n", s("encrypt")));
    assert!(ok, "{err}");
    assert_eq!(
        out.strip_suffix('\n'),
        Some(s("plaintext").as_str()),
        "plaintext plus one newline"
    );

    let mut bad = args.to_vec();
    bad[13] = "0000000000000000000000000000000000000000";
    let (ok, out, err) = wxopen_console("sqlite::memory:", &bad, &s("encrypt"));
    assert!(!ok);
    assert!(out.is_empty());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("bad_signature"), "{err}");
}

#[test]
fn wx_encrypt_with_a_prefix_is_deterministic_and_sign_matches() {
    let args = [
        "wx",
        "encrypt",
        "--token",
        TOKEN,
        "--aes-key",
        KEY,
        "--appid",
        "wx0123456789abcdef",
        "--timestamp",
        "1700000000",
        "--nonce",
        "n1",
        "--random-prefix-hex",
        "61616161626262626363636364646464",
    ];
    let (ok1, out1, err) = wxopen_console("sqlite::memory:", &args, "<xml>hello</xml>");
    assert!(ok1, "{err}");
    let (_, out2, _) = wxopen_console("sqlite::memory:", &args, "<xml>hello</xml>");
    assert_eq!(out1, out2);
    let json: serde_json::Value = serde_json::from_str(&out1).unwrap();
    let encrypt = json["encrypt"].as_str().unwrap();
    let (ok, signed, _) = wxopen_console(
        "sqlite::memory:",
        &[
            "wx",
            "sign",
            "--token",
            TOKEN,
            "--timestamp",
            "1700000000",
            "--nonce",
            "n1",
            "--encrypt",
            encrypt,
        ],
        "",
    );
    assert!(ok);
    assert_eq!(signed.trim(), json["msg_signature"].as_str().unwrap());
}

#[tokio::test]
async fn master_keys_are_generated_and_required() {
    let (ok, out, _) = wxopen_console("sqlite::memory:", &["gen-master-key"], "");
    assert!(ok);
    assert!(
        console_core::secrets::MasterKey::parse(out.trim()).is_ok(),
        "{out}"
    );

    let t = TestDb::sqlite().await;
    let (ok, _, err) = wxopen_console(&t.url, &["serve", "--listen", "127.0.0.1:0"], "");
    assert!(
        !ok,
        "a non-demo server without WXOPEN_MASTER_KEY must refuse to start"
    );
    assert!(err.contains("WXOPEN_MASTER_KEY is not set"), "{err}");
    assert!(err.contains("gen-master-key"), "{err}");
}

#[tokio::test]
async fn create_platform_reads_the_secret_from_stdin_and_seals_it() {
    let t = TestDb::sqlite().await;
    let (ok, _, err) = wxopen_console(&t.url, &["create-tenant", "Acme"], "");
    assert!(ok, "{err}");
    let key = console_core::secrets::MasterKey::generate().to_base64();
    let args = [
        "create-platform",
        "--tenant",
        "Acme",
        "--appid",
        "wx0123456789abcdef",
        "--secret-stdin",
        "--token",
        "tok123",
        "--aes-key",
        KEY,
        "--public-base-url",
        "https://console.example.com",
    ];
    let (ok, out, err) = wxopen_console_env(
        &t.url,
        &args,
        "0123456789abcdef0123456789abcdef\n",
        &[("WXOPEN_MASTER_KEY", &key)],
    );
    assert!(ok, "{err}");
    assert!(
        out.contains("https://console.example.com/wechat/wx0123456789abcdef/events"),
        "{out}"
    );
    // The secret is stored sealed, never in clear.
    use sea_orm::{ConnectionTrait, Statement};
    let row =
        t.db.conn()
            .query_one(Statement::from_string(
                t.db.backend(),
                "SELECT secret_enc FROM components",
            ))
            .await
            .unwrap()
            .unwrap();
    let sealed: String = row.try_get("", "secret_enc").unwrap();
    assert!(sealed.starts_with("v1.") && !sealed.contains("0123456789abcdef"));

    // Without the key: a clear refusal.
    let (ok, _, err) = wxopen_console(&t.url, &args, "0123456789abcdef0123456789abcdef\n");
    assert!(!ok);
    assert!(err.contains("WXOPEN_MASTER_KEY"), "{err}");
}

#[tokio::test]
async fn the_master_key_is_never_taken_from_the_command_line_but_from_a_file() {
    let t = TestDb::sqlite().await;
    let (ok, _, err) = wxopen_console(&t.url, &["create-tenant", "Acme"], "");
    assert!(ok, "{err}");
    let key = console_core::secrets::MasterKey::generate().to_base64();
    let platform = |extra: &[&str]| {
        let mut args = vec![
            "create-platform",
            "--tenant",
            "Acme",
            "--appid",
            "wx0123456789abcdef",
            "--secret-stdin",
            "--token",
            "tok123",
            "--aes-key",
            KEY,
        ];
        args.extend_from_slice(extra);
        args.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    // On the command line, every user of the machine would read it (`ps`): refused, nothing
    // stored, and the refusal does not repeat the key.
    for args in [
        platform(&["--master-key", &key]),
        platform(&[&format!("--master-key={key}")]),
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (ok, _, err) = wxopen_console(&t.url, &args, "0123456789abcdef0123456789abcdef\n");
        assert!(!ok, "a key on the command line is refused");
        assert!(!err.contains(&key), "the refusal repeats the key: {err}");
    }
    // From a file (a mounted secret), with a trailing newline as editors write it.
    let dir = std::env::temp_dir().join(format!("wxopen-key-{}", rand::random::<u64>()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("master.key");
    std::fs::write(&file, format!("{key}\n")).unwrap();
    let path = file.to_string_lossy().to_string();
    let args = platform(&["--master-key-file", &path]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (ok, out, err) = wxopen_console(&t.url, &args, "0123456789abcdef0123456789abcdef\n");
    assert!(ok, "{err}");
    assert!(out.contains("/wechat/wx0123456789abcdef/events"), "{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn create_api_key_prints_only_the_key_and_records_it_in_the_audit_log() {
    use console_core::api_keys;
    use console_core::secrets::{MasterKey, SecretBox};
    use console_core::{ApiScope, Services, ServicesConfig, clock};
    use sea_orm::{ConnectionTrait, Statement};

    let t = TestDb::sqlite().await;
    let master = MasterKey::generate().to_base64();
    for (tenant, appid) in [
        ("Acme", "wx0123456789abcdef"),
        ("Beta", "wx1123456789abcdef"),
    ] {
        let (ok, _, err) = wxopen_console(&t.url, &["create-tenant", tenant], "");
        assert!(ok, "{err}");
        let args = [
            "create-platform",
            "--tenant",
            tenant,
            "--appid",
            appid,
            "--secret-stdin",
            "--token",
            "tok123",
            "--aes-key",
            KEY,
        ];
        let (ok, _, err) = wxopen_console_env(
            &t.url,
            &args,
            "0123456789abcdef0123456789abcdef\n",
            &[("WXOPEN_MASTER_KEY", &master)],
        );
        assert!(ok, "{err}");
    }

    // Only the key on stdout (`KEY=$(...)`), what happened on stderr; no master key needed.
    let args = [
        "create-api-key",
        "--tenant",
        "Acme",
        "--platform",
        "wx0123456789abcdef",
        "--scope",
        "tokens",
        "--scope",
        "proxy",
        "--name",
        "deploy",
    ];
    let (ok, out, err) = wxopen_console(&t.url, &args, "");
    assert!(ok, "{err}");
    let key = out.trim_end().to_string();
    assert_eq!(out, format!("{key}\n"));
    assert!(key.starts_with("wxk_") && key.len() == 47, "{out}");
    assert!(err.contains("deploy") && !err.contains(&key), "{err}");

    let svc = Services::new(
        t.db.clone(),
        SecretBox::new(&MasterKey::generate()),
        clock::system(),
        ServicesConfig::new(wxopen::api::Endpoints::wechat(), ""),
    )
    .unwrap();
    let p = api_keys::authenticate(&svc, &key).await.unwrap().unwrap();
    assert_eq!(p.scopes, [ApiScope::Tokens, ApiScope::Proxy]);
    assert_eq!(p.platforms.as_ref().map(Vec::len), Some(1));
    let listed = api_keys::list(&svc, p.tenant_id).await.unwrap();
    assert_eq!(listed[0].name, "deploy");
    assert_eq!(listed[0].created_by, "cli");

    // Defaults: named "cli", scope tokens, every platform.
    let (ok, out, err) = wxopen_console(&t.url, &["create-api-key", "--tenant", "Acme"], "");
    assert!(ok, "{err}");
    let p = api_keys::authenticate(&svc, out.trim())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.scopes, [ApiScope::Tokens]);
    assert_eq!(p.platforms, None);
    assert_eq!(
        api_keys::list(&svc, p.tenant_id).await.unwrap()[0].name,
        "cli"
    );

    // The audit log names the creator "cli" and the key by name and prefix, never the key.
    let rows =
        t.db.conn()
            .query_all(Statement::from_string(
                t.db.backend(),
                "SELECT * FROM audit_log WHERE action = 'api_key_changed'",
            ))
            .await
            .unwrap();
    assert_eq!(rows.len(), 2);
    let mut targets = Vec::new();
    for row in &rows {
        let actor: String = row.try_get("", "actor_name").unwrap();
        let target: String = row.try_get("", "target").unwrap();
        let detail: String = row.try_get("", "detail").unwrap();
        assert_eq!(actor, "cli");
        assert!(
            !target.contains(&key) && !detail.contains(&key),
            "the audit log holds the key"
        );
        targets.push(target);
    }
    assert!(
        targets.contains(&format!("deploy ({}…)", &key[..12])),
        "{targets:?}"
    );

    // Refusals: another tenant's platform, an unknown scope, an unknown tenant; nothing on stdout.
    for (args, says) in [
        (
            vec![
                "create-api-key",
                "--tenant",
                "Acme",
                "--platform",
                "wx1123456789abcdef",
            ],
            "no platform with AppID",
        ),
        (
            vec!["create-api-key", "--tenant", "Acme", "--scope", "admin"],
            "tokens, proxy, registrations, oauth",
        ),
        (
            vec!["create-api-key", "--tenant", "Nobody"],
            "no tenant named",
        ),
    ] {
        let (ok, out, err) = wxopen_console(&t.url, &args, "");
        assert!(!ok, "{args:?}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
}
