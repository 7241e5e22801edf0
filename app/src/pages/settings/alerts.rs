//! Alerts (administrators and owners): the channels every alert goes to. A channel is added with
//! its kind, a name and its URL (checked on the server: https, a robot on its vendor's host; the
//! errors name the field); the list shows the URL masked and the last delivery's result; a test
//! message is sent on demand; removing asks again first.

use leptos::prelude::*;

use crate::api::alerts::{
    AddAlertChannel, AlertChannelRow, RemoveAlertChannel, TestAlertChannel, list_alert_channels,
};
use crate::components::card::Card;
use crate::components::form::{BoundField, FormError};
use crate::components::notice::{ActionError, ErrorNotice};
use crate::components::table::DataTable;
use crate::i18n::{Text, tr, use_i18n};
use console_types::ChannelKind;

const COLUMNS: &[Text] = &[
    tr::ALERT_NAME,
    tr::ALERT_KIND,
    tr::ALERT_URL,
    tr::ALERT_LAST_DELIVERY,
    tr::MEMBER_ACTIONS,
];

/// A channel kind's name.
pub fn kind_label(k: ChannelKind) -> Text {
    match k {
        ChannelKind::Webhook => tr::ALERT_KIND_WEBHOOK,
        ChannelKind::WeCom => tr::ALERT_KIND_WECOM,
        ChannelKind::DingTalk => tr::ALERT_KIND_DINGTALK,
        ChannelKind::Feishu => tr::ALERT_KIND_FEISHU,
    }
}

