//! The tenant's members: everyone sees the list; administrators and owners also change roles,
//! disable or enable access, and remove members (the server enforces the same rules and answers
//! with a reason, shown above the table).

use leptos::prelude::*;

use crate::api::members::{
    DisableMember, EnableMember, Member, RemoveMember, SetMemberRole, list_members,
};
use crate::api::{Permission, Role, role_label};
use crate::components::card::Card;
use crate::components::notice::{ActionError, ErrorNotice};
use crate::components::role::CurrentRole;
use crate::components::table::DataTable;
use crate::i18n::{Text, tr, use_i18n};

/// The four member actions, shared by every row's forms.
#[derive(Clone, Copy)]
struct Actions {
    set_role: ServerAction<SetMemberRole>,
    remove: ServerAction<RemoveMember>,
    disable: ServerAction<DisableMember>,
    enable: ServerAction<EnableMember>,
}

impl Actions {
    fn new() -> Self {
        Self {
            set_role: ServerAction::new(),
            remove: ServerAction::new(),
            disable: ServerAction::new(),
            enable: ServerAction::new(),
        }
    }

    /// Changes whenever any action finished (the list reloads).
    fn version(self) -> usize {
        self.set_role.version().get()
            + self.remove.version().get()
            + self.disable.version().get()
            + self.enable.version().get()
    }
}

/// The roles someone with `mine` may give: only owners make owners.
pub fn grantable_roles(mine: Role) -> Vec<Role> {
    Role::ALL
        .into_iter()
        .filter(|r| *r != Role::Owner || mine == Role::Owner)
        .collect()
}

/// The members table's columns; managers also see the actions column.
const COLUMNS: &[Text] = &[
    tr::USERNAME,
    tr::SETTINGS_DISPLAY_NAME,
    tr::SETTINGS_ROLE,
    tr::MEMBER_STATUS,
    tr::SETTINGS_LAST_LOGIN,
];
const MANAGER_COLUMNS: &[Text] = &[
    tr::USERNAME,
    tr::SETTINGS_DISPLAY_NAME,
    tr::SETTINGS_ROLE,
    tr::MEMBER_STATUS,
    tr::SETTINGS_LAST_LOGIN,
    tr::MEMBER_ACTIONS,
];

#[component]
pub fn MembersCard() -> impl IntoView {
    let actions = Actions::new();
    let members = Resource::new_blocking(move || actions.version(), |_| list_members());
    let role = CurrentRole::new();
    view! {
        <Card title=tr::SETTINGS_MEMBERS testid="members">
            <ActionError result=actions.set_role.value() />
            <ActionError result=actions.remove.value() />
            <ActionError result=actions.disable.value() />
            <ActionError result=actions.enable.value() />
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let mine = role.get().await;
                    let manager = mine.filter(|r| r.allows(Permission::ManageMembers));
                    match members.await {
                        Ok(list) => {
                            view! {
                                <DataTable headers=if manager.is_some() { MANAGER_COLUMNS } else { COLUMNS } testid="members-table">
                                    {list
                                        .into_iter()
                                        .map(|m| view! { <MemberRow m manager actions /> })
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

#[component]
fn MemberRow(m: Member, manager: Option<Role>, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let last = m.last_login_at.clone();
    let (status, badge) = if m.disabled {
        (tr::MEMBER_DISABLED, "badge badge-muted")
    } else {
        (tr::MEMBER_ACTIVE, "badge badge-info")
    };
    // Admins see no actions on owners (only owners change owners).
    let can_act = manager.filter(|mine| m.role != Role::Owner || *mine == Role::Owner);
    view! {
        <tr data-testid=format!("member-{}", m.username)>
            <td>
                {m.username.clone()}
                {m.is_me.then(|| view! { <span class="muted">{i18n.t(tr::MEMBER_YOU)}</span> })}
            </td>
            <td>{m.display_name.clone()}</td>
            <td data-testid="member-role-label">{i18n.t(role_label(m.role))}</td>
            <td>
                <span class=badge data-testid="member-status">{i18n.t(status)}</span>
            </td>
            <td>
                {move || last.clone().unwrap_or_else(|| i18n.now(tr::NEVER).to_string())}
            </td>
            {manager
                .map(|_| {
                    view! {
                        <td>
                            {can_act.map(|mine| view! { <MemberActions m=m.clone() mine actions /> })}
                        </td>
                    }
                })}
        </tr>
    }
}

#[component]
fn MemberActions(m: Member, mine: Role, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let uid = m.user_id;
    let select_id = format!("member-role-{}", m.user_id);
    let current = m.role;
    view! {
        <div class="inline-actions">
            <ActionForm action=actions.set_role attr:class="inline-form">
                <input type="hidden" name="user_id" value=uid.to_string() />
                <label class="inline-field" for=select_id.clone()>
                    {i18n.t(tr::SETTINGS_ROLE)}
                </label>
                <select id=select_id name="role" data-testid="member-role">
                    {grantable_roles(mine)
                        .into_iter()
                        .map(|r| {
                            view! {
                                <option value=r.as_str() selected=r == current>
                                    {i18n.t(role_label(r))}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                " "
                <button type="submit" class="btn btn-small" data-testid="member-role-save">
                    {i18n.t(tr::MEMBER_CHANGE_ROLE)}
                </button>
            </ActionForm>
            {(!m.is_me)
                .then(|| {
                    if m.disabled {
                        view! {
                            <ActionForm action=actions.enable attr:class="inline-form">
                                <input type="hidden" name="user_id" value=uid.to_string() />
                                <button type="submit" class="btn btn-small" data-testid="member-enable">
                                    {i18n.t(tr::MEMBER_ENABLE)}
                                </button>
                            </ActionForm>
                        }
                            .into_any()
                    } else {
                        view! {
                            <ActionForm action=actions.disable attr:class="inline-form">
                                <input type="hidden" name="user_id" value=uid.to_string() />
                                <button type="submit" class="btn btn-small" data-testid="member-disable">
                                    {i18n.t(tr::MEMBER_DISABLE)}
                                </button>
                            </ActionForm>
                        }
                            .into_any()
                    }
                })}
            // Removing oneself is leaving the tenant (refused for its last owner).
            <ActionForm action=actions.remove attr:class="inline-form">
                <input type="hidden" name="user_id" value=uid.to_string() />
                <button type="submit" class="btn btn-small btn-danger" data-testid="member-remove">
                    {i18n.t(tr::MEMBER_REMOVE)}
                </button>
            </ActionForm>
        </div>
    }
}
