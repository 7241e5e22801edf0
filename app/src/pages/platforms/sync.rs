//! "Sync every authorizer from WeChat": starts the background job and follows it every second
//! until it is done or failed.

use std::time::Duration;

use leptos::prelude::*;

use crate::api::platforms::{StartPlatformSync, SyncProgress, get_sync_progress};
use crate::components::badges::BiText;
use crate::components::card::Card;
use crate::components::notice::ErrorNotice;
use crate::components::poll::poll;
use crate::components::role::IfAllowed;
use crate::i18n::{tr, use_i18n};
use console_types::Permission;
use console_types::PlatformId;

/// The sync card of platform `id`.
#[component]
pub fn SyncCard(id: PlatformId) -> impl IntoView {
    let i18n = use_i18n();
    let start = ServerAction::<StartPlatformSync>::new();
    let tick = RwSignal::new(0u64);
    let job = Resource::new_blocking(
        move || (tick.get(), start.version().get()),
        move |_| get_sync_progress(id),
    );
    poll(Duration::from_secs(1), move || {
        let running = matches!(job.get_untracked(), Some(Ok(Some(j))) if j.running());
        if running {
            tick.update(|t| *t += 1);
        }
    });
    view! {
        <Card title=tr::SYNC_TITLE testid="sync-card">
            <p class="muted">{i18n.t(tr::SYNC_HINT)}</p>
            <IfAllowed perm=Permission::Operate>
                <ActionForm action=start attr:class="inline-form">
                    <input type="hidden" name="id" value=id.to_string() />
                    <button type="submit" class="btn" disabled=start.pending() data-testid="sync-all">
                        {i18n.t(tr::SYNC_BUTTON)}
                    </button>
                </ActionForm>
            </IfAllowed>
            {move || match start.value().get() {
                Some(Err(error)) => Some(view! { <ErrorNotice error /> }),
                _ => None,
            }}
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match job.await {
                        Ok(Some(j)) => view! { <Progress j /> }.into_any(),
                        Ok(None) => ().into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </Card>
    }
}

#[component]
fn Progress(j: SyncProgress) -> impl IntoView {
    let i18n = use_i18n();
    let (label, class) = match j.status.as_str() {
        "running" => (tr::SYNC_RUNNING, "badge badge-info"),
        "done" => (tr::SYNC_DONE, "badge"),
        _ => (tr::SYNC_FAILED, "badge badge-error"),
    };
    let percent = j.percent();
    let counts = move || {
        i18n.now(tr::SYNC_PROGRESS)
            .replace("{p}", &j.processed.to_string())
            .replace("{t}", &j.total.to_string())
            .replace("{c}", &j.created.to_string())
            .replace("{u}", &j.updated.to_string())
    };
    view! {
        <div class="sync-progress" data-testid="sync-progress" data-status=j.status.clone()>
            <p>
                <span class=class data-testid="sync-status">{i18n.t(label)}</span>
                " "
                <span data-testid="sync-counts">{counts}</span>
                <span class="muted">
                    " · " {i18n.t(tr::SYNC_STARTED_AT)} " " {j.started_at.clone()}
                </span>
            </p>
            // A native progress bar: no inline style, which the CSP would refuse.
            <progress class="progress" max="100" value=percent aria-label=i18n.t(tr::SYNC_TITLE)>
                {format!("{percent}%")}
            </progress>
            {j.error.map(|e| view! { <div class="notice notice-error"><BiText text=e /></div> })}
        </div>
    }
}
