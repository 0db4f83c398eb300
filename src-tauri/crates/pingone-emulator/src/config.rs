//! How an emulator is set up: the worker application, what is pre-seeded in the
//! environment, and the faults to inject.

use std::time::Duration;

use crate::fault::Fault;

/// Client ID of the worker application when nothing else is asked for (a UUID, as
/// PingOne's application IDs are).
pub const DEFAULT_WORKER_CLIENT_ID: &str = "5f0c1a52-8d3e-4b7a-9c61-2e4f8a9b0d17";
/// The worker application's secret when nothing else is asked for. It holds `~`, `.`,
/// `-` and `_`, characters that are safe in a form-encoded body but still have to be
/// encoded consistently by a client using HTTP Basic.
pub const DEFAULT_WORKER_CLIENT_SECRET: &str = "p1~W0rker.Secret_for-the-emulator~7Qz";
/// Environment ID when nothing else is asked for.
pub const DEFAULT_ENVIRONMENT_ID: &str = "0b3f5d8e-6a21-4c9f-8e47-d1a2b3c4e5f6";
/// Lifetime of the worker application's access tokens (PingOne's default is one hour).
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(3600);

/// Which client authentication the worker application accepts at the token endpoint.
/// In PingOne an application has one *Token Endpoint Authentication Method*; `Either`
/// exists for demos that should work with any client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ClientAuthMethod {
    /// `CLIENT_SECRET_BASIC`: HTTP Basic (RFC 6749 §2.3.1).
    #[default]
    Basic,
    /// `CLIENT_SECRET_POST`: `client_id` and `client_secret` in the form body.
    Post,
    /// Both are accepted (not something one PingOne application does).
    Either,
}

impl ClientAuthMethod {
    /// PingOne's name for the method, as the admin console and API spell it.
    pub fn pingone_name(self) -> &'static str {
        match self {
            ClientAuthMethod::Basic => "CLIENT_SECRET_BASIC",
            ClientAuthMethod::Post => "CLIENT_SECRET_POST",
            ClientAuthMethod::Either => "CLIENT_SECRET_BASIC or CLIENT_SECRET_POST",
        }
    }
}

/// A SCIM Outbound store to find in the environment at start, pointing at a Haiilo
/// tenant. Every value is written into the store's `configuration` as given.
#[derive(Clone, PartialEq)]
pub struct SeededScimStore {
    /// Store name (the connection's name in the console).
    pub name: String,
    /// `SCIM_URL`, e.g. `https://acme.haiilo.app/api/scim/v2`.
    pub scim_url: String,
    /// `OAUTH_TOKEN_REQUEST`, e.g. `https://acme.haiilo.app/api/oauth/token`.
    pub token_url: String,
    /// `OAUTH_CLIENT_ID`.
    pub client_id: String,
    /// `OAUTH_CLIENT_SECRET` (write-only: stored, used by the connection test, never read back).
    pub client_secret: String,
    /// Also create a plan and a rule from the directory store to this store.
    pub with_rule: Option<SeededRule>,
    /// The store's `syncStatus`; `None` leaves it out, as for a store that never synced.
    pub sync_status: Option<SyncCounts>,
}

/// Leaves the secret out.
impl std::fmt::Debug for SeededScimStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SeededScimStore")
            .field("name", &self.name)
            .field("scim_url", &self.scim_url)
            .field("token_url", &self.token_url)
            .field("client_id", &self.client_id)
            .field("with_rule", &self.with_rule)
            .field("sync_status", &self.sync_status)
            .finish_non_exhaustive()
    }
}

impl SeededScimStore {
    /// A store with the values Haiilo's walkthrough gives, for the tenant at these URLs.
    pub fn haiilo(
        scim_url: impl Into<String>,
        token_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        Self {
            name: "Haiilo".to_owned(),
            scim_url: scim_url.into(),
            token_url: token_url.into(),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            with_rule: None,
            sync_status: None,
        }
    }
}

/// A rule to pre-seed from the directory store to the seeded SCIM store.
#[derive(Debug, Clone, PartialEq)]
pub struct SeededRule {
    pub name: String,
    pub active: bool,
    /// `populationExpression`; `None` leaves it out.
    pub population_expression: Option<String>,
    /// `groups[].id`
    pub group_ids: Vec<String>,
}

impl Default for SeededRule {
    fn default() -> Self {
        Self {
            name: "Haiilo".to_owned(),
            active: false,
            population_expression: None,
            group_ids: Vec::new(),
        }
    }
}

/// A store's `syncStatus` (PingOne's *Sync summary*).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncCounts {
    /// `syncState`: true gives `FAILED`, false `SYNCING`.
    pub failed_state: bool,
    pub success_count: u32,
    pub failed_count: u32,
    pub failed_deprovision_count: u32,
    pub user_total: u32,
    /// `details`: the text PingOne gives for sync errors.
    pub details: Option<String>,
    /// `lastSyncAt`, already formatted (`yyyy-MM-ddTHH:mm:ss.SSSZ`); `None` means "now"
    /// at start.
    pub last_sync_at: Option<String>,
}

/// Settings for [`crate::start`].
#[derive(Clone, PartialEq)]
pub struct EmulatorConfig {
    /// TCP port on 127.0.0.1; 0 lets the OS choose a free one.
    pub port: u16,
    /// The one environment this PingOne serves.
    pub environment_id: String,
    pub worker_client_id: String,
    pub worker_client_secret: String,
    /// The worker application's token endpoint authentication method.
    pub client_auth: ClientAuthMethod,
    pub token_lifetime: Duration,
    /// A SCIM store (and optionally plan, rule, sync status) present at start.
    pub scim_store: Option<SeededScimStore>,
    /// How long the connection test waits for each of its requests to the target.
    pub connection_test_timeout: Duration,
    pub faults: Vec<Fault>,
}

/// Leaves the worker secret out.
impl std::fmt::Debug for EmulatorConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmulatorConfig")
            .field("port", &self.port)
            .field("environment_id", &self.environment_id)
            .field("worker_client_id", &self.worker_client_id)
            .field("client_auth", &self.client_auth)
            .field("token_lifetime", &self.token_lifetime)
            .field("scim_store", &self.scim_store)
            .field("connection_test_timeout", &self.connection_test_timeout)
            .field("faults", &self.faults)
            .finish_non_exhaustive()
    }
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            port: 0,
            environment_id: DEFAULT_ENVIRONMENT_ID.to_owned(),
            worker_client_id: DEFAULT_WORKER_CLIENT_ID.to_owned(),
            worker_client_secret: DEFAULT_WORKER_CLIENT_SECRET.to_owned(),
            client_auth: ClientAuthMethod::default(),
            token_lifetime: DEFAULT_TOKEN_LIFETIME,
            scim_store: None,
            connection_test_timeout: Duration::from_secs(10),
            faults: Vec::new(),
        }
    }
}
