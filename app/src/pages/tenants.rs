//! Tenants (platform administrators only): every tenant with its status and counts, a form that
//! creates one and shows its first owner's invitation link once, and suspend / resume, each
//! asked again before it is done.

use leptos::prelude::*;

use crate::api::tenants::{CreateTenant, ResumeTenant, SuspendTenant, TenantRow, list_tenants};
use crate::components::card::Card;
use crate::components::copy::CopyField;
use crate::components::notice::{ActionError, ErrorNotice};
use crate::components::page::PageHeader;
use crate::components::table::DataTable;
use crate::i18n::{tr, use_i18n};

/// The tenants page.
#[component]
pub fn TenantsPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateTenant>::new();
    let suspend = ServerAction::<SuspendTenant>::new();
    let resume = ServerAction::<ResumeTenant>::new();
    let tenants = Resource::new_blocking(
        move || {
            (
                create.version().get(),
                suspend.version().get(),
                resume.version().get(),
            )
        },
        |_| list_tenants(),
    );
    let created_error = Signal::derive(move || create.value().get().map(|r| r.map(|_| ())));
    view! {
        <PageHeader title=tr::TENANTS_TITLE />
        <p class="muted">{i18n.t(tr::TENANTS_INTRO)}</p>
        <Card title=tr::TENANTS_NEW testid="tenant-new">
            <p class="muted">{i18n.t(tr::TENANTS_NEW_HINT)}</p>
            <ActionForm action=create attr:class="form form-inline">
                <label class="field">
                    <span>{i18n.t(tr::TENANTS_NAME)}</span>
                    <input
                        type="text"
                        name="name"
                        required
                        maxlength="64"
                        autocomplete="off"
                        data-testid="tenant-name-input"
                    />
                </label>
                <label class="field">
                    <span>{i18n.t(tr::TENANTS_OWNER_NOTE)}</span>
                    <input
                        type="text"
                        name="owner_note"
                        maxlength="64"
                        autocomplete="off"
                        data-testid="tenant-owner-note"
                    />
                </label>
                <button type="submit" class="btn btn-primary" data-testid="tenant-create">
                    {i18n.t(tr::TENANTS_CREATE)}
                </button>
            </ActionForm>
            <ActionError result=created_error />
            {move || {
                create
                    .value()
                    .get()
                    .and_then(Result::ok)
                    .map(|created| {
                        view! {
                            <CopyField
                                label=tr::TENANTS_OWNER_LINK
                                value=created.invitation_url
                                testid="tenant-owner-url"
                                hint=tr::TENANTS_OWNER_LINK_ONCE
                            />
                        }
                    })
            }}
        </Card>
        <Card title=tr::TENANTS_TITLE testid="tenants">
            <ActionError result=suspend.value() />
            <ActionError result=resume.value() />
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match tenants.await {
                        Ok(list) if list.is_empty() => {
                            view! { <p class="muted">{i18n.t(tr::TENANTS_EMPTY)}</p> }.into_any()
                        }
                        Ok(list) => {
                            view! {
                                <DataTable headers=&[tr::TENANTS_NAME, tr::TENANTS_STATUS, tr::TENANTS_MEMBERS, tr::TENANTS_PLATFORMS, tr::TENANTS_CREATED_AT, tr::TENANTS_ACTIONS] testid="tenants-table">
                                    {list
                                        .into_iter()
                                        .map(|t| view! { <TenantLine t suspend resume /> })
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

/// One tenant: its status and the button that suspends or resumes it, which first asks.
#[component]
fn TenantLine(
    t: TenantRow,
    suspend: ServerAction<SuspendTenant>,
    resume: ServerAction<ResumeTenant>,
) -> impl IntoView {
    let i18n = use_i18n();
    let asking = RwSignal::new(false);
    let suspended = t.suspended_at.is_some();
    let status = match &t.suspended_at {
        Some(at) => view! {
            <span class="badge badge-warn" data-testid="tenant-status">
                {i18n.t(tr::TENANTS_SUSPENDED)}
            </span>
            " "
            <span class="muted">{i18n.t(tr::TENANTS_SUSPENDED_AT)} " " {at.clone()}</span>
        }
        .into_any(),
        None => view! {
            <span class="badge badge-info" data-testid="tenant-status">
                {i18n.t(tr::TENANTS_ACTIVE)}
            </span>
        }
        .into_any(),
    };
    let id = t.id.to_string();
    let (ask, question, yes) = if suspended {
        (
            tr::TENANTS_RESUME,
            tr::TENANTS_RESUME_CONFIRM,
            tr::TENANTS_CONFIRM_RESUME,
        )
    } else {
        (
            tr::TENANTS_SUSPEND,
            tr::TENANTS_SUSPEND_CONFIRM,
            tr::TENANTS_CONFIRM_SUSPEND,
        )
    };
    let confirm = move || {
        let id = id.clone();
        let form = if suspended {
            view! {
                <ActionForm action=resume attr:class="inline-form">
                    <input type="hidden" name="id" value=id />
                    <button type="submit" class="btn btn-small btn-primary" data-testid="tenant-confirm">
                        {i18n.t(yes)}
                    </button>
                </ActionForm>
            }
            .into_any()
        } else {
            view! {
                <ActionForm action=suspend attr:class="inline-form">
                    <input type="hidden" name="id" value=id />
                    <button type="submit" class="btn btn-small btn-danger" data-testid="tenant-confirm">
                        {i18n.t(yes)}
                    </button>
                </ActionForm>
            }
            .into_any()
        };
        view! {
            <div class="inline-actions" role="group" aria-label=move || i18n.now(question).to_string()>
                <span data-testid="tenant-question">{i18n.t(question)}</span>
                {form}
                <button
                    type="button"
                    class="btn btn-small"
                    data-testid="tenant-cancel"
                    on:click=move |_| asking.set(false)
                >
                    {i18n.t(tr::TENANTS_CANCEL)}
                </button>
            </div>
        }
    };
    view! {
        <tr data-testid=format!("tenant-{}", t.name)>
            <td>{t.name.clone()}</td>
            <td>{status}</td>
            <td>{t.members}</td>
            <td>{t.platforms}</td>
            <td>{t.created_at.clone()}</td>
            <td>
                <Show
                    when=move || asking.get()
                    fallback=move || {
                        view! {
                            <button
                                type="button"
                                class=if suspended { "btn btn-small" } else { "btn btn-small btn-danger" }
                                data-testid=if suspended { "tenant-resume" } else { "tenant-suspend" }
                                on:click=move |_| asking.set(true)
                            >
                                {i18n.t(ask)}
                            </button>
                        }
                    }
                >
                    {confirm.clone()}
                </Show>
            </td>
        </tr>
    }
}
