//! Scrubbing anything secret-looking out of text we show, print or save.
//!
//! Response bodies are evidence for the admin, but servers sometimes echo credentials, and a
//! token response is itself a secret. Every excerpt passes through a `Redactor` that knows
//! the live secret values of this run and also removes values under secret-sounding keys.

use regex::Regex;
use std::sync::OnceLock;

pub const REDACTED: &str = "<redacted>";

/// Longest excerpt of a body kept as evidence, in bytes of UTF-8 (2 KB).
pub const EXCERPT_BYTES: usize = 2048;

fn patterns() -> &'static [Regex] {
    static PATTERNS: OnceLock<Vec<Regex>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let keys = r"(?:access_token|refresh_token|id_token|client_secret|password|secret|token|assertion|api_?key)";
        [
            // "key": "value" in JSON
            format!(r#"(?i)("{keys}"\s*:\s*)"(?:[^"\\]|\\.)*""#),
            // key=value in forms and query strings
            format!(r"(?i)(\b{keys}=)[^&\s]+"),
            // Authorization header values
            r"(?i)(\b(?:bearer|basic)\s+)[A-Za-z0-9\-._~+/]+=*".to_string(),
        ]
        .iter()
        // The patterns are constants; a unit test proves they all compile.
        .filter_map(|p| Regex::new(p).ok())
        .collect()
    })
}

/// Knows the secret values of one run (client secret, access token) and removes them, and
/// anything that looks like a credential, from text.
#[derive(Default, Clone)]
pub struct Redactor {
    known: Vec<String>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redactor({} values)", self.known.len())
    }
}

impl Redactor {
    /// Registers a value that must never appear. Empty values are ignored, since
    /// replacing "" would be meaningless.
    pub fn add(&mut self, value: &str) {
        if !value.is_empty() && !self.known.iter().any(|k| k == value) {
            self.known.push(value.to_string());
            // Longest first, so a secret that contains another is removed whole.
            self.known.sort_by_key(|k| std::cmp::Reverse(k.len()));
        }
    }

    pub fn scrub(&self, text: &str) -> String {
        let mut out = text.to_string();
        for value in &self.known {
            out = out.replace(value.as_str(), REDACTED);
            // Servers may echo the value form- or percent-encoded.
            let encoded: String = form_urlencoded::byte_serialize(value.as_bytes()).collect();
            if encoded != *value {
                out = out.replace(&encoded, REDACTED);
            }
        }
        for pattern in patterns() {
            let haystack = out.clone();
            out = pattern
                .replace_all(&haystack, |caps: &regex::Captures<'_>| {
                    let whole = caps.get(0).map_or("", |m| m.as_str());
                    // `Bearer realm="haiilo"` is a challenge's parameter, not a credential.
                    let end = caps.get(0).map_or(0, |m| m.end());
                    if haystack[end..].starts_with('"') {
                        return whole.to_string();
                    }
                    let prefix = caps.get(1).map_or("", |m| m.as_str());
                    if prefix.ends_with(':') || prefix.trim_end().ends_with(':') {
                        format!("{prefix}\"{REDACTED}\"")
                    } else {
                        format!("{prefix}{REDACTED}")
                    }
                })
                .into_owned();
        }
        out
    }

    /// A short, single-spaced, scrubbed excerpt of a response body for evidence.
    pub fn excerpt(&self, body: &[u8]) -> String {
        let text = String::from_utf8_lossy(body);
        let collapsed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        // Scrub a little more than is kept, so a secret cut in half at the end is still
        // recognised as a whole before the cut.
        let window: String = collapsed.chars().take(EXCERPT_BYTES * 2).collect();
        let scrubbed = self.scrub(&window);
        if scrubbed.len() > EXCERPT_BYTES {
            let ellipsis = "…";
            let mut end = EXCERPT_BYTES - ellipsis.len();
            while !scrubbed.is_char_boundary(end) {
                end -= 1;
            }
            format!("{}{ellipsis}", &scrubbed[..end])
        } else {
            scrubbed
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        assert_eq!(patterns().len(), 3);
    }

    #[test]
    fn known_values_are_removed_plain_and_encoded() {
        let mut r = Redactor::default();
        r.add("p+s:w%rd");
        let out = r.scrub("echo p+s:w%rd and p%2Bs%3Aw%25rd");
        assert_eq!(out, "echo <redacted> and <redacted>");
    }

    #[test]
    fn json_token_values_are_removed() {
        let r = Redactor::default();
        let out =
            r.scrub(r#"{"access_token": "eyJabc.def", "token_type":"Bearer","expires_in":3600}"#);
        assert!(!out.contains("eyJabc"));
        assert!(out.contains(r#""access_token": "<redacted>""#));
        assert!(out.contains(r#""token_type":"Bearer""#));
    }

    #[test]
    fn form_values_and_auth_headers_are_removed() {
        let r = Redactor::default();
        let out = r.scrub(
            "client_secret=abc&grant_type=client_credentials Authorization: Basic ZGVtbzpzZWNyZXQ=",
        );
        assert!(!out.contains("abc&") && !out.contains("ZGVtbz"));
        assert!(out.contains("grant_type=client_credentials"));
    }

    #[test]
    fn challenges_keep_their_parameters() {
        let r = Redactor::default();
        assert_eq!(
            r.scrub(r#"Bearer realm="haiilo", error="invalid_token""#),
            r#"Bearer realm="haiilo", error="invalid_token""#
        );
        assert_eq!(r.scrub("Bearer abc.def"), "Bearer <redacted>");
    }

    #[test]
    fn excerpt_is_short_and_single_spaced() {
        let r = Redactor::default();
        let body = format!(
            "<html>\n  <title>Sign in</title>{}</html>",
            "x".repeat(5000)
        );
        let e = r.excerpt(body.as_bytes());
        assert!(e.starts_with("<html> <title>Sign in</title>"));
        assert!(e.len() <= EXCERPT_BYTES);
        assert!(e.ends_with('…'));
    }
}
