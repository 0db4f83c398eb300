//! Which proxy a request goes through, decided once per run for the requests (reqwest) and
//! for the `tcp`/`tls` probes alike, so the probe tests the route the requests really take.
//!
//! Environment variables follow the common convention (curl, reqwest, Go): `HTTPS_PROXY`
//! for https URLs, `HTTP_PROXY` for http URLs, `ALL_PROXY` for both, each also in lower
//! case, and `NO_PROXY` listing hosts to reach directly. Loopback hosts are never sent to an
//! environment proxy: a proxy cannot reach this computer's own 127.0.0.1.

use crate::redact::REDACTED;
use std::net::IpAddr;
use url::Url;

/// Where the check's traffic goes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ProxyChoice {
    /// The proxy named by the environment, if any (what every other tool here uses).
    #[default]
    FromEnvironment,
    /// No proxy at all.
    Direct,
    /// This proxy for every host, loopback included (tests use a loopback proxy).
    Explicit(String),
}

/// A proxy and where its address came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proxy {
    pub url: Url,
    /// `HTTPS_PROXY`, `ALL_PROXY`, …, or `explicit`.
    pub source: &'static str,
}

impl Proxy {
    /// The address with any user name and password replaced, fit for a report.
    pub fn display(&self) -> String {
        redact_url_credentials(&self.url)
    }

    /// `host:port` of the proxy itself.
    pub fn authority(&self) -> (String, u16) {
        let host = self
            .url
            .host_str()
            .unwrap_or_default()
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        (host, self.url.port_or_known_default().unwrap_or(3128))
    }

    /// `Proxy-Authorization` value when the proxy URL carries credentials.
    pub fn basic_authorization(&self) -> Option<String> {
        use base64::Engine;
        let password = self.url.password()?;
        let decode = |s: &str| {
            url::form_urlencoded::parse(format!("x={s}").replace('+', "%2B").as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default()
        };
        let pair = format!("{}:{}", decode(self.url.username()), decode(password));
        Some(format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(pair)
        ))
    }

    /// The user name and password in the proxy URL, percent-decoded, so the redactor can
    /// remove them (and the Proxy-Authorization value they make) from evidence.
    pub fn credentials(&self) -> Option<(String, String)> {
        let password = self.url.password()?;
        Some((
            percent_decode(self.url.username()),
            percent_decode(password),
        ))
    }
}

/// The resolved proxy configuration of one run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProxySettings {
    https: Option<Proxy>,
    http: Option<Proxy>,
    no_proxy: Vec<String>,
    /// Explicit proxies apply to loopback hosts too.
    explicit: bool,
    /// Variables that were set, for the report (values redacted).
    pub environment: Vec<(String, String)>,
}

const HTTPS_VARS: &[&str] = &["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"];
const HTTP_VARS: &[&str] = &["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"];
const NO_PROXY_VARS: &[&str] = &["NO_PROXY", "no_proxy"];

impl ProxySettings {
    pub fn from_choice(choice: &ProxyChoice) -> Result<Self, String> {
        match choice {
            ProxyChoice::Direct => Ok(Self::default()),
            ProxyChoice::Explicit(text) => {
                let proxy = Proxy {
                    url: parse_proxy_url(text)?,
                    source: crate::tr!("explicit", "der ausdrücklichen Angabe"),
                };
                Ok(Self {
                    https: Some(proxy.clone()),
                    http: Some(proxy),
                    explicit: true,
                    ..Self::default()
                })
            }
            ProxyChoice::FromEnvironment => {
                Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
            }
        }
    }

