//! `pingone_sync`: the sync status PingOne keeps on the store (state, synced and failed
//! users, last sync time), with failures named in PingOne's words (scrubbed).

use super::{api_finding, client};
use crate::check::context::Context;
use crate::check::outcome::StepOutcome;
use crate::findings::{Finding, FindingCode};

pub(super) async fn run(ctx: &Context) -> StepOutcome {
    let client = match client(ctx) {
        Ok(client) => client,
        Err(outcome) => return outcome,
    };
    let Some(store_id) = ctx.shared().pingone.store_id.clone() else {
        return StepOutcome::not_applicable(
            "No single SCIM connection to read a sync status from.",
        );
    };
    let status = match client.read_sync_status(&store_id).await {
        Ok(Some(status)) => status,
        Ok(None) => {
            return StepOutcome::pass(
                "PingOne reports no sync for this connection yet: it syncs only while a rule that is switched on sends users to it, and the first sync can take a few minutes after that.",
            )
        }
        Err(error) => return StepOutcome::found(api_finding(&error)),
    };
    let line = status.describe();
    let mut outcome = if status.has_failures() {
        StepOutcome::found(Finding::new(
            FindingCode::PingoneSyncFailures,
            format!("PingOne reports failed provisioning: {line}."),
            "In PingOne, open Integrations › Provisioning › the connection › Sync Status (or Monitoring › Audit, \
             filtered on provisioning) to see each failed user and PingOne's reason; fix the cause and PingOne \
             retries on its next sync. This check's SCIM steps above show how Haiilo answers PingOne's requests.",
        ))
    } else if status.has_synced() {
        StepOutcome::pass(format!("PingOne synchronises without failures: {line}."))
    } else {
        StepOutcome::pass(format!("PingOne has not synchronised yet: {line}."))
    };
    if let Some(state) = &status.sync_state {
        outcome.add_fact("Sync state", state.clone());
    }
    if let Some(at) = &status.last_sync_at {
        outcome.add_fact("Last sync", at.clone());
    }
    if let Some(ok) = status.success_count {
        outcome.add_fact("Users synced", ok.to_string());
    }
    if let Some(failed) = status.failed_count {
        outcome.add_fact("Users failed", failed.to_string());
    }
    outcome
}
