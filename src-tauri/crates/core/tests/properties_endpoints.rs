//! Properties of turning what the admin types into endpoints (`Endpoints::from_domain` and
//! `Endpoints::from_explicit`): no input makes them panic, what they accept is a usable
//! address, and accepting their own output changes nothing.

mod strategies;

use haiilo_scim_core::endpoints::{
    refuse_credentials, AddressField, EndpointError, Endpoints, SCIM_PATH, TOKEN_PATH,
};
use haiilo_scim_core::secret::ClientSecret;
use proptest::prelude::*;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use strategies::{address, any_text, host};
use url::Url;

/// A host as RFC 1035 §2.3.4 allows it after IDNA (lower-case ASCII letters, digits and
/// hyphens, labels of 1 to 63 octets, at most 253 in all), or an IP address literal.
fn check_host(host: &str) -> Result<(), TestCaseError> {
    if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        prop_assert!(
            inner.parse::<Ipv6Addr>().is_ok(),
            "bad IPv6 literal {host:?}"
        );
        return Ok(());
    }
    if host.parse::<Ipv4Addr>().is_ok() {
        return Ok(());
    }
    prop_assert!(host.len() <= 253, "host longer than 253: {host:?}");
    for label in host.split('.') {
        prop_assert!((1..=63).contains(&label.len()), "label length in {host:?}");
        prop_assert!(
            label
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "label {label:?} of {host:?} is not lower-case LDH"
        );
        prop_assert!(
            !label.starts_with('-') && !label.ends_with('-'),
            "hyphen at the edge of {host:?}"
        );
    }
    let last = host.rsplit('.').next().unwrap_or_default();
    prop_assert!(
        !last.bytes().all(|b| b.is_ascii_digit()),
        "numeric top label in {host:?}"
    );
    Ok(())
}

/// Splits `host[:port]` as `Endpoints::host` writes it.
fn split_host_port(host_port: &str) -> Result<(&str, Option<u16>), TestCaseError> {
    let (host, port) = if host_port.starts_with('[') {
        match host_port.rsplit_once("]:") {
            Some((h, p)) => (&host_port[..h.len() + 1], Some(p)),
            None => (host_port, None),
        }
    } else {
        match host_port.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (host_port, None),
        }
    };
    let port = match port {
        None => None,
        Some(p) => {
            let n = p.parse::<u16>();
            prop_assert!(
                matches!(n, Ok(n) if n != 0 && n != 443),
                "port {p:?} in {host_port:?}"
            );
            n.ok()
        }
    };
    Ok((host, port))
}

fn check_normalised(endpoints: &Endpoints) -> Result<(), TestCaseError> {
    let (host, _) = split_host_port(&endpoints.host)?;
    check_host(host)?;
    prop_assert_eq!(
        &endpoints.scim_base_url,
        &format!("https://{}{SCIM_PATH}", endpoints.host)
    );
    prop_assert_eq!(
        &endpoints.token_url,
        &format!("https://{}{TOKEN_PATH}", endpoints.host)
    );
    for text in [&endpoints.scim_base_url, &endpoints.token_url] {
        let url = Url::parse(text);
        prop_assert!(url.is_ok(), "{text:?} does not parse: {url:?}");
        let url = url.map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(url.scheme(), "https");
        prop_assert_eq!(
            url.as_str(),
            text.as_str(),
            "the URL parser would change it"
        );
        prop_assert!(url.username().is_empty() && url.password().is_none());
        prop_assert!(url.query().is_none() && url.fragment().is_none());
    }
    Ok(())
}

/// Feeding the normaliser its own output gives the same endpoints back.
fn check_idempotent(endpoints: &Endpoints) -> Result<(), TestCaseError> {
    for again in [
        &endpoints.host,
        &endpoints.scim_base_url,
        &endpoints.token_url,
    ] {
        match Endpoints::from_domain(again) {
            Ok(second) => {
                prop_assert_eq!(&second.host, &endpoints.host, "from {:?}", again);
                prop_assert_eq!(&second.scim_base_url, &endpoints.scim_base_url);
                prop_assert_eq!(&second.token_url, &endpoints.token_url);
            }
            Err(e) => {
                return Err(TestCaseError::fail(format!(
                    "its own output {again:?} was rejected: {e}"
                )))
            }
        }
    }
    Ok(())
}

/// The loopback model: 127.0.0.0/8, ::1 and the name localhost.
fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.octets()[0] == 127,
        Some(url::Host::Ipv6(ip)) => ip == Ipv6Addr::LOCALHOST,
        Some(url::Host::Domain(name)) => name == "localhost",
        None => false,
    }
}

