//! The platform's allow-list of web OAuth return origins: the only pages a user (and a result
//! ticket) is sent back to after web OAuth on behalf of one of its official accounts. Admins edit
//! it; everyone sees it.

use leptos::prelude::*;

use crate::api::web_oauth::{SetOauthReturnOrigins, oauth_return_origins};
use crate::components::card::Card;
use crate::components::notice::ErrorNotice;
use crate::i18n::{tr, use_i18n};
use console_types::PlatformId;

/// The allow-list card; `manage`: the form is shown (admins and owners).
#[component]
pub fn WebOAuthOriginsCard(platform_id: PlatformId, manage: bool) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SetOauthReturnOrigins>::new();
    let origins = Resource::new_blocking(
        move || save.version().get(),
        move |_| oauth_return_origins(platform_id),
    );
    view! {
        <Card title=tr::WEB_OAUTH_ORIGINS_TITLE testid="web-oauth-origins-card">
            <p class="muted">{i18n.t(tr::WEB_OAUTH_ORIGINS_HINT)}</p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match origins.await {
                        Ok(list) if manage => view! { <OriginsForm platform_id list save /> }.into_any(),
                        Ok(list) if list.is_empty() => {
                            view! {
                                <p class="muted" data-testid="web-oauth-origins-none">
                                    {i18n.t(tr::WEB_OAUTH_ORIGINS_NONE)}
                                </p>
                            }
                                .into_any()
                        }
                        Ok(list) => {
                            view! {
                                <ul class="mono" data-testid="web-oauth-origins">
                                    {list.into_iter().map(|o| view! { <li>{o}</li> }).collect_view()}
                                </ul>
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

#[component]
fn OriginsForm(
    platform_id: PlatformId,
    list: Vec<String>,
    save: ServerAction<SetOauthReturnOrigins>,
) -> impl IntoView {
    let i18n = use_i18n();
    let value = RwSignal::new(list.join("\n"));
    let saved = move || matches!(save.value().get(), Some(Ok(_)));
    view! {
        <form
            class="form narrow-form"
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                save.dispatch(SetOauthReturnOrigins { id: platform_id, origins: value.get_untracked() });
            }
            data-testid="web-oauth-origins-form"
        >
            <div class="field">
                <label for="web-oauth-origins">{i18n.t(tr::WEB_OAUTH_ORIGINS_LABEL)}</label>
                <textarea
                    id="web-oauth-origins"
                    class="mono"
                    rows="4"
                    maxlength="4000"
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                    data-testid="web-oauth-origins"
                ></textarea>
                <small>{i18n.t(tr::WEB_OAUTH_ORIGINS_HELP)}</small>
            </div>
            {move || match save.value().get() {
                Some(Err(error)) => Some(view! { <ErrorNotice error /> }),
                _ => None,
            }}
            <Show when=saved>
                <div class="notice notice-ok" role="status" data-testid="web-oauth-origins-saved">
                    {i18n.t(tr::WEBHOOK_SAVED)}
                </div>
            </Show>
            <div class="inline-actions">
                <button type="submit" class="btn btn-primary" disabled=save.pending() data-testid="web-oauth-origins-save">
                    {i18n.t(tr::WEBHOOK_SAVE)}
                </button>
            </div>
        </form>
    }
}
