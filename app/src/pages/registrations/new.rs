//! `/registrations/new`: start a task in one of the four flows. Every field has a visible label
//! and says where the merchant finds the value; the server checks each before WeChat is called
//! and a refusal shows on its field.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::kind_label;
use crate::api::platforms::{PlatformSummary, list_platforms};
use crate::api::registrations::{
    ReuseCandidateItem, StartTask, follower_openids, reuse_candidates,
};
use crate::components::card::Card;
use crate::components::form::{BoundField, FieldError, FormError};
use crate::components::loaded::Loaded;
use crate::components::notice::ErrorNotice;
use crate::components::page::PageHeader;
use crate::components::role::IfAllowed;
use crate::i18n::{Text, tr, use_i18n};
use console_types::{AuthorizerId, Permission, PlatformId, TaskForm, TaskKind};

/// What each flow needs, in a line.
fn kind_hint(kind: TaskKind) -> Text {
    match kind {
        TaskKind::Enterprise => tr::TASK_HINT_ENTERPRISE,
        TaskKind::Personal => tr::TASK_HINT_PERSONAL,
        TaskKind::Beta => tr::TASK_HINT_BETA,
        TaskKind::Reuse => tr::TASK_HINT_REUSE,
    }
}

/// The form page.
#[component]
pub fn NewTaskPage() -> impl IntoView {
    let i18n = use_i18n();
    let platforms = Resource::new_blocking(|| (), |_| list_platforms());
    view! {
        <PageHeader title=tr::TASK_NEW_TITLE>
            <A href="/registrations" attr:class="btn btn-ghost">{i18n.t(tr::BACK_TO_TASKS)}</A>
        </PageHeader>
        <Card class="narrow-form">
            <IfAllowed
                perm=Permission::Operate
                otherwise=move || view! { <div class="notice notice-warn">{i18n.t(tr::NO_PERMISSION_TO_ACT)}</div> }
            >
                <Loaded
                    resource=platforms
                    view={move |platforms: Vec<PlatformSummary>| {
                        if platforms.is_empty() {
                            view! { <p class="empty">{i18n.t(tr::TASK_NO_PLATFORM)}</p> }.into_any()
                        } else {
                            view! { <StartForm platforms /> }.into_any()
                        }
                    }}
                />
            </IfAllowed>
        </Card>
    }
}

