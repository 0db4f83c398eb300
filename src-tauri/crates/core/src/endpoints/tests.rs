//! Input shapes admins actually paste, and what each must become.

use super::*;

const SCIM: &str = "https://acme.haiilo.app/api/scim/v2";
const TOKEN: &str = "https://acme.haiilo.app/api/oauth/token";

fn ok(input: &str) -> Endpoints {
    Endpoints::from_domain(input).unwrap_or_else(|e| panic!("{input:?} was rejected: {e}"))
}

fn err(input: &str) -> EndpointError {
    match Endpoints::from_domain(input) {
        Ok(e) => panic!("{input:?} was accepted as {}", e.scim_base_url),
        Err(e) => e,
    }
}

fn assert_acme(input: &str) -> Vec<String> {
    let e = ok(input);
    assert_eq!(e.scim_base_url, SCIM, "input {input:?}");
    assert_eq!(e.token_url, TOKEN, "input {input:?}");
    assert_eq!(e.host, "acme.haiilo.app");
    e.notes
}

fn has_note(notes: &[String], fragment: &str) -> bool {
    notes.iter().any(|n| n.contains(fragment))
}

#[test]
fn bare_host_gives_both_urls_without_notes() {
    assert!(assert_acme("acme.haiilo.app").is_empty());
}

#[test]
fn upper_case_is_lowered_with_a_note() {
    let notes = assert_acme("ACME.Haiilo.App");
    assert!(has_note(&notes, "lower case"));
}

#[test]
fn surrounding_white_space_is_removed() {
    let notes = assert_acme("  \tacme.haiilo.app \n");
    assert!(has_note(&notes, "spaces around"));
}

#[test]
fn non_breaking_spaces_count_as_white_space() {
    assert_acme("\u{00A0}acme.haiilo.app\u{00A0}");
}

#[test]
fn invisible_characters_are_removed_with_a_note() {
    let notes = assert_acme("acme.hai\u{200B}ilo.app\u{FEFF}");
    assert!(has_note(&notes, "invisible"));
}

#[test]
fn https_url_is_accepted_silently() {
    assert!(assert_acme("https://acme.haiilo.app").is_empty());
}

#[test]
fn http_is_switched_to_https() {
    let notes = assert_acme("http://acme.haiilo.app");
    assert!(has_note(&notes, "Switched http:// to https://"));
}

#[test]
fn scheme_in_any_case() {
    assert_acme("HTTPS://acme.haiilo.app");
    let notes = assert_acme("Http://acme.haiilo.app");
    assert!(has_note(&notes, "https://"));
}

#[test]
fn trailing_slash_is_dropped_without_noise() {
    assert!(assert_acme("https://acme.haiilo.app/").is_empty());
}

#[test]
fn web_app_url_with_path_is_reduced_to_the_host() {
    let notes = assert_acme("https://acme.haiilo.app/home/timeline");
    assert!(has_note(&notes, "Ignored the path /home/timeline"));
}

#[test]
fn scim_base_url_is_accepted() {
    let notes = assert_acme("https://acme.haiilo.app/api/scim/v2");
    assert!(has_note(&notes, "SCIM base URL"));
}

#[test]
fn scim_users_url_with_trailing_slash() {
    let notes = assert_acme("https://acme.haiilo.app/api/scim/v2/Users/");
    assert!(has_note(&notes, "Removed /Users from the end"));
}

#[test]
fn pingone_field_with_double_slash_users() {
    let notes = assert_acme("https://acme.haiilo.app/api/scim/v2//Users");
    assert!(has_note(&notes, "Removed /Users"));
    assert!(has_note(&notes, "double slash"));
}

#[test]
fn groups_resource_is_removed_too() {
    let notes = assert_acme("acme.haiilo.app/api/scim/v2/Groups");
    assert!(has_note(&notes, "Removed /Groups"));
}

