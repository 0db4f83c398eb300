//! Property tests of the redactor: a registered secret (or token, or the Basic value it
//! makes) never survives a scrub, in any of the encodings a server may echo it in, wherever
//! in the text it sits. `make fuzz` runs each with 100 000 cases.
#![allow(clippy::unwrap_used)]

mod strategies;

use haiilo_scim_core::redact::{basic_credential_forms, forbidden_forms, Redactor, REDACTED};
use proptest::prelude::*;

/// A secret as Haiilo or PingOne might issue one: at least 8 characters, with a digit (so it
/// can never be a piece of the `<redacted>` marker), including the characters that break
/// naive encoders, sometimes pasted with white space around it.
fn secret() -> impl Strategy<Value = String> {
    (
        "[A-Za-z0-9+/=:%&?#@!._~\\-]{7,40}",
        0u8..10,
        prop::sample::select(vec!["", " ", "\n", "\t ", "\u{00A0}"]),
    )
        .prop_map(|(body, digit, space)| format!("{space}{body}{digit}{space}"))
}

/// Text a server wraps around what it echoes: printable ASCII, JSON or URL punctuation,
/// or any characters at all.
fn context() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ -~]{0,40}",
        prop::sample::select(vec![
            "{\"error_description\":\"".to_string(),
            "\"}".to_string(),
            "Location: https://acme.haiilo.app/cb?code=".to_string(),
            "WWW-Authenticate: Bearer error=\"".to_string(),
            "client_secret=".to_string(),
            "<p>".to_string(),
        ]),
        prop::collection::vec(any::<char>(), 0..16).prop_map(String::from_iter),
    ]
}

fn leaked(out: &str, forms: &[String]) -> Option<String> {
    forms
        .iter()
        .find(|form| out.contains(form.as_str()))
        .cloned()
}

proptest! {
    #[test]
    fn a_registered_secret_never_survives_in_any_encoding(
        secret in secret(),
        before in context(),
        after in context(),
        pick in any::<prop::sample::Index>(),
    ) {
        let mut redactor = Redactor::default();
        redactor.add(&secret);
        let forms = forbidden_forms(&secret);
        let echoed = pick.get(&forms);
        let out = redactor.scrub(&format!("{before}{echoed}{after}"));
        prop_assert_eq!(leaked(&out, &forms), None, "in {:?}", out);
        prop_assert!(!redactor.finds_known(&out), "decoding still finds it in {:?}", out);
        prop_assert!(out.contains(REDACTED), "nothing was redacted in {:?}", out);
    }

    #[test]
    fn the_basic_value_of_the_client_credentials_never_survives(
        client_id in "[A-Za-z0-9\\-]{4,24}",
        secret in secret(),
        before in context(),
        after in context(),
        pick in any::<prop::sample::Index>(),
    ) {
        let mut redactor = Redactor::default();
        redactor.add_client_credentials(&client_id, &secret);
        let forms = basic_credential_forms(&client_id, &secret);
        let echoed = pick.get(&forms);
        let out = redactor.scrub(&format!("{before}{echoed}{after}"));
        prop_assert_eq!(leaked(&out, &forms), None, "in {:?}", out);
        prop_assert_eq!(leaked(&out, &forbidden_forms(&secret)), None, "in {:?}", out);
    }

    #[test]
    fn a_token_echoed_several_times_is_gone_every_time(
        token in "[A-Za-z0-9_\\-]{8,32}\\.[A-Za-z0-9_\\-]{8,32}\\.[A-Za-z0-9_\\-]{8,32}",
        picks in prop::collection::vec(any::<prop::sample::Index>(), 1..4),
        glue in context(),
    ) {
        let mut redactor = Redactor::default();
        redactor.add_token(&token);
        let forms = forbidden_forms(&token);
        let text: Vec<&String> = picks.iter().map(|p| p.get(&forms)).collect();
        let joined = text.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(&glue);
        let out = redactor.scrub(&joined);
        prop_assert_eq!(leaked(&out, &forms), None, "in {:?}", out);
    }

    #[test]
    fn scrubbing_never_panics_and_server_text_stays_short_and_printable(
        secret in secret(),
        text in strategies::any_text(),
    ) {
        let mut redactor = Redactor::default();
        redactor.add(&secret);
        let _ = redactor.scrub(&text);
        let shown = redactor.server_text(&text, 300);
        prop_assert!(shown.chars().count() <= 300);
        prop_assert!(!shown.chars().any(char::is_control), "{:?}", shown);
    }
}
