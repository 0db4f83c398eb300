//! `haiilo-scim forbidden-forms` (hidden): the one list of a secret's forbidden spellings,
//! for the end-to-end suite in JavaScript, so that it searches its files and logs for
//! exactly what the Rust suites search for.
//!
//! The values come on stdin, never as arguments, so they do not show in a process list.

use crate::args::ForbiddenFormsArgs;
use crate::error::{CliError, Result};
use haiilo_scim_core::redact::{basic_credential_forms, bearer_credential_forms, forbidden_forms};
use std::io::Read;

pub fn run(args: &ForbiddenFormsArgs) -> Result<()> {
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .map_err(|e| CliError::Usage(format!("could not read the values from stdin: {e}")))?;
    let mut forms: Vec<String> = Vec::new();
    for value in input.lines().filter(|v| !v.trim().is_empty()) {
        forms.extend(forbidden_forms(value));
        forms.extend(bearer_credential_forms(value));
        if let Some(id) = &args.client_id {
            forms.extend(basic_credential_forms(id, value));
            forms.extend(basic_credential_forms(id, value.trim()));
        }
    }
    forms.sort();
    forms.dedup();
    for form in forms {
        // JSON strings keep every form on one line, whatever characters it holds.
        println!("{}", serde_json::Value::String(form));
    }
    Ok(())
}
