//! A small bar-chart builder that writes finished SVG markup on the server (issue 14): the pages
//! insert it as it is, so no chart library and no chart code goes into the WASM bundle.
//!
//! Readable without colour: the series differ by fill *pattern* (solid, hatched, dotted…) as well
//! as colour, the legend names them in text, and every bar is a link (`<a>`) with a `<title>`
//! (tooltip) and an `aria-label` saying what it counts; the chart has a `<title>` and `<desc>`,
//! and a data table in a `<details>` below it is the text alternative. The SVG's role is
//! `group`, not `img`: an `img` makes its children presentational, which would hide the bars'
//! links from screen readers (and axe-core flags links nested in it).
//!
//! Every text that goes in is escaped here; callers pass plain text.

use std::fmt::Write;

/// Width and height of the drawing (the SVG scales to its container).
const W: i64 = 640;
const H: i64 = 240;
/// Room for the y-axis labels, the x-axis labels and the legend.
const LEFT: i64 = 44;
const RIGHT: i64 = 8;
const TOP: i64 = 30;
const BOTTOM: i64 = 40;

/// How a series' bars are filled: colour and pattern, each enough alone to tell them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fill {
    /// Solid dark blue.
    Solid,
    /// Dark orange diagonal hatching.
    Hatched,
    /// Dark green dots.
    Dotted,
    /// Dark red cross-hatching.
    Crossed,
    /// Grey horizontal stripes.
    Striped,
}

impl Fill {
    /// The fill of the bars: a colour or a pattern defined in the chart's `<defs>`.
    fn paint(self, id: &str) -> String {
        match self {
            Fill::Solid => "#1f4e8c".into(),
            Fill::Hatched => format!("url(#{id}-hatched)"),
            Fill::Dotted => format!("url(#{id}-dotted)"),
            Fill::Crossed => format!("url(#{id}-crossed)"),
            Fill::Striped => format!("url(#{id}-striped)"),
        }
    }

    /// The outline: dark enough against white (over 3:1) that a bar's shape shows in any pattern.
    fn stroke(self) -> &'static str {
        match self {
            Fill::Solid => "#1f4e8c",
            Fill::Hatched => "#9a4a00",
            Fill::Dotted => "#1e6b34",
            Fill::Crossed => "#a11d2b",
            Fill::Striped => "#4d4d4d",
        }
    }
}

/// The patterns (all on white, so their strokes keep their contrast).
fn defs(id: &str) -> String {
    format!(
        "<defs>\
<pattern id=\"{id}-hatched\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fff\"/><rect width=\"3\" height=\"6\" fill=\"#9a4a00\"/></pattern>\
<pattern id=\"{id}-dotted\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\"><rect width=\"5\" height=\"5\" fill=\"#fff\"/><circle cx=\"2.5\" cy=\"2.5\" r=\"1.6\" fill=\"#1e6b34\"/></pattern>\
<pattern id=\"{id}-crossed\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"#fff\"/><path d=\"M0 0L6 6M6 0L0 6\" stroke=\"#a11d2b\" stroke-width=\"1.4\"/></pattern>\
<pattern id=\"{id}-striped\" width=\"6\" height=\"4\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"4\" fill=\"#fff\"/><rect width=\"6\" height=\"2\" fill=\"#4d4d4d\"/></pattern>\
</defs>"
    )
}

/// One series: its name (legend, table header) and fill.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Series {
    pub label: String,
    pub fill: Fill,
}

/// One bar: its value, where it leads, and what it says (tooltip and `aria-label`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bar {
    pub value: i64,
    pub href: String,
    pub title: String,
}

/// One group of bars side by side (one per series): a time bucket, or a category.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// Its name in the data table.
    pub label: String,
    /// Its label under the axis (blank: none, to keep dense axes readable).
    pub tick: String,
    pub bars: Vec<Bar>,
}

/// A bar chart, ready to render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BarChart {
    /// Unique on the page: prefixes the ids inside.
    pub id: String,
    pub title: String,
    /// One sentence saying what it shows (the SVG's `<desc>`).
    pub desc: String,
    pub series: Vec<Series>,
    pub groups: Vec<Group>,
    /// The data table's first column header (e.g. "Hour").
    pub key_header: String,
    /// The `<summary>` of the data table.
    pub table_label: String,
    /// Shown instead of bars when every value is 0.
    pub empty_text: String,
}

/// `s` safe in SVG/HTML text and in double-quoted attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A "nice" top of the y axis at or above `max`: 2, 4, 6, 8 or 10 times a power of ten, so the
/// middle grid line is a whole number too (an axis up to 1 or 5 would label its middle "0" or "2").
pub fn axis_top(max: i64) -> i64 {
    let mut step = 1;
    loop {
        for m in [2, 4, 6, 8, 10] {
            if step * m >= max {
                return step * m;
            }
        }
        step = step.saturating_mul(10);
    }
}

