//! The charts of the overview and of a platform's page (issue 14), rendered on the server as SVG
//! (`crate::ssr::svg_chart`): the browser gets finished, escaped markup to insert, so the WASM
//! bundle carries no chart code.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use console_types::{Locale, PlatformId};

/// The period of the time charts, as in the page's URL (`?span=24h` or `?span=30d`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ChartSpan {
    /// The last 24 hours, hour by hour.
    #[default]
    Hours24,
    /// The last 30 days, day by day.
    Days30,
}

impl ChartSpan {
    /// The URL word.
    pub fn as_str(self) -> &'static str {
        match self {
            ChartSpan::Hours24 => "24h",
            ChartSpan::Days30 => "30d",
        }
    }

    /// From the URL word; anything else is the default.
    pub fn parse(s: Option<&str>) -> Self {
        match s.map(str::trim) {
            Some("30d") => ChartSpan::Days30,
            _ => ChartSpan::Hours24,
        }
    }
}

/// The tenant's charts (or one platform's, checked to be the tenant's), as SVG markup in the
/// order pushes, authorizations, refreshes, token health; texts in `locale`.
#[server(prefix = "/api", endpoint = "charts")]
pub async fn get_charts(
    platform: Option<PlatformId>,
    span: ChartSpan,
    locale: Locale,
) -> Result<Vec<String>, AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;

    let ctx = require(Permission::View).await?;
    let svc = &ctx.state.services;
    if let Some(p) = platform {
        // Not the tenant's: the same "not found" as the platform page.
        console_core::platforms::get_model(svc, ctx.tenant_id, p).await?;
    }
    Ok(render::all(svc, ctx.tenant_id, platform, span, locale).await?)
}

#[cfg(feature = "ssr")]
mod render {
    use console_core::activity::{self, Bucket, Chart, Span, TokenHealth};
    use console_core::error::CoreResult;
    use console_core::services::Services;
    use console_types::{Locale, PlatformId, TenantId};

    use super::ChartSpan;
    use crate::i18n::{Text, tr};
    use crate::ssr::svg_chart::{Bar, BarChart, Fill, Group, Series};

    /// Where a bar leads.
    #[derive(Clone, Copy)]
    enum Target {
        /// The events list of that hour or day, of one push type or all.
        Events(Option<&'static str>),
        /// The refused-push counters (they have no time).
        Refused,
        /// Where the tokens are shown: the platform's page, or the platform list.
        Tokens,
        /// The authorizers list with this status.
        Authorizers(&'static str),
    }

    struct Ctx {
        platform: Option<PlatformId>,
        span: ChartSpan,
        locale: Locale,
    }

    impl Ctx {
        fn t(&self, text: Text) -> &'static str {
            text.get(self.locale)
        }

        /// The link of a bar for the bucket starting at `start_ms`.
        fn href(&self, target: Target, start_ms: i64) -> String {
            let platform = self
                .platform
                .map(|p| format!("&platform={p}"))
                .unwrap_or_default();
            match target {
                Target::Events(kind) => {
                    let kind = kind.map(|k| format!("&type={k}")).unwrap_or_default();
                    let when = match self.span {
                        ChartSpan::Hours24 => format!("hour={}", cst(start_ms, "%Y-%m-%dT%H")),
                        ChartSpan::Days30 => {
                            let d = cst(start_ms, "%Y-%m-%d");
                            format!("from={d}&to={d}")
                        }
                    };
                    format!("/events?{when}{kind}{platform}")
                }
                Target::Refused => "/events#rejections".into(),
                Target::Tokens => match self.platform {
                    Some(p) => format!("/platforms/{p}"),
                    None => "/platforms".into(),
                },
                Target::Authorizers(status) => format!("/authorizers?status={status}{platform}"),
            }
        }

        fn bar_title(&self, when: &str, what: Text, n: i64) -> String {
            self.t(tr::CHART_BAR)
                .replace("{when}", when)
                .replace("{what}", self.t(what))
                .replace("{n}", &n.to_string())
        }

        /// A time chart of two series.
        fn time_chart(
            &self,
            id: &str,
            title: Text,
            series: [(Text, Fill, Target); 2],
            buckets: &[Bucket],
        ) -> BarChart {
            let span_text = match self.span {
                ChartSpan::Hours24 => tr::CHART_SPAN_24H,
                ChartSpan::Days30 => tr::CHART_SPAN_30D,
            };
            let groups = buckets
                .iter()
                .enumerate()
                .map(|(i, b)| {
                    let (label, tick) = match self.span {
                        ChartSpan::Hours24 => (
                            cst(b.start_ms, "%m-%d %H:00"),
                            if i % 4 == 0 {
                                cst(b.start_ms, "%H:00")
                            } else {
                                String::new()
                            },
                        ),
                        ChartSpan::Days30 => (
                            cst(b.start_ms, "%Y-%m-%d"),
                            if i % 5 == 0 {
                                cst(b.start_ms, "%m-%d")
                            } else {
                                String::new()
                            },
                        ),
                    };
                    let bars = series
                        .iter()
                        .zip(b.counts)
                        .map(|((text, _, target), n)| Bar {
                            value: n,
                            href: self.href(*target, b.start_ms),
                            title: self.bar_title(&label, *text, n),
                        })
                        .collect();
                    Group { label, tick, bars }
                })
                .collect();
            BarChart {
                id: id.into(),
                title: self.t(title).into(),
                desc: self.t(tr::CHART_DESC).replace("{span}", self.t(span_text)),
                series: series
                    .iter()
                    .map(|(text, fill, _)| Series {
                        label: self.t(*text).into(),
                        fill: *fill,
                    })
                    .collect(),
                groups,
                key_header: self
                    .t(match self.span {
                        ChartSpan::Hours24 => tr::CHART_HOUR,
                        ChartSpan::Days30 => tr::CHART_DAY,
                    })
                    .into(),
                table_label: self.t(tr::CHART_DATA).into(),
                empty_text: self.t(tr::CHART_EMPTY).into(),
            }
        }

        /// The token-health chart: one bar per state.
        fn health_chart(&self, h: TokenHealth) -> BarChart {
            let states = [
                (tr::CHART_FRESH, h.fresh, Target::Authorizers("authorized")),
                (tr::CHART_EXPIRING, h.expiring, Target::Tokens),
                (tr::CHART_EXPIRED, h.expired, Target::Tokens),
                (tr::CHART_FAILING, h.failing, Target::Tokens),
                (
                    tr::CHART_NEEDS_REAUTH,
                    h.needs_reauth,
                    Target::Authorizers("needs_reauth"),
                ),
            ];
            BarChart {
                id: "token-health".into(),
                title: self.t(tr::CHART_TOKEN_HEALTH).into(),
                desc: self.t(tr::CHART_TOKEN_HEALTH_DESC).into(),
                series: vec![Series {
                    label: self.t(tr::CHART_TOKENS).into(),
                    fill: Fill::Striped,
                }],
                groups: states
                    .iter()
                    .map(|(text, n, target)| {
                        let n = i64::try_from(*n).unwrap_or(i64::MAX);
                        Group {
                            label: self.t(*text).into(),
                            tick: self.t(*text).into(),
                            bars: vec![Bar {
                                value: n,
                                href: self.href(*target, 0),
                                title: format!("{}: {n}", self.t(*text)),
                            }],
                        }
                    })
                    .collect(),
                key_header: self.t(tr::CHART_STATE).into(),
                table_label: self.t(tr::CHART_DATA).into(),
                empty_text: self.t(tr::CHART_EMPTY).into(),
            }
        }
    }

