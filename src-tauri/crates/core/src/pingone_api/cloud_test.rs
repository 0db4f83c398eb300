//! PingOne's own connection test, run from PingOne's cloud (PingOne Platform API, Propagation
//! Stores › *Test Connection Configuration*):
//! `POST /environments/{envID}/propagation/stores/connection/status` with
//! `Content-Type: application/vnd.pingidentity.connection.check+json` and a proposed store
//! body; "This call is prospective; that is, you can test whether a proposed configuration
//! will be accepted." Nothing is saved.
//!
//! Documented: the request, and that a success has an empty body. **Assumed** (no failure
//! example is published): a configuration that fails the test is answered with a 4xx other
//! than 401/403/404/429, carrying PingOne's error body. 401, 403, 404 and 429 keep their
//! usual meaning (token, role, environment, rate limit) and are API errors, not a verdict on
//! the connection.

use super::client::PingOneClient;
use super::error::{ApiErrorKind, PingOneApiError, PingOneErrorBody};
use super::store::ScimStoreSpec;
use crate::trf;
use serde::Serialize;

pub const CONNECTION_CHECK_CONTENT_TYPE: &str =
    "application/vnd.pingidentity.connection.check+json";
pub const CONNECTION_STATUS_PATH: &str = "/propagation/stores/connection/status";

/// PingOne's verdict on a proposed configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum CloudTestOutcome {
    /// PingOne reached the SCIM and token URLs from its cloud and accepted the answers.
    Passed { status: u16 },
    /// PingOne could not use the configuration; its words, scrubbed.
    Failed {
        status: u16,
        reason: Option<PingOneErrorBody>,
        excerpt: Option<String>,
    },
}

impl CloudTestOutcome {
    pub fn passed(&self) -> bool {
        matches!(self, CloudTestOutcome::Passed { .. })
    }

    /// "passed (HTTP 204)", or "failed (HTTP 400): " and PingOne's reason.
    pub fn describe(&self) -> String {
        match self {
            CloudTestOutcome::Passed { status } => {
                trf!("passed (HTTP {status})", "bestanden (HTTP {status})")
            }
            CloudTestOutcome::Failed { status, .. } => {
                let said = self.pingone_said();
                trf!(
                    "failed (HTTP {status}): {said}",
                    "gescheitert (HTTP {status}): „{said}“"
                )
            }
        }
    }

    /// PingOne's reason for a failure, already scrubbed by the client; empty for a pass.
    pub fn pingone_said(&self) -> String {
        match self {
            CloudTestOutcome::Passed { .. } => String::new(),
            CloudTestOutcome::Failed {
                status,
                reason,
                excerpt,
            } => reason
                .as_ref()
                .map(|r| r.describe())
                .or_else(|| excerpt.clone())
                .unwrap_or_else(|| format!("HTTP {status}")),
        }
    }
}

impl PingOneClient {
    /// Asks PingOne to test `spec` (including the Haiilo secret) from its own cloud.
    pub async fn test_connection(
        &mut self,
        spec: &ScimStoreSpec,
    ) -> Result<CloudTestOutcome, PingOneApiError> {
        if let Some(secret) = &spec.secret {
            self.protect(secret.expose());
        }
        let body = spec.request_body(None);
        match self
            .send(
                reqwest::Method::POST,
                CONNECTION_STATUS_PATH,
                CONNECTION_CHECK_CONTENT_TYPE,
                Some(&body),
            )
            .await
        {
            Ok((status, _)) => Ok(CloudTestOutcome::Passed { status }),
            Err(error)
                if error.kind == ApiErrorKind::Rejected
                    && error.status.is_some_and(|s| (400..500).contains(&s)) =>
            {
                Ok(CloudTestOutcome::Failed {
                    status: error.status.unwrap_or(400),
                    reason: error.body.map(|b| *b),
                    excerpt: error.excerpt,
                })
            }
            Err(error) => Err(error),
        }
    }
}
