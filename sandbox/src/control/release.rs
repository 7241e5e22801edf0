//! `/_sandbox/release_test`: WeChat's full-network release test (全网发布), run against the
//! console's message URL with one of WeChat's test accounts.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use wxopen::push::{
    AuthorizerMessage, RELEASE_TEST_APPIDS, RELEASE_TEST_QUERY_AUTH_PREFIX, RELEASE_TEST_TEXT,
};

use super::messages::{MessageSpec, deliver};
use super::{Body, CtlErr, CtlResult, reply};
use crate::Sandbox;
use crate::model::{AccountSpec, AccountType};

#[derive(Deserialize)]
pub(crate) struct ReleaseBody {
    component_appid: String,
    /// Default: WeChat's test official account `wx570bc396a51b8ff8`.
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

/// The test account exists and is authorized (WeChat's test accounts authorize on their own).
fn prepare(sb: &Sandbox, component: &str, authorizer: &str) -> Result<(), CtlErr> {
    let now = sb.now_ms();
    let mut world = sb.world();
    let offered = world
        .components
        .get(component)
        .map(|c| c.info.func_ids.clone())
        .ok_or_else(|| CtlErr::not_found("no such component"))?;
    if !world.accounts.contains_key(authorizer) {
        if !RELEASE_TEST_APPIDS.contains(&authorizer) {
            return Err(CtlErr::not_found("no such account"));
        }
        world.insert_account(
            AccountSpec {
                appid: Some(authorizer.to_owned()),
                nickname: Some("全网发布测试公众号".into()),
                principal_name: Some("深圳市腾讯计算机系统有限公司".into()),
                ..AccountSpec::default()
            },
            now,
        );
    }
    if world.authorization(component, authorizer).is_err() {
        let kind = world
            .accounts
            .get(authorizer)
            .map_or(AccountType::OfficialAccount, |a| a.account_type);
        let funcs = offered
            .into_iter()
            .filter(|id| kind.all_func_ids().contains(id))
            .collect();
        world.grant(component, authorizer, funcs, now);
    }
    Ok(())
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

/// Checks a passive text reply: right content, addressed back to the user.
fn check_text_reply(
    plain: Option<&str>,
    expected: &str,
    openid: &str,
    gh: &str,
) -> Result<(), String> {
    let plain = plain.ok_or("no passive reply (expected an encrypted text reply)")?;
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

fn case(name: &'static str, result: Result<(), String>, reply_plaintext: Option<String>) -> Case {
    Case {
        case: name,
        passed: result.is_ok(),
        reason: result.err().unwrap_or_else(|| "ok".into()),
        reply_plaintext,
    }
}

/// Waits until the console sent `content` to `openid` through `message/custom/send`.
async fn wait_custom(
    sb: &Sandbox,
    authorizer: &str,
    openid: &str,
    content: &str,
    from: usize,
) -> bool {
    let deadline = tokio::time::Instant::now() + sb.config().release_test_timeout;
    loop {
        let notified = sb.inner.custom_sent.notified();
        let found = sb.world().custom_messages.iter().skip(from).any(|m| {
            m.authorizer_appid == authorizer
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

/// `POST /_sandbox/release_test`: the text, API and event cases, each with its verdict.
pub(crate) async fn run(State(sb): State<Sandbox>, Body(b): Body<ReleaseBody>) -> CtlResult {
    let component = b.component_appid;
    let authorizer = b
        .authorizer_appid
        .unwrap_or_else(|| RELEASE_TEST_APPIDS[0].to_owned());
    prepare(&sb, &component, &authorizer)?;
    let mut cases = Vec::new();

    let text = spec(
        &component,
        &authorizer,
        "text",
        Some(RELEASE_TEST_TEXT.into()),
        None,
    );
    let (answer, openid, gh) = deliver(&sb, &text, Vec::new()).await?;
    let expected = format!("{RELEASE_TEST_TEXT}_callback");
    let result = if answer.passive_reply_ok {
        check_text_reply(answer.reply_plaintext.as_deref(), &expected, &openid, &gh)
    } else {
        Err(answer
            .error
            .clone()
            .unwrap_or_else(|| "invalid passive reply".into()))
    };
    cases.push(case("text", result, answer.reply_plaintext));

    let (code, _) = sb
        .world()
        .issue_auth_code(&component, &authorizer, sb.now_ms());
    let before = sb.world().custom_messages.len();
    let api = spec(
        &component,
        &authorizer,
        "text",
        Some(format!("{RELEASE_TEST_QUERY_AUTH_PREFIX}{code}")),
        None,
    );
    let (answer, openid, _) = deliver(&sb, &api, Vec::new()).await?;
    let wanted = format!("{code}_from_api");
    let result = if !answer.passive_reply_ok {
        Err(answer
            .error
            .clone()
            .unwrap_or_else(|| "invalid passive reply".into()))
    } else if answer.reply_plaintext.is_some() {
        Err("the passive reply must be empty (or \"success\") for QUERY_AUTH_CODE".into())
    } else if !wait_custom(&sb, &authorizer, &openid, &wanted, before).await {
        Err(format!(
            "no customer-service message {wanted:?} to {openid} through cgi-bin/message/custom/send within {:?}",
            sb.config().release_test_timeout
        ))
    } else if !sb.world().auth_codes.get(&code).is_some_and(|c| c.used) {
        Err("the authorization code was not exchanged with api_query_auth".into())
    } else {
        Ok(())
    };
    cases.push(case("api", result, answer.reply_plaintext));

    let event = spec(
        &component,
        &authorizer,
        "event",
        None,
        Some("LOCATION".into()),
    );
    let extra = vec![
        ("Latitude", "23.137466".to_owned()),
        ("Longitude", "113.352425".to_owned()),
        ("Precision", "119.385040".to_owned()),
    ];
    let (answer, openid, gh) = deliver(&sb, &event, extra).await?;
    let result = if answer.passive_reply_ok {
        check_text_reply(
            answer.reply_plaintext.as_deref(),
            "LOCATIONfrom_callback",
            &openid,
            &gh,
        )
    } else {
        Err(answer
            .error
            .clone()
            .unwrap_or_else(|| "invalid passive reply".into()))
    };
    cases.push(case("event", result, answer.reply_plaintext));

    let passed = cases.iter().all(|c| c.passed);
    reply(serde_json::json!({"passed": passed, "authorizer_appid": authorizer, "cases": cases}))
}
