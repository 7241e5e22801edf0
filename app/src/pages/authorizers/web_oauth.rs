//! The start address of web OAuth on behalf of this official account, for the tenant's own
//! pages. Shown only when the account is eligible and its platform allows a return origin: the
//! server would refuse the address otherwise.

use leptos::prelude::*;

use crate::api::web_oauth::{WebOAuthStart, web_oauth_start};
use crate::components::card::Card;
use crate::components::copy::CopyField;
use crate::i18n::{tr, use_i18n};
use console_types::AuthorizerId;

/// The card, when there is something to show.
#[component]
pub fn WebOAuthStartCard(id: AuthorizerId) -> impl IntoView {
    let start = Resource::new_blocking(move || id, web_oauth_start);
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                // Not eligible, nothing allowed, or not readable: nothing to offer here (the
                // eligibility line above says why).
                start.await.ok().flatten().map(|s| view! { <StartCard s /> })
            })}
        </Transition>
    }
}

#[component]
fn StartCard(s: WebOAuthStart) -> impl IntoView {
    let i18n = use_i18n();
    let origins = s.origins.join("  ");
    view! {
        <Card title=tr::WEB_OAUTH_START_TITLE testid="web-oauth-start">
            <p class="muted">{i18n.t(tr::WEB_OAUTH_START_HINT)}</p>
            <CopyField label=tr::WEB_OAUTH_START_URL value=s.start_url testid="web-oauth-start-url" />
            <dl class="facts">
                <dt>{i18n.t(tr::WEB_OAUTH_START_PARAMS)}</dt>
                <dd class="mono">"scope=snsapi_base | snsapi_userinfo, return_to=…, state=…"</dd>
                <dt>{i18n.t(tr::WEB_OAUTH_ORIGINS_TITLE)}</dt>
                <dd class="mono" data-testid="web-oauth-start-origins">{origins}</dd>
                <dt>{i18n.t(tr::WEB_OAUTH_CALLBACK)}</dt>
                <dd class="mono" data-testid="web-oauth-callback">{s.callback_url}</dd>
            </dl>
            <p class="muted">{i18n.t(tr::WEB_OAUTH_START_RESULT)}</p>
        </Card>
    }
}
