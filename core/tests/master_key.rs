//! Master-key rotation: everything sealed under key A is re-sealed under key B while a console
//! accepting both keeps working, and afterwards B alone reads it all (SQLite and PostgreSQL).

use console_core::authorization::{self, LinkLifetime, LinkRequest, LinkTarget};
use console_core::authorizers::store;
use console_core::platforms::{self, PlatformInput, WebhookUrl};
use console_core::registrations;
use console_core::secrets::columns;
use console_core::secrets::instances;
use console_core::secrets::rotation::{self, ColumnProgress};
use console_core::secrets::{MasterKey, SecretBox};
use console_core::testing::TestWorld;
use console_core::tokens::{self, TokenKey};
use console_core::{Services, TaskForm, events, messages};
use reqwest::Method;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;

/// What the domain reads of the world's data: every secret a console uses, in clear.
#[derive(Debug, PartialEq, Eq)]
struct Readings {
    platform_secret: String,
    webhook_secret: String,
    ticket: Option<String>,
    refresh_token: Option<String>,
    authorizer_token: String,
    component_token: String,
    link_url: String,
    task_wxuser: String,
    event_payloads: Vec<String>,
    messages: Vec<String>,
}

#[allow(clippy::unwrap_used)]
async fn read_all(svc: &Services, w: &TestWorld, appid: &str) -> Readings {
    let m = platforms::get_model(svc, w.tenant_id(), w.component().id)
        .await
        .unwrap();
    // The push crypt opens (token, key and the previous key).
    platforms::crypt_for(svc, &m).unwrap();
    let a = store::find(svc, m.id, appid).await.unwrap().unwrap();
    let links = authorization::recent_links(svc, w.tenant_id(), m.id, 10)
        .await
        .unwrap();
    let tasks = registrations::list(
        svc,
        w.tenant_id(),
        &registrations::TaskFilter {
            page: 1,
            per_page: 10,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let task = registrations::get(svc, w.tenant_id(), tasks.items[0].id)
        .await
        .unwrap();
    let events = events::list(
        svc,
        w.tenant_id(),
        &events::EventFilter {
            page: 1,
            per_page: 100,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    Readings {
        platform_secret: platforms::credentials(svc, &m)
            .unwrap()
            .1
            .expose()
            .to_string(),
        webhook_secret: platforms::webhook_of(svc, &m)
            .unwrap()
            .unwrap()
            .1
            .expose()
            .to_string(),
        ticket: platforms::ticket(svc, &m)
            .unwrap()
            .map(|t| t.expose().to_string()),
        refresh_token: store::refresh_token(svc, &a)
            .unwrap()
            .map(|t| t.expose().to_string()),
        authorizer_token: tokens::authorizer_token(svc, m.id, appid)
            .await
            .unwrap()
            .token
            .expose()
            .to_string(),
        component_token: tokens::component_token(svc, m.id)
            .await
            .unwrap()
            .token
            .expose()
            .to_string(),
        link_url: links[0].url.clone(),
        task_wxuser: format!("{:?}", task.inputs),
        event_payloads: events.items.into_iter().map(|e| e.content).collect(),
        messages: messages::list(
            svc,
            w.tenant_id(),
            &messages::MessageFilter {
                page: 1,
                per_page: 100,
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|m| format!("{m:?}"))
        .collect(),
    }
}

/// Data in every sealed column, sealed under the world's key.
#[allow(clippy::unwrap_used)]
async fn seed(w: &TestWorld) -> String {
    let (tenant, id) = (w.tenant_id(), w.component().id);
    let appid = w.account("密钥轮换公众号");
    w.authorize(&appid, &[1, 2]).await;
    platforms::set_webhook(
        &w.svc,
        tenant,
        id,
        Some(&WebhookUrl::parse("https://hooks.example.com/wx").unwrap()),
    )
    .await
    .unwrap();
    // An alert channel (its URL holds a robot's key).
    let robot = console_core::alerts::NewChannel::parse(
        console_core::ChannelKind::WeCom,
        "值班群",
        "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=rotation-key",
    )
    .unwrap();
    console_core::alerts::channels::add(&w.svc, tenant, None, &robot)
        .await
        .unwrap();
    // A new EncodingAESKey keeps the old one as the previous key.
    let m = platforms::get_model(&w.svc, tenant, id).await.unwrap();
    platforms::update(
        &w.svc,
        tenant,
        id,
        &PlatformInput {
            name: m.name.clone(),
            appid: m.appid.clone(),
            secret: None,
            token: None,
            aes_key: Some(wxopen::EncodingAesKey::generate().to_encoded()),
            previous_aes_key: None,
        },
    )
    .await
    .unwrap();
    authorization::create_link(
        &w.svc,
        tenant,
        None,
        &LinkRequest {
            component_id: id,
            target: LinkTarget::Any,
            category_ids: vec![1],
            lifetime: LinkLifetime::default(),
            single_use: false,
        },
    )
    .await
    .unwrap();
    registrations::start(
        &w.svc,
        tenant,
        None,
        id,
        &TaskForm::Personal {
            wxuser: "rotation_user".into(),
            phone: "13800138000".into(),
        },
    )
    .await
    .unwrap();
    // A user's message (message payload and, for the release test, replies are sealed too).
    let r = w
        .control(
            Method::POST,
            "messages",
            json!({"component_appid": w.component().appid, "authorizer_appid": appid, "content": "你好"}),
        )
        .await;
    assert_eq!(r["raw_reply"], "success", "{r}");
    // What no flow here fills (a reuse task's ticket, a release test's passive reply): sealed
    // as the domain does.
    let ticket = w
        .svc
        .secrets
        .seal("registration_tasks.ticket:1", "reuse-ticket")
        .unwrap();
    execute(
        w,
        "UPDATE registration_tasks SET ticket_enc = $1 WHERE id = 1",
        ticket,
    )
    .await;
    let dedupe: String = w
        .svc
        .db
        .conn()
        .query_one(Statement::from_string(
            w.svc.db.backend(),
            "SELECT dedupe_key FROM messages",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "dedupe_key")
        .unwrap();
    let reply = w
        .svc
        .secrets
        .seal(&format!("messages.reply:{dedupe}"), "<xml>reply</xml>")
        .unwrap();
    execute(w, "UPDATE messages SET reply_enc = $1", reply).await;
    // A web OAuth result waiting for its tenant's server (sealed as `web_oauth` does).
    let now = w.svc.now();
    let state = console_core::web_oauth::entity::ActiveModel {
        tenant_id: sea_orm::Set(tenant),
        component_id: sea_orm::Set(id),
        authorizer_appid: sea_orm::Set(appid.clone()),
        state_hash: sea_orm::Set("0".repeat(64)),
        scope: sea_orm::Set("snsapi_base".into()),
        return_to: sea_orm::Set("https://shop.example.com/".into()),
        created_at: sea_orm::Set(now),
        expires_at: sea_orm::Set(now),
        ..Default::default()
    };
    let state = sea_orm::ActiveModelTrait::insert(state, w.svc.db.conn())
        .await
        .unwrap();
    let result = w
        .svc
        .secrets
        .seal(
            &format!("oauth_states.result:{}", state.id),
            r#"{"openid":"o-rotation"}"#,
        )
        .unwrap();
    execute(w, "UPDATE oauth_states SET result_enc = $1", result).await;
    events::process_pending(&w.svc).await.unwrap();
    appid
}

#[allow(clippy::unwrap_used)]
async fn execute(w: &TestWorld, sql: &str, value: String) {
    w.svc
        .db
        .conn()
        .execute(Statement::from_sql_and_values(
            w.svc.db.backend(),
            sql,
            [value.into()],
        ))
        .await
        .unwrap();
}

#[allow(clippy::unwrap_used)]
async fn rotation_in(w: TestWorld) {
    let appid = seed(&w).await;
    let a = w.key.clone();
    let b = MasterKey::generate();
    let before = read_all(&w.svc, &w, &appid).await;

    // Every sealed column holds something, and all of it opens with A alone.
    let sealed = columns::discover(&w.svc.db).await.unwrap();
    let only_a = rotation::remaining(&w.svc.db, &SecretBox::new(&b).with_previous(&a))
        .await
        .unwrap();
    let names: Vec<String> = sealed.iter().map(columns::SealedColumn::name).collect();
    let seeded: Vec<String> = only_a.iter().map(|r| r.column.clone()).collect();
    assert_eq!(seeded, names, "every sealed column has data under A");
    assert!(only_a.iter().all(|r| r.unreadable == 0), "{only_a:?}");

    // An instance still on A alone blocks the rotation; restarted with B (and A), it does not.
    let on_a = w.services("instance-on-a");
    instances::record(&on_a).await.unwrap();
    let rotating = w.services_with("instance-b", SecretBox::new(&b).with_previous(&a));
    instances::record(&rotating).await.unwrap();
    let unready = rotation::unready_instances(&w.svc.db, &b.fingerprint(), w.svc.now())
        .await
        .unwrap();
    assert_eq!(
        unready
            .iter()
            .map(|i| i.instance_id.as_str())
            .collect::<Vec<_>>(),
        ["instance-on-a"]
    );
    instances::forget(&on_a).await.unwrap();
    assert!(
        rotation::unready_instances(&w.svc.db, &b.fingerprint(), w.svc.now())
            .await
            .unwrap()
            .is_empty()
    );

    // The rotation runs while the console accepting both keys works: it refreshes tokens
    // (writing them under B) and reads everything.
    let mut progress: Vec<ColumnProgress> = Vec::new();
    let mut record = |p: &ColumnProgress| progress.push(p.clone());
    let key = TokenKey::authorizer(w.component().id, appid.clone());
    let (resealed, ()) = tokio::join!(
        rotation::reseal_all(&w.svc.db, &rotating.secrets, &mut record),
        async {
            tokens::refresh_now(&rotating, &key).await.unwrap();
            assert_eq!(
                read_all(&rotating, &w, &appid).await.platform_secret,
                before.platform_secret
            );
        }
    );
    let resealed = resealed.unwrap();
    assert!(resealed.iter().all(|c| c.seen == c.total), "{resealed:?}");
    assert!(resealed.iter().all(|c| c.unreadable == 0), "{resealed:?}");
    assert!(
        progress.iter().any(|p| p.seen == 0),
        "progress from the start"
    );

    // B alone reads everything; only the refreshed token changed.
    let b_only = w.services_with("instance-b-only", SecretBox::new(&b));
    assert!(
        rotation::remaining(&w.svc.db, &SecretBox::new(&b))
            .await
            .unwrap()
            .is_empty()
    );
    let after = read_all(&b_only, &w, &appid).await;
    assert_ne!(
        after.authorizer_token, before.authorizer_token,
        "refreshed during the rotation"
    );
    assert_eq!(
        Readings {
            authorizer_token: before.authorizer_token.clone(),
            ..after
        },
        before
    );
    // A alone no longer reads anything.
    let m = platforms::get_model(&w.svc, w.tenant_id(), w.component().id)
        .await
        .unwrap();
    assert!(platforms::credentials(&w.svc, &m).is_err());

    // The old key may go once no instance seals with it.
    let live = instances::live(&w.svc.db, w.svc.now()).await.unwrap();
    assert_eq!(
        rotation::may_drop_previous(&[], &live, &a.fingerprint()),
        Ok(())
    );
    instances::record(&on_a).await.unwrap();
    let live = instances::live(&w.svc.db, w.svc.now()).await.unwrap();
    assert_eq!(
        rotation::may_drop_previous(&[], &live, &a.fingerprint()),
        Err(vec![
            "instance instance-on-a still seals with the old key".to_string()
        ])
    );
}

#[tokio::test]
async fn rotation_reseals_everything_while_a_console_accepting_both_keys_runs() {
    rotation_in(TestWorld::builder().sandbox().platform().build().await).await;
}

#[tokio::test]
async fn rotation_reseals_everything_while_a_console_accepting_both_keys_runs_on_postgres() {
    match TestWorld::builder()
        .postgres()
        .sandbox()
        .platform()
        .try_build()
        .await
    {
        Some(w) => rotation_in(w).await,
        None => eprintln!("PostgreSQL not configured: skipped"),
    }
}

#[tokio::test]
async fn a_value_written_under_the_old_key_during_the_rotation_is_reported() {
    let w = TestWorld::builder().sandbox().platform().build().await;
    let a = w.key.clone();
    let b = MasterKey::generate();
    let rotating = SecretBox::new(&b).with_previous(&a);
    rotation::reseal_all(&w.svc.db, &rotating, &mut |_| {})
        .await
        .unwrap();
    assert!(
        rotation::remaining(&w.svc.db, &rotating)
            .await
            .unwrap()
            .is_empty()
    );

    // An instance still sealing with A stores a ticket after the pass: the old key is needed.
    let m = w.component().clone();
    platforms::store_ticket(
        &w.svc,
        &m,
        &wxopen::Secret::new("late".to_string()),
        i64::MAX / 2,
    )
    .await
    .unwrap();
    let left = rotation::remaining(&w.svc.db, &rotating).await.unwrap();
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(left[0].column, "components.ticket_enc");
    assert_eq!(left[0].previous_only, 1);
    assert!(rotation::may_drop_previous(&left, &[], &a.fingerprint()).is_err());

    // A value neither key opens is counted, not rewritten.
    w.svc
        .db
        .conn()
        .execute(Statement::from_string(
            w.svc.db.backend(),
            "UPDATE components SET token_enc = 'v1.garbage'",
        ))
        .await
        .unwrap();
    let left = rotation::remaining(&w.svc.db, &rotating).await.unwrap();
    let token = left
        .iter()
        .find(|r| r.column == "components.token_enc")
        .unwrap();
    assert_eq!(token.unreadable, 1);
}

#[tokio::test]
async fn every_sealed_column_has_a_known_row_key() {
    let w = TestWorld::builder().build().await;
    let sealed = columns::discover(&w.svc.db).await.unwrap();
    assert!(sealed.len() >= 14, "{sealed:?}");
    assert!(sealed.iter().any(|c| c.name() == "events.payload_enc"));
}
