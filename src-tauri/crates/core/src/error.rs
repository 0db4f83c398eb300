//! Errors the core returns for what the admin typed (network problems are findings, not
//! errors: they are results of a check).

use crate::client_id::ClientIdError;
use crate::endpoints::EndpointError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Endpoint(#[from] EndpointError),
    #[error(transparent)]
    ClientId(#[from] ClientIdError),
}

impl Error {
    /// Stable code for the UI and the CLI's JSON.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Endpoint(e) => e.code(),
            Error::ClientId(ClientIdError::Empty) => "client_id_empty",
            Error::ClientId(ClientIdError::InnerCharacter { .. }) => "client_id_invalid",
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;