#[component]
pub fn AlertsCard() -> impl IntoView {
    let i18n = use_i18n();
    let add = ServerAction::<AddAlertChannel>::new();
    let test = ServerAction::<TestAlertChannel>::new();
    let remove = ServerAction::<RemoveAlertChannel>::new();
    let channels = Resource::new_blocking(
        move || {
            (
                add.version().get(),
                test.version().get(),
                remove.version().get(),
            )
        },
        |_| list_alert_channels(),
    );
    let added: Signal<Option<Result<(), _>>> =
        Signal::derive(move || add.value().get().map(|r| r.map(|_| ())));
    view! {
        <Card title=tr::ALERTS_TITLE testid="alerts">
            <p class="muted">{i18n.t(tr::ALERTS_HINT)}</p>
            <h3>{i18n.t(tr::ALERTS_NEW)}</h3>
            <NewChannelForm add result=added />
            <h3>{i18n.t(tr::ALERTS_LIST)}</h3>
            <ActionError result=remove.value() />
            <ActionError result=test.value() />
            {move || {
                matches!(test.value().get(), Some(Ok(())))
                    .then(|| {
                        view! {
                            <div class="notice notice-ok" role="status" data-testid="alert-test-ok">
                                {i18n.t(tr::ALERT_TEST_SENT)}
                            </div>
                        }
                    })
            }}
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match channels.await {
                        Ok(list) if list.is_empty() => {
                            view! { <p class="muted" data-testid="alerts-none">{i18n.t(tr::ALERTS_NONE)}</p> }
                                .into_any()
                        }
                        Ok(list) => {
                            view! {
                                <DataTable headers=COLUMNS testid="alerts-table">
                                    {list
                                        .into_iter()
                                        .map(|c| view! { <ChannelLine c test remove /> })
                                        .collect_view()}
                                </DataTable>
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

/// Kind, name and URL of a new channel.
#[component]
fn NewChannelForm(
    add: ServerAction<AddAlertChannel>,
    result: Signal<Option<Result<(), crate::error::AppError>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let kind = RwSignal::new(ChannelKind::Webhook);
    let name = RwSignal::new(String::new());
    let url = RwSignal::new(String::new());
    let pending = add.pending();
    // A channel added: the form starts over.
    Effect::new(move |_| {
        if matches!(add.value().get(), Some(Ok(_))) {
            name.set(String::new());
            url.set(String::new());
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        add.dispatch(AddAlertChannel {
            kind: kind.get_untracked(),
            name: name.get_untracked(),
            url: url.get_untracked(),
        });
    };
    view! {
        <form class="form" on:submit=on_submit data-testid="alert-form">
            <label class="field">
                <span>{i18n.t(tr::ALERT_KIND)}</span>
                <select
                    data-testid="alert-kind"
                    on:change=move |ev| {
                        if let Ok(k) = ChannelKind::parse(&event_target_value(&ev)) {
                            kind.set(k);
                        }
                    }
                >
                    {ChannelKind::ALL
                        .iter()
                        .copied()
                        .map(|k| {
                            view! {
                                <option value=k.as_str() selected=move || kind.get() == k>
                                    {i18n.t(kind_label(k))}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <BoundField
                label=tr::ALERT_NAME
                help=tr::ALERT_NAME_HINT
                name="name"
                value=name
                maxlength=64
                testid="alert-name"
                result
            />
            <BoundField
                label=tr::ALERT_URL
                help=tr::ALERT_URL_HINT
                name="url"
                value=url
                mono=true
                testid="alert-url"
                result
            />
            <FormError result />
            <div>
                <button type="submit" class="btn btn-primary" disabled=pending data-testid="alert-add">
                    {i18n.t(tr::ALERT_ADD)}
                </button>
            </div>
        </form>
    }
}

/// One channel: masked URL, last delivery, and its test and remove buttons.
#[component]
fn ChannelLine(
    c: AlertChannelRow,
    test: ServerAction<TestAlertChannel>,
    remove: ServerAction<RemoveAlertChannel>,
) -> impl IntoView {
    let i18n = use_i18n();
    let asking = RwSignal::new(false);
    let id = c.id;
    let last = match (c.last_delivery_ok, c.last_delivery_at.clone()) {
        (Some(true), Some(at)) => view! {
            <span class="badge badge-info" data-testid="alert-last">{i18n.t(tr::ALERT_DELIVERED)}</span>
            " "
            <span class="muted">{at}</span>
        }
        .into_any(),
        (Some(false), at) => {
            let error = c.last_delivery_error.clone().unwrap_or_default();
            view! {
                <span class="badge badge-error" data-testid="alert-last">{i18n.t(tr::ALERT_FAILED)}</span>
                " "
                <span class="muted">{at.unwrap_or_default()}</span>
                <br />
                <span class="muted">{move || i18n.pick(&error.zh, &error.en).to_string()}</span>
            }
            .into_any()
        }
        _ => view! { <span class="muted">{i18n.t(tr::NEVER)}</span> }.into_any(),
    };
    view! {
        <tr data-testid=format!("alert-channel-{}", c.name)>
            <td>{c.name.clone()}</td>
            <td>{i18n.t(kind_label(c.kind))}</td>
            <td class="mono">{c.url_masked.clone()}</td>
            <td>{last}</td>
            <td>
                <div class="inline-actions">
                    <button
                        type="button"
                        class="btn btn-small"
                        disabled=test.pending()
                        data-testid="alert-test"
                        on:click=move |_| {
                            test.dispatch(TestAlertChannel { id });
                        }
                    >
                        {i18n.t(tr::ALERT_SEND_TEST)}
                    </button>
                    <Show
                        when=move || asking.get()
                        fallback=move || {
                            view! {
                                <button
                                    type="button"
                                    class="btn btn-small btn-danger"
                                    data-testid="alert-remove"
                                    on:click=move |_| asking.set(true)
                                >
                                    {i18n.t(tr::ALERT_REMOVE)}
                                </button>
                            }
                        }
                    >
                        <span>{i18n.t(tr::ALERT_REMOVE_CONFIRM)}</span>
                        <button
                            type="button"
                            class="btn btn-small btn-danger"
                            disabled=remove.pending()
                            data-testid="alert-remove-confirm"
                            on:click=move |_| {
                                remove.dispatch(RemoveAlertChannel { id });
                            }
                        >
                            {i18n.t(tr::ALERT_CONFIRM_REMOVE)}
                        </button>
                        <button
                            type="button"
                            class="btn btn-small"
                            on:click=move |_| asking.set(false)
                        >
                            {i18n.t(tr::CANCEL)}
                        </button>
                    </Show>
                </div>
            </td>
        </tr>
    }
}
