//! Bilingual messages: every text that can reach a user exists in Chinese and English. The type
//! is shared with the browser (`console-types`).

pub use console_types::Bi;
