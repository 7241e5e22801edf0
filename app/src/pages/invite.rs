//! An invitation's page (`/invite/{token}`, no sign-in needed): what the invitation offers, then
//! "accept" for a signed-in visitor, or "sign in" and "create an account" for anyone else.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::invitations::{
    AcceptInvitation, InvitationInfo, RegisterWithInvitation, open_invitation,
};
use crate::api::role_label;
use crate::components::form::{Field, FormError};
use crate::components::layout::LangToggle;
use crate::components::notice::{ActionError, ErrorNotice, encode_component};
use crate::i18n::{tr, use_i18n};

#[component]
pub fn InvitePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let info = Resource::new_blocking(token, open_invitation);
    view! {
        <Title text=i18n.t(tr::INVITE_PAGE_TITLE) />
        <main class="login-page">
            <div class="login-card card">
                <div class="login-top">
                    <span class="brand-mark">"wx"</span>
                    <span class="brand-name">{i18n.t(tr::PRODUCT)}</span>
                    <LangToggle />
                </div>
                <h1>{i18n.t(tr::INVITE_PAGE_TITLE)}</h1>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        match info.await {
                            Ok(info) => view! { <Offer info token=token() /> }.into_any(),
                            Err(error) => view! { <ErrorNotice error /> }.into_any(),
                        }
                    })}
                </Suspense>
            </div>
        </main>
    }
}

/// The tenant and role offered, and how to take them.
#[component]
fn Offer(info: InvitationInfo, token: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p>{i18n.t(tr::INVITE_PAGE_INTRO)}</p>
        <dl class="facts">
            <dt>{i18n.t(tr::TENANT)}</dt>
            <dd data-testid="invite-tenant">{info.tenant_name}</dd>
            <dt>{i18n.t(tr::SETTINGS_ROLE)}</dt>
            <dd data-testid="invite-offered-role">{i18n.t(role_label(info.role))}</dd>
            <dt>{i18n.t(tr::INVITE_EXPIRES)}</dt>
            <dd>{info.expires_at}</dd>
        </dl>
        {match info.signed_in_as {
            Some(username) => view! { <Accept username token /> }.into_any(),
            None => view! { <Register token /> }.into_any(),
        }}
    }
}

#[component]
fn Accept(username: String, token: String) -> impl IntoView {
    let i18n = use_i18n();
    let accept = ServerAction::<AcceptInvitation>::new();
    view! {
        <p>
            {i18n.t(tr::INVITE_ACCEPT_AS)}
            <strong data-testid="invite-signed-in-as">{username}</strong>
        </p>
        <ActionForm action=accept attr:class="form">
            <input type="hidden" name="token" value=token />
            <ActionError result=accept.value() />
            <button
                type="submit"
                class="btn btn-primary btn-block"
                disabled=accept.pending()
                data-testid="invite-accept"
            >
                {i18n.t(tr::INVITE_ACCEPT)}
            </button>
        </ActionForm>
    }
}

#[component]
fn Register(token: String) -> impl IntoView {
    let i18n = use_i18n();
    let register = ServerAction::<RegisterWithInvitation>::new();
    let result = register.value();
    let sign_in = format!(
        "/login?next={}",
        encode_component(&format!("/invite/{token}"))
    );
    view! {
        <p>
            {i18n.t(tr::INVITE_HAVE_ACCOUNT)}
            " "
            <a href=sign_in data-testid="invite-sign-in">
                {i18n.t(tr::INVITE_SIGN_IN_FIRST)}
            </a>
        </p>
        <h2>{i18n.t(tr::INVITE_NEW_ACCOUNT)}</h2>
        <ActionForm action=register attr:class="form">
            <input type="hidden" name="token" value=token />
            <Field
                label=tr::USERNAME
                help=tr::INVITE_USERNAME_HINT
                name="username"
                required=true
                maxlength=64
                result
            />
            <Field
                label=tr::SETTINGS_DISPLAY_NAME
                help=tr::INVITE_DISPLAY_NAME_HINT
                name="display_name"
                maxlength=64
                result
            />
            <Field
                label=tr::PASSWORD
                help=tr::INVITE_PASSWORD_HINT
                name="password"
                input_type="password"
                required=true
                maxlength=128
                result
            />
            <FormError result />
            <button
                type="submit"
                class="btn btn-primary btn-block"
                disabled=register.pending()
                data-testid="invite-register"
            >
                {i18n.t(tr::INVITE_REGISTER)}
            </button>
        </ActionForm>
    }
}