    /// Reads the variables through `lookup` (the process environment, or a map in tests).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let first = |names: &[&'static str]| -> Result<Option<Proxy>, String> {
            for name in names {
                if let Some(value) = lookup(name) {
                    return Ok(Some(Proxy {
                        url: parse_proxy_url(&value).map_err(|e| {
                            crate::trf!(
                                "{name} is not usable: {e}",
                                "{name} ist nicht verwendbar: {e}"
                            )
                        })?,
                        source: name,
                    }));
                }
            }
            Ok(None)
        };
        let no_proxy = NO_PROXY_VARS
            .iter()
            .find_map(|name| lookup(name))
            .map(|list| {
                list.split([',', ' '])
                    .map(|e| e.trim().to_ascii_lowercase())
                    .filter(|e| !e.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let mut environment = Vec::new();
        for name in HTTPS_VARS.iter().chain(HTTP_VARS).chain(NO_PROXY_VARS) {
            if environment.iter().any(|(n, _)| n == name) {
                continue;
            }
            if let Some(value) = lookup(name) {
                environment.push((name.to_string(), display_proxy_text(&value)));
            }
        }
        Ok(Self {
            https: first(HTTPS_VARS)?,
            http: first(HTTP_VARS)?,
            no_proxy,
            explicit: false,
            environment,
        })
    }

    /// The proxy for a URL, or `None` to connect directly.
    pub fn proxy_for_url(&self, url: &Url) -> Option<&Proxy> {
        self.proxy_for(url.scheme(), url.host_str().unwrap_or_default())
    }

    /// The proxy for `scheme://host`, or `None` to connect directly.
    pub fn proxy_for(&self, scheme: &str, host: &str) -> Option<&Proxy> {
        let proxy = match scheme {
            "https" => self.https.as_ref(),
            "http" => self.http.as_ref(),
            _ => None,
        }?;
        if self.explicit {
            return Some(proxy);
        }
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_ascii_lowercase();
        if is_loopback_host(&host) || self.excluded(&host) {
            return None;
        }
        Some(proxy)
    }

    /// User names and passwords in the configured proxy URLs, which must never appear in
    /// evidence.
    pub fn credentials(&self) -> Vec<(String, String)> {
        [&self.https, &self.http]
            .into_iter()
            .flatten()
            .filter_map(Proxy::credentials)
            .collect()
    }

    /// Whether a proxy is configured at all (for the report's environment).
    pub fn any(&self) -> Option<&Proxy> {
        self.https.as_ref().or(self.http.as_ref())
    }

    /// Whether `NO_PROXY` names this host (exactly, as a domain suffix, or `*`).
    fn excluded(&self, host: &str) -> bool {
        let ip = host.parse::<IpAddr>().ok();
        self.no_proxy.iter().any(|entry| {
            if entry == "*" {
                return true;
            }
            if let (Some(ip), Some((net, bits))) = (ip, entry.split_once('/')) {
                return in_cidr(ip, net, bits);
            }
            let entry = entry.trim_start_matches("*.").trim_start_matches('.');
            // An entry with a port (host:8080) is compared on its host part.
            let entry = match entry.rsplit_once(':') {
                Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) => h,
                _ => entry,
            };
            host == entry || host.ends_with(&format!(".{entry}"))
        })
    }
}

fn in_cidr(ip: IpAddr, net: &str, bits: &str) -> bool {
    let (Ok(net), Ok(bits)) = (net.parse::<IpAddr>(), bits.parse::<u32>()) else {
        return false;
    };
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(b)) if bits <= 32 => {
            let mask = u32::MAX.checked_shl(32 - bits).unwrap_or(0);
            u32::from(a) & mask == u32::from(b) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(b)) if bits <= 128 => {
            let mask = u128::MAX.checked_shl(128 - bits).unwrap_or(0);
            u128::from(a) & mask == u128::from(b) & mask
        }
        _ => false,
    }
}

