//! WeChat's release test (全网发布, reference B11/B18), answered by the console for every
//! platform: the passive replies are made when the message arrives (`receive`); this is the part
//! that goes through the API afterwards. `QUERY_AUTH_CODE:<code>`: exchange the code like any
//! authorization (the test account becomes an authorizer), then send `<code>_from_api` as a
//! customer-service message; a test mini program's text: send `…_callback` the same way.

use wxopen::push::{AuthorizerMessage, ReleaseTest};

use super::forward::Job;
use crate::PlatformId;
use crate::authorization;
use crate::authorizers::store;
use crate::error::CoreError;
use crate::message::Bi;
use crate::services::Services;
use crate::tokens;

/// Answers the release-test message of `job` through the API.
pub(crate) async fn answer(svc: &Services, job: &Job) -> Result<Bi, CoreError> {
    let msg = AuthorizerMessage::parse(&job.plaintext)
        .map_err(|e| CoreError::Internal(format!("stored message no longer parses: {e}")))?;
    let appid = job.row.authorizer_appid.as_str();
    let Some(test) = msg.release_test(appid) else {
        return Err(CoreError::Internal(
            "not a release-test message any more".into(),
        ));
    };
    let Some(text) = test.customer_service_text() else {
        return Ok(Bi::new(
            "全网发布测试：已被动回复",
            "Release test: answered passively",
        ));
    };
    match &test {
        ReleaseTest::QueryAuthCode(code) => {
            authorization::exchange_code(svc, &job.component, code).await?;
        }
        // WeChat authorized the test mini program just before (an `authorized` push): its
        // token exists once that push is processed, which may not have happened yet.
        _ => {
            if let Err(e) = crate::events::process_pending(svc).await {
                tracing::warn!("processing pending events before the release test: {e}");
            }
        }
    }
    send(svc, job.component.id, appid, &msg.from_user_name, &text).await?;
    Ok(Bi::new(
        format!("全网发布测试：已通过客服消息接口回复 {}", mask(&text)),
        format!(
            "Release test: answered through the customer-service API with {}",
            mask(&text)
        ),
    ))
}

/// The reply text shows the authorization code in it: only its start is kept for display.
fn mask(text: &str) -> String {
    match text.strip_suffix("_from_api") {
        Some(code) => format!("{}…_from_api", code.chars().take(8).collect::<String>()),
        None => text.to_string(),
    }
}

async fn send(
    svc: &Services,
    component_id: PlatformId,
    appid: &str,
    openid: &str,
    text: &str,
) -> Result<(), CoreError> {
    let sent = tokens::with_authorizer_token(svc, component_id, appid, |token| async move {
        svc.wechat.send_custom_text(&token, openid, text).await
    })
    .await;
    match sent {
        Err(tokens::CallError::Api(e)) => {
            let mini_program = store::find(svc, component_id, appid)
                .await?
                .is_some_and(|a| a.kind == crate::AccountKind::MiniProgram);
            Err(match tokens::permission_error(&e, appid, mini_program) {
                Some(m) => CoreError::Upstream(m),
                None => tokens::api_error_to_core(&e),
            })
        }
        other => other.map_err(CoreError::from),
    }
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn codes_are_masked_in_what_staff_see() {
        assert_eq!(
            mask("queryauthcode@@@abcdef_from_api"),
            "queryaut…_from_api"
        );
        assert_eq!(
            mask("TESTCOMPONENT_MSG_TYPE_TEXT_callback"),
            "TESTCOMPONENT_MSG_TYPE_TEXT_callback"
        );
    }
}
