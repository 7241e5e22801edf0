//! The skeleton every filtered list page shares: its typed query read from the URL, the rows of
//! the current page (or the "empty" text) with page links, and the error of a malformed filter
//! or a failed load.

use leptos::prelude::*;
use leptos_router::hooks::use_query;
use leptos_router::params::ParamsError;

use crate::api::query::{BadParam, ListQuery};
use crate::api::shared::{Bi, ListPage};
use crate::components::card::Card;
use crate::components::loaded::Loaded;
use crate::components::pagination::Pagination;
use crate::error::AppError;
use crate::i18n::{Text, use_i18n};

/// The page's query from its URL; a malformed value is an error naming the filter (shown where
/// the rows would be, while the filter form stays usable).
pub fn use_list_query<Q: ListQuery>() -> Memo<Result<Q, AppError>> {
    let query = use_query::<Q>();
    Memo::new(move |_| query.get().map_err(|e| bad_query(&e)))
}

fn bad_query(e: &ParamsError) -> AppError {
    let bad = match e {
        ParamsError::Params(inner) => inner.downcast_ref::<BadParam>(),
        ParamsError::MissingParam(_) => None,
    };
    AppError::Invalid(match bad {
        Some(b) => Bi::new(
            format!(
                "筛选条件 {} 的值 “{}” 无效，请修改或清除筛选",
                b.key, b.value
            ),
            format!(
                "The value \"{}\" of the filter {} is not valid: change it or reset the filters",
                b.value, b.key
            ),
        )
        .on_field(b.key),
        None => Bi::new(
            "页面地址中的筛选条件无效，请清除筛选",
            "The filters in the page's address are not valid: reset the filters",
        ),
    })
}

/// The rows card of a list page: `load`s the page the URL's query names (again whenever
/// `reload` changes), and shows `rows` of it with page links, or `empty` when there are none.
#[component]
pub fn FilteredList<Q, T, L, Fut, R>(
    query: Memo<Result<Q, AppError>>,
    /// The page's server function.
    load: L,
    /// The rows of a non-empty page.
    rows: R,
    /// Shown when no row matches.
    empty: Text,
    /// `data-testid` of the "empty" text.
    empty_testid: &'static str,
    #[prop(optional)] title: Option<Text>,
    /// Bumped after an action on a row (a retry), so the page reloads.
    #[prop(optional, into)]
    reload: MaybeProp<usize>,
) -> impl IntoView
where
    Q: ListQuery,
    T: Clone + serde::Serialize + serde::de::DeserializeOwned + Send + Sync + 'static,
    L: Fn(Q) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<ListPage<T>, AppError>> + Send + 'static,
    R: Fn(Vec<T>) -> AnyView + Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let data = Resource::new_blocking(
        move || (query.get(), reload.get()),
        move |(q, _)| async move {
            match q {
                Ok(q) => load(q).await,
                Err(e) => Err(e),
            }
        },
    );
    view! {
        <Loaded
            resource=data
            view={move |page: ListPage<T>| {
                let rows = rows.clone();
                let q = query.get_untracked().unwrap_or_default();
                let info = page.page;
                let body = view! {
                    {if page.items.is_empty() {
                        view! { <p class="empty" data-testid=empty_testid>{i18n.t(empty)}</p> }.into_any()
                    } else {
                        rows(page.items)
                    }}
                    <Pagination info href=move |p| q.href(p) />
                };
                match title {
                    Some(title) => view! { <Card title>{body}</Card> }.into_any(),
                    None => view! { <Card>{body}</Card> }.into_any(),
                }
            }}
        />
    }
}

/// The filter card of a list page: `children` (an introduction) and the page's filter form,
/// built by `form` from the URL's query (the defaults when the URL is malformed, so the form
/// stays usable) once what it needs (the platforms to choose from…) is loaded.
#[component]
pub fn FilterCard<Q, F, Fut>(
    query: Memo<Result<Q, AppError>>,
    form: F,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView
where
    Q: ListQuery,
    F: Fn(Q) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = AnyView> + Send + 'static,
{
    view! {
        <Card>
            {children.map(|c| c())}
            <Transition fallback=|| ()>
                {move || Suspend::new(form(query.get().unwrap_or_default()))}
            </Transition>
        </Card>
    }
}
