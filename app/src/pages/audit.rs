//! `/audit`: who did what in the tenant, when and from where; filtered by action, user and days
//! (in the URL).
//! Admins and owners only; nothing here can be edited.

use leptos::prelude::*;
use leptos_router::components::Form;

use crate::api::audit::{AuditItem, AuditQuery, list_audit};
use crate::api::query::text;
use crate::components::badges::BiText;
use crate::components::filters::{AllOption, DayRangeFields, FilterButtons};
use crate::components::list_page::{FilterCard, FilteredList, use_list_query};
use crate::components::page::PageHeader;
use crate::components::table::DataTable;
use crate::i18n::{Text, tr, use_i18n};
use console_types::AuditAction;

/// The label of an action.
pub fn action_label(a: AuditAction) -> Text {
    match a {
        AuditAction::SignIn => tr::AUDIT_SIGN_IN,
        AuditAction::SignInFailed => tr::AUDIT_SIGN_IN_FAILED,
        AuditAction::SignedOutAll => tr::AUDIT_SIGNED_OUT_ALL,
        AuditAction::PasswordChanged => tr::AUDIT_PASSWORD_CHANGED,
        AuditAction::Invited => tr::AUDIT_INVITED,
        AuditAction::InviteRevoked => tr::AUDIT_INVITE_REVOKED,
        AuditAction::MemberAdded => tr::AUDIT_MEMBER_ADDED,
        AuditAction::MemberRemoved => tr::AUDIT_MEMBER_REMOVED,
        AuditAction::RoleChanged => tr::AUDIT_ROLE_CHANGED,
        AuditAction::UserDisabled => tr::AUDIT_USER_DISABLED,
        AuditAction::UserEnabled => tr::AUDIT_USER_ENABLED,
        AuditAction::PlatformAdded => tr::AUDIT_PLATFORM_ADDED,
        AuditAction::PlatformChanged => tr::AUDIT_PLATFORM_CHANGED,
        AuditAction::WebhookChanged => tr::AUDIT_WEBHOOK_CHANGED,
        AuditAction::TokenRefreshed => tr::AUDIT_TOKEN_REFRESHED,
        AuditAction::SyncStarted => tr::AUDIT_SYNC_STARTED,
        AuditAction::LinkCreated => tr::AUDIT_LINK_CREATED,
        AuditAction::LinkRevoked => tr::AUDIT_LINK_REVOKED,
        AuditAction::TaskStarted => tr::AUDIT_TASK_STARTED,
        AuditAction::ApiKeyChanged => tr::AUDIT_API_KEY_CHANGED,
        AuditAction::TenantChanged => tr::AUDIT_TENANT_CHANGED,
        AuditAction::BusinessCall => tr::AUDIT_BUSINESS_CALL,
        AuditAction::QuotaCleared => tr::AUDIT_QUOTA_CLEARED,
        AuditAction::AlertChannelChanged => tr::AUDIT_ALERT_CHANGED,
    }
}

/// The audit log page.
#[component]
pub fn AuditPage() -> impl IntoView {
    let query = use_list_query::<AuditQuery>();
    view! {
        <PageHeader title=tr::AUDIT_TITLE />
        <FilterCard query form=|q| async move { view! { <FilterForm q /> }.into_any() }>
            <p class="muted">{use_i18n().t(tr::AUDIT_INTRO)}</p>
        </FilterCard>
        <FilteredList
            query
            load=list_audit
            rows=|items| view! { <AuditTable items /> }.into_any()
            empty=tr::AUDIT_EMPTY
            empty_testid="audit-empty"
        />
    }
}

#[component]
fn FilterForm(q: AuditQuery) -> impl IntoView {
    let i18n = use_i18n();
    let action = q.action;
    view! {
        <Form method="GET" action="/audit" attr:class="form form-inline filters" attr:data-testid="audit-filters">
            <label class="inline-field">
                <span>{i18n.t(tr::AUDIT_ACTION)}</span>
                <select name="action" data-testid="filter-action">
                    <AllOption label=tr::AUDIT_ACTION />
                    {AuditAction::ALL
                        .iter()
                        .map(|&a| view! { <option value=a.as_str() selected=Some(a) == action>{i18n.t(action_label(a))}</option> })
                        .collect_view()}
                </select>
            </label>
            <label class="inline-field">
                <span>{i18n.t(tr::AUDIT_ACTOR_FILTER)}</span>
                <input type="text" name="actor" value=text(&q.actor) autocomplete="off" data-testid="filter-actor" />
            </label>
            <DayRangeFields from=text(&q.from) to=text(&q.to) />
            <FilterButtons reset="/audit" />
            <small class="muted">{i18n.t(tr::FILTER_DATES_HINT)}</small>
        </Form>
    }
}

#[component]
fn AuditTable(items: Vec<AuditItem>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <DataTable headers=&[tr::COL_TIME, tr::AUDIT_ACTOR, tr::AUDIT_ACTION, tr::AUDIT_TARGET, tr::COL_RESULT, tr::AUDIT_FROM] testid="audit-table">
            {items
                .into_iter()
                .map(|e| {
                    view! {
                        <tr data-testid="audit-row" data-action=e.action.as_str()>
                            <td class="nowrap">{e.at}</td>
                            <td>{e.actor}</td>
                            <td class="nowrap">{i18n.t(action_label(e.action))}</td>
                            <td>{e.target}</td>
                            <td><BiText text=e.detail /></td>
                            <td class="mono small">{e.client_ip.unwrap_or_default()}</td>
                        </tr>
                    }
                })
                .collect_view()}
        </DataTable>
    }
}
