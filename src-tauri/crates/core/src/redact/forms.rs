//! The spellings of a secret that must never appear anywhere: the one list every test suite
//! searches its output for, and the base64 forms the redactor removes (the other forms it
//! finds by decoding, see `decode`).

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;

/// Shortest value whose base64 forms count (8 base64 characters and up): the base64 of a
/// shorter one is a few letters that occur in ordinary words, and a value that short is no
/// real secret either.
pub(super) const MIN_BASE64_SOURCE: usize = 6;

/// `value` in the four base64 alphabets a server might use: standard and URL-safe, each with
/// and without `=` padding (RFC 4648 §4, §5).
pub fn base64_forms(value: &str) -> Vec<String> {
    let bytes = value.as_bytes();
    let mut forms = vec![
        STANDARD.encode(bytes),
        STANDARD_NO_PAD.encode(bytes),
        URL_SAFE.encode(bytes),
        URL_SAFE_NO_PAD.encode(bytes),
    ];
    forms.dedup();
    forms
}

/// The value of an `Authorization: Basic` header for this client, in every alphabet: base64
/// of `id:secret` as it is, and of the RFC 6749 §2.3.1 form with id and secret each
/// `application/x-www-form-urlencoded` first (what the check sends).
pub fn basic_credential_forms(client_id: &str, secret: &str) -> Vec<String> {
    let encode = |s: &str| -> String { form_urlencoded::byte_serialize(s.as_bytes()).collect() };
    let mut forms = Vec::new();
    for pair in [
        format!("{client_id}:{secret}"),
        format!("{}:{}", encode(client_id), encode(secret)),
    ] {
        let encoded = base64_forms(&pair);
        // A server that base64-encodes the whole header it received: "Basic …" once more.
        let header = encoded
            .first()
            .map(|b| base64_forms(&format!("Basic {b}")))
            .unwrap_or_default();
        for form in encoded.into_iter().chain(header) {
            if !forms.contains(&form) {
                forms.push(form);
            }
        }
    }
    forms
}

/// The `Authorization: Bearer` header for this token, base64-encoded as a whole (a server
/// echoing the header it received that way); the token itself is in [`forbidden_forms`].
pub fn bearer_credential_forms(token: &str) -> Vec<String> {
    base64_forms(&format!("Bearer {token}"))
}

/// Every spelling of `value` a server could echo and a reader could decode back: as it is,
/// trimmed, percent-encoded (upper- and lower-case hex; `+` or `%20` for a space; every
/// byte encoded), JSON-escaped (as serde writes it, with `\/`, and every character as
/// `\uXXXX` in either case) and base64 in each alphabet. Tests look for each of these in
/// every output; for a client secret add [`basic_credential_forms`].
pub fn forbidden_forms(value: &str) -> Vec<String> {
    let mut forms: Vec<String> = Vec::new();
    let mut push = |form: String| {
        if !form.is_empty() && !forms.contains(&form) {
            forms.push(form);
        }
    };
    for variant in [value, value.trim()] {
        push(variant.to_string());
        let form: String = form_urlencoded::byte_serialize(variant.as_bytes()).collect();
        push(lower_hex_escapes(&form, '%', 2));
        push(form.replace('+', "%20"));
        push(lower_hex_escapes(&form.replace('+', "%20"), '%', 2));
        push(form);
        let every_byte: String = variant.bytes().map(|b| format!("%{b:02X}")).collect();
        push(every_byte.to_ascii_lowercase());
        push(every_byte);

        let json = serde_json::to_string(variant).unwrap_or_default();
        let json = json
            .strip_prefix('"')
            .and_then(|j| j.strip_suffix('"'))
            .unwrap_or_default()
            .to_string();
        push(json.replace('/', "\\/"));
        push(json);
        let every_char: String = variant
            .encode_utf16()
            .map(|unit| format!("\\u{unit:04X}"))
            .collect();
        push(lower_hex_escapes(&every_char, 'u', 4));
        push(every_char);

        if variant.len() >= MIN_BASE64_SOURCE {
            for form in base64_forms(variant) {
                push(form);
            }
        }
    }
    forms
}

/// `%2B` → `%2b`, `\u00E9` → `\u00e9`: the hex digits after each `marker` in lower case.
fn lower_hex_escapes(text: &str, marker: char, digits: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lower_next = 0;
    for c in text.chars() {
        if lower_next > 0 {
            out.push(c.to_ascii_lowercase());
            lower_next -= 1;
        } else {
            if c == marker {
                lower_next = digits;
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_cover_every_encoding_a_server_might_use() {
        let forms = forbidden_forms(" a+b/c d ");
        for expected in [
            " a+b/c d ",
            "a+b/c d",
            "a%2Bb%2Fc+d",
            "a%2bb%2fc+d",
            "a%2Bb%2Fc%20d",
            "a%2bb%2fc%20d",
            "%61%2B%62%2F%63%20%64",
            "%61%2b%62%2f%63%20%64",
            r"a+b\/c d",
            r"\u0061\u002B\u0062\u002F\u0063\u0020\u0064",
            r"\u0061\u002b\u0062\u002f\u0063\u0020\u0064",
            "YStiL2MgZA==",
            "YStiL2MgZA",
            "YStiL2MgZA",
        ] {
            assert!(forms.iter().any(|f| f == expected), "{expected} missing");
        }
    }

    #[test]
    fn basic_forms_include_the_rfc_6749_encoding() {
        let forms = basic_credential_forms("my id", "p+s");
        // base64("my+id:p%2Bs") and base64("my id:p+s")
        assert!(forms.contains(&STANDARD.encode("my+id:p%2Bs")));
        assert!(forms.contains(&STANDARD.encode("my id:p+s")));
        assert!(forms.contains(&URL_SAFE_NO_PAD.encode("my id:p+s")));
    }
}
