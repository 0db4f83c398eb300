//! A local stand-in for a Haiilo tenant: SCIM 2.0 (RFC 7643/7644) with OAuth 2
//! client credentials (RFC 6749), seeded with a deterministic directory and able to
//! inject the faults real deployments show. It binds 127.0.0.1 only.
//!
//! It shares no code with the client on purpose: a misreading of the standards in
//! the client must not be mirrored here.
//!
//! Where Haiilo documents a behaviour strict SCIM does not have, the tenant copies it
//! on purpose: custom profile fields are top-level User attributes named
//! `profileField_*`, which a strict server would refuse or ignore because no schema in
//! `/Schemas` defines them (RFC 7643 §3.3); this tenant keeps any attribute it does not
//! know, as given. Everything else follows RFC 6749, RFC 7643 and RFC 7644; where
//! Haiilo's own behaviour is not documented, the tenant's choice is its own, not a claim
//! about Haiilo. The crate's README lists both, and every fault with its exact effect.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use demo_tenant::{start, Fault, TenantConfig};
//!
//! let tenant = start(TenantConfig {
//!     users: 1_000,
//!     faults: vec!["rate-limit=10:2".parse::<Fault>().map_err(std::io::Error::other)?],
//!     ..TenantConfig::default()
//! })
//! .await?;
//! println!("SCIM base URL: {}", tenant.scim_base_url());
//! println!("token URL:     {}", tenant.token_url());
//! tenant.shutdown().await;
//! # Ok(())
//! # }
//! ```

mod clock;
mod config;
mod discovery;
mod error;
mod fault;
mod filter;
mod ids;
mod json_keys;
mod list;
mod login_page;
mod oauth;
mod patch;
mod projection;
mod request_body;
mod resource;
mod response;
mod schema;
mod scim;
mod scim_resources;
mod search_request;
mod seed;
mod server;
mod store;

pub use config::{
    TenantConfig, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_GROUPS, DEFAULT_TOKEN_LIFETIME,
    DEFAULT_USERS,
};
pub use fault::{fault_help, Fault};
pub use seed::{
    seeded_group_id, seeded_group_name, seeded_inactive_count, seeded_user_active, seeded_user_id,
    seeded_user_name, INACTIVE_EVERY, SEED_EMAIL_DOMAIN, SEED_GROUP_NAMES,
};
pub use server::{start, RunningTenant};
