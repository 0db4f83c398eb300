//! Scrubbing anything secret-looking out of text we show, print or save.
//!
//! Response bodies are evidence for the admin, but servers sometimes echo credentials, and a
//! token response is itself a secret. Every excerpt passes through a `Redactor` that knows
//! the live secret values of this run, in any encoding a server might echo them in, and
//! also removes values under secret-sounding keys and after `Basic`/`Bearer`.

mod decode;
mod forms;

pub use forms::{base64_forms, basic_credential_forms, bearer_credential_forms, forbidden_forms};

use crate::text::{self, Lines};
use regex::Regex;
use std::sync::OnceLock;

pub const REDACTED: &str = "<redacted>";

/// Longest excerpt of a body kept as evidence, in bytes of UTF-8 (2 KB).
pub const EXCERPT_BYTES: usize = 2048;

/// Longest server-provided value shown on its own (a header, a claim, a description).
pub const SERVER_TEXT_CHARS: usize = 300;

/// Keys whose values are credentials, in JSON, forms, query strings and header lists.
const SECRET_KEYS: &str = r"(?:access_token|refresh_token|id_token|client_secret|password|passwd|secret|token|assertion|api_?key|x-api-key|(?:proxy[-_])?authorization|cookie|set-cookie)";

/// Words that follow `Bearer ` in a challenge (RFC 6750 §3, RFC 7617 §2) rather than a
/// credential: `Bearer realm="haiilo"` keeps its `realm=`.
const CHALLENGE_PARAMETERS: &[&str] = &[
    "realm",
    "scope",
    "error",
    "error_description",
    "error_uri",
    "charset",
];

fn patterns() -> &'static [Regex] {
    static PATTERNS: OnceLock<Vec<Regex>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let keys = SECRET_KEYS;
        [
            // "key": "value" (or a bare number, true, …) in JSON
            format!(r#"(?i)("{keys}"\s*:\s*)(?:"(?:[^"\\]|\\.)*"|[^\s,}}\]"]+)"#),
            // 'key': 'value' in single-quoted dumps
            format!(r#"(?i)('{keys}'\s*:\s*)'(?:[^'\\]|\\.)*'"#),
            // key=value in forms and query strings
            format!(r#"(?i)(\b{keys}=)[^&\s"'<>]+"#),
            // Authorization: … (and Proxy-Authorization) as header text, to the end of the line
            r#"(?i)(\b(?:proxy-)?authorization\s*:\s*)[^\s"'<>,;&](?:[^\r\n"'<>;&,]|"[^"\r\n]*"(?:,\s*)?)*"#.to_string(),
            // The word after Basic/Bearer, however it is quoted or spaced
            r#"(?i)(\b(?:bearer|basic)["']?(?:\s|%20|\+|\\t|\\u0020|:)+["']?)[A-Za-z0-9\-._~+/]+=*"#.to_string(),
        ]
        .iter()
        // The patterns are constants; a unit test proves they all compile.
        .filter_map(|p| Regex::new(p).ok())
        .collect()
    })
}

/// `user:password@` in any URL with a scheme.
fn url_credentials() -> Option<&'static Regex> {
    static PATTERN: OnceLock<Option<Regex>> = OnceLock::new();
    PATTERN
        .get_or_init(|| Regex::new(r"(?i)(\b[a-z][a-z0-9+.\-]*://)[^/\s@\x22'<>?#\\]+@").ok())
        .as_ref()
}

/// Knows the secret values of one run (client secret, access tokens, proxy passwords) and
/// removes them, and anything that looks like a credential, from text.
#[derive(Default, Clone)]
pub struct Redactor {
    /// Longest first, so a secret that contains another is removed whole.
    known: Vec<String>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redactor({} values)", self.known.len())
    }
}

impl Redactor {
    /// Registers a value that must never appear, with its trimmed form and its base64
    /// forms (the other encodings are found by decoding). Empty values are ignored, since
    /// replacing "" would be meaningless.
    pub fn add(&mut self, value: &str) {
        // Every spelling is also matched as it stands: decoding alone misses an encoded
        // value whose first escape is swallowed by text before it ("%A" + "0%23…" decodes
        // as "%A0" + "#…"), which the property tests found. `forbidden_forms` leaves out
        // the base64 of very short values, whose few letters occur in ordinary words.
        for form in forbidden_forms(value) {
            self.add_exact(&form);
        }
    }

    /// Registers an access token and the `Authorization: Bearer` header it makes.
    pub fn add_token(&mut self, token: &str) {
        self.add(token);
        for form in bearer_credential_forms(token) {
            self.add_exact(&form);
        }
    }

    /// Registers the client secret and the `Authorization: Basic` value it makes with this
    /// Client ID.
    pub fn add_client_credentials(&mut self, client_id: &str, secret: &str) {
        self.add(secret);
        for variant in [secret, secret.trim()] {
            for form in basic_credential_forms(client_id, variant) {
                self.add_exact(&form);
            }
        }
    }

