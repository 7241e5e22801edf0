//! `/messages`: what authorizers' users sent and their accounts' events, newest first, filtered by
//! platform, authorizer, type and delivery state (in the URL), with what became of each message
//! and a "deliver again" button for forwards that failed.

use leptos::prelude::*;
use leptos_router::components::Form;

use crate::api::messages::{
    DeliveryFilter, MESSAGE_TYPES, MessageItem, MessageQuery, MessageState, RetryMessage,
    list_messages, message_type_label,
};
use crate::api::platforms::{PlatformSummary, list_platforms};
use crate::api::query::text;
use crate::components::badges::BiText;
use crate::components::filters::{AllOption, FilterButtons, PlatformSelect};
use crate::components::list_page::{FilterCard, FilteredList, use_list_query};
use crate::components::notice::ActionError;
use crate::components::page::PageHeader;
use crate::components::role::IfAllowed;
use crate::components::table::DataTable;
use crate::i18n::{tr, use_i18n};
use console_types::Permission;

/// The messages page.
#[component]
pub fn MessagesPage() -> impl IntoView {
    let query = use_list_query::<MessageQuery>();
    let retry = ServerAction::<RetryMessage>::new();
    let platforms = Resource::new_blocking(|| (), |_| list_platforms());
    view! {
        <PageHeader title=tr::MESSAGES_TITLE />
        <FilterCard
            query
            form=move |q| async move {
                let platforms = platforms.await.unwrap_or_default();
                view! { <FilterForm q platforms /> }.into_any()
            }
        >
            <p class="muted">{use_i18n().t(tr::MESSAGES_INTRO)}</p>
        </FilterCard>
        <ActionError result=retry.value() />
        <FilteredList
            query
            load=list_messages
            rows=move |items| view! { <MessageTable items retry /> }.into_any()
            empty=tr::MESSAGES_EMPTY
            empty_testid="messages-empty"
            reload=retry.version()
        />
    }
}

#[component]
fn FilterForm(q: MessageQuery, platforms: Vec<PlatformSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let msg_type = text(&q.msg_type);
    let status = q.status;
    view! {
        <Form method="GET" action="/messages" attr:class="form form-inline filters" attr:data-testid="message-filters">
            <PlatformSelect platforms selected=q.platform />
            <label class="inline-field">
                <span>{i18n.t(tr::FILTER_AUTHORIZER)}</span>
                <input
                    type="search"
                    name="authorizer"
                    class="mono"
                    value=text(&q.authorizer)
                    placeholder="wx…"
                    data-testid="filter-authorizer"
                />
            </label>
            <select name="type" aria-label=i18n.t(tr::FILTER_TYPE) data-testid="filter-type">
                <AllOption label=tr::FILTER_TYPE />
                {MESSAGE_TYPES
                    .into_iter()
                    .map(|(t, label)| {
                        view! { <option value=t selected=t == msg_type>{i18n.t(label)}</option> }
                    })
                    .collect_view()}
            </select>
            <select name="status" aria-label=i18n.t(tr::FILTER_DELIVERY) data-testid="filter-status">
                <AllOption label=tr::FILTER_DELIVERY />
                {DeliveryFilter::ALL
                    .into_iter()
                    .map(|f| {
                        view! { <option value=f.as_str() selected=Some(f) == status>{i18n.t(f.label())}</option> }
                    })
                    .collect_view()}
            </select>
            <FilterButtons reset="/messages" />
        </Form>
    }
}

/// Messages in a table; also used by the authorizer's page.
#[component]
pub fn MessageTable(items: Vec<MessageItem>, retry: ServerAction<RetryMessage>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <DataTable headers=&[tr::COL_RECEIVED, tr::COL_PLATFORM, tr::COL_AUTHORIZER, tr::FILTER_TYPE, tr::COL_CONTENT, tr::COL_DELIVERY] testid="messages-table">
            {items
                .into_iter()
                .map(|m| {
                    let state = m.state;
                    let type_label = message_type_label(&m.msg_type);
                    let msg_type = m.msg_type.clone();
                    let id = m.id;
                    let attempts = m.attempts;
                    let can_retry = m.can_retry;
                    view! {
                        <tr data-testid="message-row" data-type=m.msg_type.clone() data-state=state.code()>
                            <td class="nowrap">{m.received_at}</td>
                            <td>{m.platform_name}</td>
                            <td class="mono">{m.authorizer_appid}</td>
                            <td>
                                {move || type_label.map(|l| i18n.now(l).to_string()).unwrap_or_else(|| msg_type.clone())}
                                {m.event.map(|e| view! { <div class="muted mono small">{e}</div> })}
                            </td>
                            <td class="message-summary">
                                <span data-testid="message-summary">{m.summary}</span>
                                <div class="muted mono small">{m.from_user}</div>
                            </td>
                            <td>
                                <span class="badge" class:badge-error=state == MessageState::Failed data-testid="message-state">
                                    {i18n.t(state.label())}
                                </span>
                                {(attempts > 1)
                                    .then(|| {
                                        view! {
                                            <span class="muted small">
                                                " "
                                                {move || i18n.now(tr::ATTEMPTS).replace("{n}", &attempts.to_string())}
                                            </span>
                                        }
                                    })}
                                {m.http_status.map(|s| view! { <span class="muted small mono">" HTTP " {s}</span> })}
                                {m.next_attempt
                                    .map(|t| {
                                        view! {
                                            <div class="muted small">
                                                {i18n.t(tr::MSG_NEXT_ATTEMPT)}
                                                " "
                                                <BiText text=t />
                                            </div>
                                        }
                                    })}
                                {m.note.map(|n| view! { <div class="small" data-testid="message-note"><BiText text=n /></div> })}
                                {can_retry
                                    .then(|| {
                                        view! {
                                            <IfAllowed perm=Permission::Operate>
                                                <button
                                                    type="button"
                                                    class="btn btn-small"
                                                    disabled=retry.pending()
                                                    on:click=move |_| {
                                                        retry.dispatch(RetryMessage { id });
                                                    }
                                                    data-testid="message-retry"
                                                >
                                                    {i18n.t(tr::MSG_RETRY)}
                                                </button>
                                            </IfAllowed>
                                        }
                                    })}
                            </td>
                        </tr>
                    }
                })
                .collect_view()}
        </DataTable>
    }
}
