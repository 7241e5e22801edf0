//! Fast registration through the server functions: who may start a task, every field checked
//! before WeChat is called, a second task for the same subject refused, WeChat's refusals kept
//! on the task, and no tenant ever reaching another's tasks.

use console_app::api::registrations::{ReuseCandidateItem, TaskInfo, TaskItem};
use console_app::api::shared::ListPage;
use console_app::error::AppError;
use console_core::accounts::Role;
use console_core::testing::PlatformSpec;
use console_core::{PlatformId, TaskId, TaskState};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{FnResult, TestApp, call_json_with, client_with_jar};

/// A signed-in browser of `username`.
#[allow(clippy::unwrap_used)]
async fn signed_in(app: &TestApp, username: &str, password: &str) -> reqwest::Client {
    let (client, _) = client_with_jar();
    crate::helpers::call_with::<()>(
        &client,
        &app.base_url,
        "auth/login",
        &[("username", username), ("password", password)],
    )
    .await
    .unwrap();
    client
}

async fn start(
    app: &TestApp,
    client: &reqwest::Client,
    platform: PlatformId,
    form: Value,
) -> FnResult<TaskId> {
    call_json_with(
        client,
        &app.base_url,
        "registrations/start",
        &json!({"platform_id": platform, "form": form}),
    )
    .await
}

/// Calls of WeChat's three task-creating APIs so far.
async fn create_calls(app: &TestApp) -> u64 {
    let mut n = 0;
    for e in [
        "fastregisterenterpriseweapp",
        "fastregisterpersonalweapp",
        "fastregisterbetaweapp",
    ] {
        n += app.calls(e).await;
    }
    n
}

fn refused_on(r: FnResult<TaskId>, field: &str, says: &str) {
    match r {
        Err((StatusCode::UNPROCESSABLE_ENTITY, AppError::Invalid(m))) => {
            assert_eq!(m.field.as_deref(), Some(field), "{m:?}");
            assert!(m.zh.contains(says), "{m:?}");
        }
        other => panic!("{field}: {other:?}"),
    }
}

