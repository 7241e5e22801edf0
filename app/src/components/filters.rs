//! The pieces of a list page's filter form (the values live in the page's typed query, in the
//! URL, so that reload and back keep them).

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::platforms::PlatformSummary;
use crate::i18n::{Text, tr, use_i18n};
use console_types::PlatformId;

/// `<select name="platform">` over the tenant's platforms, "all" first.
#[component]
pub fn PlatformSelect(
    platforms: Vec<PlatformSummary>,
    selected: Option<PlatformId>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <select name="platform" aria-label=i18n.t(tr::FILTER_PLATFORM) data-testid="filter-platform">
            <AllOption label=tr::FILTER_PLATFORM />
            {platforms
                .into_iter()
                .map(|p| {
                    let is_selected = Some(p.id) == selected;
                    view! { <option value=p.id.to_string() selected=is_selected>{p.name}</option> }
                })
                .collect_view()}
        </select>
    }
}

/// The first option of a filter: "类型：全部" (no filter).
#[component]
pub fn AllOption(label: Text) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <option value="">{i18n.t(label)} {i18n.t(tr::COLON)} {i18n.t(tr::ALL)}</option>
    }
}

/// "筛选" and "清除筛选" (back to `reset`).
#[component]
pub fn FilterButtons(reset: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button type="submit" class="btn btn-primary" data-testid="filter-submit">
            {i18n.t(tr::FILTER)}
        </button>
        <A href=reset attr:class="btn btn-ghost">{i18n.t(tr::RESET_FILTERS)}</A>
    }
}

/// The "from" and "to" day fields of a list filtered by days in China Standard Time (both
/// inclusive), with their visible labels and the time-zone hint; values as in the page's URL.
#[component]
pub fn DayRangeFields(from: String, to: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="inline-field">
            <span>{i18n.t(tr::FILTER_FROM)}</span>
            <input type="date" name="from" value=from data-testid="filter-from" />
        </label>
        <label class="inline-field">
            <span>{i18n.t(tr::FILTER_TO)}</span>
            <input type="date" name="to" value=to data-testid="filter-to" />
        </label>
    }
}
