//! "Proxied calls": what went through the proxy on this account's behalf over the last 7 days,
//! per path (the platform API's callers and this page alike), so staff see who spends the
//! account's quota and which calls fail.

use leptos::prelude::*;

use crate::api::business::{CallRow, proxied_calls};
use crate::components::card::Card;
use crate::components::notice::ErrorNotice;
use crate::components::table::DataTable;
use crate::i18n::{tr, use_i18n};
use console_types::AuthorizerId;

/// The table; `version` changes after a call made from this page, to show it counted.
#[component]
pub fn ProxiedCallsCard(id: AuthorizerId, version: Signal<usize>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = Resource::new(move || version.get(), move |_| proxied_calls(id));
    view! {
        <Card title=tr::CALLS_TITLE testid="proxied-calls">
            <p class="muted">{i18n.t(tr::CALLS_HINT)}</p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match rows.await {
                        Ok(list) if list.is_empty() => {
                            view! { <p class="muted" data-testid="proxied-calls-none">{i18n.t(tr::CALLS_NONE)}</p> }
                                .into_any()
                        }
                        Ok(list) => view! { <CallsTable list /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </Card>
    }
}

#[component]
fn CallsTable(list: Vec<CallRow>) -> impl IntoView {
    view! {
        <DataTable headers=&tr::CALLS_COLUMNS testid="proxied-calls-table">
            {list
                .into_iter()
                .map(|c| {
                    let path = c.path.clone();
                    view! {
                        <tr data-path=path>
                            <td class="mono">{c.path}</td>
                            <td data-testid="calls-today">{c.today}</td>
                            <td>{c.week}</td>
                            <td data-testid="calls-failures">{c.week_failures}</td>
                            <td class="mono">{c.last_errcode.map_or_else(|| "—".to_string(), |e| e.to_string())}</td>
                            <td>{c.last_at}</td>
                        </tr>
                    }
                })
                .collect_view()}
        </DataTable>
    }
}
