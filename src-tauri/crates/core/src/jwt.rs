//! A peek at an access token that is a JWT (RFC 7519): who issued it, for whom, until when.
//! Nothing is verified (the check is not the token's audience) and nothing but those three
//! claims is kept: the token itself is never shown.

use base64::Engine;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JwtClaims {
    /// The signing algorithm from the header, e.g. `RS256`.
    pub algorithm: Option<String>,
    pub issuer: Option<String>,
    /// One or more audiences, joined with ", ".
    pub audience: Option<String>,
    /// Seconds since the Unix epoch.
    pub expires_at: Option<i64>,
}

/// `Some` when the token has the JWS compact shape and its header and payload are JSON.
pub fn peek(token: &str) -> Option<JwtClaims> {
    let mut parts = token.split('.');
    let (header, payload, _signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let decode = |part: &str| -> Option<Value> {
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(part.trim_end_matches('='))
            .ok()?;
        serde_json::from_slice::<Value>(&bytes)
            .ok()
            .filter(Value::is_object)
    };
    let header = decode(header)?;
    let payload = decode(payload)?;
    let text = |v: &Value| v.as_str().map(str::to_string);
    let audience = match payload.get("aud") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        _ => None,
    };
    Some(JwtClaims {
        algorithm: header.get("alg").and_then(text),
        issuer: payload.get("iss").and_then(text),
        audience,
        expires_at: payload.get("exp").and_then(Value::as_i64),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(value: &str) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value)
    }

    #[test]
    fn claims_are_read_from_a_jwt() {
        let token = format!(
            "{}.{}.sig",
            encode(r#"{"alg":"RS256","typ":"JWT"}"#),
            encode(
                r#"{"iss":"https://acme.haiilo.app","aud":["scim","api"],"exp":1700000000,"sub":"x"}"#
            )
        );
        let claims = peek(&token).unwrap();
        assert_eq!(claims.algorithm.as_deref(), Some("RS256"));
        assert_eq!(claims.issuer.as_deref(), Some("https://acme.haiilo.app"));
        assert_eq!(claims.audience.as_deref(), Some("scim, api"));
        assert_eq!(claims.expires_at, Some(1_700_000_000));
    }

    #[test]
    fn opaque_tokens_are_not_jwts() {
        assert!(peek("f3a9c0d2e1").is_none());
        assert!(peek("a.b.c").is_none());
        assert!(peek(&format!("{}.{}", encode("{}"), encode("{}"))).is_none());
    }
}
