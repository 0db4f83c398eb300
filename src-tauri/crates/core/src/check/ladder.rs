//! Runs the ladder: each step as soon as the steps it needs have finished, independent
//! ones side by side, the whole run within `run_timeout`. A step that fails skips every
//! later step that needs it, and says which.

use super::context::{millis_since, Context};
use super::model::{CheckEvent, StepId, StepResult, StepStatus};
use super::outcome::StepOutcome;
use super::steps;
use crate::findings::{Finding, FindingCode};
use crate::{tr, trf};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use std::time::Instant;
use tokio::task::JoinSet;

/// Runs every step; results come back in ladder order.
pub(crate) async fn run(
    ctx: Arc<Context>,
    on_event: &mut impl FnMut(&CheckEvent),
    run_started: Instant,
) -> Vec<StepResult> {
    let mut pending: BTreeSet<StepId> = StepId::ALL.into_iter().collect();
    let mut done: BTreeMap<StepId, StepResult> = BTreeMap::new();
    let mut running: HashMap<tokio::task::Id, (StepId, u64)> = HashMap::new();
    let mut tasks: JoinSet<(StepId, StepOutcome, u64)> = JoinSet::new();
    let max_running = if ctx.options.sequential {
        1
    } else {
        usize::MAX
    };
    let deadline = tokio::time::Instant::now() + ctx.options.run_timeout;

    loop {
        let ready: Vec<StepId> = pending
            .iter()
            .copied()
            .filter(|id| id.needs().iter().all(|need| done.contains_key(need)))
            .collect();
        for id in ready {
            if running.len() >= max_running {
                break;
            }
            pending.remove(&id);
            on_event(&CheckEvent::StepStarted {
                id,
                title: id.title(),
            });
            let started_ms = millis_since(run_started);
            let ctx = ctx.clone();
            // The step words its findings in the run's language (a spawned task does not
            // inherit the caller's scope).
            let lang = crate::lang::current();
            let handle = tasks.spawn(crate::lang::scope(lang, async move {
                let started = Instant::now();
                let outcome = steps::run(id, &ctx).await;
                (id, outcome, millis_since(started))
            }));
            running.insert(handle.id(), (id, started_ms));
        }
        if running.is_empty() {
            break;
        }
        let next = tokio::time::timeout_at(deadline, tasks.join_next_with_id()).await;
        let (id, started_ms, outcome, duration_ms) = match next {
            Ok(Some(Ok((task, (id, outcome, duration_ms))))) => {
                let started_ms = running.remove(&task).map_or(0, |(_, s)| s);
                (id, started_ms, outcome, duration_ms)
            }
            Ok(Some(Err(error))) => {
                let Some((id, started_ms)) = running.remove(&error.id()) else {
                    continue;
                };
                let outcome = StepOutcome::found(Finding::new(
                    FindingCode::NetworkError,
                    tr!(
                        "This step stopped with an internal error.",
                        "Dieser Schritt brach mit einem internen Fehler ab."
                    ),
                    tr!(
                        "Run the check again. If it happens again, report it to the app's maintainers with this report.",
                        "Starten Sie den Verbindungstest erneut. Geschieht es wieder, melden Sie es mit diesem Bericht den Entwicklern der App."
                    ),
                ));
                let duration_ms = millis_since(run_started).saturating_sub(started_ms);
                (id, started_ms, outcome, duration_ms)
            }
            Ok(None) => break,
            Err(_) => {
                tasks.abort_all();
                out_of_time(
                    &ctx,
                    &mut running,
                    &mut pending,
                    &mut done,
                    on_event,
                    run_started,
                );
                break;
            }
        };
        record(
            id,
            started_ms,
            duration_ms,
            outcome,
            &mut pending,
            &mut done,
            on_event,
        );
    }
    StepId::ALL
        .iter()
        .filter_map(|id| done.remove(id))
        .collect()
}

