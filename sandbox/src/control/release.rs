//! `/_sandbox/release_test`: WeChat's full-network release test (全网发布) against the console.
//! As WeChat does (reference B18), one of its five groups of test accounts is drawn, the
//! group's accounts that the component's permission sets make relevant are authorized to it
//! (with an `authorized` push the console must answer), then the cases of those sets run through
//! the console's message URL: the official account's when the component offers set 1 消息管理,
//! the mini program's when it offers set 19 小程序客服管理.

use axum::extract::State;
use rand::Rng as _;
use serde::{Deserialize, Serialize};
use serde_json::json;
use wxopen::funcscope::AccountKind;
use wxopen::push::{
    AuthorizerMessage, RELEASE_TEST_ACCOUNTS, RELEASE_TEST_QUERY_AUTH_PREFIX, RELEASE_TEST_TEXT,
    ReleaseTestAccount, release_test_account,
};

use super::messages::{MessageSpec, deliver};
use super::{Body, CtlErr, CtlResult, reply};
use crate::Sandbox;
use crate::events;
use crate::model::{AccountSpec, AccountType};
use crate::push::MessageReply;
use crate::state::PushJob;

/// The official account's cases run when the component offers 消息管理.
const OA_MESSAGES: u32 = 1;
/// The mini program's cases run when the component offers 小程序客服管理.
const MP_CUSTOMER_SERVICE: u32 = 19;
/// WeChat's test accounts belong to Tencent.
const TEST_PRINCIPAL: &str = "深圳市腾讯计算机系统有限公司";
/// The answer when no case applies (WeChat skips the message cases; the sandbox fails the run so
/// a console cannot pass the test without handling any).
const NO_CASE: &str = "暂没有测试用例：第三方平台既未勾选公众号消息管理权限集（1），也未勾选小程序客服消息管理权限集（19） · no test case: the platform offers neither set 1 (official account message management) nor set 19 (mini program customer service)";

#[derive(Deserialize)]
pub(crate) struct ReleaseBody {
    component_appid: String,
    /// 1-5; drawn at random when absent.
    #[serde(default)]
    group: Option<u8>,
    /// One of WeChat's test accounts: fixes the group.
    #[serde(default)]
    authorizer_appid: Option<String>,
}

/// One case of the test.
#[derive(Debug, Serialize)]
pub(crate) struct Case {
    pub case: &'static str,
    pub passed: bool,
    pub reason: String,
    pub reply_plaintext: Option<String>,
}

fn case(name: &'static str, result: Result<(), String>, reply_plaintext: Option<String>) -> Case {
    Case {
        case: name,
        passed: result.is_ok(),
        reason: result.err().unwrap_or_else(|| "ok".into()),
        reply_plaintext,
    }
}

/// The group asked for, the one the test account belongs to, or one at random.
fn pick_group(b: &ReleaseBody) -> Result<u8, CtlErr> {
    let fixed = match &b.authorizer_appid {
        Some(appid) => Some(
            release_test_account(appid)
                .ok_or_else(|| {
                    CtlErr::bad(format!(
                        "{appid} is not one of WeChat's release-test accounts"
                    ))
                })?
                .group,
        ),
        None => None,
    };
    match (b.group, fixed) {
        (Some(g), _) if !(1..=5).contains(&g) => Err(CtlErr::bad("group must be 1 to 5")),
        (Some(g), Some(f)) if g != f => Err(CtlErr::bad(format!(
            "authorizer_appid belongs to group {f}, not {g}"
        ))),
        (Some(g), _) | (None, Some(g)) => Ok(g),
        (None, None) => Ok(rand::thread_rng().gen_range(1..=5)),
    }
}

/// The account type of a test account.
fn account_type(t: &ReleaseTestAccount) -> AccountType {
    match t.kind {
        AccountKind::MiniProgram => AccountType::MiniProgram,
        _ => AccountType::OfficialAccount,
    }
}

/// Creates the test account if missing and (re-)authorizes it with the component's offered sets
/// of its kind, as WeChat's test accounts authorize on their own; returns the push.
fn authorize_test_account(
    sb: &Sandbox,
    component: &str,
    t: &ReleaseTestAccount,
    offered: &[u32],
) -> PushJob {
    let now = sb.now_ms();
    let kind = account_type(t);
    let mut world = sb.world();
    match world.accounts.get_mut(t.appid) {
        Some(existing) => existing.user_name = t.user_name.to_owned(),
        None => {
            world.insert_account(
                AccountSpec {
                    appid: Some(t.appid.to_owned()),
                    account_type: Some(kind),
                    nickname: Some(format!("全网发布测试{}", kind.zh())),
                    principal_name: Some(TEST_PRINCIPAL.into()),
                    user_name: Some(t.user_name.to_owned()),
                    ..AccountSpec::default()
                },
                now,
            );
        }
    }
    let own = kind.all_func_ids();
    let funcs = offered
        .iter()
        .copied()
        .filter(|id| own.contains(id))
        .collect();
    let update = world.grant(component, t.appid, funcs, now);
    let event = if update {
        "updateauthorized"
    } else {
        "authorized"
    };
    let (code, expires_at) = world.issue_auth_code(component, t.appid, now);
    PushJob {
        component_appid: component.to_owned(),
        info_type: event.into(),
        authorizer_appid: Some(t.appid.to_owned()),
        plaintext: events::authorized(
            component,
            now / 1000,
            event,
            t.appid,
            &code,
            expires_at,
            None,
        ),
    }
}

