//! The trend charts of the overview and of a platform's page (issue 14): SVG made on the server
//! (`api::charts`), inserted as it is. The period is a link (`?span=24h` / `?span=30d`), so it
//! works before the WASM loads and without it.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::charts::{ChartSpan, get_charts};
use crate::components::card::Card;
use crate::components::loaded::Loaded;
use crate::i18n::{tr, use_i18n};
use console_types::PlatformId;

/// The charts of the tenant (`platform` absent) or of one of its platforms, on the page at
/// `path` (the period links go there).
#[component]
pub fn ActivityCharts(
    #[prop(into)] platform: Signal<Option<PlatformId>>,
    #[prop(into)] path: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let span = Memo::new(move |_| ChartSpan::parse(query.read().get_str("span")));
    let charts = Resource::new(
        move || (platform.get(), span.get(), i18n.locale()),
        |(platform, span, locale)| get_charts(platform, span, locale),
    );
    let span_link = move |s: ChartSpan, label| {
        view! {
            // A plain link: the router's `A` marks every link to this path as the current
            // page, whatever its query.
            <a
                href=move || format!("{}?span={}", path.get(), s.as_str())
                class="chart-span-link"
                aria-current=move || (span.get() == s).then_some("true")
                data-testid=format!("chart-span-{}", s.as_str())
            >
                {i18n.t(label)}
            </a>
        }
    };
    view! {
        <Card title=tr::CHARTS_TITLE testid="charts" class="charts-card">
            <nav class="chart-span" aria-label=i18n.t(tr::CHARTS_SPAN)>
                {span_link(ChartSpan::Hours24, tr::CHART_SPAN_24H)}
                {span_link(ChartSpan::Days30, tr::CHART_SPAN_30D)}
            </nav>
            <Loaded
                resource=charts
                view={|svgs: Vec<String>| {
                    view! {
                        <div class="chart-grid">
                            {svgs
                                .into_iter()
                                .map(|svg| view! { <div class="chart-cell" inner_html=svg></div> })
                                .collect_view()}
                        </div>
                    }
                        .into_any()
                }}
            />
        </Card>
    }
}