fn check_explicit(endpoints: &Endpoints) -> Result<(), TestCaseError> {
    for text in [&endpoints.scim_base_url, &endpoints.token_url] {
        let url = Url::parse(text).map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
        match url.scheme() {
            "https" => {}
            "http" => prop_assert!(is_loopback(&url), "plain http to {:?}", url.host_str()),
            other => prop_assert!(false, "scheme {other} accepted in {text:?}"),
        }
        prop_assert!(url.host_str().is_some_and(|h| !h.is_empty()));
        prop_assert!(url.username().is_empty() && url.password().is_none());
        prop_assert!(url.query().is_none() && url.fragment().is_none());
    }
    let scim =
        Url::parse(&endpoints.scim_base_url).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let path = scim.path().to_ascii_lowercase();
    prop_assert!(!endpoints.scim_base_url.ends_with('/'));
    prop_assert!(!path.ends_with("/users") && !path.ends_with("/groups"));
    Ok(())
}

fn explicit_url() -> impl Strategy<Value = String> {
    let scheme = prop::sample::select(vec!["https://", "http://", "HTTP://", "ftp://", ""]);
    let path = prop::sample::select(vec![
        "",
        "/",
        "/api/scim/v2",
        "/api/scim/v2/",
        "/api/scim/v2/Users",
        "/api/scim/v2//Users/",
        "/Users/Groups",
        "/x/Groups/Users",
        "/Groups/Users/",
        "/api/oauth/token",
        "/a%20b",
        "/users/USERS",
        "/./Users",
        "/a/../Users",
    ]);
    prop_oneof![
        3 => (scheme, host(), prop::option::of(1u16..), path).prop_map(|(s, h, port, p)| {
            let port = port.map(|n| format!(":{n}")).unwrap_or_default();
            format!("{s}{h}{port}{p}")
        }),
        2 => address(),
        1 => any_text(),
    ]
}

/// A credential-shaped value; two different ones are generated per case so that the
/// messages can be compared.
fn credential() -> impl Strategy<Value = String> {
    "[A-Za-z0-9._~-]{10,40}"
}

/// Where admins paste credentials: `user:password@`, a secret query or fragment member,
/// an Authorization header value. `{}` is where the credential goes.
fn credential_template() -> impl Strategy<Value = String> {
    let scheme = prop::sample::select(vec![
        "", "https://", "http://", "HTTPS://", "//", "ftp://", "https:/", "https:",
    ]);
    let key = prop::sample::select(vec![
        "client_secret",
        "CLIENT_SECRET",
        "access_token",
        "Access_Token",
        "id_token",
        "refresh_token",
        "password",
        "token",
        "secret",
        "apikey",
        "%63lient_secret",
    ]);
    let path = prop::sample::select(vec!["", "/", "/api/scim/v2", "/api/oauth/token", "/#/cb"]);
    let auth = prop::sample::select(vec![
        "Bearer ",
        "bearer  ",
        "BASIC ",
        "Basic\t",
        "Authorization: Bearer ",
        "authorization:basic ",
    ]);
    prop_oneof![
        (scheme.clone(), "[a-z.]{0,8}", host(), path.clone())
            .prop_map(|(s, user, h, p)| format!("{s}{user}:{{}}@{h}{p}")),
        (
            scheme.clone(),
            host(),
            path.clone(),
            key.clone(),
            prop::sample::select(vec!["?", "#", "?a=b&", "#/cb?"])
        )
            .prop_map(|(s, h, p, k, sep)| format!("{s}{h}{p}{sep}{k}={{}}")),
        auth.prop_map(|a| format!("{a}{{}}")),
    ]
}

