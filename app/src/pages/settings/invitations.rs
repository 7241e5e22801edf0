//! Invitations (administrators and owners): create a one-time link for a role, see it once, list
//! the pending ones and revoke them.

use leptos::prelude::*;

use super::members::grantable_roles;
use crate::api::invitations::{CreateInvitation, RevokeInvitation, pending_invitations};
use crate::api::{Role, role_label};
use crate::components::card::Card;
use crate::components::copy::CopyField;
use crate::components::notice::{ActionError, ErrorNotice};
use crate::components::role::CurrentRole;
use crate::components::table::DataTable;
use crate::i18n::{tr, use_i18n};

#[component]
pub fn InvitationsCard() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateInvitation>::new();
    let revoke = ServerAction::<RevokeInvitation>::new();
    let pending = Resource::new_blocking(
        move || (create.version().get(), revoke.version().get()),
        |_| pending_invitations(),
    );
    let created_error = Signal::derive(move || create.value().get().map(|r| r.map(|_| ())));
    let role = CurrentRole::new();
    view! {
        <Card title=tr::INVITE_TITLE testid="invitations">
            <p class="muted">{i18n.t(tr::INVITE_HINT)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let mine = role.get().await.unwrap_or(Role::Viewer);
                    view! { <InviteForm create mine /> }
                })}
            </Suspense>
            <ActionError result=created_error />
            {move || {
                create
                    .value()
                    .get()
                    .and_then(Result::ok)
                    .map(|created| {
                        view! {
                            <CopyField
                                label=tr::INVITE_LINK
                                value=created.url
                                testid="invite-url"
                                hint=tr::INVITE_LINK_ONCE
                            />
                        }
                    })
            }}
            <h3>{i18n.t(tr::INVITE_PENDING)}</h3>
            <ActionError result=revoke.value() />
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match pending.await {
                        Ok(list) if list.is_empty() => {
                            view! { <p class="muted">{i18n.t(tr::INVITE_NONE)}</p> }.into_any()
                        }
                        Ok(list) => {
                            view! {
                                <DataTable headers=&[tr::SETTINGS_ROLE, tr::INVITE_NOTE, tr::INVITE_BY, tr::INVITE_CREATED_AT, tr::INVITE_EXPIRES, tr::MEMBER_ACTIONS] testid="invitations-table">
                                    {list
                                        .into_iter()
                                        .map(|inv| {
                                            view! {
                                                <tr data-testid="invitation-row">
                                                    <td>{i18n.t(role_label(inv.role))}</td>
                                                    <td>{inv.note}</td>
                                                    <td>{inv.invited_by.unwrap_or_default()}</td>
                                                    <td>{inv.created_at}</td>
                                                    <td>{inv.expires_at}</td>
                                                    <td>
                                                        <ActionForm action=revoke attr:class="inline-form">
                                                            <input
                                                                type="hidden"
                                                                name="id"
                                                                value=inv.id.to_string()
                                                            />
                                                            <button
                                                                type="submit"
                                                                class="btn btn-small btn-danger"
                                                                data-testid="invitation-revoke"
                                                            >
                                                                {i18n.t(tr::INVITE_REVOKE)}
                                                            </button>
                                                        </ActionForm>
                                                    </td>
                                                </tr>
                                            }
                                        })
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

/// The role and note of a new invitation; the roles offered are those `mine` may grant.
#[component]
fn InviteForm(create: ServerAction<CreateInvitation>, mine: Role) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ActionForm action=create attr:class="form form-inline">
            <label class="field">
                <span>{i18n.t(tr::SETTINGS_ROLE)}</span>
                <select name="role" data-testid="invite-role">
                    {grantable_roles(mine)
                        .into_iter()
                        .map(|r| {
                            view! {
                                <option value=r.as_str() selected=r == Role::Operator>
                                    {i18n.t(role_label(r))}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="field">
                <span>{i18n.t(tr::INVITE_NOTE)}</span>
                <input type="text" name="note" maxlength="64" data-testid="invite-note" />
            </label>
            <button type="submit" class="btn btn-primary" data-testid="invite-submit">
                {i18n.t(tr::INVITE_CREATE)}
            </button>
        </ActionForm>
    }
}
