//! Settings: my account and password, the tenant's members, the interface language.

use leptos::prelude::*;

use crate::api::auth::ChangePassword;
use crate::api::members::{AddMember, list_members};
use crate::api::{Role, role_label};
use crate::components::card::Card;
use crate::components::layout::SessionResource;
use crate::components::notice::{ActionError, ErrorNotice};
use crate::components::page::PageHeader;
use crate::i18n::{Locale, tr, use_i18n};

/// Account, password, members and language.
#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <PageHeader title=tr::SETTINGS_TITLE />
        <div class="grid-2">
            <AccountCard />
            <PasswordCard />
        </div>
        <MembersCard />
        <LanguageCard />
    }
}

#[component]
fn AccountCard() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_context::<SessionResource>().map(|s| s.0);
    view! {
        <Card title=tr::SETTINGS_ACCOUNT>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let info = match session {
                        Some(s) => s.await,
                        None => return ().into_any(),
                    };
                    match info {
                        Ok(info) => {
                            let last = info
                                .last_login_at
                                .clone()
                                .unwrap_or_else(|| i18n.now(tr::NEVER).to_string());
                            view! {
                                <dl class="facts">
                                    <dt>{i18n.t(tr::USERNAME)}</dt>
                                    <dd>{info.username.clone()}</dd>
                                    <dt>{i18n.t(tr::SETTINGS_DISPLAY_NAME)}</dt>
                                    <dd>{info.display_name.clone()}</dd>
                                    <dt>{i18n.t(tr::TENANT)}</dt>
                                    <dd>{info.tenant_name.clone()}</dd>
                                    <dt>{i18n.t(tr::SETTINGS_ROLE)}</dt>
                                    <dd>{i18n.t(role_label(info.role))}</dd>
                                    <dt>{i18n.t(tr::SETTINGS_LAST_LOGIN)}</dt>
                                    <dd>{last}</dd>
                                </dl>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Suspense>
        </Card>
    }
}

#[component]
fn PasswordCard() -> impl IntoView {
    let i18n = use_i18n();
    let change = ServerAction::<ChangePassword>::new();
    let pending = change.pending();
    let done = move || matches!(change.value().get(), Some(Ok(())));
    view! {
        <Card title=tr::SETTINGS_CHANGE_PASSWORD>
            <ActionForm action=change attr:class="form">
                <label class="field">
                    <span>{i18n.t(tr::SETTINGS_CURRENT_PASSWORD)}</span>
                    <input type="password" name="current" autocomplete="current-password" required />
                </label>
                <label class="field">
                    <span>{i18n.t(tr::SETTINGS_NEW_PASSWORD)}</span>
                    <input
                        type="password"
                        name="new"
                        autocomplete="new-password"
                        minlength="8"
                        required
                    />
                </label>
                <ActionError result=change.value() />
                <Show when=done>
                    <div class="notice notice-ok" role="status">
                        {i18n.t(tr::SETTINGS_PASSWORD_CHANGED)}
                    </div>
                </Show>
                <button type="submit" class="btn btn-primary" disabled=pending>
                    {i18n.t(tr::SAVE)}
                </button>
            </ActionForm>
        </Card>
    }
}

#[component]
fn MembersCard() -> impl IntoView {
    let i18n = use_i18n();
    let add = ServerAction::<AddMember>::new();
    let members = Resource::new_blocking(move || add.version().get(), |_| list_members());
    let session = use_context::<SessionResource>().map(|s| s.0);
    let can_manage = move || {
        session
            .and_then(|s| s.get())
            .and_then(Result::ok)
            .is_some_and(|i| matches!(i.role, Role::Owner | Role::Admin))
    };
    view! {
        <Card title=tr::SETTINGS_MEMBERS>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match members.await {
                        Ok(list) => {
                            view! {
                                <table class="table" data-testid="members-table">
                                    <thead>
                                        <tr>
                                            <th>{i18n.t(tr::USERNAME)}</th>
                                            <th>{i18n.t(tr::SETTINGS_DISPLAY_NAME)}</th>
                                            <th>{i18n.t(tr::SETTINGS_ROLE)}</th>
                                            <th>{i18n.t(tr::SETTINGS_LAST_LOGIN)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {list
                                            .into_iter()
                                            .map(|m| {
                                                let last = m.last_login_at.clone();
                                                view! {
                                                    <tr>
                                                        <td>{m.username}</td>
                                                        <td>{m.display_name}</td>
                                                        <td>{i18n.t(role_label(m.role))}</td>
                                                        <td>
                                                            {move || {
                                                                last.clone()
                                                                    .unwrap_or_else(|| i18n.now(tr::NEVER).to_string())
                                                            }}
                                                        </td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
            <Show when=can_manage>
                <h3>{i18n.t(tr::SETTINGS_ADD_MEMBER)}</h3>
                <p class="muted">{i18n.t(tr::SETTINGS_ADD_MEMBER_HINT)}</p>
                <ActionForm action=add attr:class="form form-inline">
                    <input
                        type="text"
                        name="username"
                        required
                        placeholder=i18n.t(tr::USERNAME)
                        aria-label=i18n.t(tr::USERNAME)
                    />
                    <select name="role" aria-label=i18n.t(tr::SETTINGS_ROLE)>
                        {Role::ALL
                            .into_iter()
                            .map(|r| {
                                view! {
                                    <option value=r.as_str() selected=r == Role::Operator>
                                        {i18n.t(role_label(r))}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <button type="submit" class="btn btn-primary">
                        {i18n.t(tr::SETTINGS_ADD_MEMBER)}
                    </button>
                </ActionForm>
                <ActionError result=add.value() />
                <Show when=move || matches!(add.value().get(), Some(Ok(())))>
                    <div class="notice notice-ok" role="status">
                        {i18n.t(tr::SETTINGS_MEMBER_ADDED)}
                    </div>
                </Show>
            </Show>
        </Card>
    }
}

#[component]
fn LanguageCard() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Card title=tr::SETTINGS_LANGUAGE>
            <div class="segmented">
                {[(Locale::Zh, "简体中文"), (Locale::En, "English")]
                    .into_iter()
                    .map(|(l, label)| {
                        view! {
                            <button
                                type="button"
                                class="btn"
                                class:btn-primary=move || i18n.locale() == l
                                on:click=move |_| i18n.set(l)
                            >
                                {label}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        </Card>
    }
}
