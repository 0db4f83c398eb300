//! The few certificate fields an admin (or their IT) needs: who it is for, who issued it,
//! and until when it is valid.

use serde::Serialize;
use x509_parser::extensions::GeneralName;
use x509_parser::x509::{AttributeTypeAndValue, X509Name};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateInfo {
    /// Common name and organisation, e.g. `acme.haiilo.app` or `Corp Proxy CA (Corp Ltd)`.
    pub subject: String,
    pub issuer: String,
    /// Seconds since the Unix epoch.
    pub not_before: i64,
    pub not_after: i64,
    /// DNS names and IP addresses the certificate is valid for.
    pub names: Vec<String>,
    pub self_signed: bool,
}

/// Reads a DER certificate; `None` when it does not parse (the handshake says more then).
pub fn parse(der: &[u8]) -> Option<CertificateInfo> {
    let (_, cert) = x509_parser::parse_x509_certificate(der).ok()?;
    let names = cert
        .subject_alternative_name()
        .ok()
        .flatten()
        .map(|san| {
            san.value
                .general_names
                .iter()
                .filter_map(|name| match name {
                    GeneralName::DNSName(dns) => Some(dns.to_string()),
                    GeneralName::IPAddress(bytes) => ip_text(bytes),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    Some(CertificateInfo {
        subject: describe_name(cert.subject()),
        issuer: describe_name(cert.issuer()),
        not_before: cert.validity().not_before.timestamp(),
        not_after: cert.validity().not_after.timestamp(),
        names,
        self_signed: cert.subject().as_raw() == cert.issuer().as_raw(),
    })
}

fn ip_text(bytes: &[u8]) -> Option<String> {
    match bytes.len() {
        4 => <[u8; 4]>::try_from(bytes)
            .ok()
            .map(|b| std::net::Ipv4Addr::from(b).to_string()),
        16 => <[u8; 16]>::try_from(bytes)
            .ok()
            .map(|b| std::net::Ipv6Addr::from(b).to_string()),
        _ => None,
    }
}

/// `CN (O)`, falling back to the whole distinguished name.
fn describe_name(name: &X509Name<'_>) -> String {
    let cn = first_text(name.iter_common_name());
    let org = first_text(name.iter_organization());
    match (cn, org) {
        (Some(cn), Some(org)) if cn != org => format!("{cn} ({org})"),
        (Some(cn), _) => cn,
        (None, Some(org)) => org,
        (None, None) => name.to_string(),
    }
}

fn first_text<'b, 'a: 'b>(
    mut values: impl Iterator<Item = &'b AttributeTypeAndValue<'a>>,
) -> Option<String> {
    values
        .next()
        .and_then(|a| a.as_str().ok())
        .map(str::to_string)
}

/// Organisations whose certificate authorities every browser and OS trusts. An untrusted
/// certificate from one of them means this computer's CA list is outdated; from anyone else
/// it is usually a company's own CA (TLS inspection) or a self-made certificate.
const PUBLIC_CA_NAMES: &[&str] = &[
    "Let's Encrypt",
    "ISRG",
    "DigiCert",
    "Sectigo",
    "GlobalSign",
    "GoDaddy",
    "Amazon",
    "Google Trust Services",
    "Microsoft",
    "Entrust",
    "IdenTrust",
    "Buypass",
    "Certum",
    "SSL.com",
    "Actalis",
    "HARICA",
    "QuoVadis",
    "SwissSign",
    "T-Systems",
    "Telekom Security",
    "D-TRUST",
    "Thawte",
    "GeoTrust",
    "RapidSSL",
    "ZeroSSL",
];

/// Products that inspect HTTPS by re-signing it with the company's own CA.
const INSPECTION_PRODUCTS: &[&str] = &[
    "Zscaler",
    "Netskope",
    "Palo Alto",
    "Fortinet",
    "FortiGate",
    "Blue Coat",
    "Symantec Web",
    "Cisco Umbrella",
    "Sophos",
    "Check Point",
    "Forcepoint",
    "Skyhigh",
    "McAfee Web Gateway",
    "Menlo Security",
    "iboss",
    "Barracuda",
    "WatchGuard",
    "Squid",
];

/// Whether an issuer name belongs to a public certificate authority.
pub fn is_public_ca(issuer: &str) -> bool {
    let lower = issuer.to_ascii_lowercase();
    PUBLIC_CA_NAMES
        .iter()
        .any(|name| lower.contains(&name.to_ascii_lowercase()))
}

/// The TLS-inspection product an issuer name points to, if any.
pub fn inspection_product(issuer: &str) -> Option<&'static str> {
    let lower = issuer.to_ascii_lowercase();
    INSPECTION_PRODUCTS
        .iter()
        .find(|name| lower.contains(&name.to_ascii_lowercase()))
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuers_are_sorted_into_public_and_inspection() {
        assert!(is_public_ca("R11 (Let's Encrypt)"));
        assert!(!is_public_ca("Corp Root CA (ACME Corp)"));
        assert_eq!(
            inspection_product("Zscaler Intermediate Root CA (Zscaler Inc.)"),
            Some("Zscaler")
        );
        assert_eq!(inspection_product("R11 (Let's Encrypt)"), None);
    }
}
