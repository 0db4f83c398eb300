//! The heart of the Haiilo SCIM Setup Assistant, with no GUI: endpoints from what the admin
//! types, the exact PingOne values, the OAuth 2 token request, the SCIM client and the
//! connection check with its findings.

pub mod check;
pub mod client_id;
pub mod diagnose;
pub mod endpoints;
pub mod environment;
pub mod error;
pub mod findings;
pub mod http;
pub mod jwt;
pub mod lang;
pub mod new_pair;
pub mod oauth;
pub mod pasted;
pub mod pingone;
pub mod pingone_api;
pub mod probe;
pub mod proxy;
pub mod reach;
pub mod redact;
pub mod report;
pub mod scim;
pub mod secret;
pub mod text;

pub use error::{Error, Result};
#[cfg(feature = "ts")]
pub mod bindings;
pub mod secret_store;
pub mod setups;
