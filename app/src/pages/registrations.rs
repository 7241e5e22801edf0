//! `/registrations`: the four fast-registration flows explained, and the registration results
//! the tenant's platforms received (parsed on the server from the stored pushes).

use leptos::prelude::*;

use crate::api::registrations::{RegistrationItem, RegistrationQuery, list_registrations};
use crate::components::badges::{BiText, EventStatusBadge, InfoTypeLabel};
use crate::components::card::Card;
use crate::components::list_page::{FilteredList, use_list_query};
use crate::components::page::PageHeader;
use crate::components::table::DataTable;
use crate::i18n::{tr, use_i18n};

/// The registrations page.
#[component]
pub fn RegistrationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_list_query::<RegistrationQuery>();
    view! {
        <PageHeader title=tr::REGISTRATIONS_TITLE />
        <Card title=tr::REG_FLOWS_TITLE testid="registration-flows">
            <ol class="flows">
                <li>{i18n.t(tr::REG_FLOW_ENTERPRISE)}</li>
                <li>{i18n.t(tr::REG_FLOW_PERSONAL)}</li>
                <li>{i18n.t(tr::REG_FLOW_BETA)}</li>
                <li>{i18n.t(tr::REG_FLOW_REUSE)}</li>
            </ol>
            <p class="notice notice-info">{i18n.t(tr::REG_LATER)}</p>
        </Card>
        <FilteredList
            query
            load=list_registrations
            rows=|items| view! { <RegistrationTable items /> }.into_any()
            empty=tr::REG_EMPTY
            empty_testid="registrations-empty"
            title=tr::REG_RESULTS_TITLE
        />
    }
}

/// `a · b · c` of the non-empty parts.
fn joined(parts: &[&Option<String>]) -> String {
    parts
        .iter()
        .filter_map(|p| p.as_deref())
        .collect::<Vec<_>>()
        .join(" · ")
}

#[component]
fn RegistrationTable(items: Vec<RegistrationItem>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <DataTable headers=&[tr::COL_RECEIVED, tr::COL_PLATFORM, tr::COL_FLOW, tr::COL_RESULT, tr::COL_NEW_APP, tr::COL_SUBJECT, tr::COL_TASK, tr::COL_PROCESSING] testid="registrations-table">
                    {items
                        .into_iter()
                        .map(|r| {
                            let success = r.success();
                            let subject = joined(&[&r.name, &r.code, &r.legal_persona_name, &r.wxuser]);
                            let task = joined(&[&r.taskid, &r.unique_id]);
                            let status = r.status.map(|s| s.to_string()).unwrap_or_default();
                            let shown_status = status.clone();
                            view! {
                                <tr data-testid="registration-row" data-status=status.clone()>
                                    <td class="nowrap">{r.received_at}</td>
                                    <td>{r.platform_name}</td>
                                    <td>
                                        <InfoTypeLabel info_type=r.info_type />
                                    </td>
                                    <td>
                                        <span
                                            class=if success { "badge" } else { "badge badge-error" }
                                            data-testid="registration-status"
                                        >
                                            <BiText text=r.status_text />
                                        </span>
                                        {(!success && !status.is_empty())
                                            .then(|| view! { <span class="muted mono small">" status " {shown_status}</span> })}
                                        {r.msg.map(|m| view! { <div class="muted small">{m}</div> })}
                                        {r.parse_error
                                            .map(|e| {
                                                view! {
                                                    <div class="notice notice-error small">
                                                        {i18n.t(tr::REG_UNREADABLE)}
                                                        {e}
                                                    </div>
                                                }
                                            })}
                                    </td>
                                    <td class="mono">{r.appid.unwrap_or_default()}</td>
                                    <td>{subject}</td>
                                    <td class="mono small">{task}</td>
                                    <td>
                                        <EventStatusBadge status=r.processing_status />
                                        {r.processing_result.map(|m| view! { <div class="small"><BiText text=m /></div> })}
                                        {r.has_auth_code
                                            .then(|| view! { <div class="muted small">{i18n.t(tr::REG_AUTH_CODE)}</div> })}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </DataTable>
    }
}
