//! Page links for server-side paginated lists; the page lives in the URL's query string.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::shared::PageInfo;
use crate::components::notice::encode_component;
use crate::i18n::{tr, use_i18n};

/// A query string (`?a=1&b=x`) of the non-empty pairs, or `""`.
pub fn query_string(pairs: &[(&str, String)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", encode_component(v)))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// The page numbers to link to: the first, the last, and two either side of the current one;
/// `None` is a gap.
pub fn page_window(page: u64, pages: u64) -> Vec<Option<u64>> {
    let mut out = Vec::new();
    let mut last = 0;
    for p in 1..=pages {
        if p == 1 || p == pages || p.abs_diff(page) <= 2 {
            if p > last + 1 {
                out.push(None);
            }
            out.push(Some(p));
            last = p;
        }
    }
    out
}

/// "共 N 条", previous / numbered / next page links. `href` builds the URL of a page.
#[component]
pub fn Pagination(info: PageInfo, href: impl Fn(u64) -> String + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let pages = info.pages();
    let page = info.page.clamp(1, pages);
    let total = info.total;
    let link = |label: String, target: Option<String>, current: bool| {
        match target {
        Some(h) if !current => view! { <A href=h attr:class="page-link">{label}</A> }.into_any(),
        _ => view! {
            <span class="page-link" class:page-current=current aria-current=current.then_some("page")>
                {label}
            </span>
        }
        .into_any(),
    }
    };
    let prev = (page > 1).then(|| href(page - 1));
    let next = (page < pages).then(|| href(page + 1));
    let numbers = page_window(page, pages)
        .into_iter()
        .map(|p| match p {
            Some(p) => link(p.to_string(), Some(href(p)), p == page),
            None => view! { <span class="page-gap">"…"</span> }.into_any(),
        })
        .collect_view();
    view! {
        <nav class="pagination" aria-label="pagination" data-testid="pagination">
            <span class="muted" data-testid="total-count" data-total=total>
                {move || i18n.now(tr::TOTAL_ROWS).replace("{n}", &total.to_string())}
            </span>
            <span class="page-links">
                {match prev {
                    Some(h) => view! { <A href=h attr:class="page-link" attr:rel="prev">{i18n.t(tr::PREV_PAGE)}</A> }.into_any(),
                    None => view! { <span class="page-link disabled">{i18n.t(tr::PREV_PAGE)}</span> }.into_any(),
                }}
                {numbers}
                {match next {
                    Some(h) => view! { <A href=h attr:class="page-link" attr:rel="next">{i18n.t(tr::NEXT_PAGE)}</A> }.into_any(),
                    None => view! { <span class="page-link disabled">{i18n.t(tr::NEXT_PAGE)}</span> }.into_any(),
                }}
            </span>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_keeps_both_ends_and_the_neighbourhood() {
        assert_eq!(page_window(1, 1), vec![Some(1)]);
        assert_eq!(
            page_window(5, 10),
            vec![
                Some(1),
                None,
                Some(3),
                Some(4),
                Some(5),
                Some(6),
                Some(7),
                None,
                Some(10)
            ]
        );
        assert_eq!(page_window(2, 4), vec![Some(1), Some(2), Some(3), Some(4)]);
    }

    #[test]
    fn query_strings_skip_empty_values_and_encode() {
        assert_eq!(query_string(&[("q", String::new())]), "");
        assert_eq!(
            query_string(&[
                ("q", "a b&c".into()),
                ("page", "2".into()),
                ("kind", String::new())
            ]),
            "?q=a%20b%26c&page=2"
        );
    }
}
