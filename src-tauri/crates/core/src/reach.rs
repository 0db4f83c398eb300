//! Whether PingOne's cloud can reach an address at all. PingOne calls Haiilo from the
//! public internet, so a loopback address, a private network address, a name that only a
//! local network resolves, or plain http can pass a test on the admin's computer and never
//! work for PingOne. Only the practice (demo) tenant is exempt, and it says so.

use std::net::IpAddr;
use url::Url;

/// Why PingOne's cloud cannot use this URL, in a few words; `None` when nothing in the URL
/// itself rules it out (DNS may still resolve differently from PingOne's cloud).
pub fn out_of_pingone_reach(url: &str) -> Option<String> {
    let url = Url::parse(url).ok()?;
    let host = url
        .host_str()?
        .trim_start_matches('[')
        .trim_end_matches(']');
    let lower = host.to_ascii_lowercase();
    let why = if let Ok(ip) = lower.parse::<IpAddr>() {
        if ip.is_loopback() {
            Some(crate::trf!(
                "{host} is this computer's own (loopback) address",
                "{host} ist die eigene (Loopback-)Adresse dieses Computers"
            ))
        } else if is_private(ip) {
            Some(crate::trf!(
                "{host} is a private network address",
                "{host} ist eine Adresse in einem privaten Netz"
            ))
        } else {
            None
        }
    } else if lower == "localhost" || lower.ends_with(".localhost") {
        Some(crate::trf!(
            "{host} is this computer",
            "{host} ist dieser Computer"
        ))
    } else if [".local", ".lan", ".internal", ".home.arpa", ".corp"]
        .iter()
        .any(|suffix| lower.ends_with(suffix))
        || !lower.contains('.')
    {
        Some(crate::trf!(
            "{host} is a name only a local network knows",
            "{host} ist ein Name, den nur ein lokales Netz kennt"
        ))
    } else {
        None
    };
    why.or_else(|| {
        (url.scheme() == "http").then(|| {
            let origin = url.origin().ascii_serialization();
            crate::trf!(
                "{origin} uses plain http",
                "{origin} verwendet unverschlüsseltes http"
            )
        })
    })
}

/// RFC 1918, RFC 6598 (carrier-grade NAT), link-local, and IPv6 unique-local addresses.
fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_private() || v4.is_link_local() || (a == 100 && (64..128).contains(&b))
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            (first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfe80
        }
    }
}

#[cfg(test)]
mod tests {
    use super::out_of_pingone_reach as reach;

    #[test]
    fn local_and_private_targets_are_out_of_reach() {
        for url in [
            "http://127.0.0.1:4010/api/scim/v2",
            "https://[::1]:8443/api/scim/v2",
            "https://localhost/api/scim/v2",
            "https://10.1.2.3/api/scim/v2",
            "https://192.168.0.5/api/scim/v2",
            "https://172.20.0.1/api/scim/v2",
            "https://100.64.0.1/api/scim/v2",
            "https://[fd00::1]/api/scim/v2",
            "https://haiilo.corp/api/scim/v2",
            "https://intranet/api/scim/v2",
            "http://acme.haiilo.app/api/scim/v2",
        ] {
            assert!(reach(url).is_some(), "{url}");
        }
    }

    #[test]
    fn public_https_hosts_are_not_ruled_out() {
        for url in [
            "https://acme.haiilo.app/api/scim/v2",
            "https://203.0.113.10/api/scim/v2",
            "https://172.32.0.1/api/scim/v2",
        ] {
            assert_eq!(reach(url), None, "{url}");
        }
    }

    #[test]
    fn the_reasons_are_german_in_a_german_scope() {
        for url in [
            "http://127.0.0.1:4010/api/scim/v2",
            "https://10.1.2.3/api/scim/v2",
            "https://localhost/api/scim/v2",
            "https://intranet/api/scim/v2",
            "http://acme.haiilo.app/api/scim/v2",
        ] {
            let english = reach(url).unwrap();
            let german = crate::lang::sync_scope(crate::lang::Lang::De, || reach(url)).unwrap();
            assert_ne!(german, english);
            let words = crate::lang::english_words(&german);
            assert!(words.is_empty(), "{words:?} in {german}");
        }
    }
}
