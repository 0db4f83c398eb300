//! "Copy summary": a few lines for a ticket or a chat message.

use super::{millis, severity_label};
use crate::check::{CheckReport, StepStatus};

pub fn summary_text(report: &CheckReport) -> String {
    let mut lines = vec![
        format!("Haiilo SCIM check: {}", report.verdict.headline),
        format!(
            "SCIM BASE URL {} · token URL {} · Client ID {}",
            report.target.scim_base_url, report.target.token_url, report.target.client_id
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
        lines.push(format!("  Fix: {}", item.fix));
    }
    let count = |status: StepStatus| report.steps.iter().filter(|s| s.status == status).count();
    lines.push(format!(
        "Steps: {} passed, {} warned, {} failed, {} skipped · {} · {} · {}",
        count(StepStatus::Pass),
        count(StepStatus::Warn),
        count(StepStatus::Fail),
        count(StepStatus::Skip),
        millis(report.duration_ms),
        report.started_at,
        super::environment_line(report)
    ));
    lines.join("\n")
}
