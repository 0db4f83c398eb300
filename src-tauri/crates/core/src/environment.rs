//! Where a check ran: the app's version, the OS and the proxy in use. Goes into reports, so
//! a support engineer reading one knows what they are looking at.

use crate::proxy::ProxySettings;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Environment {
    pub app_version: String,
    /// `linux`, `macos`, `windows`.
    pub os: String,
    pub arch: String,
    /// The proxy the check's requests to the tenant went through (credentials redacted),
    /// `None` for direct connections.
    pub proxy: Option<String>,
    /// Proxy variables that were set (`HTTPS_PROXY`, `NO_PROXY`, …), values redacted.
    pub proxy_variables: Vec<ProxyVariable>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProxyVariable {
    pub name: String,
    pub value: String,
}

impl Environment {
    /// `used_proxy` is the proxy the requests to the tenant took, if any.
    pub fn new(proxies: &ProxySettings, used_proxy: Option<String>) -> Self {
        Self {
            app_version: env!("CARGO_PKG_VERSION").to_string(),
            os: std::env::consts::OS.to_string(),
            arch: std::env::consts::ARCH.to_string(),
            proxy: used_proxy,
            proxy_variables: proxies
                .environment
                .iter()
                .map(|(name, value)| ProxyVariable {
                    name: name.clone(),
                    value: value.clone(),
                })
                .collect(),
        }
    }
}
