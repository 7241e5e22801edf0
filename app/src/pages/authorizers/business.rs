//! Business calls on behalf of the authorizer (seed 001): look up a user, send a customer-service
//! text, download a temporary media file; then the proxied-call counts and the quota tools. All
//! of it sits below the account's facts on its page.

use leptos::prelude::*;

use crate::api::business::{LookupUser, SendText};
use crate::components::card::Card;
use crate::components::notice::ErrorNotice;
use crate::i18n::{tr, use_i18n};
use crate::pages::quota::{QuotaOf, QuotaTools};
use console_types::AuthorizerId;

use super::calls::ProxiedCallsCard;

/// Everything issue 12 adds to an authorizer's page. `operate`: the calls and quota tools are
/// offered (the counts are shown to everyone); `manage`: quota resets are offered.
#[component]
pub fn AuthorizerBusiness(id: AuthorizerId, operate: bool, manage: bool) -> impl IntoView {
    let lookup = ServerAction::<LookupUser>::new();
    let send = ServerAction::<SendText>::new();
    let calls_version = Signal::derive(move || lookup.version().get() + send.version().get());
    view! {
        {operate.then(|| view! { <BusinessCard id lookup send /> })}
        <ProxiedCallsCard id version=calls_version />
        {operate.then(|| view! { <QuotaTools of=QuotaOf::Authorizer(id) manage /> })}
    }
}

#[component]
fn BusinessCard(
    id: AuthorizerId,
    lookup: ServerAction<LookupUser>,
    send: ServerAction<SendText>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Card title=tr::BIZ_TITLE testid="business-calls">
            <p class="muted">{i18n.t(tr::BIZ_HINT)}</p>
            <div class="grid-2">
                <LookupForm id lookup />
                <SendForm id send />
            </div>
            <MediaLink id />
        </Card>
    }
}

#[component]
fn LookupForm(id: AuthorizerId, lookup: ServerAction<LookupUser>) -> impl IntoView {
    let i18n = use_i18n();
    let openid = RwSignal::new(String::new());
    view! {
        <form
            class="form"
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                lookup.dispatch(LookupUser { id, openid: openid.get_untracked() });
            }
            data-testid="lookup-user-form"
        >
            <h3>{i18n.t(tr::BIZ_LOOKUP_TITLE)}</h3>
            <div class="field">
                <label for="lookup-openid">{i18n.t(tr::BIZ_OPENID)}</label>
                <input
                    id="lookup-openid"
                    class="mono"
                    maxlength="64"
                    autocomplete="off"
                    required
                    prop:value=move || openid.get()
                    on:input=move |ev| openid.set(event_target_value(&ev))
                    data-testid="lookup-openid"
                />
            </div>
            <div class="inline-actions">
                <button type="submit" class="btn" disabled=lookup.pending() data-testid="lookup-user">
                    {i18n.t(tr::BIZ_LOOKUP)}
                </button>
            </div>
            {move || match lookup.value().get() {
                Some(Ok(user)) => {
                    view! {
                        <dl class="facts" data-testid="user-info">
                            {user
                                .fields
                                .into_iter()
                                .map(|(k, v)| {
                                    view! {
                                        <dt class="mono">{k.clone()}</dt>
                                        <dd class="mono" data-field=k>{v}</dd>
                                    }
                                })
                                .collect_view()}
                        </dl>
                    }
                        .into_any()
                }
                Some(Err(error)) => view! { <ErrorNotice error /> }.into_any(),
                None => ().into_any(),
            }}
        </form>
    }
}

#[component]
fn SendForm(id: AuthorizerId, send: ServerAction<SendText>) -> impl IntoView {
    let i18n = use_i18n();
    let openid = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    view! {
        <form
            class="form"
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                send.dispatch(SendText {
                    id,
                    openid: openid.get_untracked(),
                    text: text.get_untracked(),
                });
            }
            data-testid="send-message-form"
        >
            <h3>{i18n.t(tr::BIZ_SEND_TITLE)}</h3>
            <div class="field">
                <label for="send-openid">{i18n.t(tr::BIZ_OPENID)}</label>
                <input
                    id="send-openid"
                    class="mono"
                    maxlength="64"
                    autocomplete="off"
                    required
                    prop:value=move || openid.get()
                    on:input=move |ev| openid.set(event_target_value(&ev))
                    data-testid="send-openid"
                />
            </div>
            <div class="field">
                <label for="send-text">{i18n.t(tr::BIZ_TEXT)}</label>
                <textarea
                    id="send-text"
                    rows="3"
                    maxlength="600"
                    required
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                    data-testid="send-text"
                ></textarea>
                <small>{i18n.t(tr::BIZ_SEND_HINT)}</small>
            </div>
            <div class="inline-actions">
                <button type="submit" class="btn btn-primary" disabled=send.pending() data-testid="send-message">
                    {i18n.t(tr::BIZ_SEND)}
                </button>
            </div>
            {move || match send.value().get() {
                Some(Ok(())) => {
                    view! {
                        <div class="notice notice-ok" role="status" data-testid="message-sent">
                            {i18n.t(tr::BIZ_SENT)}
                        </div>
                    }
                        .into_any()
                }
                Some(Err(error)) => view! { <ErrorNotice error /> }.into_any(),
                None => ().into_any(),
            }}
        </form>
    }
}

/// The media_id typed becomes a link to the server's download route (a file is not a server
/// function's answer).
#[component]
fn MediaLink(id: AuthorizerId) -> impl IntoView {
    let i18n = use_i18n();
    let media_id = RwSignal::new(String::new());
    let href = move || {
        let m = media_id.get();
        let m = m.trim();
        (!m.is_empty()).then(|| {
            format!(
                "/authorizers/{id}/media/{}",
                crate::components::notice::encode_component(m)
            )
        })
    };
    view! {
        <div class="form" data-testid="media-download">
            <h3>{i18n.t(tr::BIZ_MEDIA_TITLE)}</h3>
            <div class="field">
                <label for="media-id">{i18n.t(tr::BIZ_MEDIA_ID)}</label>
                <input
                    id="media-id"
                    class="mono"
                    maxlength="128"
                    autocomplete="off"
                    prop:value=move || media_id.get()
                    on:input=move |ev| media_id.set(event_target_value(&ev))
                    data-testid="media-id"
                />
                <small>{i18n.t(tr::BIZ_MEDIA_HINT)}</small>
            </div>
            {move || {
                href()
                    .map(|h| {
                        view! {
                            <a class="btn" href=h rel="nofollow" data-testid="media-link">
                                {i18n.t(tr::BIZ_MEDIA_DOWNLOAD)}
                            </a>
                        }
                    })
            }}
        </div>
    }
}
