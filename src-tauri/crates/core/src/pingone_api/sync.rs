//! Sync status of the SCIM store: PingOne documents it on the store itself ("Read All Stores"
//! and "Read One Store": "Included is each store's sync status (`syncStatus`), indicating the
//! current status (either Syncing or Failed), last provisioned date-time, as well as
//! successful or failed sync counts, and user totals"). Field names follow the published
//! model `PropagationStoreSyncStatus`: `syncState`, `lastSyncAt`, `successCount`,
//! `failedCount`, `failedDeprovisionCount`, `userTotal`, `details`.
//!
//! Per-user detail (`GET /environments/{envID}/users/{userID}/syncedRules/{ruleID}`) exists
//! too; it needs a user ID and is not used here.

use super::client::PingOneClient;
use super::error::PingOneApiError;
use crate::{tr, trf};
use serde::Serialize;
use serde_json::Value;

/// `EnumPropagationStoreSyncState`.
pub const SYNC_STATE_SYNCING: &str = "SYNCING";
pub const SYNC_STATE_FAILED: &str = "FAILED";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StoreSyncStatus {
    /// `SYNCING` or `FAILED` as PingOne documents; other values are passed on as they are.
    pub sync_state: Option<String>,
    /// `yyyy-MM-dd'T'HH:mm:ss.SSS'Z'`.
    pub last_sync_at: Option<String>,
    /// Counts since the last revision.
    pub success_count: Option<u64>,
    pub failed_count: Option<u64>,
    pub failed_deprovision_count: Option<u64>,
    /// Users the rule's filter selects.
    pub user_total: Option<u64>,
    /// PingOne's description of synchronization errors.
    pub details: Option<String>,
}

impl StoreSyncStatus {
    pub fn from_json(value: &Value) -> Self {
        let count = |key: &str| value.get(key).and_then(Value::as_u64);
        let text = |key: &str| {
            value
                .get(key)
                .and_then(Value::as_str)
                .filter(|s| !s.trim().is_empty())
                .map(str::to_string)
        };
        Self {
            sync_state: text("syncState"),
            last_sync_at: text("lastSyncAt"),
            success_count: count("successCount"),
            failed_count: count("failedCount"),
            failed_deprovision_count: count("failedDeprovisionCount"),
            user_total: count("userTotal"),
            details: text("details"),
        }
    }

    /// Whether PingOne reports failures: the state, or failed counts above zero.
    pub fn has_failures(&self) -> bool {
        self.sync_state
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case(SYNC_STATE_FAILED))
            || self.failed_count.unwrap_or(0) > 0
            || self.failed_deprovision_count.unwrap_or(0) > 0
    }

    /// Whether PingOne has synchronised anything yet.
    pub fn has_synced(&self) -> bool {
        self.last_sync_at.is_some() || self.success_count.unwrap_or(0) > 0
    }

    /// One line for the step: `FAILED; 40 of 42 users synced, 2 failed; last sync …; PingOne
    /// said: …`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        // PingOne's own value (`FAILED`, `SYNCING`): German quotes it.
        if let Some(state) = &self.sync_state {
            parts.push(trf!("{state}", "„{state}“"));
        }
        let n = crate::report::number;
        match (self.success_count, self.user_total) {
            (Some(ok), Some(total)) => {
                let (ok, total) = (n(ok), n(total));
                parts.push(trf!(
                    "{ok} of {total} users synced",
                    "{ok} von {total} Benutzern synchronisiert"
                ))
            }
            (Some(ok), None) => {
                let ok = n(ok);
                parts.push(trf!("{ok} users synced", "{ok} Benutzer synchronisiert"))
            }
            (None, Some(total)) => {
                let total = n(total);
                parts.push(trf!(
                    "{total} users selected by the rule",
                    "{total} Benutzer von der Regel ausgewählt"
                ))
            }
            (None, None) => {}
        }
        if let Some(failed) = self.failed_count.filter(|n| *n > 0).map(n) {
            parts.push(trf!("{failed} failed", "{failed} fehlgeschlagen"));
        }
        if let Some(failed) = self.failed_deprovision_count.filter(|n| *n > 0).map(n) {
            parts.push(trf!(
                "{failed} deprovisioning failures",
                "{failed} fehlgeschlagene Deprovisionierungen"
            ));
        }
        parts.push(match &self.last_sync_at {
            Some(at) => {
                let at = crate::report::timestamp(at);
                trf!("last sync {at}", "letzte Synchronisierung {at}")
            }
            None => tr!("no sync yet", "noch keine Synchronisierung").to_string(),
        });
        if let Some(details) = &self.details {
            parts.push(trf!(
                "PingOne said: {details}",
                "PingOne sagte: „{details}“"
            ));
        }
        parts.join("; ")
    }
}

impl PingOneClient {
    /// The sync status of one store (`GET …/propagation/stores/{storeID}`, field
    /// `syncStatus`); `None` when PingOne reports none (for example before the first sync).
    /// `details` passes through the redactor: it is server text.
    pub async fn read_sync_status(
        &self,
        store_id: &str,
    ) -> Result<Option<StoreSyncStatus>, PingOneApiError> {
        let store = self.get_store(store_id).await?;
        Ok(store.sync_status.map(|mut status| {
            status.details = status.details.map(|d| self.redactor().scrub(&d));
            status
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_counted_and_named() {
        let status = StoreSyncStatus::from_json(&serde_json::json!({
            "syncState": "FAILED",
            "lastSyncAt": "2026-11-30T10:00:00.000Z",
            "successCount": 40,
            "failedCount": 2,
            "userTotal": 42,
            "details": "409 uniqueness for 2 users"
        }));
        assert!(status.has_failures());
        let line = status.describe();
        assert!(line.contains("40 of 42 users synced"));
        assert!(line.contains("2 failed"));
        assert!(line.contains("409 uniqueness"));
    }

    #[test]
    fn an_empty_status_means_no_sync_yet() {
        let status = StoreSyncStatus::from_json(&serde_json::json!({ "details": "" }));
        assert!(!status.has_failures());
        assert!(!status.has_synced());
        assert_eq!(status.describe(), "no sync yet");
    }
}
