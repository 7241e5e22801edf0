//! The console frame: sidebar navigation, the top bar (tenant, user, language, logout), and the
//! page in the middle.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{A, Outlet};

use crate::api::auth::{Logout, SessionInfo, current_session, switch_tenant};
use crate::components::browser;
use crate::components::notice::ErrorNotice;
use crate::components::role::IfAllowed;
use crate::error::AppError;
use crate::i18n::{Text, tr, use_i18n};
use console_types::Permission;

/// The signed-in session, for pages that adapt to the role.
#[derive(Clone, Copy)]
pub struct SessionResource(pub Resource<Result<SessionInfo, AppError>>);

/// Sidebar + top bar around the routed page.
#[component]
pub fn ConsoleLayout() -> impl IntoView {
    let session = Resource::new_blocking(|| (), |_| current_session());
    provide_context(SessionResource(session));

    view! {
        <div class="console">
            <Sidebar />
            <div class="console-main">
                <header class="topbar">
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            match session.await {
                                Ok(info) => view! { <TopbarSession info /> }.into_any(),
                                Err(error) => view! { <ErrorNotice error /> }.into_any(),
                            }
                        })}
                    </Suspense>
                    <LangToggle />
                </header>
                <main class="content">
                    <Outlet />
                </main>
            </div>
        </div>
    }
}

const NAV: [(&str, Text, &str); 7] = [
    ("/", tr::NAV_OVERVIEW, "nav-overview"),
    ("/platforms", tr::NAV_PLATFORMS, "nav-platforms"),
    ("/authorizers", tr::NAV_AUTHORIZERS, "nav-authorizers"),
    ("/registrations", tr::NAV_REGISTRATIONS, "nav-registrations"),
    ("/events", tr::NAV_EVENTS, "nav-events"),
    ("/messages", tr::NAV_MESSAGES, "nav-messages"),
    ("/settings", tr::NAV_SETTINGS, "nav-settings"),
];

#[component]
fn Sidebar() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        // The dark column runs the page's whole height; its links stay in view while the page
        // scrolls (the inner block is sticky).
        <aside class="sidebar">
            <div class="sidebar-inner">
                <A href="/" attr:class="brand">
                    <span class="brand-mark">"wx"</span>
                    <span class="brand-name">{i18n.t(tr::PRODUCT_SHORT)}</span>
                </A>
                <nav aria-label="main">
                    {NAV
                        .into_iter()
                        .map(|(href, label, id)| {
                            view! {
                                <A href=href exact=href == "/" attr:id=id attr:class="nav-link">
                                    {i18n.t(label)}
                                </A>
                            }
                        })
                        .collect_view()}
                    <IfAllowed perm=Permission::ManageMembers>
                        <A href="/audit" attr:id="nav-audit" attr:class="nav-link">{i18n.t(tr::NAV_AUDIT)}</A>
                    </IfAllowed>
                    <PlatformAdminLink />
                </nav>
            </div>
        </aside>
    }
}

#[component]
fn TopbarSession(info: SessionInfo) -> impl IntoView {
    let i18n = use_i18n();
    let role = info.role.map(crate::api::role_label);
    view! {
        <TenantSwitcher info=info.clone() />
        <div class="topbar-spacer"></div>
        <span class="topbar-user" title=move || i18n.now(tr::SIGNED_IN_AS).to_string()>
            <span class="user-name" data-testid="current-user">{info.display_name.clone()}</span>
            {role.map(|role| view! { <span class="badge badge-muted">{i18n.t(role)}</span> })}
        </span>
        <LogoutButton />
    }
}

#[component]
fn LogoutButton() -> impl IntoView {
    let i18n = use_i18n();
    let logout = ServerAction::<Logout>::new();
    view! {
        <ActionForm action=logout attr:class="inline-form">
            <button type="submit" class="btn btn-ghost" data-testid="logout">
                {i18n.t(tr::LOGOUT)}
            </button>
        </ActionForm>
    }
}

/// The tenants page's link, for platform administrators only.
#[component]
fn PlatformAdminLink() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_context::<SessionResource>().map(|s| s.0);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let admin = match session {
                    Some(s) => matches!(s.await, Ok(SessionInfo { superadmin: true, .. })),
                    None => false,
                };
                admin
                    .then(|| {
                        view! {
                            <A href="/tenants" attr:id="nav-tenants" attr:class="nav-link">
                                {i18n.t(tr::NAV_TENANTS)}
                            </A>
                        }
                    })
            })}
        </Suspense>
    }
}

#[component]
fn TenantSwitcher(info: SessionInfo) -> impl IntoView {
    let i18n = use_i18n();
    if info.tenants.len() < 2 {
        return view! {
            <span class="tenant-name" data-testid="tenant-name">{info.tenant_name}</span>
        }
        .into_any();
    }
    let current = info.tenant_id;
    let on_change = move |ev: leptos::ev::Event| {
        if let Ok(id) = event_target_value(&ev).parse::<console_types::TenantId>() {
            spawn_local(async move {
                if switch_tenant(id).await.is_ok() {
                    browser::reload();
                }
            });
        }
    };
    view! {
        <label class="tenant-switcher">
            <span class="sr-only">{i18n.t(tr::TENANT)}</span>
            <select on:change=on_change data-testid="tenant-switcher">
                {info
                    .tenants
                    .into_iter()
                    .map(|t| {
                        view! {
                            <option value=t.id.to_string() selected=Some(t.id) == current>
                                {t.name}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
    .into_any()
}

/// Switches between Chinese and English.
#[component]
pub fn LangToggle() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button
            type="button"
            class="btn btn-ghost lang-toggle"
            data-testid="lang-toggle"
            title=i18n.t(tr::SWITCH_LANGUAGE_TITLE)
            on:click=move |_| i18n.set(i18n.locale().other())
        >
            {i18n.t(tr::SWITCH_LANGUAGE)}
        </button>
    }
}
