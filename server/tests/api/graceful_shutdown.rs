//! Graceful shutdown (issue 14), as SIGTERM or a Kubernetes rollout triggers it: the message
//! WeChat is waiting on when the signal comes is still answered (with the webhook's reply), the
//! server then stops accepting connections, and the workers leave no lease or claim behind, so
//! another instance can take over at once instead of waiting for leases to expire.

use std::time::Duration;

use console_core::events::entity as event;
use console_core::messages::JobStatus;
use console_core::testing::eventually;
use console_core::tokens::entity as access_token;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::helpers::TestApp;
use crate::messages::{Behaviour, authorized_account, set_webhook, start_hook, stored, user_says};

#[tokio::test]
async fn a_shutdown_answers_the_message_in_flight_and_leaves_no_lease_behind() {
    let s = TestApp::builder().sandbox().platform().build().await;
    // The webhook takes a second to reply: the message is in flight when the signal comes.
    let (url, hook) = start_hook(Behaviour::Slow(Duration::from_secs(1))).await;
    set_webhook(&s, &url).await;
    let appid = authorized_account(&s, "停机公众号").await;

    let said = user_says(&s, &appid, "关机前");
    let shutdown = async {
        // Once the webhook holds the message, shut down.
        eventually("the webhook to receive the message", || async {
            (!hook.received.lock().unwrap().is_empty()).then_some(())
        })
        .await;
        s.shut_down().await;
    };
    let (answer, ()) = tokio::join!(said, shutdown);

    // WeChat got the webhook's reply, on the first attempt.
    assert_eq!(answer["attempts"], 1, "{answer:#}");
    assert_eq!(answer["passive_reply_ok"], true, "{answer:#}");
    assert!(
        answer["reply_plaintext"]
            .as_str()
            .unwrap_or_default()
            .contains("收到：关机前"),
        "{answer:#}"
    );
    // The delivery is recorded (its record is written just after the reply went out).
    let row = eventually("the delivery to be recorded", || async {
        let rows = stored(&s).await;
        rows.into_iter().find(|r| r.status == JobStatus::Done)
    })
    .await;
    assert!(row.replied, "{row:?}");
    assert_eq!(stored(&s).await.len(), 1);

    // The server no longer accepts connections.
    let refused = reqwest::Client::new()
        .get(format!("{}/healthz", s.base_url))
        .timeout(Duration::from_secs(3))
        .send()
        .await;
    assert!(
        refused.is_err(),
        "still serving after shutdown: {refused:?}"
    );

    // Nothing is left leased or claimed by the stopped instance.
    let conn = s.svc.db.conn();
    let leased = access_token::Entity::find()
        .filter(access_token::Column::LeaseOwner.eq(s.svc.instance_id.clone()))
        .count(conn)
        .await
        .unwrap();
    assert_eq!(leased, 0, "token leases left behind");
    let claimed = event::Entity::find()
        .filter(event::Column::LockedBy.eq(s.svc.instance_id.clone()))
        .count(conn)
        .await
        .unwrap();
    assert_eq!(claimed, 0, "events left claimed");
}
