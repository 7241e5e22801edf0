//! Fast-registration tasks end to end against the sandbox: each flow's notification reaches its
//! task by its own key (taskid, unique_id, the new appid, the subject, or for the bare failure
//! the platform's only running task); the same notification twice changes nothing; rejections
//! and the 24-hour deadline end tasks with their reason; the poller finds a result whose
//! notification was lost; reuse is offered only to qualifying accounts, five times a month.

use console_core::registrations::{self, NotifyKind, TaskDetail};
use console_core::testing::{TestWorld, eventually};
use console_core::{
    CoreError, EventId, TaskForm, TaskId, TaskState, TaskStep, VerifyState, events,
};
use reqwest::Method;
use serde_json::json;
use wechat_sandbox::{AccountSpec, AccountType};
use wxopen::push::{RegistrationInfo, RegistrationResult};

const CODE_CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const CODE_WEIGHTS: [usize; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// A unified social credit code with a correct check character, different for each `n`.
fn credit_code(n: u32) -> String {
    let body = format!("91440300{n:09}");
    let sum: usize = body
        .bytes()
        .zip(CODE_WEIGHTS)
        .map(|(b, w)| CODE_CHARS.iter().position(|c| *c == b).unwrap_or(0) * w)
        .sum();
    format!("{body}{}", CODE_CHARS[(31 - sum % 31) % 31] as char)
}

async fn world() -> TestWorld {
    TestWorld::builder().sandbox().platform().build().await
}

#[allow(clippy::unwrap_used)]
async fn start(w: &TestWorld, form: TaskForm) -> TaskId {
    registrations::start(&w.svc, w.tenant_id(), None, w.component().id, &form)
        .await
        .unwrap()
}

#[allow(clippy::unwrap_used)]
async fn task(w: &TestWorld, id: TaskId) -> TaskDetail {
    registrations::get(&w.svc, w.tenant_id(), id).await.unwrap()
}

/// Processes pushes until task `id` is in `state`.
#[allow(clippy::unwrap_used)]
async fn until_state(w: &TestWorld, id: TaskId, state: TaskState) -> TaskDetail {
    eventually(&format!("task {id} to be {state}"), || async {
        events::process_pending(&w.svc).await.unwrap();
        let t = task(w, id).await;
        (t.row.state == state).then_some(t)
    })
    .await
}

/// The sandbox's id of a task (taskid or unique_id).
#[allow(clippy::unwrap_used)]
async fn wechat_id(w: &TestWorld, id: TaskId) -> String {
    let t = task(w, id).await;
    t.taskid.or(t.unique_id).unwrap()
}

async fn confirm(w: &TestWorld, wechat_id: &str) {
    w.control(
        Method::POST,
        &format!("registrations/{wechat_id}/confirm"),
        json!({}),
    )
    .await;
}

fn steps(t: &TaskDetail, step: TaskStep) -> usize {
    t.steps.iter().filter(|s| s.step == step).count()
}

fn enterprise(n: u32) -> TaskForm {
    TaskForm::Enterprise {
        name: format!("深圳市小鹅科技有限公司第{n}分公司"),
        code: credit_code(n),
        phone: "13800138000".into(),
    }
}

#[tokio::test]
async fn each_notification_reaches_its_task_and_twice_changes_nothing() {
    each_notification_reaches_its_task_and_twice_changes_nothing_in(world().await).await;
}

#[tokio::test]
async fn each_notification_reaches_its_task_and_twice_changes_nothing_on_postgres() {
    match TestWorld::builder()
        .postgres()
        .sandbox()
        .platform()
        .try_build()
        .await
    {
        Some(w) => each_notification_reaches_its_task_and_twice_changes_nothing_in(w).await,
        None => eprintln!("PostgreSQL not configured: skipped"),
    }
}

#[allow(clippy::unwrap_used)]
async fn each_notification_reaches_its_task_and_twice_changes_nothing_in(w: TestWorld) {
    // Enterprise: by taskid; the new mini program is an authorizer linked to the task.
    let id = start(&w, enterprise(1)).await;
    let taskid = wechat_id(&w, id).await;
    confirm(&w, &taskid).await;
    let t = until_state(&w, id, TaskState::Succeeded).await;
    let appid = t.row.result_appid.clone().unwrap();
    let authorizer = eventually("the mini program to be linked", || async {
        events::process_pending(&w.svc).await.unwrap();
        task(&w, id).await.row.authorizer_id
    })
    .await;
    assert_eq!(
        registrations::task_of_authorizer(&w.svc, w.tenant_id(), authorizer)
            .await
            .unwrap(),
        Some(id)
    );
    let t = task(&w, id).await;
    assert_eq!(steps(&t, TaskStep::Notified), 1, "{:#?}", t.steps);
    let event_id = t
        .steps
        .iter()
        .find(|s| s.step == TaskStep::Notified)
        .and_then(|s| s.event_id)
        .unwrap();

    // The same notification again (a redelivery, a worker's retry): nothing changes.
    let again = RegistrationResult {
        appid: Some(appid.clone()),
        status: 0,
        auth_code: None,
        msg: Some("OK".into()),
        info: RegistrationInfo {
            taskid: Some(taskid),
            ..RegistrationInfo::default()
        },
    };
    let before = task(&w, id).await;
    let note = registrations::on_notify(
        &w.svc,
        w.component(),
        event_id,
        NotifyKind::Register,
        &again,
    )
    .await
    .unwrap();
    assert!(note.is_some());
    assert_eq!(task(&w, id).await, before);

    // A notification without ids reaches the running task of the same subject.
    let second = start(&w, enterprise(2)).await;
    let by_subject = RegistrationResult {
        appid: None,
        status: 1003,
        auth_code: None,
        msg: Some("admin limit".into()),
        info: RegistrationInfo {
            code: Some(credit_code(2)),
            ..RegistrationInfo::default()
        },
    };
    registrations::on_notify(
        &w.svc,
        w.component(),
        EventId(9_000_001),
        NotifyKind::Register,
        &by_subject,
    )
    .await
    .unwrap()
    .unwrap();
    let t = task(&w, second).await;
    assert_eq!(
        (t.row.state, t.row.wechat_status),
        (TaskState::Failed, Some(1003))
    );
    assert!(t.row.error.unwrap().zh.contains("上限"));

    // Trial: by unique_id, then its verification by the appid.
    let trial = start(
        &w,
        TaskForm::Beta {
            name: "小鹅优选".into(),
            openid: "o6_bmjrPTlm6_2sgVt7hMZOPfL2M".into(),
        },
    )
    .await;
    let unique_id = wechat_id(&w, trial).await;
    confirm(&w, &unique_id).await;
    until_state(&w, trial, TaskState::Succeeded).await;
    let trial_app = eventually("the trial mini program to be linked", || async {
        events::process_pending(&w.svc).await.unwrap();
        let t = task(&w, trial).await;
        t.row.authorizer_id.and(t.row.result_appid)
    })
    .await;
    registrations::rename(&w.svc, w.tenant_id(), trial, "小鹅商城")
        .await
        .unwrap();
    registrations::verify(
        &w.svc,
        w.tenant_id(),
        trial,
        "深圳市小鹅科技有限公司",
        &credit_code(3),
        "0755-86013388",
    )
    .await
    .unwrap();
    assert_eq!(
        task(&w, trial).await.row.beta_step,
        Some(VerifyState::Waiting)
    );
    let pending = w.control(Method::GET, "registrations", json!(null)).await;
    let verification = pending
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == "beta_verify" && r["beta_appid"] == trial_app.as_str())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    confirm(&w, &verification).await;
    let t = eventually("the verification's result", || async {
        events::process_pending(&w.svc).await.unwrap();
        let t = task(&w, trial).await;
        (t.row.beta_step == Some(VerifyState::Succeeded)).then_some(t)
    })
    .await;
    for step in [
        TaskStep::Renamed,
        TaskStep::VerifyStarted,
        TaskStep::Verified,
    ] {
        assert_eq!(steps(&t, step), 1, "{step}: {:#?}", t.steps);
    }
}

