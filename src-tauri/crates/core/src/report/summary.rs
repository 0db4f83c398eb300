//! "Copy summary": a few lines for a ticket or a chat message.

use super::{millis, severity_label};
use crate::check::{CheckReport, StepStatus};
use crate::trf;

pub fn summary_text(report: &CheckReport) -> String {
    let headline = &report.verdict.headline;
    let (scim, token, client) = (
        &report.target.scim_base_url,
        &report.target.token_url,
        &report.target.client_id,
    );
    let mut lines = vec![
        trf!(
            "Haiilo SCIM check: {headline}",
            "Haiilo-SCIM-Verbindungstest: {headline}"
        ),
        trf!(
            "SCIM BASE URL {scim} · token URL {token} · Client ID {client}",
            "„SCIM BASE URL“ {scim} · Token-URL {token} · „Client ID“ {client}"
        ),
    ];
    for item in &report.verdict.items {
        lines.push(format!(
            "- {} {} ({}): {}",
            severity_label(item.severity),
            item.code,
            item.step.as_str(),
            item.summary
        ));
        let fix = &item.fix;
        lines.push(trf!("  Fix: {fix}", "  Behebung: {fix}"));
    }
    let count = |status: StepStatus| {
        super::number(report.steps.iter().filter(|s| s.status == status).count() as u64)
    };
    let (passed, warned, failed, skipped) = (
        count(StepStatus::Pass),
        count(StepStatus::Warn),
        count(StepStatus::Fail),
        count(StepStatus::Skip),
    );
    let (took, started, environment) = (
        millis(report.duration_ms),
        super::timestamp(&report.started_at),
        super::environment_line(report),
    );
    lines.push(trf!(
        "Steps: {passed} passed, {warned} warned, {failed} failed, {skipped} skipped · {took} · {started} · {environment}",
        "Schritte: {passed} bestanden, {warned} mit Warnung, {failed} fehlgeschlagen, {skipped} übersprungen · {took} · {started} · {environment}"
    ));
    lines.join("\n")
}
