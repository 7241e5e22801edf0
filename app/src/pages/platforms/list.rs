//! `/platforms`: every platform of the tenant with its health at a glance.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::platforms::{PlatformSummary, list_platforms};
use crate::components::badges::{AlarmBadge, BiText, TokenBadge};
use crate::components::card::Card;
use crate::components::loaded::Loaded;
use crate::components::page::PageHeader;
use crate::components::role::IfAllowed;
use crate::components::table::DataTable;
use crate::i18n::{tr, use_i18n};
use console_types::Permission;

/// The list of platforms; admins see "add a platform".
#[component]
pub fn PlatformsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new_blocking(|| (), |_| list_platforms());
    view! {
        <PageHeader title=tr::PLATFORMS_TITLE>
            <IfAllowed perm=Permission::ManagePlatforms>
                <A href="/platforms/new" attr:class="btn btn-primary" attr:data-testid="platform-add">
                    {i18n.t(tr::PLATFORM_ADD)}
                </A>
            </IfAllowed>
        </PageHeader>
        <Card>
            <Loaded
                resource=data
                view={move |list: Vec<PlatformSummary>| {
                    if list.is_empty() {
                        view! { <p class="empty">{i18n.t(tr::PLATFORMS_EMPTY)}</p> }.into_any()
                    } else {
                        view! { <PlatformTable list /> }.into_any()
                    }
                }}
            />
        </Card>
    }
}

#[component]
fn PlatformTable(list: Vec<PlatformSummary>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <DataTable headers=&[tr::COL_NAME, tr::COL_APPID, tr::COL_STATE, tr::COL_LAST_TICKET, tr::COL_COMPONENT_TOKEN, tr::COL_AUTHORIZER_COUNT, tr::COL_ALARMS] testid="platforms-table">
                    {list
                        .into_iter()
                        .map(|p| {
                            let href = format!("/platforms/{}", p.id);
                            let authorizers_href = format!("/authorizers?platform={}", p.id);
                            let appid = p.appid.clone();
                            view! {
                                <tr data-testid="platform-row" data-appid=appid>
                                    <td>
                                        <A href=href>{p.name}</A>
                                    </td>
                                    <td class="mono">{p.appid}</td>
                                    <td>
                                        {if p.enabled {
                                            view! { <span class="badge">{i18n.t(tr::ENABLED)}</span> }.into_any()
                                        } else {
                                            view! { <span class="badge badge-muted">{i18n.t(tr::DISABLED)}</span> }.into_any()
                                        }}
                                    </td>
                                    <td data-testid="platform-ticket-age">
                                        {match p.ticket_age {
                                            Some(age) => view! { <BiText text=age /> }.into_any(),
                                            None => view! { <span class="muted">{i18n.t(tr::NO_TICKET_YET)}</span> }.into_any(),
                                        }}
                                    </td>
                                    <td>
                                        <TokenBadge health=p.token_health text=p.token_expiry />
                                    </td>
                                    <td>
                                        <A href=authorizers_href>{p.authorizers}</A>
                                    </td>
                                    <td>
                                        <span class="badges">
                                            {p.alarms
                                                .into_iter()
                                                .map(|a| view! { <AlarmBadge kind=a.kind /> })
                                                .collect_view()}
                                        </span>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </DataTable>
    }
}
