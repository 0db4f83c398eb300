//! How a demo tenant is set up: size of the seeded directory, the one API client it
//! accepts, token lifetime and the faults to inject.

use std::time::Duration;

use crate::fault::Fault;

/// Number of users seeded when nothing else is asked for.
pub const DEFAULT_USERS: usize = 50;
/// Number of groups seeded when nothing else is asked for.
pub const DEFAULT_GROUPS: usize = 6;
/// Client ID of the single API client the tenant accepts by default.
pub const DEFAULT_CLIENT_ID: &str = "demo-scim-client";
/// Default client secret. It deliberately holds '+', ':', '%' and '/': RFC 6749 §2.3.1
/// requires each of id and secret to be form-urlencoded before they are joined with ':'
/// and base64-encoded for HTTP Basic, and a client (or server) that skips that step
/// fails against this secret instead of passing by luck.
pub const DEFAULT_CLIENT_SECRET: &str = "d3mo+Secret:50%/x";
/// Default access-token lifetime.
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(3600);

/// Settings for [`crate::start`].
#[derive(Debug, Clone, PartialEq)]
pub struct TenantConfig {
    /// TCP port on 127.0.0.1; 0 lets the OS choose a free one.
    pub port: u16,
    /// Number of seeded users.
    pub users: usize,
    /// Number of seeded groups.
    pub groups: usize,
    /// The API client's ID.
    pub client_id: String,
    /// The API client's secret.
    pub client_secret: String,
    /// Lifetime of issued access tokens (overridden by [`Fault::ShortTokenLifetime`]).
    pub token_lifetime: Duration,
    /// Faults to inject; see [`Fault`].
    pub faults: Vec<Fault>,
}

impl Default for TenantConfig {
    fn default() -> Self {
        Self {
            port: 0,
            users: DEFAULT_USERS,
            groups: DEFAULT_GROUPS,
            client_id: DEFAULT_CLIENT_ID.to_owned(),
            client_secret: DEFAULT_CLIENT_SECRET.to_owned(),
            token_lifetime: DEFAULT_TOKEN_LIFETIME,
            faults: Vec::new(),
        }
    }
}