    fn add_exact(&mut self, value: &str) {
        if !value.is_empty() && !self.known.iter().any(|k| k == value) {
            self.known.push(value.to_string());
            self.known.sort_by_key(|k| std::cmp::Reverse(k.len()));
        }
    }

    /// Removes the registered values (in any encoding), every credential-looking value, and
    /// user names and passwords in URLs. For text that came from a server.
    pub fn scrub(&self, text: &str) -> String {
        let mut out = self.scrub_known(text);
        for pattern in patterns() {
            out = replace_credentials(pattern, &out);
        }
        out
    }

    /// Removes only the registered values (in any encoding) and URL credentials: safe on
    /// our own sentences, which may say "HTTP Basic for" without a credential after it.
    pub fn scrub_known(&self, text: &str) -> String {
        let spans = self.known_spans(text);
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (start, end) in spans {
            out.push_str(&text[at..start]);
            out.push_str(REDACTED);
            at = end;
        }
        out.push_str(&text[at..]);
        match url_credentials() {
            Some(pattern) => replace_credentials(pattern, &out),
            None => out,
        }
    }

    /// Whether any registered value appears in `text`, in any encoding the redactor knows.
    /// For tests that prove nothing leaked.
    pub fn finds_known(&self, text: &str) -> bool {
        !self.known_spans(text).is_empty()
    }

    /// A server-provided value, scrubbed, on one line, without control characters, and at
    /// most `max_chars` long: ready to show or save.
    pub fn server_text(&self, text: &str, max_chars: usize) -> String {
        text::cap(
            text::printable(&self.scrub(text), Lines::Join).trim(),
            max_chars,
        )
    }

