//! Quota tools shared by the platform and authorizer pages (issue 12): a path's daily quota
//! (`openapi/quota/get`), a reset behind a confirmation that says how many resets are left this
//! month, and a "diagnose" box that takes any WeChat error text with a rid.

use leptos::prelude::*;

use crate::api::quota::{
    COMMON_PATHS, QuotaView, ResetsLeft, RidView, authorizer_diagnose, authorizer_quota,
    authorizer_resets, platform_diagnose, platform_quota, platform_resets, reset_authorizer_quota,
    reset_platform_quota,
};
use crate::components::card::Card;
use crate::components::notice::ErrorNotice;
use crate::error::AppError;
use crate::i18n::{Text, tr, use_i18n};
use console_types::{AuthorizerId, PlatformId};

/// Whose quota the tools work on (the token they use follows from it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuotaOf {
    Platform(PlatformId),
    Authorizer(AuthorizerId),
}

impl QuotaOf {
    async fn quota(self, path: String) -> Result<QuotaView, AppError> {
        match self {
            QuotaOf::Platform(id) => platform_quota(id, path).await,
            QuotaOf::Authorizer(id) => authorizer_quota(id, path).await,
        }
    }

    async fn resets(self) -> Result<ResetsLeft, AppError> {
        match self {
            QuotaOf::Platform(id) => platform_resets(id).await,
            QuotaOf::Authorizer(id) => authorizer_resets(id).await,
        }
    }

    async fn reset(self) -> Result<ResetsLeft, AppError> {
        match self {
            QuotaOf::Platform(id) => reset_platform_quota(id).await,
            QuotaOf::Authorizer(id) => reset_authorizer_quota(id).await,
        }
    }

    async fn diagnose(self, text: String) -> Result<RidView, AppError> {
        match self {
            QuotaOf::Platform(id) => platform_diagnose(id, text).await,
            QuotaOf::Authorizer(id) => authorizer_diagnose(id, text).await,
        }
    }

    fn hints(self) -> (Text, Text) {
        match self {
            QuotaOf::Platform(_) => (tr::QUOTA_HINT_PLATFORM, tr::QUOTA_RESET_PLATFORM),
            QuotaOf::Authorizer(_) => (tr::QUOTA_HINT_AUTHORIZER, tr::QUOTA_RESET_AUTHORIZER),
        }
    }

    /// A prefix keeping element ids unique on the page.
    fn key(self) -> &'static str {
        match self {
            QuotaOf::Platform(_) => "platform",
            QuotaOf::Authorizer(_) => "authorizer",
        }
    }
}

/// The quota card and the diagnose card. `manage`: resets are offered (ManagePlatforms).
#[component]
pub fn QuotaTools(of: QuotaOf, manage: bool) -> impl IntoView {
    view! {
        <div class="grid-2">
            <QuotaCard of manage />
            <DiagnoseCard of />
        </div>
    }
}

