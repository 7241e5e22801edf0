//! Fast registration of mini programs (代商家注册小程序): tasks started from the console in the
//! four flows WeChat's new versions offer (enterprise, personal, trial, reuse of an official
//! account's qualification), followed through WeChat's notifications, a poller for the ones that
//! never arrive, and the 24-hour deadline, until the new mini program is an authorizer linked to
//! its task.

pub mod entity;
mod input;
mod notify;
mod poll;
mod query;
mod reuse;
mod start;
mod timeline;
mod trial;

pub use input::{
    CreditCode, EnterpriseName, NewTask, Openid, Phone, TRIAL_SUFFIX, TrialName, WechatId, mask,
};
pub use notify::{NotifyKind, link_authorizer, on_notify};
pub use poll::{PollReport, poll_once, run_poller};
pub use query::{
    ReuseCandidate, TaskCounts, TaskDetail, TaskFilter, TaskRow, TaskStepRow, counts, followers,
    get, list, reuse_candidates, task_of_authorizer,
};
pub use reuse::{
    ReusePage, ReuseReturn, on_reuse_return, open_reuse_page, reuse_redirect_uri,
    start_reuse_redirect,
};
pub use start::start;
pub use trial::{rename, verify};

/// How long WeChat (and so a task) waits for the legal person, user or administrator.
pub const TASK_TTL_MS: i64 = 24 * 3_600 * 1_000;
