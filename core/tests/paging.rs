//! Paging input comes from the URL (`?page=…`): every list answers any page number, however
//! large, with an empty page instead of a panic or a database error (issue 11, finding 10).

use console_core::testing::{TestWorld, on_each_backend};
use console_core::{PageInfo, authorizers, events, messages, registrations};

/// The page number of the review: times 20 rows it passes `i64::MAX`.
const HUGE: u64 = 461_168_601_842_738_792;

/// The pages asked for, with the page sizes the pages use and the extremes.
const ASKED: [(u64, u64); 4] = [(HUGE, 20), (u64::MAX, 200), (u64::MAX, u64::MAX), (0, 0)];

fn sane(p: &PageInfo) {
    assert!(p.page >= 1, "{p:?}");
    assert!((1..=200).contains(&p.per_page), "{p:?}");
}

#[allow(clippy::unwrap_used)]
async fn every_list_answers_a_huge_page_in(w: TestWorld) {
    w.authorize(&w.account("分页公众号"), &[1, 2]).await;
    events::process_pending(&w.svc).await.unwrap();
    let tenant = w.tenant_id();
    for (page, per_page) in ASKED {
        let a = authorizers::list(
            &w.svc,
            tenant,
            &authorizers::AuthorizerFilter {
                page,
                per_page,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        sane(&a.page);
        assert_eq!(a.page.total, 1);
        assert_eq!(a.items.len(), usize::from(page <= 1), "authorizers {page}");

        let e = events::list(
            &w.svc,
            tenant,
            &events::EventFilter {
                page,
                per_page,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        sane(&e.page);
        assert!(e.page.total >= 2, "a ticket and the authorization");
        assert_eq!(e.items.is_empty(), page > 1, "events {page}");

        let m = messages::list(
            &w.svc,
            tenant,
            &messages::MessageFilter {
                page,
                per_page,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        sane(&m.page);
        assert!(m.items.is_empty());

        let t = registrations::list(
            &w.svc,
            tenant,
            &registrations::TaskFilter {
                page,
                per_page,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        sane(&t.page);
        assert!(t.items.is_empty());
    }
}

#[tokio::test]
async fn every_list_answers_a_huge_page() {
    on_each_backend(
        |b| b.sandbox().platform(),
        every_list_answers_a_huge_page_in,
    )
    .await;
}