/// `localhost`, 127.0.0.0/8 and ::1.
pub fn is_loopback_host(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.to_ascii_lowercase().ends_with(".localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// A proxy address as people write it: `proxy:3128` means `http://proxy:3128`.
fn parse_proxy_url(text: &str) -> Result<Url, String> {
    let text = text.trim();
    let with_scheme = if text.contains("://") {
        text.to_string()
    } else {
        format!("http://{text}")
    };
    // The error repeats the address with any credentials replaced: it is shown and saved.
    let shown = display_proxy_text(text);
    let url = Url::parse(&with_scheme).map_err(|e| {
        let hint = if text.contains('@') {
            crate::tr!(
                " (characters such as / # ? @ in a user name or password must be percent-encoded, / as %2F)",
                " (Zeichen wie / # ? @ in Benutzername oder Passwort müssen prozentcodiert sein, / als %2F)"
            )
        } else {
            ""
        };
        let e = crate::text::verbatim(&e.to_string());
        crate::trf!(
            "'{shown}' is not an address: {e}{hint}",
            "„{shown}“ ist keine Adresse: {e}{hint}"
        )
    })?;
    match url.scheme() {
        "http" | "https" => {}
        other => {
            return Err(crate::trf!(
                "{other}:// proxies are not supported; use an http:// proxy",
                "{other}://-Proxys werden nicht unterstützt; verwenden Sie einen http://-Proxy"
            ))
        }
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(crate::trf!(
            "'{shown}' names no host",
            "„{shown}“ nennt keinen Host"
        ));
    }
    Ok(url)
}

/// A proxy setting as typed, fit for a report or an error: whatever precedes the last `@`
/// of the authority (`user:pass@`, with or without a scheme, percent-encoded or not, even
/// when the rest is not a valid URL) is replaced by `<redacted>`.
pub fn display_proxy_text(text: &str) -> String {
    let text = text.trim();
    let (scheme, rest) = match text.find("://") {
        Some(i) => text.split_at(i + 3),
        None => ("", text),
    };
    // An `@` marks credentials before it; a password with an unencoded `@` or `/` is
    // malformed but still secret, so everything up to the last `@` goes.
    match rest.rfind('@') {
        Some(at) => format!("{scheme}{REDACTED}{}", rest[at..].trim_end_matches('/')),
        None => text.trim_end_matches('/').to_string(),
    }
}

fn percent_decode(text: &str) -> String {
    // `+` is a literal plus in userinfo (RFC 3986), not a space as in forms.
    url::form_urlencoded::parse(format!("x={}", text.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// The URL with user name and password replaced by `<redacted>`.
pub fn redact_url_credentials(url: &Url) -> String {
    if url.username().is_empty() && url.password().is_none() {
        return url.as_str().trim_end_matches('/').to_string();
    }
    let mut shown = url.clone();
    let _ = shown.set_password(None);
    let _ = shown.set_username("");
    let text = shown.as_str().trim_end_matches('/').to_string();
    text.replacen("://", "://<redacted>@", 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn settings(vars: &[(&str, &str)]) -> ProxySettings {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        ProxySettings::from_lookup(|name| map.get(name).cloned()).unwrap()
    }

    #[test]
    fn https_proxy_applies_to_https_hosts_except_no_proxy_and_loopback() {
        let s = settings(&[
            ("HTTPS_PROXY", "proxy.corp:3128"),
            ("NO_PROXY", "internal.corp, .example.org,10.0.0.0/8"),
        ]);
        let proxy = s.proxy_for("https", "acme.haiilo.app").unwrap();
        assert_eq!(proxy.source, "HTTPS_PROXY");
        assert_eq!(proxy.authority(), ("proxy.corp".to_string(), 3128));
        assert!(s.proxy_for("https", "internal.corp").is_none());
        assert!(s.proxy_for("https", "a.internal.corp").is_none());
        assert!(s.proxy_for("https", "x.example.org").is_none());
        assert!(s.proxy_for("https", "10.1.2.3").is_none());
        assert!(s.proxy_for("https", "127.0.0.1").is_none());
        assert!(s.proxy_for("https", "localhost").is_none());
        assert!(s.proxy_for("http", "acme.haiilo.app").is_none());
    }

    #[test]
    fn explicit_proxy_applies_everywhere() {
        let s = ProxySettings::from_choice(&ProxyChoice::Explicit("http://127.0.0.1:9".into()))
            .unwrap();
        assert!(s.proxy_for("https", "127.0.0.1").is_some());
        assert!(s.proxy_for("http", "localhost").is_some());
    }

    #[test]
    fn credentials_are_redacted_and_encoded_for_the_proxy() {
        let s = settings(&[("https_proxy", "http://me:p%40ss@proxy:8080")]);
        let proxy = s.proxy_for("https", "acme.haiilo.app").unwrap();
        assert_eq!(proxy.display(), "http://<redacted>@proxy:8080");
        assert_eq!(s.environment[0].1, "http://<redacted>@proxy:8080");
        use base64::Engine;
        let header = proxy.basic_authorization().unwrap();
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(header.strip_prefix("Basic ").unwrap())
            .unwrap();
        assert_eq!(decoded, b"me:p@ss");
    }

    #[test]
    fn proxy_credentials_are_hidden_in_every_form() {
        for (typed, shown) in [
            ("me:s3cret@proxy:3128", "<redacted>@proxy:3128"),
            (
                "http://me:s3cret@proxy:3128/",
                "http://<redacted>@proxy:3128",
            ),
            ("http://me%40corp:s%3Acret@proxy", "http://<redacted>@proxy"),
            (
                "http://me:s3c@ret@proxy:3128",
                "http://<redacted>@proxy:3128",
            ),
            ("http://me:s3cret@[::1", "http://<redacted>@[::1"),
            (
                "socks5://me:s3cret@proxy:1080",
                "socks5://<redacted>@proxy:1080",
            ),
            ("proxy.corp:3128", "proxy.corp:3128"),
        ] {
            assert_eq!(display_proxy_text(typed), shown, "{typed}");
        }
        for typed in ["me:s3cret@proxy:3128", "http://me%40corp:s%3Acret@proxy"] {
            let s = settings(&[("HTTPS_PROXY", typed)]);
            assert!(
                s.environment[0].1.starts_with("<redacted>@")
                    || s.environment[0].1.starts_with("http://<redacted>@")
            );
            let proxy = s.proxy_for("https", "acme.haiilo.app").unwrap();
            assert!(
                proxy.display().contains("<redacted>@proxy"),
                "{}",
                proxy.display()
            );
        }
    }

    #[test]
    fn errors_about_a_proxy_are_german_in_a_german_scope() {
        // Without the password, and without English words (the parser's own are quoted).
        for typed in [
            "http://me:s3cret@",
            "ftp://me:s3cret@proxy:21",
            "http://me:s3cret@[::1",
        ] {
            let error = crate::lang::sync_scope(crate::lang::Lang::De, || {
                ProxySettings::from_lookup(|n| (n == "HTTPS_PROXY").then(|| typed.into()))
                    .unwrap_err()
            });
            assert!(!error.contains("s3cret"), "{error}");
            assert!(
                error.contains("HTTPS_PROXY ist nicht verwendbar"),
                "{error}"
            );
            let words = crate::lang::english_words(&error);
            assert!(words.is_empty(), "{words:?} in {error}");
        }
    }

    #[test]
    fn errors_about_a_proxy_never_repeat_its_password() {
        for typed in [
            "http://me:s3cret@",
            "ftp://me:s3cret@proxy:21",
            "http://me:s3cret@[::1",
        ] {
            let error = ProxySettings::from_lookup(|n| (n == "HTTPS_PROXY").then(|| typed.into()))
                .unwrap_err();
            assert!(!error.contains("s3cret"), "{error}");
            assert!(error.contains("HTTPS_PROXY"), "{error}");
        }
    }

    #[test]
    fn decoded_credentials_are_known_to_the_redactor() {
        let s = settings(&[("HTTPS_PROXY", "http://me:p%40ss+1@proxy:8080")]);
        assert_eq!(
            s.credentials(),
            vec![("me".to_string(), "p@ss+1".to_string())]
        );
    }

    #[test]
    fn unusable_proxy_addresses_are_rejected() {
        assert!(
            ProxySettings::from_lookup(|n| (n == "HTTPS_PROXY").then(|| "socks5://x:1".into()))
                .is_err()
        );
    }
}
