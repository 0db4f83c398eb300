//! What can go wrong before a check even starts. Each maps to exit status 2.

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Input(#[from] haiilo_scim_core::Error),
    #[error("{0}")]
    Usage(String),
    #[error("could not start the demo tenant: {0}")]
    DemoTenant(std::io::Error),
    #[error("could not start the PingOne emulator: {0}")]
    PingoneEmulator(std::io::Error),
    #[error("could not save the report to {path}: {source}")]
    Report {
        path: String,
        source: std::io::Error,
    },
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        2
    }
}

pub type Result<T> = std::result::Result<T, CliError>;
