//! The authorizer list with 100,000 authorizers: first page, search, permission filter, a rare
//! status, a deep page, an exact appid. Run with `cargo bench -p console-core`
//! (`TEST_DATABASE_URL` adds PostgreSQL).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use console_core::authorizers::entity::{authorizer, permission};
use console_core::authorizers::{self, AuthorizerFilter};
use console_core::testing::{PlatformSpec, TestWorld};
use console_core::tokens::entity as access_token;
use console_core::{AccountKind, AuthorizerId, AuthorizerStatus, TenantId};
use criterion::{Criterion, criterion_group, criterion_main};
use sea_orm::{DbBackend, EntityTrait, Set};

const AUTHORIZERS: i64 = 100_000;
const BATCH: i64 = 1_000;

fn nick(i: i64) -> String {
    const SHOPS: [&str; 8] = [
        "鲜果时光",
        "云朵咖啡",
        "山野茶舍",
        "城市书房",
        "青禾健身",
        "小满烘焙",
        "海盐花店",
        "木木宠物",
    ];
    format!("{}{}号店", SHOPS[(i % 8) as usize], i)
}

async fn seed(w: &TestWorld) -> TenantId {
    let p = w
        .add_platform(&PlatformSpec {
            tenant: "Bench".into(),
            name: "Bench".into(),
            appid: Some("wx00000000000000be".into()),
            secret: Some("0123456789abcdef0123456789abcdef".into()),
            token: "benchtoken".into(),
        })
        .await;
    let (tenant_id, platform_id) = (p.tenant_id, p.component.id);
    let now = w.svc.now();
    for start in (0..AUTHORIZERS).step_by(BATCH as usize) {
        let rows: Vec<authorizer::ActiveModel> = (start..start + BATCH)
            .map(|i| {
                let appid = format!("wx{i:016x}");
                let name = nick(i);
                authorizer::ActiveModel {
                    id: Set(AuthorizerId(i + 1)),
                    tenant_id: Set(tenant_id),
                    component_id: Set(platform_id),
                    kind: Set(if i % 3 == 0 {
                        AccountKind::MiniProgram
                    } else {
                        AccountKind::OfficialAccount
                    }),
                    search_text: Set(
                        format!("{appid} {name} 示例主体{} gh_{i:x}", i % 97).to_lowercase()
                    ),
                    appid: Set(appid),
                    nick_name: Set(name),
                    user_name: Set(format!("gh_{i:x}")),
                    principal_name: Set(Some(format!("示例主体{}", i % 97))),
                    status: Set(match i % 50 {
                        0 => AuthorizerStatus::NeedsReauth,
                        1..=4 => AuthorizerStatus::Revoked,
                        _ => AuthorizerStatus::Authorized,
                    }),
                    authorized_at: Set(now - i * 1000),
                    updated_at: Set(now),
                    ..Default::default()
                }
            })
            .collect();
        authorizer::Entity::insert_many(rows)
            .exec(w.svc.db.conn())
            .await
            .unwrap();
        let perms: Vec<permission::ActiveModel> = (start..start + BATCH)
            .flat_map(|i| {
                let sets: &[i32] = if i % 3 == 0 {
                    &[17, 18, 19, 30]
                } else {
                    &[1, 2, 3, 7, 11, 15]
                };
                sets.iter()
                    .filter(move |s| (i + i64::from(**s)) % 4 != 0)
                    .map(move |s| permission::ActiveModel {
                        authorizer_id: Set(AuthorizerId(i + 1)),
                        func_id: Set(*s),
                        need_confirm: Set(None),
                        already_confirm: Set(None),
                        can_confirm: Set(None),
                    })
            })
            .collect();
        for chunk in perms.chunks(2_000) {
            permission::Entity::insert_many(chunk.to_vec())
                .exec(w.svc.db.conn())
                .await
                .unwrap();
        }
        let tokens: Vec<access_token::ActiveModel> = (start..start + BATCH)
            .map(|i| access_token::ActiveModel {
                component_id: Set(platform_id),
                authorizer_appid: Set(format!("wx{i:016x}")),
                token_enc: Set(None),
                expires_at: Set(Some(now + 3_600_000)),
                refresh_due_at: Set(Some(now + 3_000_000)),
                version: Set(1),
                failures: Set(0),
                ..Default::default()
            })
            .collect();
        access_token::Entity::insert_many(tokens)
            .exec(w.svc.db.conn())
            .await
            .unwrap();
    }
    // Steady-state statistics: the server runs `PRAGMA optimize` on SQLite; on PostgreSQL
    // autovacuum analyzes a table this size within minutes of the bulk insert.
    w.svc.db.optimize().await.unwrap();
    if w.svc.db.backend() == DbBackend::Postgres {
        use sea_orm::ConnectionTrait;
        for table in ["authorizers", "authorizer_permissions", "access_tokens"] {
            w.svc
                .db
                .conn()
                .execute_unprepared(&format!("VACUUM ANALYZE {table}"))
                .await
                .unwrap();
        }
    }
    tenant_id
}

fn bench_backend(c: &mut Criterion, name: &str, w: TestWorld, rt: &tokio::runtime::Runtime) {
    let tenant_id = rt.block_on(seed(&w));
    let svc = &w.svc;
    let cases: Vec<(&str, AuthorizerFilter)> = vec![
        (
            "first_page",
            AuthorizerFilter {
                page: 1,
                per_page: 20,
                ..Default::default()
            },
        ),
        (
            "search_name",
            AuthorizerFilter {
                q: Some("山野茶舍4".into()),
                page: 1,
                per_page: 20,
                ..Default::default()
            },
        ),
        (
            "filter_permission",
            AuthorizerFilter {
                func_id: Some(18),
                page: 1,
                per_page: 20,
                ..Default::default()
            },
        ),
        (
            "filter_needs_reauth",
            AuthorizerFilter {
                status: Some(console_core::AuthorizerStatus::NeedsReauth),
                page: 1,
                per_page: 20,
                ..Default::default()
            },
        ),
        (
            "deep_page_2500",
            AuthorizerFilter {
                page: 2_500,
                per_page: 20,
                ..Default::default()
            },
        ),
        (
            "exact_appid",
            AuthorizerFilter {
                q: Some(format!("wx{:016x}", 77_777)),
                page: 1,
                per_page: 20,
                ..Default::default()
            },
        ),
    ];
    let mut group = c.benchmark_group(format!("authorizer_list_100k_{name}"));
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(4));
    for (case, filter) in cases {
        let page = rt
            .block_on(authorizers::list(svc, tenant_id, &filter))
            .unwrap();
        assert!(
            page.page.total > 0 && !page.items.is_empty(),
            "{case}: the query must find rows"
        );
        group.bench_function(case, |b| {
            b.iter(|| {
                rt.block_on(authorizers::list(svc, tenant_id, &filter))
                    .unwrap()
            })
        });
    }
    group.finish();
}

fn benches(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let sqlite = rt.block_on(TestWorld::builder().build());
    bench_backend(c, "sqlite", sqlite, &rt);
    if let Some(pg) = rt.block_on(TestWorld::builder().postgres().try_build()) {
        bench_backend(c, "postgres", pg, &rt);
    }
}

criterion_group!(authorizer_list, benches);
criterion_main!(authorizer_list);