#[test]
fn token_url_is_accepted() {
    let notes = assert_acme("https://acme.haiilo.app/api/oauth/token");
    assert!(has_note(&notes, "token URL"));
}

#[test]
fn the_issue_example_normalises_fully() {
    let notes = assert_acme("  HTTPS://Acme.Haiilo.app/api/scim/v2/Users/ ");
    assert!(has_note(&notes, "Removed /Users"));
    assert!(has_note(&notes, "spaces around"));
    assert!(has_note(&notes, "lower case"));
}

#[test]
fn path_prefix_before_scim_path_points_to_advanced() {
    let notes = assert_acme("https://acme.haiilo.app/coyo/api/scim/v2");
    assert!(has_note(&notes, "/coyo"));
    assert!(has_note(&notes, "Advanced"));
}

#[test]
fn custom_port_is_kept() {
    let e = ok("https://intranet.example.com:8443/api/scim/v2");
    assert_eq!(
        e.scim_base_url,
        "https://intranet.example.com:8443/api/scim/v2"
    );
    assert_eq!(
        e.token_url,
        "https://intranet.example.com:8443/api/oauth/token"
    );
    assert!(has_note(&e.notes, "port 8443"));
}

#[test]
fn default_port_is_dropped() {
    let e = ok("acme.haiilo.app:443");
    assert_eq!(e.scim_base_url, SCIM);
    assert!(e.notes.is_empty());
}

#[test]
fn international_name_becomes_punycode() {
    let e = ok("bücher.example");
    assert_eq!(e.host, "xn--bcher-kva.example");
    assert_eq!(e.scim_base_url, "https://xn--bcher-kva.example/api/scim/v2");
    assert!(has_note(&e.notes, "xn--bcher-kva.example"));
}

#[test]
fn punycode_typed_directly_is_kept_without_note() {
    let e = ok("xn--bcher-kva.example");
    assert_eq!(e.host, "xn--bcher-kva.example");
    assert!(e.notes.is_empty());
}

#[test]
fn own_domain_of_a_customer_is_fine() {
    let e = ok("intranet.customer-corp.co.uk");
    assert_eq!(
        e.token_url,
        "https://intranet.customer-corp.co.uk/api/oauth/token"
    );
}

#[test]
fn trailing_dot_of_a_fqdn_is_removed() {
    let notes = assert_acme("acme.haiilo.app.");
    assert!(has_note(&notes, "dot at the end"));
}

#[test]
fn quotes_and_angle_brackets_from_mail_are_removed() {
    assert_acme("\"acme.haiilo.app\"");
    assert_acme("<https://acme.haiilo.app/>");
}

#[test]
fn fragment_and_harmless_query_are_ignored_with_notes() {
    let notes = assert_acme("https://acme.haiilo.app/pages?lang=en#/timeline");
    assert!(has_note(&notes, "query string"));
    assert!(has_note(&notes, "after #"));
}

#[test]
fn ipv4_literal_is_accepted() {
    let e = ok("10.1.2.3");
    assert_eq!(e.scim_base_url, "https://10.1.2.3/api/scim/v2");
}

#[test]
fn ipv6_literal_with_port_is_accepted() {
    let e = ok("https://[::1]:8443/");
    assert_eq!(e.scim_base_url, "https://[::1]:8443/api/scim/v2");
}

#[test]
fn empty_and_blank_input_is_rejected() {
    assert_eq!(err(""), EndpointError::Empty);
    assert_eq!(err("   \t "), EndpointError::Empty);
    assert_eq!(err("\u{200B}"), EndpointError::Empty);
}

#[test]
fn space_inside_the_host_is_rejected() {
    let e = err("acme haiilo.app");
    assert_eq!(e.code(), "whitespace_in_host");
    assert!(e.to_string().contains("contains a space"));
}

#[test]
fn invalid_characters_are_named() {
    let e = err("acme_corp.haiilo.app");
    assert_eq!(e.code(), "invalid_character");
    assert!(e.to_string().contains("'_'"));
    assert_eq!(err("acme!.haiilo.app").code(), "invalid_character");
    assert_eq!(err("acme,haiilo.app").code(), "invalid_character");
}

