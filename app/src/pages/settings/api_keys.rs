//! API keys (administrators and owners): the keys the tenant's own services use on the platform
//! API. A new key is shown once, right after it is created (it lives only in this page's memory:
//! a reload loses it); the list shows name, prefix, scopes, platforms, who created it and when,
//! its last use and whether it is revoked; revoking asks again first.

use leptos::prelude::*;

use crate::api::api_keys::{ApiKeyRow, CreateApiKey, RevokeApiKey, list_api_keys};
use crate::components::card::Card;
use crate::components::copy::CopyField;
use crate::components::form::FieldError;
use crate::components::notice::{ActionError, ErrorNotice};
use crate::components::table::DataTable;
use crate::i18n::{Text, tr, use_i18n};
use console_types::{ApiScope, KeyPlatform, PlatformId};

/// The list's columns.
const COLUMNS: &[Text] = &[
    tr::API_KEY_NAME,
    tr::API_KEY_PREFIX,
    tr::API_KEY_SCOPES,
    tr::TENANTS_PLATFORMS,
    tr::API_KEY_CREATED_BY,
    tr::API_KEY_CREATED_AT,
    tr::API_KEY_LAST_USED,
    tr::MEMBER_STATUS,
    tr::MEMBER_ACTIONS,
];

/// What a scope allows, in one line.
fn scope_help(s: ApiScope) -> Text {
    match s {
        ApiScope::Tokens => tr::API_KEY_SCOPE_TOKENS,
        ApiScope::Proxy => tr::API_KEY_SCOPE_PROXY,
        ApiScope::Registrations => tr::API_KEY_SCOPE_REGISTRATIONS,
        ApiScope::OAuth => tr::API_KEY_SCOPE_OAUTH,
    }
}

#[component]
pub fn ApiKeysCard() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateApiKey>::new();
    let revoke = ServerAction::<RevokeApiKey>::new();
    let keys = Resource::new_blocking(
        move || (create.version().get(), revoke.version().get()),
        |_| list_api_keys(),
    );
    let created: Signal<Option<Result<(), _>>> =
        Signal::derive(move || create.value().get().map(|r| r.map(|_| ())));
    view! {
        <Card title=tr::API_KEYS_TITLE testid="api-keys">
            <p class="muted">{i18n.t(tr::API_KEYS_HINT)}</p>
            {move || {
                create
                    .value()
                    .get()
                    .and_then(Result::ok)
                    .map(|new| {
                        view! {
                            <div class="notice notice-warn" role="status" data-testid="api-key-once">
                                {i18n.t(tr::API_KEY_ONCE)}
                            </div>
                            <CopyField label=tr::API_KEY_CREATED value=new.secret testid="api-key-secret" />
                        }
                    })
            }}
            <ActionError result=revoke.value() />
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match keys.await {
                        Ok(k) => {
                            view! {
                                <h3>{i18n.t(tr::API_KEY_NEW)}</h3>
                                <NewKeyForm create platforms=k.platforms result=created />
                                <h3>{i18n.t(tr::API_KEY_LIST)}</h3>
                                <KeyList keys=k.keys revoke />
                            }
                                .into_any()
                        }
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </Card>
    }
}

/// Name, scopes (tokens checked to begin with) and, optionally, platforms of a new key.
#[component]
fn NewKeyForm(
    create: ServerAction<CreateApiKey>,
    platforms: Vec<KeyPlatform>,
    result: Signal<Option<Result<(), crate::error::AppError>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let scopes = RwSignal::new(vec![ApiScope::Tokens]);
    let chosen = RwSignal::new(Vec::<PlatformId>::new());
    let pending = create.pending();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.dispatch(CreateApiKey {
            name: name.get_untracked(),
            scopes: scopes.get_untracked(),
            platforms: chosen.get_untracked(),
        });
    };
    let has_platforms = !platforms.is_empty();
    view! {
        <form class="form" on:submit=on_submit data-testid="api-key-form">
            <label class="field">
                <span>{i18n.t(tr::API_KEY_NAME)}</span>
                <input
                    type="text"
                    maxlength="64"
                    required
                    autocomplete="off"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                    data-testid="api-key-name"
                />
                <small>{i18n.t(tr::API_KEY_NAME_HINT)}</small>
                <FieldError field="name" result />
            </label>
            <fieldset>
                <legend>{i18n.t(tr::API_KEY_SCOPES)}</legend>
                {ApiScope::ALL
                    .iter()
                    .copied()
                    .map(|s| {
                        view! {
                            <label class="check">
                                <input
                                    type="checkbox"
                                    prop:checked=move || scopes.with(|v| v.contains(&s))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        scopes.update(|v| toggle(v, s, on));
                                    }
                                    data-testid=format!("api-key-scope-{}", s.as_str())
                                />
                                <span>
                                    <code>{s.as_str()}</code>
                                    " "
                                    {i18n.t(scope_help(s))}
                                </span>
                            </label>
                        }
                    })
                    .collect_view()}
                <FieldError field="scopes" result />
            </fieldset>
            {has_platforms
                .then(|| {
                    view! {
                        <fieldset>
                            <legend>{i18n.t(tr::API_KEY_PLATFORMS)}</legend>
                            <small class="muted">{i18n.t(tr::API_KEY_PLATFORMS_HINT)}</small>
                            {platforms
                                .into_iter()
                                .map(|p| {
                                    let id = p.id;
                                    view! {
                                        <label class="check">
                                            <input
                                                type="checkbox"
                                                prop:checked=move || chosen.with(|v| v.contains(&id))
                                                on:change=move |ev| {
                                                    let on = event_target_checked(&ev);
                                                    chosen.update(|v| toggle(v, id, on));
                                                }
                                                data-testid=format!("api-key-platform-{}", p.appid)
                                            />
                                            <span>{p.name} " " <span class="mono">"(" {p.appid} ")"</span></span>
                                        </label>
                                    }
                                })
                                .collect_view()}
                            <FieldError field="platforms" result />
                        </fieldset>
                    }
                })}
            {move || match result.get() {
                Some(Err(e)) if e.field().is_none() => Some(view! { <ErrorNotice error=e /> }),
                _ => None,
            }}
            <div>
                <button type="submit" class="btn btn-primary" disabled=pending data-testid="api-key-create">
                    {i18n.t(tr::API_KEY_CREATE)}
                </button>
            </div>
        </form>
    }
}

