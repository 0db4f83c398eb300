//! The last gate before anything leaves the check: every string of a step's result and of
//! the user preview is scrubbed of this run's secrets (in any encoding), stripped of control
//! characters and capped, whatever the step did with it before. Events, the report, the
//! UI, the saved setup and every file are made from what passes here.

use super::model::{CheckEvent, StepResult, UsersPreview};
use crate::findings::{Evidence, EvidenceHeader, Fact, Finding};
use crate::redact::{Redactor, SERVER_TEXT_CHARS};
use crate::scim::UserSummary;
use crate::text::{cap, printable, Lines};

/// A one-line summary: long enough for a redirect target or a server's sentence.
const SUMMARY_CHARS: usize = 600;
/// An explanation of a few lines, with the evidence's one-line description.
const DETAIL_CHARS: usize = 4000;
/// The request line holds our URL (with a filter that may quote a server's userName).
const REQUEST_CHARS: usize = 1000;

/// Our own sentence that may quote a server: registered values removed, one line, capped.
fn line(redactor: &Redactor, text: &str, max: usize) -> String {
    cap(&printable(&redactor.scrub_known(text), Lines::Join), max)
}

fn lines(redactor: &Redactor, text: &str, max: usize) -> String {
    cap(&printable(&redactor.scrub_known(text), Lines::Keep), max)
}

pub(crate) fn event(event: &CheckEvent, redactor: &Redactor) -> CheckEvent {
    match event {
        CheckEvent::StepStarted { .. } => event.clone(),
        CheckEvent::StepFinished(step) => {
            CheckEvent::StepFinished(Box::new(self::step(step, redactor)))
        }
    }
}

pub(crate) fn step(step: &StepResult, redactor: &Redactor) -> StepResult {
    StepResult {
        summary: line(redactor, &step.summary, SUMMARY_CHARS),
        finding: step.finding.as_ref().map(|f| finding(f, redactor)),
        findings: step.findings.iter().map(|f| finding(f, redactor)).collect(),
        facts: step
            .facts
            .iter()
            .map(|fact| Fact {
                label: line(redactor, &fact.label, SERVER_TEXT_CHARS),
                // Fact values are often a server's own (token type, scope, JWT claims,
                // WWW-Authenticate): scrubbed as server text.
                value: redactor.server_text(&fact.value, SERVER_TEXT_CHARS),
            })
            .collect(),
        ..step.clone()
    }
}

fn finding(finding: &Finding, redactor: &Redactor) -> Finding {
    Finding {
        summary: line(redactor, &finding.summary, SUMMARY_CHARS),
        detail: lines(redactor, &finding.detail, DETAIL_CHARS),
        fix: lines(redactor, &finding.fix, DETAIL_CHARS),
        evidence: finding
            .evidence
            .as_ref()
            .map(|e| Box::new(evidence(e, redactor))),
        ..finding.clone()
    }
}

fn evidence(evidence: &Evidence, redactor: &Redactor) -> Evidence {
    let server = |text: &String| redactor.server_text(text, SERVER_TEXT_CHARS);
    Evidence {
        request: line(redactor, &evidence.request, REQUEST_CHARS),
        status: evidence.status,
        status_line: evidence.status_line.as_ref().map(server),
        content_type: evidence.content_type.as_ref().map(server),
        location: evidence.location.as_ref().map(server),
        headers: evidence
            .headers
            .iter()
            .map(|h| EvidenceHeader {
                name: server(&h.name),
                value: server(&h.value),
            })
            .collect(),
        // Already an excerpt; scrubbed again in case a token was issued after it was taken.
        body_excerpt: evidence
            .body_excerpt
            .as_ref()
            .map(|b| redactor.excerpt(b.as_bytes())),
    }
}

pub(crate) fn users(users: &UsersPreview, redactor: &Redactor) -> UsersPreview {
    UsersPreview {
        total_results: users.total_results,
        sample: users
            .sample
            .iter()
            .map(|u| UserSummary {
                id: redactor.server_text(&u.id, SERVER_TEXT_CHARS),
                user_name: redactor.server_text(&u.user_name, SERVER_TEXT_CHARS),
                name: u
                    .name
                    .as_ref()
                    .map(|n| redactor.server_text(n, SERVER_TEXT_CHARS)),
                active: u.active,
            })
            .collect(),
    }
}
