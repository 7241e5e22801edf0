//! The HTML shell and the routes.

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::components::layout::ConsoleLayout;
use crate::i18n::{provide_i18n, tr};
use crate::pages;

/// The document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="zh-CN">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                <HashedStylesheet options=options.clone() id="leptos" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The console: a login page, and every other page inside the sidebar layout.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let i18n = provide_i18n();
    Effect::new(|_| crate::components::browser::mark_hydrated());

    view! {
        <leptos_meta::Html attr:lang=move || i18n.locale().html_lang() />
        <Title formatter=move |page: String| {
            let product = i18n.now(tr::PRODUCT_SHORT);
            if page.is_empty() { product.to_string() } else { format!("{page} · {product}") }
        } />
        <Router>
            <Routes fallback=pages::not_found::NotFound>
                <Route path=path!("/login") view=pages::login::LoginPage ssr=SsrMode::Async />
                <Route path=path!("/invite/:token") view=pages::invite::InvitePage ssr=SsrMode::Async />
                <ParentRoute path=path!("") view=ConsoleLayout ssr=SsrMode::Async>
                    <Route path=path!("") view=pages::overview::OverviewPage />
                    <Route path=path!("settings") view=pages::settings::SettingsPage />
                    <Route path=path!("tenants") view=pages::tenants::TenantsPage />
                    <Route path=path!("audit") view=pages::audit::AuditPage />
                    <Route path=path!("platforms") view=pages::platforms::list::PlatformsPage />
                    <Route path=path!("platforms/new") view=pages::platforms::new::NewPlatformPage />
                    <Route path=path!("platforms/:id") view=pages::platforms::detail::PlatformDetailPage />
                    <Route path=path!("platforms/:id/link") view=pages::platforms::link_form::LinkFormPage />
                    <Route
                        path=path!("platforms/:id/links/:link_id")
                        view=pages::platforms::link::LinkPage
                    />
                    <Route path=path!("authorizers") view=pages::authorizers::list::AuthorizersPage />
                    <Route
                        path=path!("authorizers/:id")
                        view=pages::authorizers::detail::AuthorizerDetailPage
                    />
                    <Route path=path!("events") view=pages::events::EventsPage />
                    <Route path=path!("messages") view=pages::messages::MessagesPage />
                    <Route path=path!("registrations") view=pages::registrations::list::RegistrationsPage />
                    <Route path=path!("registrations/new") view=pages::registrations::new::NewTaskPage />
                    <Route path=path!("registrations/:id") view=pages::registrations::task::TaskPage />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
