//! The overview: what the tenant has, counted in the database, and what needs attention.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::overview::{Overview, get_overview};
use crate::components::badges::AlarmList;
use crate::components::card::Card;
use crate::components::charts::ActivityCharts;
use crate::components::loaded::Loaded;
use crate::components::page::PageHeader;
use crate::i18n::{Text, tr, use_i18n};

/// Counts for the current tenant, each linking to its page, and the platforms' alarms.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new_blocking(|| (), |_| get_overview());
    view! {
        <PageHeader title=tr::OVERVIEW_TITLE />
        <Loaded
            resource=data
            view={move |o: Overview| {
                        view! {
                            <div class="stat-grid">
                                <StatCard
                                    label=tr::OVERVIEW_PLATFORMS
                                    value=o.platforms
                                    href="/platforms"
                                    testid="stat-platforms"
                                />
                                <StatCard
                                    label=tr::OVERVIEW_AUTHORIZERS
                                    value=o.authorizers
                                    href="/authorizers?status=authorized"
                                    testid="stat-authorizers"
                                />
                                <StatCard
                                    label=tr::OVERVIEW_NEEDS_REAUTH
                                    value=o.needs_reauth
                                    href="/authorizers?status=needs_reauth"
                                    testid="stat-needs-reauth"
                                />
                                <StatCard
                                    label=tr::OVERVIEW_REVOKED
                                    value=o.revoked
                                    href="/authorizers?status=revoked"
                                    testid="stat-revoked"
                                />
                                <StatCard
                                    label=tr::OVERVIEW_EVENTS_24H
                                    value=o.events_24h
                                    href="/events"
                                    testid="stat-events"
                                />
                                <StatCard
                                    label=tr::OVERVIEW_TASKS_RUNNING
                                    value=o.tasks_running
                                    href="/registrations?state=waiting"
                                    testid="stat-tasks-running"
                                />
                                <StatCard
                                    label=tr::OVERVIEW_TASKS_FAILED
                                    value=o.tasks_failed
                                    href="/registrations?state=failed"
                                    testid="stat-tasks-failed"
                                />
                                <StatCard
                                    label=tr::OVERVIEW_ALARMS
                                    value=o.alarm_count
                                    href="/platforms"
                                    testid="stat-alarms"
                                />
                                <StatCard
                                    label=tr::OVERVIEW_MEMBERS
                                    value=o.members
                                    href="/settings"
                                    testid="stat-members"
                                />
                            </div>
                            // Charts (issue 14): their own block under the stat cards.
                            <ActivityCharts platform=None path="/".to_string() />
                            <Card title=tr::OVERVIEW_ALARMS_TITLE testid="overview-alarms">
                                {if o.alarms.is_empty() {
                                    view! { <p class="muted">{i18n.t(tr::OVERVIEW_NO_ALARMS)}</p> }.into_any()
                                } else {
                                    view! {
                                        <AlarmList alarms=o.alarms with_platform=true item_testid="overview-alarm" />
                                    }
                                        .into_any()
                                }}
                            </Card>
                        }
                            .into_any()
            }}
        />
        // Alerts (issue 14): the alert history, its own block below the alarms card.
        <crate::pages::alert_history::AlertHistoryCard />
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
