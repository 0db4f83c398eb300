//! Getting the client secret without it ever being a command-line argument (which other
//! users of the machine could read from the process list).

use crate::error::{CliError, Result};
use haiilo_scim_core::secret::{ClientSecret, WorkerSecret};
use std::io::{BufRead, IsTerminal};

pub const SECRET_ENV: &str = "HAIILO_CLIENT_SECRET";
pub const WORKER_SECRET_ENV: &str = "PINGONE_WORKER_SECRET";

/// The PingOne worker application's secret, from PINGONE_WORKER_SECRET or stdin.
pub fn read_worker(from_stdin: bool) -> Result<WorkerSecret> {
    let secret = if from_stdin {
        read_line("PingOne worker application secret (not shown): ")?
    } else {
        std::env::var(WORKER_SECRET_ENV).map_err(|_| {
            CliError::Usage(format!(
                "No worker application secret: set {WORKER_SECRET_ENV}, or pass --worker-secret-stdin and pipe it in. \
                 (It is never taken as an argument, where others could see it.)"
            ))
        })?
    };
    if secret.trim().is_empty() {
        return Err(CliError::Usage(
            "The worker application secret is empty. Copy it from PingOne: Applications › Applications › your worker app › Configuration › Client Secret."
                .into(),
        ));
    }
    Ok(WorkerSecret::new(secret.trim()))
}

pub fn read(from_stdin: bool) -> Result<ClientSecret> {
    let secret = if from_stdin {
        read_line("Client secret (not shown): ")?
    } else {
        std::env::var(SECRET_ENV).map_err(|_| {
            CliError::Usage(format!(
                "No client secret: set {SECRET_ENV}, or pass --client-secret-stdin and pipe it in. \
                 (It is never taken as an argument, where others could see it.)"
            ))
        })?
    };
    if secret.is_empty() {
        return Err(CliError::Usage(
            "The client secret is empty. Use the Client Secret Haiilo showed when you created the API client."
                .into(),
        ));
    }
    Ok(ClientSecret::new(secret))
}

/// One line from stdin; only the line ending is removed, so stray spaces stay visible to
/// the check (they are a classic copy-paste mistake worth reporting).
fn read_line(prompt: &str) -> Result<String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return rpassword::prompt_password(prompt)
            .map_err(|e| CliError::Usage(format!("Could not read the client secret: {e}")));
    }
    let mut line = String::new();
    stdin.lock().read_line(&mut line).map_err(|e| {
        CliError::Usage(format!(
            "Could not read the client secret from standard input: {e}"
        ))
    })?;
    let trimmed = line.strip_suffix('\n').unwrap_or(&line);
    Ok(trimmed.strip_suffix('\r').unwrap_or(trimmed).to_string())
}