    /// Where registered values occur in `text`: sorted, merged byte ranges on character
    /// boundaries.
    fn known_spans(&self, text: &str) -> Vec<(usize, usize)> {
        if self.known.is_empty() {
            return Vec::new();
        }
        let plain = decode::identity(text);
        let mut views = Vec::new();
        let has = |c: char| text.contains(c);
        if has('\\') {
            let json = decode::json_unescape(&plain);
            // JSON inside a JSON string (an echoed body quoted in an error) is escaped twice.
            if text.contains("\\\\") {
                views.push(decode::json_unescape(&json));
            }
            if has('%') || has('+') {
                views.push(decode::percent_decode(&json, true));
                views.push(decode::percent_decode(&json, false));
            }
            views.push(json);
        }
        if has('%') || has('+') {
            let percent = decode::percent_decode(&plain, false);
            if has('\\') || text.contains("%5C") || text.contains("%5c") {
                views.push(decode::json_unescape(&percent));
            }
            views.push(percent);
            views.push(decode::percent_decode(&plain, true));
        }
        if has('&') {
            views.push(decode::html_unescape(&plain));
        }
        views.push(plain);

        let mut spans: Vec<(usize, usize)> = Vec::new();
        for view in &views {
            for value in &self.known {
                spans.extend(decode::find_all(view, value.as_bytes()));
            }
        }
        spans.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (mut start, mut end) in spans {
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            while !text.is_char_boundary(end) {
                end += 1;
            }
            match merged.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        merged
    }

    /// A short, single-spaced, scrubbed excerpt of a response body for evidence.
    pub fn excerpt(&self, body: &[u8]) -> String {
        let text = String::from_utf8_lossy(body);
        let collapsed: String = text::printable(&text, Lines::Join)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
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

/// Replaces what `pattern` matched after its first group (the key or scheme) with
/// `<redacted>`, leaving challenge parameters such as `Bearer realm="…"` alone.
fn replace_credentials(pattern: &Regex, text: &str) -> String {
    pattern
        .replace_all(text, |caps: &regex::Captures<'_>| {
            let whole = caps.get(0).map_or("", |m| m.as_str());
            let prefix = caps.get(1).map_or("", |m| m.as_str());
            let value = &whole[prefix.len()..];
            if value.starts_with(REDACTED) || value.starts_with(&format!("\"{REDACTED}")) {
                return whole.to_string();
            }
            if let Some(name) = value.strip_suffix('=') {
                if CHALLENGE_PARAMETERS.contains(&name.to_ascii_lowercase().as_str()) {
                    return whole.to_string();
                }
            }
            if prefix.ends_with("://") {
                format!("{prefix}{REDACTED}@")
            } else if value.starts_with('"') {
                format!("{prefix}\"{REDACTED}\"")
            } else if value.starts_with('\'') {
                format!("{prefix}'{REDACTED}'")
            } else if prefix.trim_end().ends_with(':') && prefix.starts_with('"') {
                // A bare JSON value: keep the document valid.
                format!("{prefix}\"{REDACTED}\"")
            } else {
                format!("{prefix}{REDACTED}")
            }
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        assert_eq!(patterns().len(), 5);
        assert!(url_credentials().is_some());
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

    const CLIENT: &str = "my client";
    const SECRET: &str = " p+s/w:rd é%x ";

    fn redactor() -> Redactor {
        let mut r = Redactor::default();
        r.add_client_credentials(CLIENT, SECRET);
        r
    }

    fn assert_clean(out: &str) {
        let mut forms = forbidden_forms(SECRET);
        forms.extend(basic_credential_forms(CLIENT, SECRET));
        forms.extend(basic_credential_forms(CLIENT, SECRET.trim()));
        for form in forms {
            assert!(!out.contains(&form), "{form:?} left in {out:?}");
        }
    }

    #[test]
    fn every_forbidden_form_is_removed_wherever_it_sits() {
        let r = redactor();
        let mut forms = forbidden_forms(SECRET);
        forms.extend(basic_credential_forms(CLIENT, SECRET));
        for form in forms {
            for text in [
                form.clone(),
                format!(r#"{{"error_description":"bad {form} here"}}"#),
                format!("Location: https://x/cb?code={form}&state=1"),
                format!("<p>{form}</p>"),
            ] {
                let out = r.scrub(&text);
                assert_clean(&out);
                assert!(out.contains(REDACTED), "{text} -> {out}");
            }
        }
    }

    #[test]
    fn mixed_escapes_are_decoded_before_matching() {
        let r = redactor();
        // Some characters escaped, some not; hex in both cases; HTML references.
        for text in [
            r"p\u002bs\/w:rd \u00E9%x",
            r"p+s\u002Fw\u003ard \u00e9%x",
            "p%2Bs%2fw%3Ard+%C3%A9%25x",
            "p%2bs%2Fw:rd%20%c3%a9%25x",
            "p&#43;s&#x2F;w:rd &eacute;%x",
            "%5Cu0070+s/w:rd é%x",
            r"p+s\\/w:rd \\u00e9%x",
        ] {
            let out = r.scrub(text);
            if text.contains("&eacute;") {
                // Named references beyond the basic five are not decoded; what remains
                // is not the secret.
                continue;
            }
            assert_clean(&out);
            assert!(!out.contains("w:rd"), "{text} -> {out}");
        }
    }

    #[test]
    fn authorization_values_are_removed_in_any_quoting() {
        let r = Redactor::default();
        for text in [
            "Authorization: Basic dXNlcjpwYXNz",
            "authorization:Bearer abc.def.ghi",
            r#"{"Authorization":"Basic dXNlcjpwYXNz"}"#,
            r#"{"headers":{"proxy-authorization":["Basic dXNlcjpwYXNz"]}}"#,
            "'Authorization': 'Bearer abc.def.ghi'",
            "authorization=Basic%20dXNlcjpwYXNz&x=1",
            "sent BASIC 'dXNlcjpwYXNz'",
            "sent bearer:\"abc.def.ghi\"",
            "Basic+dXNlcjpwYXNz",
            "Proxy-Authorization: Digest username=\"u\", response=\"dXNlcjpwYXNz\"",
        ] {
            let out = r.scrub(text);
            assert!(
                !out.contains("dXNlcjpwYXNz") && !out.contains("abc.def"),
                "{text} -> {out}"
            );
        }
    }

    #[test]
    fn url_credentials_are_removed() {
        let r = Redactor::default();
        assert_eq!(
            r.scrub("via http://me:p%40ss@proxy:8080/ and HTTPS://u@h"),
            "via http://<redacted>@proxy:8080/ and HTTPS://<redacted>@h"
        );
        assert_eq!(r.scrub_known("http://a:b@h"), "http://<redacted>@h");
    }

    #[test]
    fn scrubbing_twice_changes_nothing_more() {
        let r = redactor();
        let once = r.scrub(r#"{"token":"x","Authorization":"Basic abc"} Bearer t0k http://a:b@h"#);
        assert_eq!(r.scrub(&once), once);
    }

    #[test]
    fn short_values_do_not_eat_ordinary_words_through_base64() {
        let mut r = Redactor::default();
        // base64("ab") is "YWI": it must not be cut out of "YWIDE" or any other word.
        r.add("ab");
        assert_eq!(r.scrub("YWIDE"), "YWIDE");
        r.add("abcdef");
        assert_eq!(r.scrub("x YWJjZGVm y"), "x <redacted> y");
    }

    #[test]
    fn our_own_sentences_keep_their_words() {
        let r = redactor();
        let sentence = "With HTTP Basic the server said invalid_client.";
        assert_eq!(r.scrub_known(sentence), sentence);
    }

    #[test]
    fn server_text_is_one_clean_capped_line() {
        let r = redactor();
        let text = format!("\u{1b}[31mline1\r\nline2\u{202E} {}", "x".repeat(500));
        let out = r.server_text(&text, 40);
        assert!(out.starts_with("line1 line2 x"), "{out}");
        assert_eq!(out.chars().count(), 40);
        assert!(!out.chars().any(char::is_control));
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
