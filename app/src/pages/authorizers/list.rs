//! `/authorizers`: search and filters kept in the URL (`?q=&platform=&kind=&status=&func=&page=`),
//! server-side pagination, 20 per page.

use leptos::prelude::*;
use leptos_router::components::{A, Form};

use console_types::{AccountKind, AuthorizerStatus};

use crate::api::authorizers::{AuthorizerItem, AuthorizerQuery, list_authorizers};
use crate::api::links::get_func_scopes;
use crate::api::platforms::{PlatformSummary, list_platforms};
use crate::api::query::text;
use crate::api::shared::{FuncScopeInfo, ScopeKind};
use crate::components::avatar::Avatar;
use crate::components::badges::{
    AuthorizerStatusBadge, FuncSummary, TokenBadge, authorizer_status, kind_label,
};
use crate::components::filters::{AllOption, FilterButtons, PlatformSelect};
use crate::components::list_page::{FilterCard, FilteredList, use_list_query};
use crate::components::page::PageHeader;
use crate::components::table::DataTable;
use crate::i18n::{tr, use_i18n};

/// The list of authorizers.
#[component]
pub fn AuthorizersPage() -> impl IntoView {
    let query = use_list_query::<AuthorizerQuery>();
    let platforms = Resource::new_blocking(|| (), |_| list_platforms());
    let scopes = Resource::new_blocking(|| (), |_| get_func_scopes());
    view! {
        <PageHeader title=tr::AUTHORIZERS_TITLE />
        <FilterCard
            query
            form=move |q| async move {
                let platforms = platforms.await.unwrap_or_default();
                let funcs = scopes.await.unwrap_or_default();
                view! { <FilterForm q platforms funcs /> }.into_any()
            }
        />
        <FilteredList
            query
            load=list_authorizers
            rows=|items| view! { <AuthorizerTable items /> }.into_any()
            empty=tr::AUTHORIZERS_EMPTY
            empty_testid="authorizers-empty"
        />
    }
}

/// Search and filters; submitting navigates to the list's URL with them.
#[component]
fn FilterForm(
    q: AuthorizerQuery,
    platforms: Vec<PlatformSummary>,
    funcs: Vec<FuncScopeInfo>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (kind, status, func) = (q.kind, q.status, q.func);
    view! {
        <Form method="GET" action="/authorizers" attr:class="form form-inline filters" attr:data-testid="authorizer-filters">
            <input
                type="search"
                name="q"
                value=text(&q.q)
                placeholder=i18n.t(tr::SEARCH_PLACEHOLDER)
                aria-label=i18n.t(tr::SEARCH_PLACEHOLDER)
                data-testid="filter-q"
            />
            <PlatformSelect platforms selected=q.platform />
            <select name="kind" aria-label=i18n.t(tr::FILTER_KIND) data-testid="filter-kind">
                <AllOption label=tr::FILTER_KIND />
                {[AccountKind::OfficialAccount, AccountKind::MiniProgram]
                    .into_iter()
                    .map(|k| view! { <option value=k.as_str() selected=Some(k) == kind>{i18n.t(kind_label(k))}</option> })
                    .collect_view()}
            </select>
            <select name="status" aria-label=i18n.t(tr::FILTER_STATUS) data-testid="filter-status">
                <AllOption label=tr::FILTER_STATUS />
                {AuthorizerStatus::ALL
                    .iter()
                    .map(|&s| view! { <option value=s.as_str() selected=Some(s) == status>{i18n.t(authorizer_status(s).0)}</option> })
                    .collect_view()}
            </select>
            <select name="func" aria-label=i18n.t(tr::FILTER_FUNC) data-testid="filter-func">
                <AllOption label=tr::FILTER_FUNC />
                {funcs
                    .into_iter()
                    .map(|s| {
                        let v = s.id.to_string();
                        let selected = i32::try_from(s.id).ok() == func;
                        let kind = match s.kind {
                            ScopeKind::OfficialAccount => tr::KIND_OA,
                            ScopeKind::MiniProgram => tr::KIND_MP,
                            ScopeKind::Both => tr::ALL,
                        };
                        view! {
                            <option value=v selected=selected>
                                {move || format!("{} · {} #{}", s.name.get(i18n.locale()), i18n.now(kind), s.id)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <FilterButtons reset="/authorizers" />
        </Form>
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
                                    <td class="nowrap">{i18n.t(kind_label(a.kind))}</td>
                                    <td class="cell-principal">{a.principal_name.clone().unwrap_or_default()}</td>
                                    <td class="nowrap">
                                        <AuthorizerStatusBadge status=a.status />
                                    </td>
                                    <td class="cell-funcs">
                                        <FuncSummary funcs=a.funcs.clone() />
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
