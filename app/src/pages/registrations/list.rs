//! `/registrations`: the fast-registration tasks of the tenant, filtered by platform, flow and
//! state (in the URL), with the four flows explained and "new registration" for operators.

use leptos::prelude::*;
use leptos_router::components::{A, Form};

use crate::api::platforms::{PlatformSummary, list_platforms};
use crate::api::registrations::{TaskItem, TaskQuery, list_tasks};
use crate::components::badges::BiText;
use crate::components::filters::{AllOption, FilterButtons, PlatformSelect};
use crate::components::list_page::{FilterCard, FilteredList, use_list_query};
use crate::components::page::PageHeader;
use crate::components::role::IfAllowed;
use crate::components::table::DataTable;
use crate::i18n::{Text, tr, use_i18n};
use console_types::{Permission, TaskKind, TaskState};

/// The label of a flow.
pub fn kind_label(kind: TaskKind) -> Text {
    match kind {
        TaskKind::Enterprise => tr::TASK_KIND_ENTERPRISE,
        TaskKind::Personal => tr::TASK_KIND_PERSONAL,
        TaskKind::Beta => tr::TASK_KIND_BETA,
        TaskKind::Reuse => tr::TASK_KIND_REUSE,
    }
}

/// The label and badge class of a task's state.
pub fn state_badge(state: TaskState) -> (Text, &'static str) {
    match state {
        TaskState::Starting => (tr::TASK_STARTING, "badge badge-info"),
        TaskState::Waiting => (tr::TASK_WAITING, "badge badge-info"),
        TaskState::Succeeded => (tr::TASK_SUCCEEDED, "badge"),
        TaskState::Failed => (tr::TASK_FAILED, "badge badge-error"),
        TaskState::Expired => (tr::TASK_EXPIRED, "badge badge-muted"),
    }
}

/// The registrations page.
#[component]
pub fn RegistrationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_list_query::<TaskQuery>();
    let platforms = Resource::new_blocking(|| (), |_| list_platforms());
    view! {
        <PageHeader title=tr::REGISTRATIONS_TITLE>
            <IfAllowed perm=Permission::Operate>
                <A href="/registrations/new" attr:class="btn btn-primary" attr:data-testid="task-new">
                    {i18n.t(tr::TASK_NEW)}
                </A>
            </IfAllowed>
        </PageHeader>
        <FilterCard
            query
            form=move |q| async move {
                let platforms = platforms.await.unwrap_or_default();
                view! { <FilterForm q platforms /> }.into_any()
            }
        >
            <details data-testid="registration-flows">
                <summary>{i18n.t(tr::REG_FLOWS_TITLE)}</summary>
                <ol class="flows">
                    <li>{i18n.t(tr::REG_FLOW_ENTERPRISE)}</li>
                    <li>{i18n.t(tr::REG_FLOW_PERSONAL)}</li>
                    <li>{i18n.t(tr::REG_FLOW_BETA)}</li>
                    <li>{i18n.t(tr::REG_FLOW_REUSE)}</li>
                </ol>
            </details>
        </FilterCard>
        <FilteredList
            query
            load=list_tasks
            rows=|items| view! { <TaskTable items /> }.into_any()
            empty=tr::TASKS_EMPTY
            empty_testid="tasks-empty"
        />
    }
}

#[component]
fn FilterForm(q: TaskQuery, platforms: Vec<PlatformSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let (kind, state) = (q.kind, q.state);
    view! {
        <Form method="GET" action="/registrations" attr:class="form form-inline filters" attr:data-testid="task-filters">
            <PlatformSelect platforms selected=q.platform />
            <select name="kind" aria-label=i18n.t(tr::COL_FLOW) data-testid="filter-kind">
                <AllOption label=tr::COL_FLOW />
                {TaskKind::ALL
                    .iter()
                    .map(|&k| view! { <option value=k.as_str() selected=Some(k) == kind>{i18n.t(kind_label(k))}</option> })
                    .collect_view()}
            </select>
            <select name="state" aria-label=i18n.t(tr::FILTER_STATUS) data-testid="filter-state">
                <AllOption label=tr::FILTER_STATUS />
                {TaskState::ALL
                    .iter()
                    .map(|&s| view! { <option value=s.as_str() selected=Some(s) == state>{i18n.t(state_badge(s).0)}</option> })
                    .collect_view()}
            </select>
            <FilterButtons reset="/registrations" />
        </Form>
    }
}

#[component]
fn TaskTable(items: Vec<TaskItem>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <DataTable headers=&[tr::COL_CREATED, tr::COL_PLATFORM, tr::COL_FLOW, tr::COL_SUBJECT, tr::COL_STATUS, tr::COL_NEW_APP] testid="tasks-table">
            {items
                .into_iter()
                .map(|t| {
                    let (label, class) = state_badge(t.state);
                    let href = format!("/registrations/{}", t.id);
                    let subject = [t.name.clone(), t.subject.clone()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" · ");
                    view! {
                        <tr data-testid="task-row" data-state=t.state.as_str() data-kind=t.kind.as_str()>
                            <td class="nowrap">
                                <A href=href attr:data-testid="task-link">{format!("#{} ", t.id)}</A>
                                <div class="muted small">{t.created_at}</div>
                            </td>
                            <td>{t.platform_name}</td>
                            <td>{i18n.t(kind_label(t.kind))}</td>
                            <td>{subject}</td>
                            <td>
                                <span class=class data-testid="task-state">{i18n.t(label)}</span>
                                {t.time_left.map(|l| view! { <div class="muted small"><BiText text=l /></div> })}
                                {t.error.map(|e| view! { <div class="small"><BiText text=e /></div> })}
                            </td>
                            <td class="mono">
                                {match (t.result_appid, t.authorizer_id) {
                                    (Some(appid), Some(id)) => view! { <A href=format!("/authorizers/{id}")>{appid}</A> }.into_any(),
                                    (Some(appid), None) => view! { <span>{appid}</span> }.into_any(),
                                    _ => ().into_any(),
                                }}
                            </td>
                        </tr>
                    }
                })
                .collect_view()}
        </DataTable>
    }
}