/// The error for `template` with `value` in place, which must be a refusal.
fn refusal(
    field: Option<AddressField>,
    template: &str,
    value: &str,
) -> Result<EndpointError, TestCaseError> {
    let input = template.replace("{}", value);
    let result = match field {
        None => Endpoints::from_domain(&input),
        Some(AddressField::TokenUrl) => {
            Endpoints::from_explicit("https://acme.haiilo.app/api/scim/v2", &input)
        }
        Some(_) => Endpoints::from_explicit(&input, "https://acme.haiilo.app/api/oauth/token"),
    };
    match result {
        Ok(e) => Err(TestCaseError::fail(format!(
            "{input:?} was accepted as {}",
            e.scim_base_url
        ))),
        Err(e) => {
            prop_assert!(
                matches!(
                    e.code().as_str(),
                    "credentials_in_url" | "secret_in_query" | "credential_pasted"
                ),
                "{input:?} gave {} ({e})",
                e.code().as_str()
            );
            Ok(e)
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::default())]

    /// A pasted credential is refused, and the message is the same whatever the credential
    /// was: it cannot repeat any part of it.
    #[test]
    fn pasted_credentials_are_refused_and_never_repeated(
        template in credential_template(),
        first in credential(),
        second in credential(),
        field in prop::sample::select(vec![None, Some(AddressField::ScimBaseUrl), Some(AddressField::TokenUrl)]),
    ) {
        let a = refusal(field, &template, &first)?;
        let b = refusal(field, &template, &second)?;
        prop_assert_eq!(a.to_string(), b.to_string());
        prop_assert!(!a.to_string().contains(&first));
    }

    /// The setup's own secret is refused in any field, inside any text, and never repeated.
    #[test]
    fn the_known_secret_is_refused_wherever_it_is_pasted(
        secret in prop_oneof![credential(), any_text()]
            .prop_filter("too short to recognise inside other text", |s| s.trim().chars().count() >= 8),
        before in prop_oneof![Just(String::new()), any_text(), Just("https://acme.haiilo.app/".to_string())],
        after in prop_oneof![Just(String::new()), any_text()],
        field in prop::sample::select(vec![AddressField::Domain, AddressField::ScimBaseUrl, AddressField::TokenUrl]),
    ) {
        let secret = ClientSecret::new(secret);
        let input = format!("{before}{}{after}", secret.expose().trim());
        let refused = refuse_credentials(field, &input, Some(&secret));
        prop_assert!(refused.is_err(), "not refused: {:?}", input);
        let other = ClientSecret::new("another-secret-entirely");
        let reference = refuse_credentials(field, "another-secret-entirely", Some(&other));
        prop_assert_eq!(refused.err(), reference.err());
    }

    #[test]
    fn domain_never_panics_on_any_text(input in any_text()) {
        let _ = Endpoints::from_domain(&input);
    }

    #[test]
    fn domain_output_is_https_with_a_valid_host_and_stable(input in address()) {
        if let Ok(endpoints) = Endpoints::from_domain(&input) {
            check_normalised(&endpoints)?;
            check_idempotent(&endpoints)?;
        }
    }

    #[test]
    fn domain_from_a_bare_host_is_stable_when_accepted(input in host()) {
        if let Ok(endpoints) = Endpoints::from_domain(&input) {
            check_normalised(&endpoints)?;
            check_idempotent(&endpoints)?;
        }
    }

    #[test]
    fn explicit_never_panics_and_allows_http_only_for_loopback(
        scim in explicit_url(),
        token in explicit_url(),
    ) {
        if let Ok(endpoints) = Endpoints::from_explicit(&scim, &token) {
            check_explicit(&endpoints)?;
            let again = Endpoints::from_explicit(&endpoints.scim_base_url, &endpoints.token_url);
            prop_assert!(again.is_ok(), "own output rejected: {:?}", again);
            if let Ok(again) = again {
                prop_assert_eq!(&again.scim_base_url, &endpoints.scim_base_url);
                prop_assert_eq!(&again.token_url, &endpoints.token_url);
                prop_assert_eq!(&again.host, &endpoints.host);
            }
        }
    }

    #[test]
    fn explicit_plain_http_is_refused_off_loopback(
        host in host(),
        path in prop::sample::select(vec!["/api/scim/v2", "/api/oauth/token", "/"]),
    ) {
        let url = format!("http://{host}{path}");
        let https = format!("https://{host}{path}");
        let loopback = Url::parse(&url).is_ok_and(|u| is_loopback(&u));
        for (scim, token) in [(&url, &https), (&https, &url)] {
            let result = Endpoints::from_explicit(scim, token);
            if !loopback {
                prop_assert!(result.is_err(), "http://{host} accepted");
            }
        }
    }
}

/// The plain IP literals the host generator can produce still parse as IPs afterwards.
#[test]
fn ip_literals_round_trip() {
    for input in ["10.1.2.3", "[::1]", "127.1", "0x7f.1"] {
        let endpoints = Endpoints::from_domain(input).expect("an IP literal is a host");
        let host = endpoints.host.trim_start_matches('[').trim_end_matches(']');
        assert!(
            host.parse::<IpAddr>().is_ok(),
            "{input} -> {}",
            endpoints.host
        );
    }
}
