//! The staff login page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::auth::{Login, get_login_hints};
use crate::components::layout::LangToggle;
use crate::components::notice::ActionError;
use crate::i18n::{tr, use_i18n};

/// Username and password; a wrong pair gets one message that does not tell which was wrong.
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let login = ServerAction::<Login>::new();
    let pending = login.pending();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let hints = Resource::new_blocking(|| (), |_| get_login_hints());

    view! {
        <Title text=i18n.t(tr::LOGIN_TITLE) />
        <div class="login-page">
            <div class="login-card card">
                <div class="login-top">
                    <span class="brand-mark">"wx"</span>
                    <span class="brand-name">{i18n.t(tr::PRODUCT)}</span>
                    <LangToggle />
                </div>
                <h1>{i18n.t(tr::LOGIN_TITLE)}</h1>
                <p class="muted">{i18n.t(tr::LOGIN_SUBTITLE)}</p>
                <ActionForm action=login attr:class="form" attr:data-testid="login-form">
                    <input type="hidden" name="next" prop:value=next />
                    <label class="field">
                        <span>{i18n.t(tr::USERNAME)}</span>
                        <input
                            type="text"
                            name="username"
                            autocomplete="username"
                            required
                            autofocus
                            data-testid="username"
                        />
                    </label>
                    <label class="field">
                        <span>{i18n.t(tr::PASSWORD)}</span>
                        <input
                            type="password"
                            name="password"
                            autocomplete="current-password"
                            required
                            data-testid="password"
                        />
                    </label>
                    <ActionError result=login.value() />
                    <button
                        type="submit"
                        class="btn btn-primary btn-block"
                        disabled=pending
                        data-testid="login-submit"
                    >
                        {move || {
                            if pending.get() {
                                i18n.now(tr::LOGGING_IN)
                            } else {
                                i18n.now(tr::LOGIN_BUTTON)
                            }
                        }}
                    </button>
                </ActionForm>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        hints
                            .await
                            .ok()
                            .and_then(|h| h.demo_account)
                            .map(|(user, password)| {
                                view! {
                                    <p class="demo-hint" data-testid="demo-hint">
                                        {i18n.t(tr::LOGIN_DEMO_HINT)}
                                        <code>{user}</code>
                                        " / "
                                        <code>{password}</code>
                                    </p>
                                }
                            })
                    })}
                </Suspense>
            </div>
        </div>
    }
}