fn spec(
    component: &str,
    authorizer: &str,
    msg_type: &str,
    content: Option<String>,
    event: Option<String>,
) -> MessageSpec {
    MessageSpec {
        component_appid: component.to_owned(),
        authorizer_appid: authorizer.to_owned(),
        msg_type: msg_type.to_owned(),
        content,
        event,
        event_key: None,
        openid: None,
    }
}

fn answer_error(answer: &MessageReply) -> String {
    answer
        .error
        .clone()
        .unwrap_or_else(|| "invalid passive reply".into())
}

/// Checks a passive text reply: right content, addressed back to the user.
fn check_text_reply(
    answer: &MessageReply,
    expected: &str,
    openid: &str,
    gh: &str,
) -> Result<(), String> {
    if !answer.passive_reply_ok {
        return Err(answer_error(answer));
    }
    let plain = answer
        .reply_plaintext
        .as_deref()
        .ok_or("no passive reply (expected an encrypted text reply)")?;
    let msg =
        AuthorizerMessage::parse(plain).map_err(|e| format!("the reply is not a message: {e}"))?;
    if msg.text() != Some(expected) {
        return Err(format!(
            "expected text {expected:?}, got {:?} ({})",
            msg.text(),
            msg.msg_type
        ));
    }
    if msg.to_user_name != openid || msg.from_user_name != gh {
        return Err(format!(
            "the reply must go from {gh} to {openid}, not from {} to {}",
            msg.from_user_name, msg.to_user_name
        ));
    }
    Ok(())
}

/// Waits until the console sent `content` to `openid` of `authorizer` through
/// `message/custom/send`.
async fn wait_custom(
    sb: &Sandbox,
    component: &str,
    authorizer: &str,
    openid: &str,
    content: &str,
    from: usize,
) -> bool {
    let deadline = tokio::time::Instant::now() + sb.config().release_test_timeout;
    loop {
        let notified = sb.inner.custom_sent.notified();
        let found = sb.world().custom_messages.iter().skip(from).any(|m| {
            m.component_appid == component
                && m.authorizer_appid == authorizer
                && m.touser == openid
                && m.content.as_deref() == Some(content)
        });
        if found {
            return true;
        }
        if tokio::time::timeout_at(deadline, notified).await.is_err() {
            return false;
        }
    }
}

fn no_custom_message(sb: &Sandbox, wanted: &str, openid: &str) -> String {
    format!(
        "no customer-service message {wanted:?} to {openid} through cgi-bin/message/custom/send within {:?}",
        sb.config().release_test_timeout
    )
}

/// `TESTCOMPONENT_MSG_TYPE_TEXT` to the official account: passive encrypted reply
/// `TESTCOMPONENT_MSG_TYPE_TEXT_callback`.
async fn oa_text(sb: &Sandbox, component: &str, appid: &str) -> Result<Case, CtlErr> {
    let text = spec(
        component,
        appid,
        "text",
        Some(RELEASE_TEST_TEXT.into()),
        None,
    );
    let (answer, openid, gh) = deliver(sb, &text, Vec::new()).await?;
    let expected = format!("{RELEASE_TEST_TEXT}_callback");
    let result = check_text_reply(&answer, &expected, &openid, &gh);
    Ok(case("oa_text", result, answer.reply_plaintext))
}

/// The LOCATION event to the official account: passive reply `LOCATIONfrom_callback`.
async fn oa_event(sb: &Sandbox, component: &str, appid: &str) -> Result<Case, CtlErr> {
    let event = spec(component, appid, "event", None, Some("LOCATION".into()));
    let extra = vec![
        ("Latitude", "23.137466".to_owned()),
        ("Longitude", "113.352425".to_owned()),
        ("Precision", "119.385040".to_owned()),
    ];
    let (answer, openid, gh) = deliver(sb, &event, extra).await?;
    let result = check_text_reply(&answer, "LOCATIONfrom_callback", &openid, &gh);
    Ok(case("oa_event", result, answer.reply_plaintext))
}

