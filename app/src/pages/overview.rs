//! The overview: what the tenant has, counted in the database.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::overview::get_overview;
use crate::components::notice::ErrorNotice;
use crate::components::page::PageHeader;
use crate::i18n::{Text, tr, use_i18n};

/// Counts for the current tenant, each linking to its page.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let data = Resource::new_blocking(|| (), |_| get_overview());
    view! {
        <PageHeader title=tr::OVERVIEW_TITLE />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(o) => {
                        view! {
                            <div class="stat-grid">
                                <StatCard
                                    label=tr::OVERVIEW_MEMBERS
                                    value=o.members
                                    href="/settings"
                                    testid="stat-members"
                                />
                            </div>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One number with its label.
#[component]
pub fn StatCard(
    label: Text,
    value: u64,
    href: &'static str,
    testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <A href=href attr:class="stat-card card" attr:data-testid=testid>
            <span class="stat-value">{value}</span>
            <span class="stat-label">{i18n.t(label)}</span>
        </A>
    }
}