#[test]
fn host_without_dot_suggests_haiilo_app() {
    let e = err("acme");
    assert_eq!(
        e,
        EndpointError::NoDot {
            host: "acme".into(),
            suggestion: "acme.haiilo.app".into()
        }
    );
    assert!(e.to_string().contains("acme.haiilo.app"));
    assert_eq!(err("https://Acme/").code(), "no_dot");
}

/// The mail domain (acme.com) is rarely where the Haiilo web app lives, so it must not be
/// offered as the answer.
#[test]
fn email_address_explains_what_the_haiilo_domain_is() {
    for input in [
        "jane.doe@acme.com",
        "mailto:jane.doe@acme.com",
        "Jane Doe <jane.doe@acme.com>",
        "<jane.doe@acme.com>",
    ] {
        let e = err(input);
        assert_eq!(e, EndpointError::EmailAddress, "{input}");
        let message = e.to_string();
        assert!(message.contains("e-mail address"), "{message}");
        assert!(message.contains("Haiilo web app"), "{message}");
        assert!(message.contains("acme.haiilo.app"), "{message}");
        assert!(!message.contains("acme.com"), "{message}");
    }
}

#[test]
fn credentials_in_the_url_are_rejected() {
    let e = err("https://admin:hunter2@acme.haiilo.app/api/scim/v2");
    assert_eq!(e.code(), "credentials_in_url");
    assert!(e.to_string().contains("acme.haiilo.app"));
    assert_eq!(err("user:pw@acme.haiilo.app").code(), "credentials_in_url");
    assert_eq!(
        err("https://admin@acme.haiilo.app").code(),
        "credentials_in_url"
    );
}

const JWT: &str =
    "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2FjbWUuaGFpaWxvLmFwcCJ9.c2lnbmF0dXJlVmFsdWU";

/// Each input carries the credential `s3cr3tV4lue` (or a token): refused with the kind
/// named and the value nowhere in the message.
#[test]
fn pasted_credentials_are_refused_without_repeating_them() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "https://admin:s3cr3tV4lue@acme.haiilo.app/api/scim/v2",
            "credentials_in_url",
            "s3cr3tV4lue",
        ),
        (
            "admin:s3cr3tV4lue@acme.haiilo.app",
            "credentials_in_url",
            "s3cr3tV4lue",
        ),
        (
            "https://admin:s3cr3t/V4lue@acme.haiilo.app",
            "credentials_in_url",
            "s3cr3t",
        ),
        (
            "https://admin:s3cr3t V4lue@acme.haiilo.app",
            "credentials_in_url",
            "s3cr3t",
        ),
        (
            "https://acme.haiilo.app/api/oauth/token?client_secret=s3cr3tV4lue",
            "secret_in_query",
            "s3cr3tV4lue",
        ),
        (
            "acme.haiilo.app/?grant_type=client_credentials&CLIENT_SECRET=s3cr3tV4lue",
            "secret_in_query",
            "s3cr3tV4lue",
        ),
        (
            "https://acme.haiilo.app/#access_token=s3cr3tV4lue&token_type=Bearer",
            "secret_in_query",
            "s3cr3tV4lue",
        ),
        // Found by the property tests: a second # hid the key from a fragment-only check.
        (
            "acme.haiilo.app/#/cb#client_secret=s3cr3tV4lue",
            "secret_in_query",
            "s3cr3tV4lue",
        ),
        (
            "acme.haiilo.app/#/cb?id_token=s3cr3tV4lue",
            "secret_in_query",
            "s3cr3tV4lue",
        ),
        ("Bearer s3cr3tV4lue", "credential_pasted", "s3cr3tV4lue"),
        ("  bearer\ts3cr3tV4lue ", "credential_pasted", "s3cr3tV4lue"),
        (
            "Basic czNjcjN0VjRsdWU6eA==",
            "credential_pasted",
            "czNjcjN0VjRsdWU6eA",
        ),
        (
            "Authorization: Bearer s3cr3tV4lue",
            "credential_pasted",
            "s3cr3tV4lue",
        ),
        (JWT, "credential_pasted", "c2lnbmF0dXJlVmFsdWU"),
    ];
    for (input, code, secret) in cases {
        let e = err(input);
        assert_eq!(e.code(), *code, "{input}");
        let message = e.to_string();
        assert!(!message.contains(secret), "{input}: {message}");
        assert!(message.contains("Haiilo domain"), "{message}");
        assert!(message.contains("acme.haiilo.app"), "{message}");
    }
}

