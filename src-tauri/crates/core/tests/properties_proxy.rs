//! Properties of the proxy rules: which hosts `NO_PROXY` sends around the proxy agrees with a
//! label-by-label model, CIDR entries agree with a shift-based model, loopback never goes
//! through an environment proxy, and no environment makes the rules panic.

mod strategies;

use haiilo_scim_core::proxy::{ProxyChoice, ProxySettings};
use proptest::prelude::*;
use std::collections::HashMap;
use std::net::{Ipv4Addr, Ipv6Addr};
use strategies::any_text;

fn settings(vars: &[(&str, String)]) -> Result<ProxySettings, TestCaseError> {
    let map: HashMap<&str, String> = vars.iter().cloned().collect();
    ProxySettings::from_lookup(|name| map.get(name).cloned())
        .map_err(|e| TestCaseError::fail(format!("settings refused: {e}")))
}

/// Labels from a tiny alphabet, so that hosts and entries share labels often and the
/// near-misses (`ab.c` against the entry `b.c`) are common.
fn labels() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec("[a-c]{1,2}", 1..5)
}

/// The model: an entry names a host when its labels are the host's last labels, compared
/// without regard to case; `*` names every host.
fn model_matches(host: &[String], entry: &[String]) -> bool {
    entry.len() <= host.len()
        && host[host.len() - entry.len()..]
            .iter()
            .zip(entry)
            .all(|(h, e)| h.eq_ignore_ascii_case(e))
}

#[derive(Debug, Clone)]
struct Entry {
    labels: Vec<String>,
    star: bool,
    prefix: &'static str,
    upper: bool,
    port: Option<u16>,
}

impl Entry {
    fn text(&self) -> String {
        if self.star {
            return "*".into();
        }
        let name = self.labels.join(".");
        let name = if self.upper {
            name.to_ascii_uppercase()
        } else {
            name
        };
        let port = self.port.map(|p| format!(":{p}")).unwrap_or_default();
        format!("{}{name}{port}", self.prefix)
    }
}

fn entry_for(host: Vec<String>) -> impl Strategy<Value = Entry> {
    let n = host.len();
    let from_host = (1..=n).prop_map(move |k| host[n - k..].to_vec());
    let labels = prop_oneof![
        3 => from_host.clone(),
        // A near miss: the first label of a real suffix loses its first letter.
        1 => from_host.prop_map(|mut l| {
            if l[0].len() > 1 {
                l[0].remove(0);
            }
            l
        }),
        2 => labels(),
    ];
    (
        labels,
        prop::bool::weighted(0.03),
        prop::sample::select(vec!["", ".", "*."]),
        any::<bool>(),
        prop::option::weighted(0.2, any::<u16>()),
    )
        .prop_map(|(labels, star, prefix, upper, port)| Entry {
            labels,
            star,
            prefix,
            upper,
            port,
        })
}

fn host_and_entries() -> impl Strategy<Value = (Vec<String>, bool, Vec<Entry>, &'static str)> {
    (labels(), any::<bool>()).prop_flat_map(|(host, upper)| {
        (
            Just(host.clone()),
            Just(upper),
            prop::collection::vec(entry_for(host), 0..4),
            prop::sample::select(vec![",", ", ", " ", " , "]),
        )
    })
}

/// IPv4 addresses outside 127.0.0.0/8, so the loopback rule does not decide the case.
fn routable_v4() -> impl Strategy<Value = u32> {
    any::<u32>().prop_filter("loopback", |ip| Ipv4Addr::from(*ip).octets()[0] != 127)
}

fn same_prefix_v4(a: u32, b: u32, bits: u32) -> bool {
    bits == 0 || a >> (32 - bits) == b >> (32 - bits)
}

fn same_prefix_v6(a: u128, b: u128, bits: u32) -> bool {
    bits == 0 || a >> (128 - bits) == b >> (128 - bits)
}

