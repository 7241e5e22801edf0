//! Demo mode: a ready-made tenant and staff account so that a newcomer can sign in at once.

use anyhow::Context;
use console_core::TenantId;
use console_core::accounts::{self, Password, Role, TenantName, Username};
use console_core::platforms::{self, PlatformInput};
use console_core::{Clock, Db, Services};
use rand::Rng;
use wechat_sandbox::{ComponentSpec, Sandbox};

/// The demo staff login.
pub const DEMO_USERNAME: &str = "demo";
/// The demo password (reset to this on every demo start, so the printed one always works).
pub const DEMO_PASSWORD: &str = "wxopen-demo";
/// The demo's main tenant (owns the demo platform).
pub const DEMO_TENANT: &str = "演示科技有限公司";
/// The demo platform's name.
pub const DEMO_PLATFORM: &str = "演示第三方平台";

/// The demo platform administrator (no tenant of their own: they land on the tenants page).
pub const DEMO_ADMIN_USERNAME: &str = "admin";
/// The demo platform administrator's password (reset on every demo start, like the demo login's).
pub const DEMO_ADMIN_PASSWORD: &str = "wxopen-admin";

/// A second tenant, so that the tenant switcher has something to switch to.
pub const DEMO_SECOND_TENANT: &str = "示例连锁品牌";

/// What the demo seeded.
#[derive(Clone, Debug)]
pub struct DemoSeed {
    pub tenant_id: TenantId,
    pub username: String,
    pub password: String,
}

/// Creates (or repairs) the demo tenants and the demo account, with the server's clock.
/// Idempotent.
pub async fn seed(db: &Db, clock: &dyn Clock) -> anyhow::Result<DemoSeed> {
    let main = ensure_tenant(db, clock, DEMO_TENANT).await?;
    let second = ensure_tenant(db, clock, DEMO_SECOND_TENANT).await?;
    let username = Username::parse(DEMO_USERNAME)?;
    let password = Password::parse(DEMO_PASSWORD)?;
    let user = match accounts::find_user_by_username(db, DEMO_USERNAME).await? {
        Some(u) => {
            accounts::reset_password(db, u.id, &password).await?;
            u
        }
        None => accounts::create_user(db, clock, &username, "演示用户", &password).await?,
    };
    accounts::add_member(db, clock, main, user.id, Role::Owner).await?;
    accounts::add_member(db, clock, second, user.id, Role::Admin).await?;
    seed_platform_admin(db, clock).await?;
    Ok(DemoSeed {
        tenant_id: main,
        username: DEMO_USERNAME.into(),
        password: DEMO_PASSWORD.into(),
    })
}

/// The demo platform administrator, with its password reset.
async fn seed_platform_admin(db: &Db, clock: &dyn Clock) -> anyhow::Result<()> {
    let password = Password::parse(DEMO_ADMIN_PASSWORD)?;
    let admin = match accounts::find_user_by_username(db, DEMO_ADMIN_USERNAME).await? {
        Some(u) => {
            accounts::reset_password(db, u.id, &password).await?;
            u
        }
        None => {
            let name = Username::parse(DEMO_ADMIN_USERNAME)?;
            accounts::create_user(db, clock, &name, "平台管理员", &password).await?
        }
    };
    accounts::set_superadmin(db, admin.id, true).await?;
    Ok(())
}

async fn ensure_tenant(db: &Db, clock: &dyn Clock, name: &str) -> anyhow::Result<TenantId> {
    if let Some(t) = accounts::find_tenant_by_name(db, name).await? {
        return Ok(t.id);
    }
    let t = accounts::create_tenant(db, clock, &TenantName::parse(name)?)
        .await
        .with_context(|| format!("creating the demo tenant {name}"))?;
    Ok(t.id)
}

fn random_alnum(len: usize) -> String {
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::thread_rng();
    (0..len)
        .map(|_| char::from(CHARS[rng.gen_range(0..CHARS.len())]))
        .collect()
}

fn random_hex(len: usize) -> String {
    let mut rng = rand::thread_rng();
    (0..len)
        .map(|_| char::from(b"0123456789abcdef"[rng.gen_range(0..16)]))
        .collect()
}

/// Registers the demo platform with the console and the embedded sandbox, with the same
/// credentials on both sides, and seeds the simulated accounts a newcomer can authorize. The
/// console's row comes first: the sandbox pushes its first ticket at once.
pub async fn seed_platform(
    svc: &Services,
    sandbox: &Sandbox,
    tenant_id: TenantId,
) -> anyhow::Result<String> {
    let existing = platforms::list(svc, tenant_id)
        .await?
        .into_iter()
        .find(|p| p.name == DEMO_PLATFORM);
    let input = match existing {
        Some(p) => {
            let m = platforms::get_model(svc, tenant_id, p.id).await?;
            let s = platforms::secrets_of(svc, &m)?;
            PlatformInput {
                name: DEMO_PLATFORM.into(),
                appid: p.appid,
                secret: Some(s.secret.into_exposed()),
                token: Some(s.token.into_exposed()),
                aes_key: Some(s.aes_key.into_exposed()),
                previous_aes_key: None,
            }
        }
        None => {
            let input = PlatformInput {
                name: DEMO_PLATFORM.into(),
                appid: format!("wx{}", random_hex(16)),
                secret: Some(random_hex(32)),
                token: Some(random_alnum(16)),
                aes_key: Some(wxopen::EncodingAesKey::generate().to_encoded()),
                previous_aes_key: None,
            };
            platforms::create(svc, tenant_id, &input)
                .await
                .context("creating the demo platform")?;
            input
        }
    };
    let base = &svc.public_base_url;
    sandbox.create_component(ComponentSpec {
        appid: Some(input.appid.clone()),
        name: Some(DEMO_PLATFORM.into()),
        secret: input.secret.clone(),
        token: input.token.clone(),
        encoding_aes_key: input.aes_key.clone(),
        event_url: format!("{base}/wechat/{}/events", input.appid),
        message_url: format!("{base}/wechat/{}/messages/$APPID$", input.appid),
        // The demo platform has passed its release test: any account may authorize.
        published: Some(true),
        ..Default::default()
    });
    sandbox.seed_demo_accounts();
    Ok(input.appid)
}