#[test]
fn pasted_credentials_in_the_advanced_urls_are_refused_without_repeating_them() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "https://u:s3cr3tV4lue@acme.haiilo.app/api/scim/v2",
            "credentials_in_url",
            "s3cr3tV4lue",
        ),
        // Not a parseable URL at all: the parser's error must not get to echo it.
        (
            "https://u:s3cr3t V4lue@ac me/api/scim/v2",
            "credentials_in_url",
            "s3cr3t",
        ),
        (
            "https://acme.haiilo.app/api/scim/v2?access_token=s3cr3tV4lue",
            "secret_in_query",
            "s3cr3tV4lue",
        ),
        (
            "https://acme.haiilo.app/api/scim/v2#id_token=s3cr3tV4lue",
            "secret_in_query",
            "s3cr3tV4lue",
        ),
        ("Bearer s3cr3tV4lue", "credential_pasted", "s3cr3tV4lue"),
        (JWT, "credential_pasted", "c2lnbmF0dXJlVmFsdWU"),
    ];
    for (input, code, secret) in cases {
        let e = Endpoints::from_explicit(input, TOKEN).unwrap_err();
        assert_eq!(e.code(), *code, "{input}");
        assert!(!e.to_string().contains(secret), "{e}");
        assert!(e.to_string().contains("SCIM base URL"), "{e}");
        let e = Endpoints::from_explicit(SCIM, input).unwrap_err();
        assert_eq!(e.code(), *code, "{input}");
        assert!(!e.to_string().contains(secret), "{e}");
        assert!(e.to_string().contains("token URL"), "{e}");
    }
}

#[test]
fn the_setups_own_client_secret_is_refused_in_every_field() {
    use crate::secret::ClientSecret;
    let secret = ClientSecret::new("Xq7-2Lm/9vR+pT");
    for field in [
        AddressField::Domain,
        AddressField::ScimBaseUrl,
        AddressField::TokenUrl,
    ] {
        for input in [
            "Xq7-2Lm/9vR+pT",
            " Xq7-2Lm/9vR+pT\n",
            "https://acme.haiilo.app/Xq7-2Lm/9vR+pT",
            "https://acme.haiilo.app/Xq7-2Lm%2F9vR%2BpT",
        ] {
            let e = refuse_credentials(field, input, Some(&secret)).unwrap_err();
            assert_eq!(e.code(), "client_secret_pasted", "{input}");
            assert!(!e.to_string().contains("Xq7"), "{e}");
            assert!(e.to_string().contains(field.label()), "{e}");
        }
        assert!(refuse_credentials(field, field.example(), Some(&secret)).is_ok());
    }
    // A short secret counts only as the whole value, not inside a domain.
    let short = ClientSecret::new("acme");
    assert!(refuse_credentials(AddressField::Domain, "acme.haiilo.app", Some(&short)).is_ok());
    assert!(refuse_credentials(AddressField::Domain, "acme", Some(&short)).is_err());
}