#[component]
fn QuotaCard(of: QuotaOf, manage: bool) -> impl IntoView {
    let i18n = use_i18n();
    let (hint, reset_hint) = of.hints();
    let common = RwSignal::new(COMMON_PATHS[0].to_string());
    let other = RwSignal::new(String::new());
    let query = Action::new(move |path: &String| of.quota(path.clone()));
    let (select_id, other_id) = match of.key() {
        "platform" => ("quota-path-platform", "quota-other-platform"),
        _ => ("quota-path-authorizer", "quota-other-authorizer"),
    };
    view! {
        <Card title=tr::QUOTA_TITLE testid="quota-card">
            <p class="muted">{i18n.t(hint)}</p>
            <form
                class="form"
                on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    let typed = other.get_untracked();
                    let path = if typed.trim().is_empty() { common.get_untracked() } else { typed };
                    query.dispatch(path);
                }
                data-testid="quota-form"
            >
                <div class="field">
                    <label for=select_id>{i18n.t(tr::QUOTA_COMMON_PATH)}</label>
                    <select
                        id=select_id
                        class="mono"
                        on:change=move |ev| common.set(event_target_value(&ev))
                        data-testid="quota-path"
                    >
                        {COMMON_PATHS
                            .iter()
                            .map(|p| view! { <option value=*p selected=move || common.get() == *p>{*p}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for=other_id>{i18n.t(tr::QUOTA_OTHER_PATH)}</label>
                    <input
                        id=other_id
                        class="mono"
                        maxlength="128"
                        autocomplete="off"
                        prop:value=move || other.get()
                        on:input=move |ev| other.set(event_target_value(&ev))
                        data-testid="quota-other-path"
                    />
                </div>
                <div class="inline-actions">
                    <button type="submit" class="btn" disabled=query.pending() data-testid="quota-query">
                        {i18n.t(tr::QUOTA_QUERY)}
                    </button>
                </div>
            </form>
            {move || match query.value().get() {
                Some(Ok(q)) => view! { <QuotaFacts q /> }.into_any(),
                Some(Err(error)) => view! { <ErrorNotice error /> }.into_any(),
                None => ().into_any(),
            }}
            {manage.then(|| view! { <ResetBox of hint=reset_hint /> })}
        </Card>
    }
}

#[component]
fn QuotaFacts(q: QuotaView) -> impl IntoView {
    let i18n = use_i18n();
    let rate = |r: Option<(i64, i64)>| {
        r.map_or_else(
            || "—".to_string(),
            |(calls, secs)| format!("{calls} / {secs}s"),
        )
    };
    view! {
        <dl class="facts" data-testid="quota-result" data-path=q.cgi_path.clone()>
            <dt>{i18n.t(tr::COL_API_PATH)}</dt>
            <dd class="mono">{q.cgi_path.clone()}</dd>
            <dt>{i18n.t(tr::QUOTA_DAILY_LIMIT)}</dt>
            <dd data-testid="quota-limit">{q.daily_limit}</dd>
            <dt>{i18n.t(tr::QUOTA_USED)}</dt>
            <dd data-testid="quota-used">{q.used}</dd>
            <dt>{i18n.t(tr::QUOTA_REMAIN)}</dt>
            <dd data-testid="quota-remain">{q.remain}</dd>
            <dt>{i18n.t(tr::QUOTA_RATE)}</dt>
            <dd>{rate(q.rate_limit)}</dd>
            <dt>{i18n.t(tr::QUOTA_COMPONENT_RATE)}</dt>
            <dd>{rate(q.component_rate_limit)}</dd>
        </dl>
    }
}

/// The reset button; pressing it first reads this month's resets left and asks to confirm.
#[component]
fn ResetBox(of: QuotaOf, hint: Text) -> impl IntoView {
    let i18n = use_i18n();
    let budget = Action::new(move |_: &()| of.resets());
    let reset = Action::new(move |_: &()| of.reset());
    let confirming = RwSignal::new(false);
    view! {
        <div class="form" data-testid="quota-reset">
            <p class="muted">{i18n.t(hint)}</p>
            <Show
                when=move || confirming.get() && matches!(budget.value().get(), Some(Ok(_)))
                fallback=move || {
                    view! {
                        <button
                            type="button"
                            class="btn btn-danger"
                            disabled=budget.pending()
                            on:click=move |_| {
                                reset.value().set(None);
                                budget.dispatch(());
                                confirming.set(true);
                            }
                            data-testid="quota-reset-start"
                        >
                            {i18n.t(tr::QUOTA_RESET)}
                        </button>
                    }
                }
            >
                <p role="alert" data-testid="quota-reset-confirm">
                    {i18n.t(tr::QUOTA_RESET_CONFIRM)}
                    " "
                    <strong data-testid="quota-resets-left">
                        {move || match budget.value().get() {
                            Some(Ok(b)) => format!("{} / {}", b.left, b.per_month),
                            _ => String::new(),
                        }}
                    </strong>
                </p>
                <div class="inline-actions">
                    <button
                        type="button"
                        class="btn btn-danger"
                        disabled=move || {
                            reset.pending().get()
                                || matches!(budget.value().get(), Some(Ok(b)) if b.left == 0)
                        }
                        on:click=move |_| {
                            reset.dispatch(());
                            confirming.set(false);
                        }
                        data-testid="quota-reset-confirm-button"
                    >
                        {i18n.t(tr::QUOTA_RESET)}
                    </button>
                    " "
                    <button type="button" class="btn" on:click=move |_| confirming.set(false)>
                        {i18n.t(tr::CANCEL)}
                    </button>
                </div>
            </Show>
            {move || match budget.value().get() {
                Some(Err(error)) => Some(view! { <ErrorNotice error /> }),
                _ => None,
            }}
            {move || match reset.value().get() {
                Some(Ok(b)) => {
                    view! {
                        <div class="notice notice-ok" role="status" data-testid="quota-reset-done">
                            {i18n.t(tr::QUOTA_RESET_DONE)}
                            {format!(" {} / {}", b.left, b.per_month)}
                        </div>
                    }
                        .into_any()
                }
                Some(Err(error)) => view! { <ErrorNotice error /> }.into_any(),
                None => ().into_any(),
            }}
        </div>
    }
}

#[component]
fn DiagnoseCard(of: QuotaOf) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(String::new());
    let run = Action::new(move |t: &String| of.diagnose(t.clone()));
    let field_id = match of.key() {
        "platform" => "diagnose-text-platform",
        _ => "diagnose-text-authorizer",
    };
    view! {
        <Card title=tr::DIAG_TITLE testid="diagnose-card">
            <p class="muted">{i18n.t(tr::DIAG_HINT)}</p>
            <form
                class="form"
                on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    run.dispatch(text.get_untracked());
                }
                data-testid="diagnose-form"
            >
                <div class="field">
                    <label for=field_id>{i18n.t(tr::DIAG_TEXT)}</label>
                    <textarea
                        id=field_id
                        class="mono"
                        rows="3"
                        maxlength="4000"
                        required
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))
                        data-testid="diagnose-text"
                    ></textarea>
                </div>
                <div class="inline-actions">
                    <button type="submit" class="btn" disabled=run.pending() data-testid="diagnose-run">
                        {i18n.t(tr::DIAG_RUN)}
                    </button>
                </div>
            </form>
            {move || match run.value().get() {
                Some(Ok(r)) => view! { <RidFacts r /> }.into_any(),
                Some(Err(error)) => view! { <ErrorNotice error /> }.into_any(),
                None => ().into_any(),
            }}
        </Card>
    }
}

#[component]
fn RidFacts(r: RidView) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <dl class="facts" data-testid="diagnose-result">
            <dt>{i18n.t(tr::DIAG_RID)}</dt>
            <dd class="mono" data-testid="diagnose-rid">{r.rid}</dd>
            <dt>{i18n.t(tr::DIAG_INVOKE_TIME)}</dt>
            <dd>{r.invoke_time}</dd>
            <dt>{i18n.t(tr::DIAG_COST)}</dt>
            <dd>{r.cost_in_ms}</dd>
            <dt>{i18n.t(tr::DIAG_CLIENT_IP)}</dt>
            <dd class="mono">{r.client_ip}</dd>
            <dt>{i18n.t(tr::DIAG_URL)}</dt>
            <dd class="mono wrap" data-testid="diagnose-url">{r.request_url}</dd>
            <dt>{i18n.t(tr::DIAG_REQUEST)}</dt>
            <dd class="mono wrap" data-testid="diagnose-request">{r.request_body}</dd>
            <dt>{i18n.t(tr::DIAG_RESPONSE)}</dt>
            <dd class="mono wrap" data-testid="diagnose-response">{r.response_body}</dd>
        </dl>
    }
}
