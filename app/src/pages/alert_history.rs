//! The overview's alert history (issue 14): the tenant's recent incidents with their opening and
//! resolution times (China time) and what became of their messages, each linking to the
//! platform or task it is about.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::alerts::{AlertIncidentRow, DeliveryTally, alert_history};
use crate::components::card::Card;
use crate::components::loaded::Loaded;
use crate::components::table::DataTable;
use crate::i18n::{Text, tr, use_i18n};
use console_types::AlertKind;

const COLUMNS: &[Text] = &[
    tr::ALERT_SUBJECT,
    tr::ALERT_WHAT,
    tr::ALERT_OPENED,
    tr::ALERT_RESOLVED,
    tr::ALERT_DELIVERY,
];

fn kind_label(k: AlertKind) -> Text {
    match k {
        AlertKind::NoTicket => tr::ALERT_KIND_NO_TICKET,
        AlertKind::TokenFailing => tr::ALERT_KIND_TOKEN_FAILING,
        AlertKind::NeedsReauth => tr::ALERT_KIND_NEEDS_REAUTH,
        AlertKind::PushRefusals => tr::ALERT_KIND_PUSH_REFUSALS,
        AlertKind::TaskFailed => tr::ALERT_KIND_TASK_FAILED,
    }
}

#[component]
pub fn AlertHistoryCard() -> impl IntoView {
    let i18n = use_i18n();
    let history = Resource::new_blocking(|| (), |_| alert_history());
    view! {
        <Card title=tr::ALERT_HISTORY_TITLE testid="alert-history">
            <Loaded
                resource=history
                view={move |rows: Vec<AlertIncidentRow>| {
                    if rows.is_empty() {
                        return view! {
                            <p class="muted" data-testid="alert-history-none">{i18n.t(tr::ALERT_HISTORY_NONE)}</p>
                        }
                            .into_any();
                    }
                    view! {
                        <DataTable headers=COLUMNS testid="alert-history-table">
                            {rows.into_iter().map(|r| view! { <IncidentLine r /> }).collect_view()}
                        </DataTable>
                    }
                        .into_any()
                }}
            />
        </Card>
    }
}

#[component]
fn IncidentLine(r: AlertIncidentRow) -> impl IntoView {
    let i18n = use_i18n();
    let detail = r.detail.clone();
    let resolved = match r.resolved_at.clone() {
        Some(at) => at.into_any(),
        None => {
            view! { <span class="badge badge-warn">{i18n.t(tr::ALERT_ONGOING)}</span> }.into_any()
        }
    };
    let show_resolved = r.resolved_at.is_some();
    view! {
        <tr data-testid="alert-incident">
            <td>
                <A href=r.path.clone()>{r.label.clone()}</A>
            </td>
            <td>
                {i18n.t(kind_label(r.kind))}
                <br />
                <small class="muted">{move || i18n.pick(&detail.zh, &detail.en).to_string()}</small>
            </td>
            <td>{r.opened_at.clone()}</td>
            <td>{resolved}</td>
            <td>
                <Tally what=tr::ALERT_OPEN_MSG t=r.opened />
                {show_resolved.then(|| view! { <br /> <Tally what=tr::ALERT_RESOLVED_MSG t=r.resolved /> })}
            </td>
        </tr>
    }
}

/// "告警：已送达 2 · 失败 1" for one event's messages.
#[component]
fn Tally(what: Text, t: DeliveryTally) -> impl IntoView {
    let i18n = use_i18n();
    let none = t == DeliveryTally::default();
    view! {
        <span data-testid="alert-tally">
            {i18n.t(what)}
            "："
            {none.then(|| view! { <span class="muted">{i18n.t(tr::ALERT_NO_CHANNEL)}</span> })}
            {(t.sent > 0)
                .then(|| {
                    view! { <span class="badge badge-info">{i18n.t(tr::ALERT_DELIVERED)} " " {t.sent}</span> " " }
                })}
            {(t.pending > 0)
                .then(|| {
                    view! { <span class="badge badge-warn">{i18n.t(tr::ALERT_PENDING)} " " {t.pending}</span> " " }
                })}
            {(t.failed > 0)
                .then(|| {
                    view! { <span class="badge badge-error">{i18n.t(tr::ALERT_FAILED)} " " {t.failed}</span> }
                })}
        </span>
    }
}