#[tokio::test]
async fn rejected_bare_and_expired_tasks_end_with_their_reason() {
    rejected_bare_and_expired_tasks_end_with_their_reason_in(world().await).await;
}

#[tokio::test]
async fn rejected_bare_and_expired_tasks_end_with_their_reason_on_postgres() {
    match TestWorld::builder()
        .postgres()
        .sandbox()
        .platform()
        .try_build()
        .await
    {
        Some(w) => rejected_bare_and_expired_tasks_end_with_their_reason_in(w).await,
        None => eprintln!("PostgreSQL not configured: skipped"),
    }
}

#[allow(clippy::unwrap_used)]
async fn rejected_bare_and_expired_tasks_end_with_their_reason_in(w: TestWorld) {
    let personal = |wxuser: &str| TaskForm::Personal {
        wxuser: wxuser.into(),
        phone: "13800138000".into(),
    };

    let rejected = start(&w, personal("rejecting_user")).await;
    let taskid = wechat_id(&w, rejected).await;
    w.control(
        Method::POST,
        &format!("registrations/{taskid}/reject"),
        json!({}),
    )
    .await;
    let t = until_state(&w, rejected, TaskState::Failed).await;
    assert!(t.row.error.unwrap().zh.contains("拒绝"));

    // The bare failure (status -1, no appid, no info) reaches the only running task.
    let bare = start(&w, personal("bare_user_1")).await;
    let taskid = wechat_id(&w, bare).await;
    w.control(
        Method::POST,
        &format!("registrations/{taskid}/fail_bare"),
        json!({}),
    )
    .await;
    let t = until_state(&w, bare, TaskState::Failed).await;
    assert_eq!(t.row.wechat_status, Some(-1));

    // Nobody confirms within 24 hours (on WeChat's clock and the console's).
    let expired = start(&w, personal("sleepy_user")).await;
    w.control(Method::POST, "clock", json!({"advance_secs": 25 * 3600}))
        .await;
    w.clock.advance_ms(25 * 3_600_000);
    let report = registrations::poll_once(&w.svc).await.unwrap();
    assert_eq!(report.expired, 1, "{report:?}");
    let t = task(&w, expired).await;
    assert_eq!(t.row.state, TaskState::Expired);
    assert_eq!(steps(&t, TaskStep::Expired), 1);
    // A second round changes nothing.
    registrations::poll_once(&w.svc).await.unwrap();
    assert_eq!(task(&w, expired).await, t);
}

