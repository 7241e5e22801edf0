//! Small labels: statuses of authorizers, events, links and tokens; permission sets; alarms.

use leptos::prelude::*;

use console_types::{AccountKind, AuthorizerStatus, EventStatus};

use crate::api::platforms::AlarmKind;
use crate::api::shared::{Bi, FuncBadge, TokenHealth};
use crate::i18n::{Text, tr, use_i18n};

/// The label of an account kind.
pub fn kind_label(kind: AccountKind) -> Text {
    match kind {
        AccountKind::OfficialAccount => tr::KIND_OA,
        AccountKind::MiniProgram => tr::KIND_MP,
        AccountKind::Unknown => tr::KIND_UNKNOWN,
    }
}

/// The label and badge class of an authorizer status.
pub fn authorizer_status(status: AuthorizerStatus) -> (Text, &'static str) {
    match status {
        AuthorizerStatus::Authorized => (tr::STATUS_AUTHORIZED, "badge"),
        AuthorizerStatus::NeedsReauth => (tr::STATUS_NEEDS_REAUTH, "badge badge-warn"),
        AuthorizerStatus::Revoked => (tr::STATUS_REVOKED, "badge badge-muted"),
    }
}

/// 已授权 / 已取消授权 / 需重新授权.
#[component]
pub fn AuthorizerStatusBadge(status: AuthorizerStatus) -> impl IntoView {
    let i18n = use_i18n();
    let (label, class) = authorizer_status(status);
    view! {
        <span class=class data-testid="authorizer-status" data-status=status.as_str()>
            {i18n.t(label)}
        </span>
    }
}

/// The processing status of a stored push.
#[component]
pub fn EventStatusBadge(status: EventStatus) -> impl IntoView {
    let i18n = use_i18n();
    let (label, class) = match status {
        EventStatus::Pending => (tr::EV_PENDING, "badge badge-muted"),
        EventStatus::Processing => (tr::EV_PROCESSING, "badge badge-info"),
        EventStatus::Done => (tr::EV_DONE, "badge"),
        EventStatus::Failed => (tr::EV_FAILED, "badge badge-error"),
        EventStatus::Ignored => (tr::EV_IGNORED, "badge badge-muted"),
    };
    view! { <span class=class data-testid="event-status">{i18n.t(label)}</span> }
}

/// A token's state, with its expiry or failure count in words.
#[component]
pub fn TokenBadge(health: TokenHealth, text: Option<Bi>) -> impl IntoView {
    let i18n = use_i18n();
    let (label, class) = match health {
        TokenHealth::Valid => (tr::TOKEN_VALID, "badge"),
        TokenHealth::Expired => (tr::TOKEN_EXPIRED, "badge badge-muted"),
        TokenHealth::Failing => (tr::TOKEN_FAILING, "badge badge-error"),
        TokenHealth::Missing => (tr::TOKEN_MISSING, "badge badge-muted"),
    };
    view! {
        <span class="token-state" data-testid="token-state">
            <span class=class>{i18n.t(label)}</span>
            {text.map(|t| view! { <span class="muted small">{move || t.get(i18n.locale()).to_string()}</span> })}
        </span>
    }
}

/// The permission sets an account granted, by name; sets awaiting the administrator's
/// confirmation are marked.
#[component]
pub fn FuncBadges(funcs: Vec<FuncBadge>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class="badges" data-testid="func-badges">
            {funcs
                .into_iter()
                .map(|f| {
                    let awaiting = f.awaiting_confirm;
                    let func_id = f.id;
                    view! {
                        <span
                            class="badge badge-info"
                            class:badge-warn=awaiting
                            data-func=func_id
                            title=move || awaiting.then(|| i18n.now(tr::AWAITING_CONFIRM_TITLE))
                        >
                            <span data-testid="func-name">{move || f.name.get(i18n.locale()).to_string()}</span>
                            {awaiting
                                .then(|| {
                                    view! {
                                        <span class="confirm-mark" data-testid="func-awaiting">
                                            {i18n.t(tr::AWAITING_CONFIRM)}
                                        </span>
                                    }
                                })}
                        </span>
                    }
                })
                .collect_view()}
        </span>
    }
}

/// How many permission sets a list row shows before the rest fold away (the authorizer's page
/// shows every one): an account with forty sets keeps its row one line high.
pub const FUNCS_SHOWN: usize = 3;

/// A list row's permission sets: the first few (those awaiting confirmation first, so a fold
/// never hides them), then "N more", which opens the rest in place (`<details>`: no script, a
/// keyboard opens it too).
#[component]
pub fn FuncSummary(funcs: Vec<FuncBadge>) -> impl IntoView {
    let i18n = use_i18n();
    let mut funcs = funcs;
    if funcs.len() <= FUNCS_SHOWN {
        return view! { <FuncBadges funcs /> }.into_any();
    }
    funcs.sort_by_key(|f| !f.awaiting_confirm);
    let rest = funcs.split_off(FUNCS_SHOWN);
    let more = rest.len().to_string();
    view! {
        <FuncBadges funcs />
        <details class="funcs-more" data-testid="funcs-more">
            <summary>{move || i18n.now(tr::FUNCS_MORE).replace("{n}", &more)}</summary>
            <FuncBadges funcs=rest />
        </details>
    }
    .into_any()
}

/// A short label for an alarm.
#[component]
pub fn AlarmBadge(kind: AlarmKind) -> impl IntoView {
    let i18n = use_i18n();
    let label = match kind {
        AlarmKind::NoTicket => tr::ALARM_NO_TICKET,
        AlarmKind::TokenFailing => tr::ALARM_TOKEN_FAILING,
        AlarmKind::NeedsReauthorization => tr::ALARM_NEEDS_REAUTH,
    };
    view! { <span class="badge badge-error" data-testid="alarm-badge">{i18n.t(label)}</span> }
}

/// A server-made text in the current language.
#[component]
pub fn BiText(text: Bi) -> impl IntoView {
    let i18n = use_i18n();
    move || text.get(i18n.locale()).to_string()
}

/// An `InfoType` with its label (the raw type in the tooltip; unknown types as they are).
#[component]
pub fn InfoTypeLabel(#[prop(into)] info_type: String) -> impl IntoView {
    let i18n = use_i18n();
    match crate::api::events::info_type_label(&info_type) {
        Some(label) => view! {
            <span title=info_type.clone() data-testid="event-type" data-type=info_type.clone()>
                {i18n.t(label)}
            </span>
        }
        .into_any(),
        None => {
            let shown = info_type.clone();
            view! {
                <span class="mono" data-testid="event-type" data-type=info_type>
                    {shown}
                </span>
            }
            .into_any()
        }
    }
}

/// Alarms with their explanation; `with_platform` names (and links) each alarm's platform.
#[component]
pub fn AlarmList(
    alarms: Vec<crate::api::platforms::AlarmInfo>,
    with_platform: bool,
    item_testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="alarm-list">
            {alarms
                .into_iter()
                .map(|a| {
                    let platform = with_platform
                        .then(|| {
                            view! {
                                <leptos_router::components::A href=format!("/platforms/{}", a.platform_id)>
                                    {a.platform_name}
                                </leptos_router::components::A>
                                {i18n.t(tr::COLON)}
                            }
                        });
                    view! {
                        <li data-testid=item_testid>
                            <AlarmBadge kind=a.kind />
                            " "
                            {platform}
                            <BiText text=a.message />
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
