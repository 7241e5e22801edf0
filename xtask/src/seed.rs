//! Authorizers in bulk, inserted by SQL into a console database: what the benchmark measures the
//! staff pages against and what the screenshots and the layout checks show. One SQL statement per
//! table whatever the count (100,000 rows take seconds), on SQLite (the `sqlite3` CLI) or
//! PostgreSQL (`psql`).

use std::path::PathBuf;

use anyhow::Context;

use crate::bench::{psql, sqlite};

/// A console database, reached through its command-line client.
#[derive(Clone, Debug)]
pub enum Database {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Database {
    /// From a `DATABASE_URL` (`sqlite://path[?options]` or `postgres://…`).
    pub fn from_url(url: &str) -> anyhow::Result<Self> {
        if let Some(rest) = url.strip_prefix("sqlite://") {
            let file = rest.split('?').next().unwrap_or(rest);
            anyhow::ensure!(!file.is_empty(), "no file in the SQLite URL {url}");
            return Ok(Self::Sqlite(PathBuf::from(file)));
        }
        anyhow::ensure!(
            url.starts_with("postgres://") || url.starts_with("postgresql://"),
            "a sqlite:// or postgres:// URL is needed, not {url}"
        );
        Ok(Self::Postgres(url.to_string()))
    }

    /// Runs SQL; its output, trimmed.
    pub fn exec(&self, sql: &str) -> anyhow::Result<String> {
        match self {
            Self::Sqlite(file) => sqlite(file, sql),
            Self::Postgres(url) => psql(url, sql),
        }
    }

    /// `i` as lower-case hex, zero-padded to `width` (0: no padding).
    fn hex(&self, expr: &str, width: usize) -> String {
        match (self, width) {
            (Self::Sqlite(_), 0) => format!("printf('%x', {expr})"),
            (Self::Sqlite(_), w) => format!("printf('%0{w}x', {expr})"),
            (Self::Postgres(_), 0) => format!("to_hex({expr})"),
            (Self::Postgres(_), w) => format!("lpad(to_hex({expr}), {w}, '0')"),
        }
    }

    /// The common-table expression `n(i)` counting from `first` to `last`, and how to select it.
    fn series(&self, first: u64, last: u64) -> (String, String) {
        match self {
            Self::Sqlite(_) => (
                format!(
                    "RECURSIVE n(i) AS (SELECT {first} UNION ALL SELECT i + 1 FROM n WHERE i < {last}), "
                ),
                "n".into(),
            ),
            Self::Postgres(_) => (
                String::new(),
                format!("generate_series({first}, {last}) AS n(i)"),
            ),
        }
    }
}

/// How the seeded accounts are named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Names {
    /// Short names and no permission sets (the benchmark's rows; its figures stay comparable).
    Short,
    /// The longest names WeChat gives, and permission sets, forty on every fifth account: the
    /// pages at their worst.
    Longest,
}

/// A nickname of 30 Chinese characters: WeChat limits account and mini program names to 30
/// characters (the reference's `fastregisterbetaweapp`: 4–30), and Chinese is the widest case.
pub const LONGEST_NICKNAME: &str = "华南区连锁便利店会员积分兑换与门店服务中心官方服务号第一分号";
/// 30 characters without a space: a Latin name has no natural break.
pub const LONGEST_LATIN_NICKNAME: &str = "SouthChinaConvenienceStoreClub";
/// A principal (the registered company) of 43 characters: company names run longer than
/// account names, and the table shows them whole.
pub const LONGEST_PRINCIPAL: &str =
    "广州市天河区珠江新城国际供应链管理与跨境电子商务服务有限公司深圳前海蛇口自贸片区分公司";
/// What every seeded appid starts with (then 12 hex digits of its number: 18 characters, as
/// WeChat's), so that a search for it lists only seeded accounts.
pub const APPID_PREFIX: &str = "wx5eed";

/// The permission sets a seeded account holds: the first six, or all forty.
const FEW_FUNCS: u32 = 6;
const MANY_FUNCS: u32 = 40;

