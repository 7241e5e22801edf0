//! `/events`: every push, newest first, filtered by platform, type and dates (in the URL), with
//! the decrypted content (masked) on demand; and the counters of refused pushes.

use leptos::prelude::*;
use leptos_router::components::Form;

use crate::api::events::{
    EventItem, EventQuery, INFO_TYPES, RejectionItem, list_events, list_rejections, rejection_label,
};
use crate::api::platforms::{PlatformSummary, list_platforms};
use crate::api::query::text;
use crate::components::badges::{BiText, EventStatusBadge, InfoTypeLabel};
use crate::components::card::Card;
use crate::components::filters::{AllOption, DayRangeFields, FilterButtons, PlatformSelect};
use crate::components::list_page::{FilterCard, FilteredList, use_list_query};
use crate::components::loaded::Loaded;
use crate::components::page::PageHeader;
use crate::components::table::DataTable;
use crate::i18n::{tr, use_i18n};

/// The events page.
#[component]
pub fn EventsPage() -> impl IntoView {
    let query = use_list_query::<EventQuery>();
    let rejections = Resource::new_blocking(|| (), |_| list_rejections());
    let platforms = Resource::new_blocking(|| (), |_| list_platforms());
    view! {
        <PageHeader title=tr::EVENTS_TITLE />
        <FilterCard
            query
            form=move |q| async move {
                let platforms = platforms.await.unwrap_or_default();
                view! { <FilterForm q platforms /> }.into_any()
            }
        />
        <FilteredList
            query
            load=list_events
            rows=|items| view! { <EventTable items /> }.into_any()
            empty=tr::EVENTS_EMPTY
            empty_testid="events-empty"
        />
        // The charts' "refused" bars link here.
        <div id="rejections">
            <Loaded resource=rejections view=|list| view! { <Rejections list /> }.into_any() />
        </div>
    }
}

/// Platform, type and dates; submitting navigates to the page's URL with them.
#[component]
fn FilterForm(q: EventQuery, platforms: Vec<PlatformSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let info_type = text(&q.info_type);
    view! {
        <Form method="GET" action="/events" attr:class="form form-inline filters" attr:data-testid="event-filters">
            <PlatformSelect platforms selected=q.platform />
            <select name="type" aria-label=i18n.t(tr::FILTER_TYPE) data-testid="filter-type">
                <AllOption label=tr::FILTER_TYPE />
                {INFO_TYPES
                    .into_iter()
                    .map(|(t, label)| {
                        view! {
                            <option value=t selected=t == info_type>
                                {move || format!("{} ({t})", i18n.now(label))}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <DayRangeFields from=text(&q.from) to=text(&q.to) />
            // An hour from a chart's bar: kept while filtering further, said in words; the reset
            // button drops it.
            {q
                .hour
                .map(|h| {
                    let shown = format!("{} {:02}:00", h.day(), h.hour());
                    view! {
                        <input type="hidden" name="hour" value=h.to_string() />
                        <p class="muted small" data-testid="filter-hour">
                            {move || i18n.now(tr::EVENTS_HOUR_FILTER).replace("{hour}", &shown)}
                        </p>
                    }
                })}
            <FilterButtons reset="/events" />
            <small class="muted">{i18n.t(tr::FILTER_DATES_HINT)}</small>
        </Form>
    }
}

#[component]
fn EventTable(items: Vec<EventItem>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <DataTable headers=&[tr::COL_RECEIVED, tr::COL_PLATFORM, tr::FILTER_TYPE, tr::COL_AUTHORIZER, tr::COL_STATUS, tr::COL_RESULT] testid="events-table">
                    {items
                        .into_iter()
                        .map(|e| {
                            let attempts = e.attempts;
                            let data_type = e.info_type.clone();
                            view! {
                                <tr data-testid="event-row" data-type=data_type>
                                    <td class="nowrap">{e.received_at}</td>
                                    <td>{e.platform_name}</td>
                                    <td>
                                        <InfoTypeLabel info_type=e.info_type />
                                    </td>
                                    <td class="mono">{e.authorizer_appid.unwrap_or_default()}</td>
                                    <td class="nowrap">
                                        <EventStatusBadge status=e.status />
                                        {(attempts > 1)
                                            .then(|| {
                                                view! {
                                                    <span class="muted small">
                                                        " "
                                                        {move || i18n.now(tr::ATTEMPTS).replace("{n}", &attempts.to_string())}
                                                    </span>
                                                }
                                            })}
                                    </td>
                                    <td class="event-result">
                                        {e.result.map(|r| view! { <div data-testid="event-result"><BiText text=r /></div> })}
                                        <details>
                                            <summary>
                                                {i18n.t(tr::SHOW_CONTENT)}
                                                <span class="muted small">{i18n.t(tr::CONTENT_MASKED)}</span>
                                            </summary>
                                            <pre class="xml" data-testid="event-content">{e.content}</pre>
                                        </details>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </DataTable>
    }
}

#[component]
fn Rejections(list: Vec<RejectionItem>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Card title=tr::REJECTIONS_TITLE testid="rejections">
            <p class="muted">{i18n.t(tr::REJECTIONS_HINT)}</p>
            {if list.is_empty() {
                view! { <p class="empty">{i18n.t(tr::REJECTIONS_EMPTY)}</p> }.into_any()
            } else {
                view! {
                    <DataTable headers=&[tr::COL_PLATFORM, tr::COL_REASON, tr::COL_COUNT, tr::COL_LAST]>
                            {list
                                .into_iter()
                                .map(|r| {
                                    let label = rejection_label(&r.reason);
                                    let reason = r.reason.clone();
                                    view! {
                                        <tr data-testid="rejection-row" data-reason=reason>
                                            <td>
                                                {r.platform_name}
                                                <div class="muted mono small">{r.platform_appid}</div>
                                            </td>
                                            <td>
                                                {i18n.t(label)}
                                                <span class="muted mono small">" " {r.reason}</span>
                                            </td>
                                            <td>{r.count}</td>
                                            <td class="nowrap">{r.last_at}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </DataTable>
                }
                    .into_any()
            }}
        </Card>
    }
}