/// The height in drawing units of a bar of `value` on an axis up to `top`, over `plot` units.
pub fn bar_height(value: i64, top: i64, plot: i64) -> i64 {
    if value <= 0 || top <= 0 {
        return 0;
    }
    // At least one unit, so that a small count next to a large one still shows.
    (value.min(top) * plot / top).max(1)
}

impl BarChart {
    /// The finished markup: `<figure>` with the SVG and the data table.
    pub fn render(&self) -> String {
        let id = escape(&self.id);
        let mut s = String::new();
        let _ = write!(
            s,
            "<figure class=\"chart\" data-testid=\"chart-{id}\">\
<figcaption class=\"chart-title\">{}</figcaption>\
<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" role=\"group\" \
aria-labelledby=\"{id}-title {id}-desc\" class=\"chart-svg\">\
<title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>{}",
            escape(&self.title),
            escape(&self.title),
            escape(&self.desc),
            defs(&id)
        );
        self.legend(&mut s);
        let max = self
            .groups
            .iter()
            .flat_map(|g| g.bars.iter().map(|b| b.value))
            .max()
            .unwrap_or(0);
        let top = axis_top(max);
        let plot = H - TOP - BOTTOM;
        self.axes(&mut s, top, plot);
        if max <= 0 {
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"chart-empty\" fill=\"#333\">{}</text>",
                LEFT + (W - LEFT - RIGHT) / 2,
                TOP + plot / 2,
                escape(&self.empty_text)
            );
        } else {
            self.bars(&mut s, top, plot);
        }
        s.push_str("</svg>");
        self.table(&mut s);
        s.push_str("</figure>");
        s
    }

    fn legend(&self, s: &mut String) {
        let mut x = LEFT;
        for series in &self.series {
            let _ = write!(
                s,
                "<rect x=\"{x}\" y=\"8\" width=\"14\" height=\"14\" fill=\"{}\" stroke=\"{}\"/>\
<text x=\"{}\" y=\"19\" font-size=\"12\" fill=\"#333\">{}</text>",
                series.fill.paint(&escape(&self.id)),
                series.fill.stroke(),
                x + 18,
                escape(&series.label)
            );
            // Wide enough for a Chinese-and-English label at this size.
            x += 18 + 7 * series.label.chars().count() as i64 + 16;
        }
    }

    fn axes(&self, s: &mut String, top: i64, plot: i64) {
        let base = TOP + plot;
        for i in 0..=2 {
            let v = top * i / 2;
            let y = base - plot * i / 2;
            let _ = write!(
                s,
                "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#ccc\"/>\
<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"11\" fill=\"#333\">{v}</text>",
                W - RIGHT,
                LEFT - 4,
                y + 4
            );
        }
        let _ = write!(
            s,
            "<line x1=\"{LEFT}\" x2=\"{LEFT}\" y1=\"{TOP}\" y2=\"{base}\" stroke=\"#595959\"/>"
        );
    }

    fn bars(&self, s: &mut String, top: i64, plot: i64) {
        let n = self.groups.len().max(1) as i64;
        let per_series = self.series.len().max(1) as i64;
        let slot = (W - LEFT - RIGHT) / n;
        let bar_w = ((slot - 2) / per_series).max(1);
        let base = TOP + plot;
        let id = escape(&self.id);
        for (gi, g) in self.groups.iter().enumerate() {
            let gx = LEFT + gi as i64 * slot + 1;
            for (bi, (bar, series)) in g.bars.iter().zip(&self.series).enumerate() {
                let h = bar_height(bar.value, top, plot);
                if h == 0 {
                    continue;
                }
                let x = gx + bi as i64 * bar_w;
                let title = escape(&bar.title);
                let _ = write!(
                    s,
                    "<a href=\"{}\" aria-label=\"{title}\" class=\"chart-bar\" data-value=\"{}\">\
<title>{title}</title><rect x=\"{x}\" y=\"{}\" width=\"{bar_w}\" height=\"{h}\" fill=\"{}\" stroke=\"{}\"/></a>",
                    escape(&bar.href),
                    bar.value,
                    base - h,
                    series.fill.paint(&id),
                    series.fill.stroke()
                );
            }
            if !g.tick.is_empty() {
                let _ = write!(
                    s,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#333\">{}</text>",
                    gx + slot / 2,
                    base + 16,
                    escape(&g.tick)
                );
            }
        }
    }

    fn table(&self, s: &mut String) {
        let _ = write!(
            s,
            "<details class=\"chart-data\"><summary>{}</summary><table class=\"table\"><thead><tr><th scope=\"col\">{}</th>",
            escape(&self.table_label),
            escape(&self.key_header)
        );
        for series in &self.series {
            let _ = write!(s, "<th scope=\"col\">{}</th>", escape(&series.label));
        }
        s.push_str("</tr></thead><tbody>");
        for g in &self.groups {
            let _ = write!(s, "<tr><th scope=\"row\">{}</th>", escape(&g.label));
            for bar in &g.bars {
                let _ = write!(s, "<td>{}</td>", bar.value);
            }
            s.push_str("</tr>");
        }
        s.push_str("</tbody></table></details>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(values: &[[i64; 2]]) -> BarChart {
        BarChart {
            id: "pushes".into(),
            title: "推送 <Pushes>".into(),
            desc: "每小时 & per hour".into(),
            series: vec![
                Series {
                    label: "已接收 Received".into(),
                    fill: Fill::Solid,
                },
                Series {
                    label: "已拒绝 \"Refused\"".into(),
                    fill: Fill::Hatched,
                },
            ],
            groups: values
                .iter()
                .enumerate()
                .map(|(i, v)| Group {
                    label: format!("{i}:00"),
                    tick: if i % 2 == 0 {
                        format!("{i}")
                    } else {
                        String::new()
                    },
                    bars: v
                        .iter()
                        .map(|n| Bar {
                            value: *n,
                            href: format!("/events?hour=2026-11-30T{i:02}&x=<'>"),
                            title: format!("{n} at {i}:00"),
                        })
                        .collect(),
                })
                .collect(),
            key_header: "时间".into(),
            table_label: "数据表".into(),
            empty_text: "没有数据 No data".into(),
        }
    }

    #[test]
    fn text_and_links_are_escaped() {
        let svg = chart(&[[1, 2]]).render();
        assert!(svg.contains("推送 &lt;Pushes&gt;"), "{svg}");
        assert!(svg.contains("每小时 &amp; per hour"));
        assert!(svg.contains("已拒绝 &quot;Refused&quot;"));
        assert!(svg.contains("href=\"/events?hour=2026-11-30T00&amp;x=&lt;&#39;&gt;\""));
        assert!(!svg.contains("<Pushes>") && !svg.contains("x=<"));
    }

    #[test]
    fn bars_scale_to_a_round_axis() {
        assert_eq!(axis_top(0), 2);
        assert_eq!(axis_top(1), 2);
        assert_eq!(axis_top(3), 4);
        assert_eq!(axis_top(7), 8);
        assert_eq!(axis_top(10), 10);
        assert_eq!(axis_top(11), 20);
        assert_eq!(axis_top(4_001), 6_000);
        for max in 0..1_000 {
            let top = axis_top(max);
            assert!(top >= max && top % 2 == 0, "{max} -> {top}");
        }
        assert_eq!(bar_height(0, 10, 170), 0);
        assert_eq!(bar_height(10, 10, 170), 170);
        assert_eq!(bar_height(5, 10, 170), 85);
        // A count far below the largest still shows.
        assert_eq!(bar_height(1, 5_000, 170), 1);
        let svg = chart(&[[10, 5]]).render();
        assert!(svg.contains("height=\"170\""), "{svg}");
        assert!(svg.contains("height=\"85\""), "{svg}");
    }

    #[test]
    fn every_bar_is_a_labelled_link_and_the_table_holds_every_value() {
        let svg = chart(&[[3, 0], [0, 4]]).render();
        // Zero bars are not drawn (nothing to click), but the table has them.
        assert_eq!(svg.matches("<a href=").count(), 2);
        assert!(svg.contains(
            "<a href=\"/events?hour=2026-11-30T00&amp;x=&lt;&#39;&gt;\" aria-label=\"3 at 0:00\""
        ));
        assert!(svg.contains("<title>4 at 1:00</title>"));
        assert!(svg.contains("<tr><th scope=\"row\">0:00</th><td>3</td><td>0</td></tr>"));
        assert!(svg.contains("<tr><th scope=\"row\">1:00</th><td>0</td><td>4</td></tr>"));
        assert!(svg.contains("role=\"group\" aria-labelledby=\"pushes-title pushes-desc\""));
        // The legend names the series in text, and the patterns differ.
        assert!(svg.contains(">已接收 Received</text>"));
        assert!(svg.contains("fill=\"url(#pushes-hatched)\""));
    }

    #[test]
    fn empty_data_says_so() {
        let svg = chart(&[[0, 0], [0, 0]]).render();
        assert!(svg.contains("没有数据 No data"));
        assert_eq!(svg.matches("<a ").count(), 0);
        let none = chart(&[]).render();
        assert!(none.contains("没有数据 No data"));
        assert!(none.contains("<tbody></tbody>"));
    }
}