#[tokio::test]
async fn the_poller_finds_a_result_whose_notification_was_lost() {
    the_poller_finds_a_result_whose_notification_was_lost_in(world().await).await;
}

#[tokio::test]
async fn the_poller_finds_a_result_whose_notification_was_lost_on_postgres() {
    match TestWorld::builder()
        .postgres()
        .sandbox()
        .platform()
        .try_build()
        .await
    {
        Some(w) => the_poller_finds_a_result_whose_notification_was_lost_in(w).await,
        None => eprintln!("PostgreSQL not configured: skipped"),
    }
}

#[allow(clippy::unwrap_used)]
async fn the_poller_finds_a_result_whose_notification_was_lost_in(w: TestWorld) {
    let id = start(&w, enterprise(7)).await;
    let taskid = wechat_id(&w, id).await;
    w.control(
        Method::POST,
        "pushes/drop",
        json!({"info_type": "notify_third_fasteregister"}),
    )
    .await;
    confirm(&w, &taskid).await;
    // The new mini program's own `authorized` push still arrives.
    eventually("the authorized push", || async {
        (events::process_pending(&w.svc).await.unwrap() > 0).then_some(())
    })
    .await;
    assert_eq!(task(&w, id).await.row.state, TaskState::Waiting);
    // Too early to ask WeChat: the notification may still come.
    assert_eq!(registrations::poll_once(&w.svc).await.unwrap().queried, 0);
    w.clock.advance_ms(61_000);
    let report = registrations::poll_once(&w.svc).await.unwrap();
    assert_eq!((report.queried, report.finished), (1, 1), "{report:?}");
    let t = task(&w, id).await;
    assert_eq!(
        (t.row.state, t.row.wechat_status),
        (TaskState::Succeeded, Some(12))
    );
    assert!(
        t.row.authorizer_id.is_some(),
        "linked by its enterprise name: {:#?}",
        t.steps
    );
}