/// `QUERY_AUTH_CODE:<code>`: an empty answer, then within the timeout the code exchanged with
/// `api_query_auth` and the customer-service text `<code>_from_api` sent to the user.
async fn api_case(
    sb: &Sandbox,
    name: &'static str,
    component: &str,
    appid: &str,
) -> Result<Case, CtlErr> {
    let (code, _) = sb.world().issue_auth_code(component, appid, sb.now_ms());
    let before = sb.world().custom_messages.len();
    let api = spec(
        component,
        appid,
        "text",
        Some(format!("{RELEASE_TEST_QUERY_AUTH_PREFIX}{code}")),
        None,
    );
    let (answer, openid, _) = deliver(sb, &api, Vec::new()).await?;
    let wanted = format!("{code}_from_api");
    let result = if !answer.passive_reply_ok {
        Err(answer_error(&answer))
    } else if answer.reply_plaintext.is_some() {
        Err("the passive reply must be empty (or \"success\") for QUERY_AUTH_CODE".into())
    } else if !wait_custom(sb, component, appid, &openid, &wanted, before).await {
        Err(no_custom_message(sb, &wanted, &openid))
    } else if !sb.world().auth_codes.get(&code).is_some_and(|c| c.used) {
        Err("the authorization code was not exchanged with api_query_auth".into())
    } else {
        Ok(())
    };
    Ok(case(name, result, answer.reply_plaintext))
}

/// `TESTCOMPONENT_MSG_TYPE_TEXT` to the mini program: an empty answer (a mini program takes no
/// passive reply), then the customer-service text `TESTCOMPONENT_MSG_TYPE_TEXT_callback`.
async fn mp_text(sb: &Sandbox, component: &str, appid: &str) -> Result<Case, CtlErr> {
    let before = sb.world().custom_messages.len();
    let text = spec(
        component,
        appid,
        "text",
        Some(RELEASE_TEST_TEXT.into()),
        None,
    );
    let (answer, openid, _) = deliver(sb, &text, Vec::new()).await?;
    let wanted = format!("{RELEASE_TEST_TEXT}_callback");
    let result = if !answer.passive_reply_ok {
        Err(answer_error(&answer))
    } else if answer.reply_plaintext.is_some() {
        Err(format!(
            "a mini program takes no passive reply: answer empty (or \"success\"), then send {wanted:?} through customer service"
        ))
    } else if !wait_custom(sb, component, appid, &openid, &wanted, before).await {
        Err(no_custom_message(sb, &wanted, &openid))
    } else {
        Ok(())
    };
    Ok(case("mp_text", result, answer.reply_plaintext))
}

/// `POST /_sandbox/release_test {"component_appid", "group"?, "authorizer_appid"?}`:
/// `{"passed", "group", "accounts", "cases": [{"case", "passed", "reason", "reply_plaintext"}],
/// "reason"}`. The first case, `authorization`, is the `authorized` pushes of the test accounts.
pub(crate) async fn run(State(sb): State<Sandbox>, Body(b): Body<ReleaseBody>) -> CtlResult {
    let group = pick_group(&b)?;
    let component = b.component_appid;
    let offered = sb
        .world()
        .components
        .get(&component)
        .map(|c| c.info.func_ids.clone())
        .ok_or_else(|| CtlErr::not_found("no such component"))?;
    let in_group = |kind: AccountKind| {
        RELEASE_TEST_ACCOUNTS
            .iter()
            .find(|a| a.group == group && a.kind == kind)
    };
    let oa = in_group(AccountKind::OfficialAccount).filter(|_| offered.contains(&OA_MESSAGES));
    let mp = in_group(AccountKind::MiniProgram).filter(|_| offered.contains(&MP_CUSTOMER_SERVICE));
    let accounts: Vec<&ReleaseTestAccount> = oa.into_iter().chain(mp).collect();
    if accounts.is_empty() {
        return reply(json!({
            "passed": false, "group": group, "accounts": [], "cases": [], "reason": NO_CASE,
        }));
    }

    let mut failures = Vec::new();
    for t in &accounts {
        let job = authorize_test_account(&sb, &component, t, &offered);
        let record = crate::push::push_event(&sb, job).await;
        if record.outcome != "success" {
            failures.push(format!(
                "the {} push for {} got {}{}",
                record.kind,
                t.appid,
                record.outcome,
                record.error.map(|e| format!(": {e}")).unwrap_or_default()
            ));
        }
    }
    let authorization = if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("; "))
    };
    let mut cases = vec![case("authorization", authorization, None)];
    if let Some(t) = oa {
        cases.push(oa_text(&sb, &component, t.appid).await?);
        cases.push(api_case(&sb, "oa_api", &component, t.appid).await?);
        cases.push(oa_event(&sb, &component, t.appid).await?);
    }
    if let Some(t) = mp {
        cases.push(mp_text(&sb, &component, t.appid).await?);
        cases.push(api_case(&sb, "mp_api", &component, t.appid).await?);
    }
    let passed = cases.iter().all(|c| c.passed);
    let appids: Vec<&str> = accounts.iter().map(|a| a.appid).collect();
    reply(json!({
        "passed": passed, "group": group, "accounts": appids, "cases": cases, "reason": null,
    }))
}