#[component]
fn StartForm(platforms: Vec<PlatformSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let platform = RwSignal::new(platforms.first().map(|p| p.id));
    let kind = RwSignal::new(TaskKind::Enterprise);
    let name = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let wxuser = RwSignal::new(String::new());
    let openid = RwSignal::new(String::new());
    let official_account = RwSignal::new(None::<AuthorizerId>);
    let copy_verification = RwSignal::new(true);
    let start = ServerAction::<StartTask>::new();
    let pending = start.pending();
    let result = Signal::derive(move || start.value().get().map(|r| r.map(|_| ())));
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = start.value().get() {
            navigate(&format!("/registrations/{id}"), Default::default());
        }
    });
    let candidates = Resource::new(
        move || platform.get(),
        |p| async move {
            match p {
                Some(p) => reuse_candidates(p).await,
                None => Ok(Vec::new()),
            }
        },
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(platform_id) = platform.get_untracked() else {
            return;
        };
        let form = match kind.get_untracked() {
            TaskKind::Enterprise => TaskForm::Enterprise {
                name: name.get_untracked(),
                code: code.get_untracked(),
                phone: phone.get_untracked(),
            },
            TaskKind::Personal => TaskForm::Personal {
                wxuser: wxuser.get_untracked(),
                phone: phone.get_untracked(),
            },
            TaskKind::Beta => TaskForm::Beta {
                name: name.get_untracked(),
                openid: openid.get_untracked(),
            },
            TaskKind::Reuse => match official_account.get_untracked() {
                Some(oa) => TaskForm::Reuse {
                    official_account: oa,
                    copy_verification: copy_verification.get_untracked(),
                },
                None => return,
            },
        };
        start.dispatch(StartTask { platform_id, form });
    };
    let platform_options = platforms
        .into_iter()
        .map(|p| view! { <option value=p.id.to_string()>{p.name}</option> })
        .collect_view();
    view! {
        <form class="form" on:submit=on_submit data-testid="task-form">
            <label class="field">
                <span>{i18n.t(tr::FILTER_PLATFORM)}</span>
                <select
                    prop:value=move || platform.get().map(|p| p.to_string()).unwrap_or_default()
                    on:change=move |ev| platform.set(event_target_value(&ev).parse::<PlatformId>().ok())
                    data-testid="field-platform"
                >
                    {platform_options}
                </select>
                <small>{i18n.t(tr::TASK_PLATFORM_HELP)}</small>
            </label>
            <fieldset>
                <legend>{i18n.t(tr::COL_FLOW)}</legend>
                {TaskKind::ALL
                    .iter()
                    .map(|&k| {
                        view! {
                            <label class="check check-block">
                                <input
                                    type="radio"
                                    name="kind"
                                    value=k.as_str()
                                    prop:checked=move || kind.get() == k
                                    on:change=move |_| kind.set(k)
                                    data-testid=format!("kind-{}", k.as_str())
                                />
                                <span>
                                    <strong>{i18n.t(kind_label(k))}</strong>
                                    <small class="muted block">{i18n.t(kind_hint(k))}</small>
                                </span>
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <Show when=move || kind.get() == TaskKind::Enterprise>
                <BoundField label=tr::TASK_ENTERPRISE_NAME help=tr::TASK_ENTERPRISE_NAME_HELP name="name" value=name maxlength=100 result />
                <BoundField label=tr::TASK_CODE help=tr::TASK_CODE_HELP name="code" value=code maxlength=22 mono=true result />
                <BoundField label=tr::TASK_PHONE help=tr::TASK_PHONE_HELP name="phone" value=phone maxlength=16 result />
            </Show>
            <Show when=move || kind.get() == TaskKind::Personal>
                <BoundField label=tr::TASK_WXUSER help=tr::TASK_WXUSER_HELP name="wxuser" value=wxuser maxlength=20 mono=true result />
                <BoundField label=tr::TASK_PHONE help=tr::TASK_PHONE_HELP name="phone" value=phone maxlength=16 result />
            </Show>
            <Show when=move || kind.get() == TaskKind::Beta>
                <BoundField label=tr::TASK_TRIAL_NAME help=tr::TASK_TRIAL_NAME_HELP name="name" value=name maxlength=30 result />
                <BoundField label=tr::TASK_OPENID help=tr::TASK_OPENID_HELP name="openid" value=openid maxlength=64 mono=true result />
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let list = candidates.await.unwrap_or_default();
                        (!list.is_empty()).then(|| view! { <FollowerPicker accounts=list openid /> })
                    })}
                </Transition>
            </Show>
            <Show when=move || kind.get() == TaskKind::Reuse>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let list = candidates.await.unwrap_or_default();
                        view! { <ReuseFields list official_account copy_verification result /> }
                    })}
                </Transition>
            </Show>
            <FormError result />
            <div>
                <button type="submit" class="btn btn-primary" disabled=pending data-testid="task-submit">
                    {move || if pending.get() { i18n.now(tr::TASK_STARTING_BUTTON) } else { i18n.now(tr::TASK_START) }}
                </button>
            </div>
        </form>
    }
}

