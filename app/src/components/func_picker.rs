//! The permission-set picker: WeChat's current permission sets as checkboxes, grouped by the
//! kind of account that can grant them, exclusive ones marked.

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::api::shared::{FuncScopeInfo, ScopeKind};
use crate::i18n::{Text, tr, use_i18n};

/// Checkboxes of the non-legacy sets in `scopes`; `selected` holds the checked ids.
#[component]
pub fn FuncScopePicker(
    scopes: Vec<FuncScopeInfo>,
    selected: RwSignal<BTreeSet<u32>>,
) -> impl IntoView {
    let current: Vec<FuncScopeInfo> = scopes.into_iter().filter(|s| !s.legacy).collect();
    [
        (ScopeKind::OfficialAccount, tr::FUNCS_OA),
        (ScopeKind::MiniProgram, tr::FUNCS_MP),
        (ScopeKind::Both, tr::FUNCS_BOTH),
    ]
    .into_iter()
    .map(|(kind, title)| {
        let items: Vec<FuncScopeInfo> =
            current.iter().filter(|s| s.kind == kind).cloned().collect();
        (!items.is_empty()).then(|| view! { <Group title items selected /> })
    })
    .collect_view()
}

#[component]
fn Group(
    title: Text,
    items: Vec<FuncScopeInfo>,
    selected: RwSignal<BTreeSet<u32>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="func-group">
            <legend>{i18n.t(title)}</legend>
            <div class="func-grid">
                {items
                    .into_iter()
                    .map(|s| {
                        let id = s.id;
                        let exclusive = s.exclusive;
                        view! {
                            <label class="check">
                                <input
                                    type="checkbox"
                                    value=id
                                    prop:checked=move || selected.with(|f| f.contains(&id))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        selected.update(|f| {
                                            if on { f.insert(id); } else { f.remove(&id); }
                                        });
                                    }
                                    data-testid=format!("func-{id}")
                                />
                                <span>
                                    {move || s.name.get(i18n.locale()).to_string()}
                                    <span class="muted">" #" {id}</span>
                                    {exclusive
                                        .then(|| view! { <span class="badge badge-warn">{i18n.t(tr::EXCLUSIVE)}</span> })}
                                </span>
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
        </fieldset>
    }
}