#[test]
fn addresses_that_only_resemble_credentials_are_accepted() {
    assert_acme("https://acme.haiilo.app/profile/jane.doe@acme.com");
    assert_acme("acme.haiilo.app/pages?lang=en&tokenize=1");
    assert_eq!(ok("basic.example.com").host, "basic.example.com");
    assert_eq!(
        ok("bearer.example.com:8443").host,
        "bearer.example.com:8443"
    );
    assert!(Endpoints::from_explicit("https://acme.haiilo.app:8443/api/scim/v2", TOKEN).is_ok());
}

#[test]
fn secret_looking_query_is_rejected() {
    for input in [
        "https://acme.haiilo.app/api/oauth/token?client_secret=abc",
        "acme.haiilo.app/?access_token=xyz",
        "acme.haiilo.app?Password=1",
        "acme.haiilo.app#access_token=xyz",
    ] {
        let e = err(input);
        assert_eq!(e.code(), "secret_in_query", "{input}");
        assert!(e.to_string().contains("exposed"));
        assert!(!e.to_string().contains("abc") && !e.to_string().contains("xyz"));
    }
}

#[test]
fn other_schemes_are_rejected() {
    let e = err("ftp://acme.haiilo.app");
    assert_eq!(
        e,
        EndpointError::UnsupportedScheme {
            scheme: "ftp".into()
        }
    );
}

#[test]
fn double_dots_and_hyphen_edges_are_rejected() {
    assert_eq!(err("acme..haiilo.app").code(), "invalid_host");
    assert_eq!(err(".acme.haiilo.app").code(), "invalid_host");
    assert_eq!(err("-acme.haiilo.app").code(), "invalid_host");
    assert_eq!(err("acme-.haiilo.app").code(), "invalid_host");
}

#[test]
fn over_long_labels_are_rejected() {
    let long = format!("{}.haiilo.app", "a".repeat(64));
    assert!(err(&long).to_string().contains("63"));
}

#[test]
fn bad_ports_are_rejected() {
    assert_eq!(err("acme.haiilo.app:99999").code(), "invalid_port");
    assert_eq!(err("acme.haiilo.app:abc").code(), "invalid_port");
    assert_eq!(err("acme.haiilo.app:0").code(), "invalid_port");
}

#[test]
fn scheme_with_nothing_after_it_is_rejected() {
    assert_eq!(err("https://").code(), "missing_host");
    assert_eq!(err("https:///api/scim/v2").code(), "missing_host");
}

#[test]
fn numeric_last_label_is_rejected() {
    assert_eq!(err("acme.haiilo.123").code(), "invalid_host");
}

#[test]
fn every_error_message_says_what_to_do() {
    for input in [
        "",
        "acme haiilo.app",
        "acme",
        "a@acme.haiilo.app",
        "ftp://x.y",
        "acme_x.y",
    ] {
        let message = err(input).to_string();
        assert!(
            message.contains("acme.haiilo.app") || message.contains("https://"),
            "{input:?}: {message}"
        );
    }
}

#[test]
fn explicit_urls_are_used_as_given() {
    let e = Endpoints::from_explicit(
        "https://proxy.corp.example/haiilo/api/scim/v2",
        "https://proxy.corp.example/haiilo/api/oauth/token",
    )
    .unwrap();
    assert_eq!(
        e.scim_base_url,
        "https://proxy.corp.example/haiilo/api/scim/v2"
    );
    assert_eq!(
        e.token_url,
        "https://proxy.corp.example/haiilo/api/oauth/token"
    );
    assert_eq!(e.host, "proxy.corp.example");
    assert!(e.notes.is_empty());
}

#[test]
fn explicit_scim_url_loses_trailing_slash_and_users() {
    let e = Endpoints::from_explicit(
        " https://acme.haiilo.app/api/scim/v2/Users/ ",
        "https://acme.haiilo.app/api/oauth/token",
    )
    .unwrap();
    assert_eq!(e.scim_base_url, SCIM);
    assert!(has_note(&e.notes, "trailing slash"));
    assert!(has_note(&e.notes, "Removed /Users"));
}

