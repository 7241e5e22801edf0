//! One module per page.

// Alerts (issue 14): the overview's alert history card.
pub mod alert_history;
pub mod audit;
pub mod authorizers;
pub mod events;
pub mod invite;
pub mod login;
pub mod messages;
pub mod not_found;
pub mod overview;
pub mod platforms;
pub mod quota;
pub mod registrations;
pub mod settings;
pub mod tenants;
