//! The PingOne Platform API, for reading and applying the SCIM Outbound connection that
//! Haiilo's walkthrough describes (PingOne Platform APIs › *Identity Propagation
//! (Provisioning)*). Self-contained: nothing else in the core depends on it yet.
//!
//! - [`access`]: region, environment and worker app, and the URLs derived from them;
//! - [`token`]: the worker app's token (client credentials, Basic then form body);
//! - [`client`]: authenticated JSON calls with PingOne's error body parsed;
//! - [`store`], [`plan`], [`rule`], [`sync`], [`cloud_test`]: the endpoints;
//! - [`compare`]: which store points at this tenant and how it differs;
//! - [`apply`]: the create/update/unchanged plan and its execution;
//! - [`switch_on`]: switching the rule on, the separate step after PingOne's own test.
//!
//! Every endpoint with its documentation source is listed in `docs/pingone-api.md`.

pub mod access;
pub mod apply;
pub mod client;
pub mod cloud_test;
pub mod compare;
pub mod error;
pub mod plan;
pub mod rule;
pub mod store;
pub mod switch_on;
pub mod sync;
pub mod token;

#[cfg(test)]
mod test_server;
#[cfg(test)]
mod tests;

pub use access::{AccessInput, ParsedAccess, PingOneAccess, Region};
pub use client::PingOneClient;
pub use error::{AccessError, AccessErrorCode, ApiErrorKind, PingOneApiError, PingOneErrorBody};
pub use token::{fetch_worker_token, WorkerGrant, WorkerTokenError};
