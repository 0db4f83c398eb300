//! What one step hands back to the ladder: a summary, its findings and facts, and whether
//! the steps that need it can still run.

use super::model::StepStatus;
use crate::findings::{Fact, Finding, Severity};
use std::time::Duration;

#[derive(Debug, Clone)]
pub(crate) struct StepOutcome {
    pub summary: String,
    pub findings: Vec<Finding>,
    pub facts: Vec<Fact>,
    /// `Some(false)`: failed, yet produced what later steps need (a token obtained another
    /// way), so they still run. `None`: blocks exactly when the step failed.
    blocks: Option<bool>,
    /// Not applicable here (too few users to page through, say): neither pass nor fail.
    not_applicable: bool,
}

impl StepOutcome {
    pub fn pass(summary: impl Into<String>) -> Self {
        Self {
            summary: summary.into(),
            findings: Vec::new(),
            facts: Vec::new(),
            blocks: None,
            not_applicable: false,
        }
    }

    /// A step that failed (or warned) with this finding; its summary says what is wrong.
    pub fn found(finding: Finding) -> Self {
        let mut outcome = Self::pass(finding.summary.clone());
        outcome.findings.push(finding);
        outcome
    }

    pub fn not_applicable(summary: impl Into<String>) -> Self {
        let mut outcome = Self::pass(summary);
        outcome.not_applicable = true;
        outcome
    }

    pub fn fact(mut self, label: impl Into<String>, value: impl Into<String>) -> Self {
        self.add_fact(label, value);
        self
    }

    pub fn add_fact(&mut self, label: impl Into<String>, value: impl Into<String>) {
        self.facts.push(Fact::new(label, value));
    }

    pub fn add_finding(&mut self, finding: Finding) {
        if !self.findings.iter().any(|f| f.code == finding.code) {
            self.findings.push(finding);
        }
    }

    /// A warning that we had to wait out rate limits to get here.
    pub fn note_waits(&mut self, waits: &[Duration]) {
        if !waits.is_empty() {
            self.add_finding(crate::diagnose::rate_limited_finding(waits, None, false).warn());
        }
    }

    /// Failed, but the steps after it can still run.
    pub fn keep_going(mut self) -> Self {
        self.blocks = Some(false);
        self
    }

    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }

    pub fn status(&self) -> StepStatus {
        match self.worst() {
            Some(Severity::Error | Severity::Critical) => StepStatus::Fail,
            Some(Severity::Warn) => StepStatus::Warn,
            None if self.not_applicable => StepStatus::Skip,
            None => StepStatus::Pass,
        }
    }

    pub fn blocks_dependents(&self) -> bool {
        self.blocks.unwrap_or(self.status() == StepStatus::Fail)
    }

    /// Findings worst first (stable among equals).
    pub fn sorted_findings(&self) -> Vec<Finding> {
        let mut findings = self.findings.clone();
        findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
        findings
    }
}
