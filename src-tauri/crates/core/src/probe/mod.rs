//! The network underneath the HTTP requests, probed one layer at a time (name, connection,
//! TLS), so a failure can be pinned to its layer instead of surfacing as "request failed".
//! These functions only observe; the `check` steps turn what they see into findings.

pub mod certificate;
pub mod connect;
pub mod dns;
pub mod tls;

/// Where a URL's traffic goes: scheme, host and port (an "origin").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    pub scheme: String,
    /// Host name or IP address, without brackets.
    pub host: String,
    pub port: u16,
}

impl Origin {
    pub fn from_url(text: &str) -> Option<Self> {
        let url = url::Url::parse(text).ok()?;
        let host = url
            .host_str()?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        Some(Self {
            scheme: url.scheme().to_string(),
            port: url.port_or_known_default()?,
            host,
        })
    }

    pub fn is_https(&self) -> bool {
        self.scheme == "https"
    }

    /// `host:port`, with brackets around an IPv6 address.
    pub fn authority(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}
