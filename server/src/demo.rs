//! Demo mode: a ready-made tenant and staff account so that a newcomer can sign in at once.

use anyhow::Context;
use console_core::Db;
use console_core::accounts::{self, Password, Role, TenantName, Username};

/// The demo staff login.
pub const DEMO_USERNAME: &str = "demo";
/// The demo password (reset to this on every demo start, so the printed one always works).
pub const DEMO_PASSWORD: &str = "wxopen-demo";
/// The demo's main tenant (owns the demo platform).
pub const DEMO_TENANT: &str = "演示科技有限公司";
/// A second tenant, so that the tenant switcher has something to switch to.
pub const DEMO_SECOND_TENANT: &str = "示例连锁品牌";

/// What the demo seeded.
#[derive(Clone, Debug)]
pub struct DemoSeed {
    pub tenant_id: i64,
    pub username: String,
    pub password: String,
}

/// Creates (or repairs) the demo tenants and the demo account. Idempotent.
pub async fn seed(db: &Db) -> anyhow::Result<DemoSeed> {
    let main = ensure_tenant(db, DEMO_TENANT).await?;
    let second = ensure_tenant(db, DEMO_SECOND_TENANT).await?;
    let username = Username::parse(DEMO_USERNAME)?;
    let password = Password::parse(DEMO_PASSWORD)?;
    let user = match accounts::find_user_by_username(db, DEMO_USERNAME).await? {
        Some(u) => {
            accounts::reset_password(db, u.id, &password).await?;
            u
        }
        None => accounts::create_user(db, &username, "演示用户", &password).await?,
    };
    accounts::add_member(db, main, user.id, Role::Owner).await?;
    accounts::add_member(db, second, user.id, Role::Admin).await?;
    Ok(DemoSeed {
        tenant_id: main,
        username: DEMO_USERNAME.into(),
        password: DEMO_PASSWORD.into(),
    })
}

async fn ensure_tenant(db: &Db, name: &str) -> anyhow::Result<i64> {
    if let Some(t) = accounts::find_tenant_by_name(db, name).await? {
        return Ok(t.id);
    }
    let t = accounts::create_tenant(db, &TenantName::parse(name)?)
        .await
        .with_context(|| format!("creating the demo tenant {name}"))?;
    Ok(t.id)
}