#[test]
fn explicit_http_only_for_loopback() {
    for (scim, token) in [
        (
            "http://127.0.0.1:8080/api/scim/v2",
            "http://127.0.0.1:8080/api/oauth/token",
        ),
        (
            "http://127.0.0.2:9/api/scim/v2",
            "http://127.0.0.2:9/api/oauth/token",
        ),
        (
            "http://localhost:8080/api/scim/v2",
            "http://localhost:8080/api/oauth/token",
        ),
        (
            "http://[::1]:8080/api/scim/v2",
            "http://[::1]:8080/api/oauth/token",
        ),
    ] {
        let e = Endpoints::from_explicit(scim, token).unwrap();
        assert_eq!(e.scim_base_url, scim);
    }
    let e = Endpoints::from_explicit(
        "http://acme.haiilo.app/api/scim/v2",
        "https://acme.haiilo.app/api/oauth/token",
    )
    .unwrap_err();
    assert_eq!(
        e,
        EndpointError::InsecureHttp {
            field: AddressField::ScimBaseUrl
        }
    );
}

#[test]
fn explicit_urls_reject_garbage_credentials_and_queries() {
    let token = "https://acme.haiilo.app/api/oauth/token";
    assert_eq!(
        Endpoints::from_explicit("acme.haiilo.app", token)
            .unwrap_err()
            .code(),
        "invalid_url"
    );
    assert_eq!(
        Endpoints::from_explicit("", token).unwrap_err().code(),
        "invalid_url"
    );
    assert_eq!(
        Endpoints::from_explicit("https://u:p@acme.haiilo.app/api/scim/v2", token)
            .unwrap_err()
            .code(),
        "credentials_in_url"
    );
    assert_eq!(
        Endpoints::from_explicit(SCIM, "https://acme.haiilo.app/api/oauth/token?secret=1")
            .unwrap_err()
            .code(),
        "secret_in_query"
    );
    assert_eq!(
        Endpoints::from_explicit(SCIM, "https://acme.haiilo.app/api/oauth/token?lang=en")
            .unwrap_err()
            .code(),
        "unexpected_url_part"
    );
}

#[test]
fn explicit_urls_on_different_hosts_get_a_note() {
    let e = Endpoints::from_explicit(SCIM, "https://login.other.example/oauth/token").unwrap();
    assert!(has_note(&e.notes, "login.other.example"));
}

/// Found by the property tests: Rust writes `::ffff:127.0.0.1`, the URL standard
/// `::ffff:7f00:1`; the URL we show must be the one a URL parser keeps unchanged.
#[test]
fn ipv4_mapped_ipv6_is_written_as_the_url_standard_does() {
    let e = ok("[::ffff:127.0.0.1]");
    assert_eq!(e.scim_base_url, "https://[::ffff:7f00:1]/api/scim/v2");
    assert_eq!(ok(&e.scim_base_url).scim_base_url, e.scim_base_url);
}

/// Found by the property tests: `/Users/Groups` lost only `/Groups`, so entering the
/// result again changed it a second time.
#[test]
fn explicit_scim_url_loses_every_trailing_resource_at_once() {
    let e = Endpoints::from_explicit("https://acme.haiilo.app/api/scim/v2/Users/Groups/", TOKEN)
        .unwrap();
    assert_eq!(e.scim_base_url, SCIM);
    let again = Endpoints::from_explicit(&e.scim_base_url, TOKEN).unwrap();
    assert_eq!(again.scim_base_url, SCIM);
    assert!(again.notes.is_empty());
}

// ── German ──────────────────────────────────────────────────────────────────────────────

use crate::lang::{english_words, sync_scope, Lang};

/// What the admin sees while typing, in German: no English left, worded apart from the
/// English message, and the same code for the UI to branch on.
fn assert_german_error(result: impl Fn() -> Result<Endpoints, EndpointError>, input: &str) {
    let english = result().expect_err(input);
    let german = sync_scope(Lang::De, || result().expect_err(input).to_string());
    let words = english_words(&german);
    assert!(words.is_empty(), "{input:?}: {words:?} in {german:?}");
    assert_ne!(
        german,
        english.to_string(),
        "{input:?} has no German message"
    );
    assert_eq!(
        sync_scope(Lang::De, || result().unwrap_err().code()),
        english.code(),
        "{input:?}"
    );
}