/// Stores a finished step, skips what it blocks, and reports both.
fn record(
    id: StepId,
    started_ms: u64,
    duration_ms: u64,
    outcome: StepOutcome,
    pending: &mut BTreeSet<StepId>,
    done: &mut BTreeMap<StepId, StepResult>,
    on_event: &mut impl FnMut(&CheckEvent),
) {
    let skipped = if outcome.blocks_dependents() {
        blocked_by(id, pending)
    } else {
        Vec::new()
    };
    let findings = outcome.sorted_findings();
    let result = StepResult {
        id,
        title: id.title(),
        status: outcome.status(),
        duration_ms,
        summary: outcome.summary.clone(),
        finding: findings.first().cloned(),
        group: id.group(),
        started_ms,
        findings,
        facts: outcome.facts,
        skipped_because: None,
        skipped_steps: skipped.clone(),
    };
    on_event(&CheckEvent::StepFinished(Box::new(result.clone())));
    done.insert(id, result);
    for skipped_id in skipped {
        pending.remove(&skipped_id);
        let result = StepResult {
            skipped_because: Some(id),
            ..StepResult::not_run(skipped_id, StepStatus::Skip, {
                let needed = id.title();
                trf!(
                        "Skipped: it needs \"{needed}\" to succeed first, and that failed.",
                        "Übersprungen: Dieser Schritt braucht zuerst „{needed}“, und das ist gescheitert."
                    )
            })
        };
        on_event(&CheckEvent::StepFinished(Box::new(result.clone())));
        done.insert(skipped_id, result);
    }
}

/// The pending steps that need `failed`, directly or through another pending step.
fn blocked_by(failed: StepId, pending: &BTreeSet<StepId>) -> Vec<StepId> {
    let mut blocked: BTreeSet<StepId> = BTreeSet::new();
    loop {
        let before = blocked.len();
        for id in pending {
            if id
                .needs()
                .iter()
                .any(|need| *need == failed || blocked.contains(need))
            {
                blocked.insert(*id);
            }
        }
        if blocked.len() == before {
            break;
        }
    }
    blocked.into_iter().collect()
}

/// The run's time limit passed: running steps fail with `timeout`, the rest never start.
fn out_of_time(
    ctx: &Context,
    running: &mut HashMap<tokio::task::Id, (StepId, u64)>,
    pending: &mut BTreeSet<StepId>,
    done: &mut BTreeMap<StepId, StepResult>,
    on_event: &mut impl FnMut(&CheckEvent),
    run_started: Instant,
) {
    let limit = ctx.options.run_timeout.as_secs_f32();
    // German writes a decimal comma (a limit of 0.5 s in tests).
    let limit_de = limit.to_string().replace('.', ",");
    let mut stopped: Vec<(StepId, u64)> = running.drain().map(|(_, v)| v).collect();
    stopped.sort();
    for (id, started_ms) in stopped {
        let finding = Finding::new(
            FindingCode::Timeout,
            trf!(
                "This step had not finished when the check's time limit of {limit} s ran out.",
                "Dieser Schritt war noch nicht fertig, als das Zeitlimit des Verbindungstests von {limit_de} s ablief."
            ),
            tr!(
                "The server answers very slowly or not at all. Check that this computer can open the Haiilo \
                 web app; if a proxy or firewall sits in between, ask IT whether it holds up HTTPS to this \
                 host. Then run the check again.",
                "Der Server antwortet sehr langsam oder gar nicht. Prüfen Sie, ob dieser Computer die Web-App \
                 von Haiilo öffnen kann; liegt ein Proxy oder eine Firewall dazwischen, fragen Sie die Netzwerkadministration, ob \
                 sie HTTPS zu diesem Host aufhält. Starten Sie den Verbindungstest dann erneut."
            ),
        );
        let duration_ms = millis_since(run_started).saturating_sub(started_ms);
        record(
            id,
            started_ms,
            duration_ms,
            StepOutcome::found(finding),
            pending,
            done,
            on_event,
        );
    }
    for id in std::mem::take(pending) {
        let result = StepResult::not_run(
            id,
            StepStatus::Skip,
            trf!(
                "Not started: the check's time limit of {limit} s ran out.",
                "Nicht gestartet: Das Zeitlimit des Verbindungstests von {limit_de} s ist abgelaufen."
            ),
        );
        on_event(&CheckEvent::StepFinished(Box::new(result.clone())));
        done.insert(id, result);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_token_blocks_every_step_that_uses_it() {
        let pending: BTreeSet<StepId> = StepId::ALL[5..].iter().copied().collect();
        let blocked = blocked_by(StepId::Token, &pending);
        assert!(!blocked.contains(&StepId::ScimRequiresAuth));
        assert!(blocked.contains(&StepId::ListUsers));
        assert!(blocked.contains(&StepId::PingoneLookupAbsent));
        assert_eq!(blocked.len(), 7);
    }

    #[test]
    fn every_step_needs_only_earlier_rungs_or_list_users() {
        for id in StepId::ALL {
            for need in id.needs() {
                assert!(
                    *need < id || *need == StepId::ListUsers,
                    "{id:?} needs {need:?}"
                );
            }
        }
    }
}