proptest! {
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn no_proxy_names_agree_with_the_label_model(
        (host, upper, entries, separator) in host_and_entries(),
    ) {
        let list: Vec<String> = entries.iter().map(Entry::text).collect();
        let s = settings(&[
            ("HTTPS_PROXY", "http://proxy.example:3128".into()),
            ("NO_PROXY", list.join(separator)),
        ])?;
        let name = host.join(".");
        let name = if upper { name.to_ascii_uppercase() } else { name };
        let expected_direct = entries
            .iter()
            .any(|e| e.star || model_matches(&host, &e.labels));
        let direct = s.proxy_for("https", &name).is_none();
        prop_assert_eq!(direct, expected_direct, "host {} with NO_PROXY {:?}", name, list);
    }

    #[test]
    fn no_proxy_ipv4_ranges_agree_with_the_shift_model(
        ip in routable_v4(),
        net in any::<u32>(),
        bits in 0u32..=32,
    ) {
        let s = settings(&[
            ("HTTPS_PROXY", "http://proxy.example:3128".into()),
            ("NO_PROXY", format!("{}/{bits}", Ipv4Addr::from(net))),
        ])?;
        let host = Ipv4Addr::from(ip).to_string();
        prop_assert_eq!(
            s.proxy_for("https", &host).is_none(),
            same_prefix_v4(ip, net, bits)
        );
    }

    #[test]
    fn no_proxy_ipv6_ranges_agree_with_the_shift_model(
        ip in any::<u128>().prop_filter("loopback", |ip| *ip != 1),
        net in any::<u128>(),
        bits in 0u32..=128,
        brackets in any::<bool>(),
    ) {
        let s = settings(&[
            ("HTTPS_PROXY", "http://proxy.example:3128".into()),
            ("NO_PROXY", format!("{}/{bits}", Ipv6Addr::from(net))),
        ])?;
        let host = Ipv6Addr::from(ip).to_string();
        let host = if brackets { format!("[{host}]") } else { host };
        prop_assert_eq!(
            s.proxy_for("https", &host).is_none(),
            same_prefix_v6(ip, net, bits)
        );
    }

    #[test]
    fn loopback_never_goes_through_an_environment_proxy(
        host in prop_oneof![
            any::<[u8; 3]>().prop_map(|[a, b, c]| format!("127.{a}.{b}.{c}")),
            prop::sample::select(vec![
                "localhost".to_string(), "LocalHost".into(), "::1".into(), "[::1]".into(),
                "app.localhost".into(),
            ]),
        ],
        scheme in prop::sample::select(vec!["http", "https"]),
    ) {
        let s = settings(&[("ALL_PROXY", "http://proxy.example:3128".into())])?;
        prop_assert!(s.proxy_for(scheme, &host).is_none(), "{host} went through the proxy");
        // An explicit proxy is the user's own choice and applies to loopback too.
        let explicit = ProxySettings::from_choice(&ProxyChoice::Explicit(
            "http://127.0.0.1:9".into(),
        ))
        .map_err(TestCaseError::fail)?;
        prop_assert!(explicit.proxy_for(scheme, &host).is_some());
    }

    #[test]
    fn no_environment_makes_the_rules_panic(
        https in prop::option::of(any_text()),
        all in prop::option::of(any_text()),
        no_proxy in prop::option::of(any_text()),
        scheme in prop::sample::select(vec!["https", "http", "ftp", ""]),
        host in any_text(),
    ) {
        let mut vars = Vec::new();
        if let Some(v) = https { vars.push(("https_proxy", v)); }
        if let Some(v) = all { vars.push(("ALL_PROXY", v)); }
        if let Some(v) = no_proxy { vars.push(("no_proxy", v)); }
        let map: HashMap<&str, String> = vars.into_iter().collect();
        if let Ok(s) = ProxySettings::from_lookup(|name| map.get(name).cloned()) {
            if let Some(proxy) = s.proxy_for(scheme, &host) {
                let _ = (proxy.display(), proxy.authority(), proxy.basic_authorization());
            }
            if let Ok(url) = url::Url::parse(&format!("{scheme}://{host}/")) {
                let _ = s.proxy_for_url(&url);
            }
            let _ = (s.credentials(), s.any());
        }
    }
}