/// The official account's administrator on the console's page: WeChat's `fastregisterauth`
/// (opened from the console's host), confirmed; the return with the ticket.
#[allow(clippy::unwrap_used)]
async fn administrator_approves(w: &TestWorld, id: TaskId) -> TaskDetail {
    let page = task(w, id).await.confirm_url.unwrap();
    let token = page.rsplit('/').next().unwrap().to_string();
    let url = registrations::start_reuse_redirect(&w.svc, &token)
        .await
        .unwrap();
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let confirmed = browser
        .post(&url)
        .header("referer", format!("{}/register/{token}", w.base_url))
        .form(&[("action", "confirm")])
        .send()
        .await
        .unwrap();
    let back = confirmed.headers()["location"]
        .to_str()
        .unwrap()
        .to_string();
    let ticket = url::Url::parse(&back)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "ticket")
        .unwrap()
        .1
        .to_string();
    registrations::on_reuse_return(&w.svc, &w.component().appid, &token, &ticket)
        .await
        .unwrap();
    task(w, id).await
}

#[tokio::test]
async fn reuse_is_offered_to_qualifying_accounts_five_times_a_month() {
    reuse_is_offered_to_qualifying_accounts_five_times_a_month_in(world().await).await;
}

#[tokio::test]
async fn reuse_is_offered_to_qualifying_accounts_five_times_a_month_on_postgres() {
    match TestWorld::builder()
        .postgres()
        .sandbox()
        .platform()
        .try_build()
        .await
    {
        Some(w) => reuse_is_offered_to_qualifying_accounts_five_times_a_month_in(w).await,
        None => eprintln!("PostgreSQL not configured: skipped"),
    }
}

#[allow(clippy::unwrap_used)]
async fn reuse_is_offered_to_qualifying_accounts_five_times_a_month_in(w: TestWorld) {
    let account = |nickname: &str| {
        w.sandbox()
            .create_account(AccountSpec {
                account_type: Some(AccountType::OfficialAccount),
                nickname: Some(nickname.into()),
                verify_type: Some(0),
                ..Default::default()
            })
            .appid
    };
    let without_27 = account("没有权限集 27 的公众号");
    let qualified = account("可复用资质的公众号");
    w.authorize(&without_27, &[1, 2]).await;
    w.authorize(&qualified, &[1, 2, 27]).await;
    let candidates = registrations::reuse_candidates(&w.svc, w.tenant_id(), w.component().id)
        .await
        .unwrap();
    let of = |appid: &str| {
        candidates
            .iter()
            .find(|c| c.appid == appid)
            .unwrap()
            .clone()
    };
    assert!(!of(&without_27).has_set && of(&qualified).has_set);

    let reuse = |oa| TaskForm::Reuse {
        official_account: oa,
        copy_verification: true,
    };
    match registrations::start(
        &w.svc,
        w.tenant_id(),
        None,
        w.component().id,
        &reuse(of(&without_27).id),
    )
    .await
    {
        Err(CoreError::Invalid(m)) => {
            assert_eq!(m.field.as_deref(), Some("official_account"));
            assert!(m.zh.contains("27"), "{m:?}");
        }
        other => panic!("{other:?}"),
    }
    for n in 1..=5 {
        let id = start(&w, reuse(of(&qualified).id)).await;
        let t = administrator_approves(&w, id).await;
        assert_eq!(
            t.row.state,
            TaskState::Succeeded,
            "reuse {n}: {:#?}",
            t.steps
        );
        assert!(t.row.authorizer_id.is_some(), "reuse {n}");
    }
    let candidates = registrations::reuse_candidates(&w.svc, w.tenant_id(), w.component().id)
        .await
        .unwrap();
    let used = candidates.iter().find(|c| c.appid == qualified).unwrap();
    assert_eq!((used.used_this_month, used.limit), (5, 5));
    match registrations::start(
        &w.svc,
        w.tenant_id(),
        None,
        w.component().id,
        &reuse(used.id),
    )
    .await
    {
        Err(CoreError::Invalid(m)) => assert!(m.zh.contains("5"), "{m:?}"),
        other => panic!("a sixth reuse this month: {other:?}"),
    }
}
