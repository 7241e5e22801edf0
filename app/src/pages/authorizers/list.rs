//! `/authorizers`: search and filters kept in the URL (`?q=&platform=&kind=&status=&func=&page=`),
//! server-side pagination, 20 per page.

use leptos::prelude::*;
use leptos_router::components::{A, Form};

use crate::api::authorizers::{AuthorizerItem, AuthorizerListPage, list_authorizers};
use crate::api::links::get_func_scopes;
use crate::api::platforms::{PlatformSummary, list_platforms};
use crate::api::shared::{FuncScopeInfo, ScopeKind};
use crate::components::avatar::Avatar;
use crate::components::badges::{AuthorizerStatusBadge, FuncBadges, TokenBadge, kind_label};
use crate::components::filters::{
    AllOption, FilterButtons, PlatformSelect, UrlFilters, use_url_filters,
};
use crate::components::loaded::Loaded;
use crate::components::page::PageHeader;
use crate::components::pagination::Pagination;
use crate::components::table::DataTable;
use crate::i18n::{tr, use_i18n};

/// The query-string keys of the list.
const KEYS: &[&str] = &["q", "platform", "kind", "status", "func", "page"];

/// The list of authorizers.
#[component]
pub fn AuthorizersPage() -> impl IntoView {
    let filters = use_url_filters("/authorizers", KEYS);
    let data = Resource::new_blocking(
        move || filters.get(),
        |f| {
            list_authorizers(
                f.opt("q"),
                f.opt("platform"),
                f.opt("kind"),
                f.opt("status"),
                f.opt("func"),
                f.opt("page"),
            )
        },
    );
    let platforms = Resource::new_blocking(|| (), |_| list_platforms());
    let scopes = Resource::new_blocking(|| (), |_| get_func_scopes());
    view! {
        <PageHeader title=tr::AUTHORIZERS_TITLE />
        <section class="card">
            <Transition fallback=|| ()>
                {move || {
                    let f = filters.get();
                    Suspend::new(async move {
                        let platforms = platforms.await.unwrap_or_default();
                        let funcs = scopes.await.unwrap_or_default();
                        view! { <FilterForm f platforms funcs /> }
                    })
                }}
            </Transition>
        </section>
        <Loaded
            resource=data
            view=move |page| {
                let f = filters.get_untracked();
                view! { <ListBody page f /> }.into_any()
            }
        />
    }
}

/// Search and filters; submitting navigates to the list's URL with them.
#[component]
fn FilterForm(
    f: UrlFilters,
    platforms: Vec<PlatformSummary>,
    funcs: Vec<FuncScopeInfo>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (kind, status, func) = (f.get("kind"), f.get("status"), f.get("func"));
    view! {
        <Form method="GET" action="/authorizers" attr:class="form form-inline filters" attr:data-testid="authorizer-filters">
            <input
                type="search"
                name="q"
                value=f.get("q")
                placeholder=i18n.t(tr::SEARCH_PLACEHOLDER)
                aria-label=i18n.t(tr::SEARCH_PLACEHOLDER)
                data-testid="filter-q"
            />
            <PlatformSelect platforms selected=f.get("platform") />
            <select name="kind" aria-label=i18n.t(tr::FILTER_KIND) data-testid="filter-kind">
                <AllOption label=tr::FILTER_KIND />
                {["official_account", "mini_program"]
                    .into_iter()
                    .map(|k| view! { <option value=k selected=k == kind>{i18n.t(kind_label(k))}</option> })
                    .collect_view()}
            </select>
            <select name="status" aria-label=i18n.t(tr::FILTER_STATUS) data-testid="filter-status">
                <AllOption label=tr::FILTER_STATUS />
                {[
                    ("authorized", tr::STATUS_AUTHORIZED),
                    ("needs_reauth", tr::STATUS_NEEDS_REAUTH),
                    ("revoked", tr::STATUS_REVOKED),
                ]
                    .into_iter()
                    .map(|(s, label)| view! { <option value=s selected=s == status>{i18n.t(label)}</option> })
                    .collect_view()}
            </select>
            <select name="func" aria-label=i18n.t(tr::FILTER_FUNC) data-testid="filter-func">
                <AllOption label=tr::FILTER_FUNC />
                {funcs
                    .into_iter()
                    .map(|s| {
                        let v = s.id.to_string();
                        let selected = v == func;
                        let kind = match s.kind {
                            ScopeKind::OfficialAccount => tr::KIND_OA,
                            ScopeKind::MiniProgram => tr::KIND_MP,
                            ScopeKind::Both => tr::ALL,
                        };
                        view! {
                            <option value=v selected=selected>
                                {move || format!("{} · {} #{}", s.name(i18n.locale()), i18n.now(kind), s.id)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <FilterButtons reset="/authorizers" />
        </Form>
    }
}

/// The rows of a page and the page links.
#[component]
fn ListBody(page: AuthorizerListPage, f: UrlFilters) -> impl IntoView {
    let i18n = use_i18n();
    let info = page.page;
    view! {
        <section class="card">
            {if page.items.is_empty() {
                view! { <p class="empty" data-testid="authorizers-empty">{i18n.t(tr::AUTHORIZERS_EMPTY)}</p> }.into_any()
            } else {
                view! { <AuthorizerTable items=page.items /> }.into_any()
            }}
            <Pagination info href=move |p| f.href(p) />
        </section>
    }
}

#[component]
fn AuthorizerTable(items: Vec<AuthorizerItem>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <DataTable headers=&[tr::COL_AVATAR, tr::COL_NICKNAME, tr::COL_APPID, tr::COL_TYPE, tr::COL_PRINCIPAL, tr::COL_STATUS, tr::COL_FUNCS, tr::COL_TOKEN, tr::COL_AUTHORIZED_AT] testid="authorizers-table">
                    {items
                        .into_iter()
                        .map(|a| {
                            let href = format!("/authorizers/{}", a.id);
                            view! {
                                <tr data-testid="authorizer-row" data-appid=a.appid.clone()>
                                    <td>
                                        <Avatar src=a.head_img.clone() name=a.nick_name.clone() />
                                    </td>
                                    <td class="cell-name">
                                        <A href=href attr:data-testid="authorizer-name">{a.nick_name.clone()}</A>
                                        <div class="muted small">{a.platform_name.clone()}</div>
                                    </td>
                                    <td class="mono">{a.appid.clone()}</td>
                                    <td class="nowrap">{i18n.t(kind_label(&a.kind))}</td>
                                    <td class="cell-principal">{a.principal_name.clone().unwrap_or_default()}</td>
                                    <td class="nowrap">
                                        <AuthorizerStatusBadge status=a.status.clone() />
                                    </td>
                                    <td class="cell-funcs">
                                        <FuncBadges funcs=a.funcs.clone() />
                                    </td>
                                    <td class="cell-token">
                                        <TokenBadge health=a.token.health text=a.token.text.clone() />
                                    </td>
                                    <td class="nowrap">{a.authorized_at.clone()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </DataTable>
    }
}
