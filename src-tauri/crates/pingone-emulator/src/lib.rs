//! A local stand-in for the parts of the PingOne Platform API that set up and check a
//! SCIM Outbound connection: the worker application's token endpoint
//! (`POST /{environmentId}/as/token`) and, under `/v1/environments/{environmentId}/propagation`,
//! stores (with the connection test and each store's `syncStatus`), plans, rules,
//! mappings and revisions. It binds 127.0.0.1 only and can inject the faults admins
//! meet (unknown client, wrong secret, missing role, wrong environment, a store with a
//! wrong value, a target PingOne's cloud cannot reach, rate limiting, latency).
//!
//! It is written from PingOne's public API documentation and shares no code with the
//! client, so a misreading in the client is not mirrored here. The crate's README
//! says which document each behaviour comes from and what is assumed.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use pingone_emulator::{start, EmulatorConfig, Fault};
//!
//! let pingone = start(EmulatorConfig {
//!     faults: vec!["missing-role".parse::<Fault>().map_err(std::io::Error::other)?],
//!     ..EmulatorConfig::default()
//! })
//! .await?;
//! println!("token URL: {}", pingone.token_url());
//! println!("API URL:   {}", pingone.api_url());
//! pingone.shutdown().await;
//! # Ok(())
//! # }
//! ```

mod api;
mod clock;
mod config;
mod error;
mod fault;
mod ids;
mod log;
mod mappings;
mod plans;
mod probe;
mod response;
mod revisions;
mod rules;
mod server;
mod state;
mod store_config;
mod stores;
mod token;

pub use config::{
    ClientAuthMethod, EmulatorConfig, SeededRule, SeededScimStore, SyncCounts,
    DEFAULT_ENVIRONMENT_ID, DEFAULT_TOKEN_LIFETIME, DEFAULT_WORKER_CLIENT_ID,
    DEFAULT_WORKER_CLIENT_SECRET,
};
pub use fault::{fault_help, Fault};
pub use log::{LoggedRequest, REDACTED};
pub use server::{start, RunningEmulator};