#[test]
fn a_bad_domain_is_explained_in_german() {
    let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXZhbHVl";
    for input in [
        "",
        "anna@acme.com",
        "mailto:anna@acme.com",
        "https://admin:hunter2@acme.haiilo.app",
        "acme.haiilo.app?client_secret=abc",
        "Bearer abc.def",
        "Basic YWJjOmRlZg==",
        jwt,
        "ftp://acme.haiilo.app",
        "acme haiilo.app",
        "acme!.haiilo.app",
        "acme",
        "acme..haiilo.app",
        "acme.haiilo.app:99999",
        "https:///api/scim/v2",
        "[zz::1]",
        "-acme.haiilo.app",
        "acme.123",
        &format!("{}.haiilo.app", "a".repeat(64)),
    ] {
        assert_german_error(|| Endpoints::from_domain(input), input);
    }
}

#[test]
fn bad_advanced_urls_are_explained_in_german() {
    for (scim, token) in [
        ("", TOKEN),
        ("acme.haiilo.app/api/scim/v2", TOKEN),
        ("https://", TOKEN),
        ("https://exa mple.com/api/scim/v2", TOKEN),
        ("ftp://acme.haiilo.app/api/scim/v2", TOKEN),
        ("http://acme.haiilo.app/api/scim/v2", TOKEN),
        ("https://user:pw@acme.haiilo.app/api/scim/v2", TOKEN),
        ("https://acme.haiilo.app/api/scim/v2?x=1", TOKEN),
        (SCIM, "https://acme.haiilo.app/api/oauth/token#part"),
        (SCIM, "https://acme.haiilo.app:99999/api/oauth/token"),
    ] {
        assert_german_error(
            || Endpoints::from_explicit(scim, token),
            &format!("{scim} + {token}"),
        );
    }
}

#[test]
fn the_notes_on_what_was_changed_are_german() {
    let domains = [
        "ACME.Haiilo.App",
        " acme.haiilo.app ",
        "\u{200B}acme.haiilo.app",
        "http://acme.haiilo.app",
        "https://acme.haiilo.app/api/scim/v2/Users/",
        "https://acme.haiilo.app//Users",
        "https://acme.haiilo.app/api/oauth/token",
        "acme.haiilo.app:8443",
        "bücher.example",
        "acme.haiilo.app.",
        "\"acme.haiilo.app\"",
        "acme.haiilo.app/x?y=1#z",
        "https://acme.haiilo.app/prefix/api/scim/v2",
    ];
    let explicit = [
        (" https://acme.haiilo.app/api/scim/v2/ ", TOKEN),
        ("https://acme.haiilo.app/api/scim/v2/Users/Groups", TOKEN),
        (SCIM, "https://auth.acme.example/api/oauth/token"),
    ];
    let notes = |lang| {
        sync_scope(lang, || {
            let mut notes: Vec<String> = domains.iter().flat_map(|d| ok(d).notes).collect();
            for (scim, token) in explicit {
                notes.extend(Endpoints::from_explicit(scim, token).unwrap().notes);
            }
            notes
        })
    };
    let (english, german) = (notes(Lang::En), notes(Lang::De));
    assert_eq!(english.len(), german.len());
    assert!(german.len() >= 15, "{german:?}");
    for (en, de) in english.iter().zip(&german) {
        assert_ne!(en, de, "a note has no German");
        let words = english_words(de);
        assert!(words.is_empty(), "{words:?} in {de:?}");
    }
    assert!(
        german.contains(&"Die Domain in Kleinbuchstaben umgewandelt.".to_string()),
        "{german:?}"
    );
}
