//! The platform's webhook: where its authorizers' messages are forwarded. Admins set or remove
//! it and replace its signing secret, which is shown once; everyone sees where messages go.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::messages::MessageQuery;
use crate::api::platforms::{RotateWebhookSecret, SetWebhook};
use crate::api::query::ListQuery;
use crate::components::card::{Card, CardActions};
use crate::components::copy::CopyField;
use crate::components::notice::ErrorNotice;
use crate::i18n::{tr, use_i18n};
use console_types::PlatformId;

/// The webhook card; `manage`: the form is shown (admins and owners).
#[component]
pub fn WebhookCard(platform_id: PlatformId, url: Option<String>, manage: bool) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SetWebhook>::new();
    let rotate = ServerAction::<RotateWebhookSecret>::new();
    let value = RwSignal::new(url.clone().unwrap_or_default());
    let has_url = url.is_some();
    let secret = move || match (save.value().get(), rotate.value().get()) {
        (_, Some(Ok(s))) | (Some(Ok(Some(s))), _) => Some(s),
        _ => None,
    };
    let error = move || match (save.value().get(), rotate.value().get()) {
        (Some(Err(e)), _) | (_, Some(Err(e))) => Some(e),
        _ => None,
    };
    let saved = move || matches!(save.value().get(), Some(Ok(None)));
    let messages = MessageQuery {
        platform: Some(platform_id),
        ..MessageQuery::default()
    }
    .href(1);
    view! {
        <Card title=tr::WEBHOOK_TITLE testid="webhook-card">
            <CardActions slot>
                <A href=messages.clone() attr:class="btn btn-small" attr:data-testid="platform-messages">
                    {i18n.t(tr::MESSAGES_ALL)}
                </A>
            </CardActions>
            <p class="muted">{i18n.t(tr::WEBHOOK_HINT)}</p>
            {if manage {
                view! {
                    <form
                        class="form narrow-form"
                        on:submit=move |ev: leptos::ev::SubmitEvent| {
                            ev.prevent_default();
                            save.dispatch(SetWebhook { id: platform_id, url: value.get_untracked() });
                        }
                        data-testid="webhook-form"
                    >
                        <div class="field">
                            <label for="webhook-url">{i18n.t(tr::WEBHOOK_URL)}</label>
                            <input
                                id="webhook-url"
                                type="url"
                                class="mono"
                                maxlength="2000"
                                placeholder="https://"
                                prop:value=move || value.get()
                                on:input=move |ev| value.set(event_target_value(&ev))
                                data-testid="webhook-url"
                            />
                            <small>{i18n.t(tr::WEBHOOK_URL_HELP)}</small>
                        </div>
                        {move || error().map(|error| view! { <ErrorNotice error /> })}
                        <Show when=saved>
                            <div class="notice notice-ok" role="status" data-testid="webhook-saved">
                                {i18n.t(tr::WEBHOOK_SAVED)}
                            </div>
                        </Show>
                        {move || {
                            secret()
                                .map(|s| {
                                    view! {
                                        <div class="notice notice-warn" data-testid="webhook-secret-once">
                                            <CopyField label=tr::WEBHOOK_SECRET_ONCE value=s testid="webhook-secret" />
                                        </div>
                                    }
                                })
                        }}
                        <div class="inline-actions">
                            <button type="submit" class="btn btn-primary" disabled=save.pending() data-testid="webhook-save">
                                {i18n.t(tr::WEBHOOK_SAVE)}
                            </button>
                            {has_url
                                .then(|| {
                                    view! {
                                        <button
                                            type="button"
                                            class="btn"
                                            disabled=rotate.pending()
                                            on:click=move |_| {
                                                rotate.dispatch(RotateWebhookSecret { id: platform_id });
                                            }
                                            data-testid="webhook-rotate"
                                        >
                                            {i18n.t(tr::WEBHOOK_ROTATE)}
                                        </button>
                                    }
                                })}
                        </div>
                    </form>
                }
                    .into_any()
            } else {
                match url {
                    Some(u) => view! { <CopyField label=tr::WEBHOOK_URL value=u testid="webhook-url" /> }
                        .into_any(),
                    None => view! { <p class="muted" data-testid="webhook-none">{i18n.t(tr::WEBHOOK_NONE)}</p> }.into_any(),
                }
            }}
        </Card>
    }
}