/// `count` authorizers numbered from `start`, of the platform whose AppID is `platform_appid`
/// (in that platform's tenant). Authorized in the past, one a minute back from `now_ms`, so that
/// accounts authorized for real come first in the lists.
pub fn authorizers(
    db: &Database,
    platform_appid: &str,
    start: u64,
    count: u64,
    names: Names,
    now_ms: i64,
) -> anyhow::Result<()> {
    if count == 0 {
        return Ok(());
    }
    let last = start + count - 1;
    let (cte, from) = db.series(start, last);
    let hex = db.hex("i", 0);
    let cols = "tenant_id, component_id, appid, kind, nick_name, user_name, principal_name, \
                status, search_text, authorized_at, updated_at";
    let kind = "CASE WHEN i % 3 = 0 THEN 'mini_program' ELSE 'official_account' END";
    let (appid, nick, user_name, principal, status, authorized_at) = match names {
        Names::Short => (
            format!("'wx' || {}", db.hex("i", 16)),
            "'示例商户' || i".to_string(),
            format!("'gh_' || {hex}"),
            "'示例主体' || (i % 97)".to_string(),
            "CASE WHEN i % 50 = 0 THEN 'needs_reauth' WHEN i % 50 < 5 THEN 'revoked' \
             ELSE 'authorized' END",
            format!("{now_ms} - i * 1000"),
        ),
        Names::Longest => (
            format!("'{APPID_PREFIX}' || {}", db.hex("i", 12)),
            format!(
                "CASE i % 4 WHEN 0 THEN '{LONGEST_NICKNAME}' WHEN 1 THEN '{LONGEST_LATIN_NICKNAME}' \
                 ELSE '门店服务号' || i END"
            ),
            format!("'gh_' || {}", db.hex("i + 100000000000", 12)),
            format!(
                "CASE WHEN i % 2 = 0 THEN '{LONGEST_PRINCIPAL}' ELSE '示例主体' || (i % 97) || '有限公司' END"
            ),
            // Mostly authorized, a few of each other state among the first rows.
            "CASE WHEN i % 50 = 7 THEN 'needs_reauth' WHEN i % 50 IN (13, 31) THEN 'revoked' \
             ELSE 'authorized' END",
            format!("{now_ms} - 86400000 - i * 60000"),
        ),
    };
    let search =
        format!("lower({appid} || ' ' || {nick} || ' ' || {principal} || ' ' || {user_name})");
    let sql = format!(
        "WITH {cte}c AS (SELECT id, tenant_id FROM components WHERE appid = '{platform_appid}') \
         INSERT INTO authorizers ({cols}) \
         SELECT c.tenant_id, c.id, {appid}, {kind}, {nick}, {user_name}, {principal}, {status}, \
           {search}, {authorized_at}, {now_ms} \
         FROM {from}, c; ANALYZE;"
    );
    db.exec(&sql)
        .with_context(|| format!("seeding {count} authorizers of {platform_appid}"))?;
    let inserted: u64 = db
        .exec(&format!(
            "SELECT count(*) FROM authorizers a JOIN components c ON c.id = a.component_id \
             WHERE c.appid = '{platform_appid}'"
        ))?
        .parse()
        .unwrap_or(0);
    anyhow::ensure!(
        inserted >= count,
        "no platform {platform_appid} in the database: nothing seeded"
    );
    if names == Names::Longest {
        permissions(db, platform_appid, start, last)?;
    }
    Ok(())
}

/// Six permission sets on every seeded account of the range, forty on every fifth.
fn permissions(db: &Database, platform_appid: &str, start: u64, last: u64) -> anyhow::Result<()> {
    let funcs: Vec<String> = (1..=MANY_FUNCS).map(|id| format!("({id})")).collect();
    let first_appid = format!("{APPID_PREFIX}{start:012x}");
    let last_appid = format!("{APPID_PREFIX}{last:012x}");
    let sql = format!(
        "WITH f(id) AS (VALUES {funcs}) \
         INSERT INTO authorizer_permissions (authorizer_id, func_id) \
         SELECT a.id, f.id FROM authorizers a \
           JOIN components c ON c.id = a.component_id AND c.appid = '{platform_appid}' \
           JOIN f ON f.id <= {FEW_FUNCS} OR a.id % 5 = 0 \
         WHERE a.appid BETWEEN '{first_appid}' AND '{last_appid}'; ANALYZE;",
        funcs = funcs.join(", ")
    );
    db.exec(&sql)
        .with_context(|| format!("seeding the permission sets of {platform_appid}'s accounts"))?;
    Ok(())
}

/// The AppID of the platform of that display name (the demo's is random).
pub fn platform_appid(db: &Database, name: &str) -> anyhow::Result<String> {
    let appid = db.exec(&format!(
        "SELECT appid FROM components WHERE name = '{}' ORDER BY id LIMIT 1",
        name.replace('\'', "''")
    ))?;
    anyhow::ensure!(
        !appid.is_empty(),
        "no platform named {name} in the database"
    );
    Ok(appid)
}

/// Milliseconds since the epoch, now.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}