/// Fills the openid from the followers of one of the platform's official accounts.
#[component]
fn FollowerPicker(accounts: Vec<ReuseCandidateItem>, openid: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let account = RwSignal::new(None::<AuthorizerId>);
    let followers = Resource::new(
        move || account.get(),
        |a| async move {
            match a {
                Some(a) => follower_openids(a).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <div class="field" data-testid="follower-picker">
            <label for="follower-account">{i18n.t(tr::TASK_FOLLOWER_ACCOUNT)}</label>
            <select
                id="follower-account"
                on:change=move |ev| account.set(event_target_value(&ev).parse::<AuthorizerId>().ok())
                data-testid="follower-account"
            >
                <option value="">{i18n.t(tr::TASK_FOLLOWER_CHOOSE)}</option>
                {accounts
                    .into_iter()
                    .map(|a| view! { <option value=a.id.to_string()>{format!("{} ({})", a.nick_name, a.appid)}</option> })
                    .collect_view()}
            </select>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match followers.await {
                        Ok(Some(list)) if list.is_empty() => view! { <small>{i18n.t(tr::TASK_FOLLOWERS_NONE)}</small> }.into_any(),
                        Ok(Some(list)) => view! {
                            <label for="follower-openid" class="small">{i18n.t(tr::TASK_OPENID)}</label>
                            <select
                                id="follower-openid"
                                class="mono"
                                on:change=move |ev| openid.set(event_target_value(&ev))
                                data-testid="follower-openid"
                            >
                                <option value="">{i18n.t(tr::TASK_FOLLOWER_PICK)}</option>
                                {list.into_iter().map(|o| { let shown = o.clone(); view! { <option value=o>{shown}</option> } }).collect_view()}
                            </select>
                        }.into_any(),
                        Ok(None) => ().into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
            <small>{i18n.t(tr::TASK_FOLLOWER_HELP)}</small>
        </div>
    }
}

/// The official account to reuse (only eligible ones can be chosen) and whether to copy its
/// verification.
#[component]
fn ReuseFields(
    list: Vec<ReuseCandidateItem>,
    official_account: RwSignal<Option<AuthorizerId>>,
    copy_verification: RwSignal<bool>,
    #[prop(into)] result: Signal<Option<Result<(), crate::error::AppError>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    if official_account.get_untracked().is_none() {
        official_account.set(list.iter().find(|c| c.eligible()).map(|c| c.id));
    }
    let none_eligible = !list.iter().any(ReuseCandidateItem::eligible);
    view! {
        <label class="field">
            <span>{i18n.t(tr::TASK_OFFICIAL_ACCOUNT)}</span>
            <select
                prop:value=move || official_account.get().map(|a| a.to_string()).unwrap_or_default()
                on:change=move |ev| official_account.set(event_target_value(&ev).parse::<AuthorizerId>().ok())
                data-testid="field-official_account"
            >
                {list
                    .into_iter()
                    .map(|c| {
                        let eligible = c.eligible();
                        let why = if !c.has_set {
                            Some(tr::TASK_REUSE_NO_SET)
                        } else if !eligible {
                            Some(tr::TASK_REUSE_LIMIT)
                        } else {
                            None
                        };
                        let used = format!("{}/{}", c.used_this_month, c.limit);
                        view! {
                            <option value=c.id.to_string() disabled=!eligible>
                                {move || {
                                    let reason = why.map(|w| format!(" · {}", i18n.now(w))).unwrap_or_default();
                                    format!("{} ({}) · {} {used}{reason}", c.nick_name, c.appid, i18n.now(tr::TASK_REUSE_USED))
                                }}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <small>{i18n.t(tr::TASK_OFFICIAL_ACCOUNT_HELP)}</small>
            {none_eligible.then(|| view! { <small class="notice notice-warn" data-testid="reuse-none">{i18n.t(tr::TASK_REUSE_NONE)}</small> })}
            <FieldError field="official_account" result />
        </label>
        <label class="check">
            <input
                type="checkbox"
                prop:checked=move || copy_verification.get()
                on:change=move |ev| copy_verification.set(event_target_checked(&ev))
                data-testid="field-copy_verification"
            />
            <span>{i18n.t(tr::TASK_COPY_VERIFICATION)}</span>
        </label>
    }
}
