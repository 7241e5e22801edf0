//! List filters kept in the URL's query string, so that reload and back keep them, and the
//! pieces of a filter form.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api::platforms::PlatformSummary;
use crate::components::pagination::query_string;
use crate::i18n::{Text, tr, use_i18n};

/// The values of a list page's query-string keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlFilters {
    path: &'static str,
    values: Vec<(&'static str, String)>,
}

impl UrlFilters {
    /// Filters of the page at `path` (for tests and links).
    pub fn new(path: &'static str, values: Vec<(&'static str, String)>) -> Self {
        Self { path, values }
    }

    /// The value of `key` (empty when absent).
    pub fn get(&self, key: &str) -> String {
        self.values
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// The value of `key`, `None` when empty.
    pub fn opt(&self, key: &str) -> Option<String> {
        Some(self.get(key)).filter(|v| !v.is_empty())
    }

    /// The page's URL for `page` with the same filters (page 1 has no `page` key).
    pub fn href(&self, page: u64) -> String {
        let mut pairs: Vec<(&str, String)> = self
            .values
            .iter()
            .filter(|(k, _)| *k != "page")
            .cloned()
            .collect();
        pairs.push((
            "page",
            if page <= 1 {
                String::new()
            } else {
                page.to_string()
            },
        ));
        format!("{}{}", self.path, query_string(&pairs))
    }
}

/// The current values of `keys` in the URL of the page at `path`.
pub fn use_url_filters(path: &'static str, keys: &'static [&'static str]) -> Memo<UrlFilters> {
    let query = use_query_map();
    Memo::new(move |_| {
        let q = query.read();
        UrlFilters::new(
            path,
            keys.iter()
                .map(|k| (*k, q.get(k).unwrap_or_default().trim().to_string()))
                .collect(),
        )
    })
}

/// `<select name="platform">` over the tenant's platforms, "all" first.
#[component]
pub fn PlatformSelect(platforms: Vec<PlatformSummary>, selected: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <select name="platform" aria-label=i18n.t(tr::FILTER_PLATFORM) data-testid="filter-platform">
            <AllOption label=tr::FILTER_PLATFORM />
            {platforms
                .into_iter()
                .map(|p| {
                    let v = p.id.to_string();
                    let is_selected = v == selected;
                    view! { <option value=v selected=is_selected>{p.name}</option> }
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

#[cfg(test)]
mod tests {
    use super::UrlFilters;

    #[test]
    fn page_links_keep_the_filters() {
        let f = UrlFilters::new(
            "/authorizers",
            vec![
                ("q", "鲜果".into()),
                ("kind", String::new()),
                ("status", "revoked".into()),
                ("page", "2".into()),
            ],
        );
        assert_eq!(
            f.href(1),
            "/authorizers?q=%E9%B2%9C%E6%9E%9C&status=revoked"
        );
        assert_eq!(
            f.href(3),
            "/authorizers?q=%E9%B2%9C%E6%9E%9C&status=revoked&page=3"
        );
        assert_eq!(f.opt("kind"), None);
        assert_eq!(f.get("status"), "revoked");
    }
}
