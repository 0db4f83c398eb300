//! Resolving a host name with the operating system's resolver (what the requests use too).

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// The host is an IP address already.
    Literal(IpAddr),
    /// The resolver's answer, in its order, without duplicates.
    Resolved(Vec<IpAddr>),
}

impl Resolution {
    pub fn addresses(&self) -> Vec<IpAddr> {
        match self {
            Resolution::Literal(ip) => vec![*ip],
            Resolution::Resolved(ips) => ips.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DnsError {
    /// The resolver said no (no such name, or it could not ask).
    Failed(String),
    /// No answer within the limit.
    TimedOut(Duration),
}

pub async fn resolve(host: &str, port: u16, limit: Duration) -> Result<Resolution, DnsError> {
    if let Ok(ip) = host.parse::<IpAddr>() {
        return Ok(Resolution::Literal(ip));
    }
    let lookup = tokio::net::lookup_host((host, port));
    match tokio::time::timeout(limit, lookup).await {
        Err(_) => Err(DnsError::TimedOut(limit)),
        Ok(Err(e)) => Err(DnsError::Failed(crate::text::verbatim(&e.to_string()))),
        Ok(Ok(addrs)) => {
            let mut ips: Vec<IpAddr> = Vec::new();
            for ip in addrs.map(|a: SocketAddr| a.ip()) {
                if !ips.contains(&ip) {
                    ips.push(ip);
                }
            }
            if ips.is_empty() {
                Err(DnsError::Failed(
                    crate::tr!("the name has no addresses", "der Name hat keine Adressen").into(),
                ))
            } else {
                Ok(Resolution::Resolved(ips))
            }
        }
    }
}
