//! Fast registration: the tasks list, the form of the four flows, and one task followed live.

pub mod list;
pub mod new;
pub mod task;

pub use list::{kind_label, state_badge};