#[tokio::test]
async fn tasks_are_started_by_operators_with_every_field_checked_before_wechat() {
    let app = TestApp::builder().sandbox().platform().build().await;
    let platform = app.platform().component.id;
    app.seed_member("Acme", "carol", "carol-password", Role::Viewer)
        .await;
    let (client, _) = client_with_jar();
    let personal = json!({"kind": "personal", "wxuser": "xiaoe_2024", "phone": "13800138000"});
    assert_eq!(
        start(&app, &client, platform, personal.clone())
            .await
            .unwrap_err(),
        (StatusCode::UNAUTHORIZED, AppError::Unauthorized)
    );
    let carol = signed_in(&app, "carol", "carol-password").await;
    assert_eq!(
        start(&app, &carol, platform, personal.clone())
            .await
            .unwrap_err(),
        (StatusCode::FORBIDDEN, AppError::Forbidden)
    );

    let alice = signed_in(&app, "alice", "alice-password").await;
    let before = create_calls(&app).await;
    for (form, field, says) in [
        (
            json!({"kind": "enterprise", "name": "深圳市小鹅科技有限公司", "code": "91440300708461136X", "phone": "13800138000"}),
            "code",
            "校验位",
        ),
        (
            json!({"kind": "enterprise", "name": "深圳市小鹅科技有限公司", "code": "91440300708461136T", "phone": "8888"}),
            "phone",
            "联系电话",
        ),
        (
            json!({"kind": "personal", "wxuser": "13800138000", "phone": "13800138000"}),
            "wxuser",
            "微信号",
        ),
        (
            json!({"kind": "beta", "name": "小鹅", "openid": "o6_bmjrPTlm6_2sgVt7hMZOPfL2M"}),
            "name",
            "4 至 30",
        ),
        (
            json!({"kind": "beta", "name": "微信小鹅商城", "openid": "o6_bmjrPTlm6_2sgVt7hMZOPfL2M"}),
            "name",
            "微信",
        ),
        (
            json!({"kind": "beta", "name": "小鹅优选", "openid": "微信号"}),
            "openid",
            "openid",
        ),
    ] {
        refused_on(start(&app, &alice, platform, form).await, field, says);
    }
    let after = create_calls(&app).await;
    assert_eq!(before, after, "no invalid task reached WeChat");

    // A valid task waits for the user, with WeChat's page to send them.
    let id = start(&app, &alice, platform, personal.clone())
        .await
        .unwrap();
    let task: TaskInfo = crate::helpers::call_with(
        &alice,
        &app.base_url,
        "registrations/get",
        &[("id", &id.to_string())],
    )
    .await
    .unwrap();
    assert_eq!(task.item.state, TaskState::Waiting);
    assert!(task.confirm_url.is_some() && task.qr_svg.is_some());
    assert!(task.taskid.is_some());
    assert!(
        task.inputs.iter().all(|(_, v)| !v.contains("xiaoe_2024")),
        "personal data is masked: {:?}",
        task.inputs
    );
    // A second task for the same user is refused while the first runs.
    match start(&app, &alice, platform, personal.clone()).await {
        Err((StatusCode::UNPROCESSABLE_ENTITY, AppError::Invalid(m))) => {
            assert_eq!(m.field.as_deref(), Some("wxuser"));
            assert!(m.zh.contains(&format!("#{id}")), "{m:?}");
        }
        other => panic!("a second running task: {other:?}"),
    }

    // Another tenant's console does not know the first task, but WeChat does (89249, B23): its
    // refusal is explained and kept on a failed task.
    let other = app
        .add_platform(&PlatformSpec {
            tenant: "Other".into(),
            name: "Other 平台".into(),
            token: "othertoken1".into(),
            ..PlatformSpec::default()
        })
        .await;
    app.seed_member("Other", "bob", "bob-password", Role::Owner)
        .await;
    let bob = signed_in(&app, "bob", "bob-password").await;
    match start(&app, &bob, other.component.id, personal).await {
        Err((StatusCode::BAD_GATEWAY, AppError::Upstream(m))) => {
            assert!(m.zh.contains("89249"), "{m:?}");
        }
        other => panic!("WeChat's 89249: {other:?}"),
    }
    let bobs: ListPage<TaskItem> =
        crate::helpers::call_with(&bob, &app.base_url, "registrations/list", &[])
            .await
            .unwrap();
    assert_eq!(bobs.page.total, 1);
    assert_eq!(bobs.items[0].state, TaskState::Failed);
    assert!(
        bobs.items[0]
            .error
            .as_ref()
            .is_some_and(|e| e.zh.contains("89249")),
        "{:?}",
        bobs.items[0]
    );

    // Neither sees the other's tasks or platform.
    let alices: ListPage<TaskItem> =
        crate::helpers::call_with(&alice, &app.base_url, "registrations/list", &[])
            .await
            .unwrap();
    assert_eq!(
        alices.items.iter().map(|t| t.id).collect::<Vec<_>>(),
        vec![id]
    );
    let foreign = start(
        &app,
        &alice,
        other.component.id,
        json!({"kind": "personal", "wxuser": "another_user", "phone": "13800138000"}),
    )
    .await;
    assert_eq!(
        foreign.unwrap_err(),
        (StatusCode::NOT_FOUND, AppError::NotFound)
    );
    let candidates: FnResult<Vec<ReuseCandidateItem>> = crate::helpers::call_with(
        &alice,
        &app.base_url,
        "registrations/reuse-candidates",
        &[("platform_id", &other.component.id.to_string())],
    )
    .await;
    assert_eq!(
        candidates.unwrap_err(),
        (StatusCode::NOT_FOUND, AppError::NotFound)
    );
}

#[tokio::test]
async fn a_form_that_is_not_one_of_the_four_flows_is_refused_with_a_reason() {
    let app = TestApp::builder().sandbox().platform().build().await;
    let alice = signed_in(&app, "alice", "alice-password").await;
    let r = start(
        &app,
        &alice,
        app.platform().component.id,
        json!({"kind": "franchise", "name": "x"}),
    )
    .await;
    match r {
        Err((StatusCode::UNPROCESSABLE_ENTITY, AppError::Invalid(m))) => {
            assert!(m.zh.contains("请求参数无效"), "{m:?}");
        }
        other => panic!("{other:?}"),
    }
}
