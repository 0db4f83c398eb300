//! Credentials pasted where an address belongs: `user:password@host`, a secret in the
//! query or fragment (`?client_secret=…`, `#access_token=…`), an `Authorization` header
//! value (`Bearer …`, `Basic …`), a JWT, or the setup's own client secret.
//!
//! These are refused before anything is derived or saved, and the refusal names only the
//! kind of credential, never its value: the message is shown on screen and may be copied
//! into a support ticket.

use super::EndpointError;
use crate::secret::ClientSecret;

/// The fields an admin types an address into; each names itself in messages, and the UI
/// marks the one a refusal is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AddressField {
    Domain,
    ScimBaseUrl,
    TokenUrl,
}

impl AddressField {
    pub fn label(self) -> &'static str {
        match self {
            Self::Domain => crate::tr!("Haiilo domain", "Haiilo-Domain"),
            Self::ScimBaseUrl => crate::tr!("SCIM base URL", "SCIM-Basis-URL"),
            Self::TokenUrl => crate::tr!("token URL", "Token-URL"),
        }
    }

    /// What the field should hold, as an example the admin can follow.
    pub fn example(self) -> &'static str {
        match self {
            Self::Domain => "acme.haiilo.app",
            Self::ScimBaseUrl => "https://acme.haiilo.app/api/scim/v2",
            Self::TokenUrl => "https://acme.haiilo.app/api/oauth/token",
        }
    }
}

/// Query and fragment keys that mean the admin pasted a URL carrying a credential (the
/// fragment too: OAuth's implicit flow returns `#access_token=…`).
const SECRET_KEYS: &[&str] = &[
    "client_secret",
    "secret",
    "access_token",
    "token",
    "id_token",
    "refresh_token",
    "password",
    "pwd",
    "apikey",
    "api_key",
    "key",
    "code",
    "sig",
    "signature",
];

/// Shorter secrets are compared whole only, so that a short test secret such as `acme`
/// does not refuse every domain that happens to contain it.
const MIN_SECRET_SUBSTRING: usize = 8;

/// Refuses `text` when it carries a credential. `known_secret` is the setup's client
/// secret when the caller has it, so that pasting it here is caught too.
pub fn refuse_credentials(
    field: AddressField,
    text: &str,
    known_secret: Option<&ClientSecret>,
) -> Result<(), EndpointError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(());
    }
    if let Some(secret) = known_secret {
        if contains_secret(text, secret.expose().trim()) {
            return Err(EndpointError::ClientSecretPasted {
                field,
                example: field.example(),
            });
        }
    }
    if let Some(scheme) = authorization_scheme(text) {
        return Err(EndpointError::CredentialPasted {
            field,
            what: scheme,
            example: field.example(),
        });
    }
    if crate::jwt::peek(text).is_some() {
        return Err(EndpointError::CredentialPasted {
            field,
            what: crate::tr!("an access token (a JWT)", "ein Zugriffstoken (ein JWT)"),
            example: field.example(),
        });
    }
    let (before_query, query_and_fragment) = match text.find(['?', '#']) {
        Some(i) => (&text[..i], &text[i..]),
        None => (text, ""),
    };
    if let Some(key) = secret_key(query_and_fragment) {
        return Err(EndpointError::SecretInQuery {
            field,
            key,
            example: field.example(),
        });
    }
    if has_password_or_user(field, before_query) {
        return Err(EndpointError::Credentials {
            field,
            example: field.example(),
        });
    }
    Ok(())
}

fn contains_secret(text: &str, secret: &str) -> bool {
    if secret.is_empty() {
        return false;
    }
    if text == secret {
        return true;
    }
    if secret.chars().count() < MIN_SECRET_SUBSTRING {
        return false;
    }
    // Percent-decoded as well, for a secret pasted as part of a URL (`%2B` for `+`); `&`
    // is escaped first so the text is decoded as one value.
    let decoded: String =
        form_urlencoded::parse(format!("x={}", text.replace('&', "%26")).as_bytes())
            .map(|(_, v)| v.into_owned())
            .collect();
    text.contains(secret) || decoded.contains(secret)
}

/// `Bearer …`, `Basic …` or a whole `Authorization: …` line.
fn authorization_scheme(text: &str) -> Option<&'static str> {
    let lower = text.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("authorization")
        .map(|r| r.trim_start().trim_start_matches(':').trim_start())
        .unwrap_or(&lower);
    let (word, value) = rest.split_once(char::is_whitespace)?;
    if value.trim().is_empty() {
        return None;
    }
    match word {
        "bearer" => Some(crate::tr!(
            "an Authorization header value (Bearer and a token)",
            "den Wert eines Authorization-Headers (Bearer und ein Token)"
        )),
        "basic" => Some(crate::tr!(
            "an Authorization header value (Basic and encoded credentials)",
            "den Wert eines Authorization-Headers (Basic und codierte Zugangsdaten)"
        )),
        _ => None,
    }
}

/// The first secret-sounding key in the query and fragment, lower-cased (keys are safe to
/// show; their values are not). Every piece between `?` and `#` counts: a fragment may
/// hold a route before its own query (`#/callback?access_token=…`).
fn secret_key(query_and_fragment: &str) -> Option<String> {
    query_and_fragment.split(['?', '#']).find_map(|piece| {
        form_urlencoded::parse(piece.trim_start_matches('/').as_bytes())
            .map(|(key, _)| key.trim().to_ascii_lowercase())
            .find(|key| SECRET_KEYS.contains(&key.as_str()))
    })
}

/// Whether the part before any `?`/`#` has user information before the host. A bare
/// `name@domain` in the domain field is an e-mail address, which `from_domain` explains
/// on its own; with a scheme, or with a `:` before the `@`, it is a user name or password.
fn has_password_or_user(field: AddressField, text: &str) -> bool {
    let is_mailto = text
        .get(..7)
        .is_some_and(|p| p.eq_ignore_ascii_case("mailto:"));
    if field == AddressField::Domain && is_mailto {
        return false;
    }
    let (has_scheme, rest) = match text.split_once("://") {
        Some((scheme, rest)) if !scheme.is_empty() && scheme.chars().all(is_scheme_char) => {
            (true, rest)
        }
        _ => (false, text.strip_prefix("//").unwrap_or(text)),
    };
    let Some((before_at, _)) = rest.split_once('@') else {
        return false;
    };
    let userinfo = if before_at.contains(['/', '\\']) {
        // `user:pa/ss@host` (a password with a slash) and `https:/user:pw@host` (a slash
        // missing) still read as credentials, while `host:8443/users/jane@acme.com` is a
        // path that merely holds an address.
        let first = before_at.split(['/', '\\']).next().unwrap_or_default();
        let last = before_at.rsplit(['/', '\\']).next().unwrap_or_default();
        let password_in_first = first
            .split_once(':')
            .is_some_and(|(_, after)| !after.chars().all(|c| c.is_ascii_digit()));
        if password_in_first {
            first
        } else if last.contains(':') {
            last
        } else {
            return false;
        }
    } else {
        before_at
    };
    let looks_like_mail = field == AddressField::Domain && !has_scheme && !userinfo.contains(':');
    !looks_like_mail
}

fn is_scheme_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')
}

/// The field's label in the current language (worded when shown).
impl std::fmt::Display for AddressField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}
