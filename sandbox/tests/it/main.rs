//! Integration tests: every flow through the real `wxopen` client and the control API, against
//! a sandbox on 127.0.0.1:0.

mod authorization;
mod business;
mod common;
mod domains;
mod faults;
mod messages;
mod publication;
mod register;
mod retries;
mod tokens;
