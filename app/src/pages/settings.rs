//! Settings: my account, password and sessions, the tenant's members and invitations, its API
//! keys, the interface language.

// Alerts (issue 14).
mod alerts;
mod api_keys;
mod invitations;
mod members;

use leptos::prelude::*;

use crate::api::Permission;
use crate::api::auth::{ChangePassword, SignOutEverywhere};
use crate::api::role_label;
use crate::components::card::Card;
use crate::components::layout::SessionResource;
use crate::components::notice::{ActionError, ErrorNotice};
use crate::components::page::PageHeader;
use crate::components::role::CurrentRole;
use crate::i18n::{Locale, tr, use_i18n};

/// Account, password, sessions, members, invitations and API keys (administrators) and language.
#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <PageHeader title=tr::SETTINGS_TITLE />
        <div class="grid-2">
            <AccountCard />
            <PasswordCard />
        </div>
        <SessionsCard />
        <members::MembersCard />
        <ManagementCards />
        <LanguageCard />
    }
}

/// The invitations, API-key and alert cards, for the roles allowed to manage them. One role check
/// for the three, so that their resources are created in one fixed order on the server and in
/// the browser: three separate checks (`IfAllowed`) could finish in any order on the server,
/// numbering the cards' resources differently from the hydrating browser, which then met the
/// wrong card's data and stopped hydrating (Settings' forms fell back to plain HTML).
#[component]
fn ManagementCards() -> impl IntoView {
    let role = CurrentRole::new();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let role = role.get().await;
                let may = |p: Permission| role.is_some_and(|r| r.allows(p));
                view! {
                    {may(Permission::ManageMembers)
                        .then(|| view! { <invitations::InvitationsCard /> })}
                    {may(Permission::ManageApiKeys).then(|| view! { <api_keys::ApiKeysCard /> })}
                    {may(Permission::ManageAlerts).then(|| view! { <alerts::AlertsCard /> })}
                }
            })}
        </Suspense>
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
                                    <dd>{info.role.map(|r| i18n.t(role_label(r)))}</dd>
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
fn SessionsCard() -> impl IntoView {
    let i18n = use_i18n();
    let sign_out = ServerAction::<SignOutEverywhere>::new();
    view! {
        <Card title=tr::SETTINGS_SESSIONS>
            <p class="muted">{i18n.t(tr::SETTINGS_SESSIONS_HINT)}</p>
            <ActionForm action=sign_out attr:class="inline-form">
                <button type="submit" class="btn" data-testid="sign-out-everywhere">
                    {i18n.t(tr::SETTINGS_SIGN_OUT_EVERYWHERE)}
                </button>
            </ActionForm>
            <ActionError result=sign_out.value() />
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
