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
    pub fn code(&self) -> InputErrorCode {
        match self {
            Error::Endpoint(e) => e.code(),
            Error::ClientId(ClientIdError::Empty) => InputErrorCode::ClientIdEmpty,
            Error::ClientId(ClientIdError::InnerCharacter { .. }) => {
                InputErrorCode::ClientIdInvalid
            }
        }
    }
}

/// What is wrong with a value the admin typed: the codes the UI branches on (generated into
/// its bindings, so a misspelt code fails the type check).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum InputErrorCode {
    Empty,
    EmailAddress,
    CredentialsInUrl,
    SecretInQuery,
    CredentialPasted,
    ClientSecretPasted,
    UnsupportedScheme,
    WhitespaceInHost,
    InvalidCharacter,
    NoDot,
    InvalidHost,
    InvalidPort,
    MissingHost,
    InvalidUrl,
    InsecureHttp,
    UnexpectedUrlPart,
    ClientIdEmpty,
    ClientIdInvalid,
}

impl InputErrorCode {
    /// The code as the UI and the CLI's JSON spell it.
    pub fn as_str(self) -> &'static str {
        use InputErrorCode as C;
        match self {
            C::Empty => "empty",
            C::EmailAddress => "email_address",
            C::CredentialsInUrl => "credentials_in_url",
            C::SecretInQuery => "secret_in_query",
            C::CredentialPasted => "credential_pasted",
            C::ClientSecretPasted => "client_secret_pasted",
            C::UnsupportedScheme => "unsupported_scheme",
            C::WhitespaceInHost => "whitespace_in_host",
            C::InvalidCharacter => "invalid_character",
            C::NoDot => "no_dot",
            C::InvalidHost => "invalid_host",
            C::InvalidPort => "invalid_port",
            C::MissingHost => "missing_host",
            C::InvalidUrl => "invalid_url",
            C::InsecureHttp => "insecure_http",
            C::UnexpectedUrlPart => "unexpected_url_part",
            C::ClientIdEmpty => "client_id_empty",
            C::ClientIdInvalid => "client_id_invalid",
        }
    }
}

/// Tests and callers compare codes with their spelling.
impl PartialEq<&str> for InputErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::InputErrorCode;

    /// `as_str` and the serialised form (what the UI sees) never disagree.
    #[test]
    fn spelling_matches_serialisation() {
        for code in [
            InputErrorCode::Empty,
            InputErrorCode::CredentialsInUrl,
            InputErrorCode::UnexpectedUrlPart,
            InputErrorCode::ClientIdInvalid,
        ] {
            assert_eq!(
                serde_json::to_value(code).ok(),
                Some(serde_json::Value::from(code.as_str()))
            );
        }
    }
}