/// Adds `x` to `v` or removes it.
fn toggle<T: PartialEq>(v: &mut Vec<T>, x: T, on: bool) {
    if on {
        if !v.contains(&x) {
            v.push(x);
        }
    } else {
        v.retain(|y| *y != x);
    }
}

#[component]
fn KeyList(keys: Vec<ApiKeyRow>, revoke: ServerAction<RevokeApiKey>) -> impl IntoView {
    let i18n = use_i18n();
    if keys.is_empty() {
        return view! { <p class="muted" data-testid="api-keys-none">{i18n.t(tr::API_KEY_NONE)}</p> }
            .into_any();
    }
    view! {
        <DataTable headers=COLUMNS testid="api-keys-table">
            {keys.into_iter().map(|k| view! { <KeyLine k revoke /> }).collect_view()}
        </DataTable>
    }
    .into_any()
}

/// One key, and (while it is active) the button that revokes it after asking.
#[component]
fn KeyLine(k: ApiKeyRow, revoke: ServerAction<RevokeApiKey>) -> impl IntoView {
    let i18n = use_i18n();
    let asking = RwSignal::new(false);
    let id = k.key.id;
    let scopes = k
        .key
        .scopes
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let platforms = if k.key.platforms.is_empty() {
        i18n.t(tr::API_KEY_ALL_PLATFORMS).into_any()
    } else {
        k.key
            .platforms
            .iter()
            .map(|p| format!("{} ({})", p.name, p.appid))
            .collect::<Vec<_>>()
            .join(", ")
            .into_any()
    };
    let last = k.last_used_at.clone();
    let revoked = k.revoked_at.is_some();
    let status = match k.revoked_at.clone() {
        Some(at) => view! {
            <span class="badge badge-muted" data-testid="api-key-status">{i18n.t(tr::API_KEY_REVOKED)}</span>
            " "
            <span class="muted">{at}</span>
        }
        .into_any(),
        None => view! {
            <span class="badge badge-info" data-testid="api-key-status">{i18n.t(tr::API_KEY_ACTIVE)}</span>
        }
        .into_any(),
    };
    let actions = (!revoked).then(|| {
        view! {
            <Show
                when=move || asking.get()
                fallback=move || {
                    view! {
                        <button
                            type="button"
                            class="btn btn-small btn-danger"
                            data-testid="api-key-revoke"
                            on:click=move |_| asking.set(true)
                        >
                            {i18n.t(tr::API_KEY_REVOKE)}
                        </button>
                    }
                }
            >
                <div
                    class="inline-actions"
                    role="group"
                    aria-label=move || i18n.now(tr::API_KEY_REVOKE).to_string()
                >
                    <span data-testid="api-key-question">{i18n.t(tr::API_KEY_REVOKE_CONFIRM)}</span>
                    <button
                        type="button"
                        class="btn btn-small btn-danger"
                        disabled=revoke.pending()
                        data-testid="api-key-revoke-confirm"
                        on:click=move |_| {
                            revoke.dispatch(RevokeApiKey { id });
                        }
                    >
                        {i18n.t(tr::API_KEY_CONFIRM_REVOKE)}
                    </button>
                    <button
                        type="button"
                        class="btn btn-small"
                        data-testid="api-key-cancel"
                        on:click=move |_| asking.set(false)
                    >
                        {i18n.t(tr::CANCEL)}
                    </button>
                </div>
            </Show>
        }
    });
    view! {
        <tr data-testid=format!("api-key-{}", k.key.name)>
            <td>{k.key.name.clone()}</td>
            <td class="mono">{k.key.prefix.clone()} "…"</td>
            <td class="mono">{scopes}</td>
            <td>{platforms}</td>
            <td>{k.key.created_by.clone()}</td>
            <td>{k.created_at.clone()}</td>
            <td>{move || last.clone().unwrap_or_else(|| i18n.now(tr::NEVER).to_string())}</td>
            <td>{status}</td>
            <td>{actions}</td>
        </tr>
    }
}
