//! Pushes to the authorization-event URL: verified, decrypted, stored once, answered at once;
//! then processed by a worker that claims each stored event with a lease, so that it is processed
//! once across instances and again after a crash, idempotently.

pub mod entity;
mod mask;
mod process;
mod query;
mod receive;
pub mod rejections;
mod store;
mod worker;

pub use mask::mask_secrets;
pub use query::{EventFilter, EventRow, list, rejection_counts};
pub use receive::{MAX_BODY_BYTES, PushQuery, Received, Rejection, receive};
pub(crate) use receive::{Opened, count_rejection, open_push};
pub use rejections::RejectionCount;
pub(crate) use store::PushStore;
pub use worker::{process_pending, run_worker};

/// Stored `info_type`s of the fast-registration results (the Registrations page lists these).
pub const REGISTRATION_TYPES: [&str; 3] = [
    "notify_third_fasteregister",
    "notify_third_fastregisterbetaapp",
    "notify_third_fastverifybetaapp",
];