    /// `ms` in China Standard Time, in `fmt`.
    fn cst(ms: i64, fmt: &str) -> String {
        use chrono::{FixedOffset, TimeZone};
        match FixedOffset::east_opt(8 * 3600).and_then(|z| z.timestamp_millis_opt(ms).single()) {
            Some(t) => t.format(fmt).to_string(),
            None => ms.to_string(),
        }
    }

    /// Every chart, rendered.
    pub async fn all(
        svc: &Services,
        tenant_id: TenantId,
        platform: Option<PlatformId>,
        span: ChartSpan,
        locale: Locale,
    ) -> CoreResult<Vec<String>> {
        let now = svc.now();
        let core_span = match span {
            ChartSpan::Hours24 => Span::Hours24,
            ChartSpan::Days30 => Span::Days30,
        };
        let series = |chart| activity::chart(svc, tenant_id, platform, chart, core_span, now);
        let pushes = series(Chart::Pushes).await?;
        let authorizations = series(Chart::Authorizations).await?;
        let refreshes = series(Chart::Refreshes).await?;
        let health = activity::token_health(svc, tenant_id, platform, now).await?;
        let c = Ctx {
            platform,
            span,
            locale,
        };
        Ok(vec![
            c.time_chart(
                "pushes",
                tr::CHART_PUSHES,
                [
                    (tr::CHART_RECEIVED, Fill::Solid, Target::Events(None)),
                    (tr::CHART_REFUSED, Fill::Hatched, Target::Refused),
                ],
                &pushes,
            )
            .render(),
            c.time_chart(
                "authorizations",
                tr::CHART_AUTHORIZATIONS,
                [
                    (
                        tr::CHART_AUTHORIZED,
                        Fill::Solid,
                        Target::Events(Some("authorized")),
                    ),
                    (
                        tr::CHART_REVOKED,
                        Fill::Crossed,
                        Target::Events(Some("unauthorized")),
                    ),
                ],
                &authorizations,
            )
            .render(),
            c.time_chart(
                "refreshes",
                tr::CHART_REFRESHES,
                [
                    (tr::CHART_REFRESH_OK, Fill::Dotted, Target::Tokens),
                    (tr::CHART_REFRESH_FAILED, Fill::Hatched, Target::Tokens),
                ],
                &refreshes,
            )
            .render(),
            c.health_chart(health).render(),
        ])
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn bars_link_to_the_lists_of_their_hour_or_day() {
            // 2026-11-30 10:00 CST.
            let ten = 1_795_968_000_000 + 10 * 3_600_000;
            let hours = Ctx {
                platform: Some(PlatformId(7)),
                span: ChartSpan::Hours24,
                locale: Locale::En,
            };
            assert_eq!(
                hours.href(Target::Events(None), ten),
                "/events?hour=2026-11-30T10&platform=7"
            );
            assert_eq!(
                hours.href(Target::Authorizers("needs_reauth"), 0),
                "/authorizers?status=needs_reauth&platform=7"
            );
            assert_eq!(hours.href(Target::Tokens, 0), "/platforms/7");
            let days = Ctx {
                platform: None,
                span: ChartSpan::Days30,
                locale: Locale::Zh,
            };
            assert_eq!(
                days.href(Target::Events(Some("authorized")), ten),
                "/events?from=2026-11-30&to=2026-11-30&type=authorized"
            );
            assert_eq!(days.href(Target::Tokens, 0), "/platforms");
        }
    }
}
