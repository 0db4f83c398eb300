//! `pingone_sync`: the sync status PingOne keeps on the store (state, synced and failed
//! users, last sync time), with failures named in PingOne's words (scrubbed).

use super::{api_finding, client};
use crate::check::context::Context;
use crate::check::outcome::StepOutcome;
use crate::findings::{Finding, FindingCode};
use crate::{tr, trf};

pub(super) async fn run(ctx: &Context) -> StepOutcome {
    let client = match client(ctx) {
        Ok(client) => client,
        Err(outcome) => return outcome,
    };
    let Some(store_id) = ctx.shared().pingone.store_id.clone() else {
        return StepOutcome::not_applicable(tr!(
            "No single SCIM connection to read a sync status from.",
            "Es gibt nicht genau eine SCIM-Verbindung, deren Synchronisierungsstatus gelesen werden könnte."
        ));
    };
    let status = match client.read_sync_status(&store_id).await {
        Ok(Some(status)) => status,
        Ok(None) => {
            return StepOutcome::pass(tr!(
                "PingOne reports no sync for this connection yet: it syncs only while a rule that is switched on sends users to it, and the first sync can take a few minutes after that.",
                "PingOne meldet für diese Verbindung noch keine Synchronisierung: Es synchronisiert nur, solange eine eingeschaltete Regel Benutzer an sie sendet, und die erste Synchronisierung kann danach einige Minuten dauern."
            ))
        }
        Err(error) => return StepOutcome::found(api_finding(&error)),
    };
    let line = status.describe();
    let mut outcome = if status.has_failures() {
        StepOutcome::found(Finding::new(
            FindingCode::PingoneSyncFailures,
            trf!(
                "PingOne reports failed provisioning: {line}.",
                "PingOne meldet gescheiterte Provisionierung: {line}."
            ),
            tr!(
                "In PingOne, open Integrations › Provisioning › the connection › Sync Status (or Monitoring › Audit, \
                 filtered on provisioning) to see each failed user and PingOne's reason; fix the cause and PingOne \
                 retries on its next sync. This check's SCIM steps above show how Haiilo answers PingOne's requests.",
                "Öffnen Sie in PingOne „Integrations › Provisioning“ › die Verbindung › „Sync Status“ (oder \
                 „Monitoring › Audit“, gefiltert auf Provisionierung), um jeden gescheiterten Benutzer und PingOnes \
                 Grund zu sehen; beheben Sie die Ursache, dann versucht PingOne es bei der nächsten Synchronisierung \
                 erneut. Die SCIM-Schritte dieses Verbindungstests oben zeigen, wie Haiilo auf PingOnes Anfragen antwortet."
            ),
        ))
    } else if status.has_synced() {
        StepOutcome::pass(trf!(
            "PingOne synchronises without failures: {line}.",
            "PingOne synchronisiert ohne Fehler: {line}."
        ))
    } else {
        StepOutcome::pass(trf!(
            "PingOne has not synchronised yet: {line}.",
            "PingOne hat noch nicht synchronisiert: {line}."
        ))
    };
    if let Some(state) = &status.sync_state {
        // PingOne's own value (`FAILED`, `SYNCING`): German quotes it.
        outcome.add_fact(
            tr!("Sync state", "Synchronisierungsstatus"),
            trf!("{state}", "„{state}“"),
        );
    }
    if let Some(at) = &status.last_sync_at {
        outcome.add_fact(
            tr!("Last sync", "Letzte Synchronisierung"),
            crate::report::timestamp(at),
        );
    }
    if let Some(ok) = status.success_count {
        outcome.add_fact(
            tr!("Users synced", "Synchronisierte Benutzer"),
            crate::report::number(ok),
        );
    }
    if let Some(failed) = status.failed_count {
        outcome.add_fact(
            tr!("Users failed", "Gescheiterte Benutzer"),
            crate::report::number(failed),
        );
    }
    outcome
}
