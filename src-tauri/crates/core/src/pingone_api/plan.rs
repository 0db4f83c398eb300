//! Propagation plans and revisions (PingOne Platform API, *Propagation Plans* and
//! *Propagation Revisions*).
//!
//! "At this time, a customer can define one plan per environment, owning zero or more rules";
//! a rule names its plan in `plan.id`. Changes made through the API reach the admin console
//! only after a new revision: `POST /environments/{envID}/propagation/revisions` ("This POST
//! does not require a request body"; "the create event automatically initiates identity
//! store resynchronization").

use super::client::{embedded_items, str_at, PingOneClient, JSON};
use super::error::PingOneApiError;
use serde::Serialize;

const PLANS: &str = "/propagation/plans";
const REVISIONS: &str = "/propagation/revisions";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PropagationPlan {
    pub id: String,
    pub name: String,
    /// `INACTIVE` by default, per PingOne's data model.
    pub status: Option<String>,
}

impl PingOneClient {
    /// *Read All Plans*: `GET /environments/{envID}/propagation/plans`.
    pub async fn list_plans(&self) -> Result<Vec<PropagationPlan>, PingOneApiError> {
        let described = format!("GET {}", self.access().environment_url(PLANS));
        let answer = self.get(PLANS).await?;
        Ok(embedded_items(&answer, "plans", &described)?
            .iter()
            .filter_map(|item| {
                Some(PropagationPlan {
                    id: str_at(item, "/id")?,
                    name: str_at(item, "/name").unwrap_or_default(),
                    status: str_at(item, "/status"),
                })
            })
            .collect())
    }

    /// *Create Plan*: `POST /environments/{envID}/propagation/plans` with `{"name": …}`.
    pub async fn create_plan(&self, name: &str) -> Result<String, PingOneApiError> {
        self.create(PLANS, &serde_json::json!({ "name": name }))
            .await
    }

    /// *Create Propagation Revision*: an empty POST, so the console shows the API's changes.
    pub async fn create_revision(&self) -> Result<Option<String>, PingOneApiError> {
        let (_, answer) = self
            .send(reqwest::Method::POST, REVISIONS, JSON, None)
            .await?;
        Ok(answer.and_then(|a| str_at(&a, "/id")))
    }
}
