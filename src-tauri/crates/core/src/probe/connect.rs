//! Opening a TCP connection to an origin, directly or through an HTTP proxy (a `CONNECT`
//! tunnel for https, RFC 9110 §9.3.6), and saying exactly where it failed.

use super::dns::{self, DnsError};
use super::Origin;
use crate::proxy::Proxy;
use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Largest proxy answer head we read; a real one is a few hundred bytes.
const MAX_PROXY_HEAD: usize = 16 * 1024;

#[derive(Debug)]
pub struct Connected {
    pub stream: TcpStream,
    /// The address actually connected to (the proxy's, when there is one).
    pub peer: SocketAddr,
    pub connect_time: Duration,
    /// The proxy's status line for the tunnel, when one was opened.
    pub tunnel: Option<String>,
}

/// What a proxy answered instead of opening the tunnel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyAnswer {
    pub status: u16,
    pub status_line: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectError {
    /// The proxy's own name did not resolve.
    ProxyDns {
        proxy: String,
        error: DnsError,
    },
    Refused {
        address: String,
    },
    TimedOut {
        address: String,
        after: Duration,
    },
    Other {
        address: String,
        reason: String,
    },
    /// The proxy answered the `CONNECT` with something other than 2xx.
    ProxyRejected {
        proxy: String,
        answer: ProxyAnswer,
    },
    /// The proxy closed the connection or answered with something that is not HTTP.
    ProxyBroken {
        proxy: String,
        reason: String,
    },
}

/// Connects to the first of `addresses` that accepts, within `limit` overall.
pub async fn connect_any(
    addresses: &[IpAddr],
    port: u16,
    limit: Duration,
) -> Result<(TcpStream, SocketAddr, Duration), ConnectError> {
    let started = Instant::now();
    // Each address gets its share of the limit, so one silent address (often an IPv6 one
    // the network drops) cannot starve the rest, and the total stays bounded.
    let share = limit / u32::try_from(addresses.len().max(1)).unwrap_or(1);
    let mut errors = Vec::new();
    for ip in addresses {
        let address = SocketAddr::new(*ip, port);
        match tokio::time::timeout(share, TcpStream::connect(address)).await {
            Ok(Ok(stream)) => return Ok((stream, address, started.elapsed())),
            Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
                errors.push(ConnectError::Refused {
                    address: address.to_string(),
                })
            }
            Ok(Err(e)) if e.kind() == std::io::ErrorKind::TimedOut => {
                errors.push(ConnectError::TimedOut {
                    address: address.to_string(),
                    after: share,
                })
            }
            Ok(Err(e)) => errors.push(ConnectError::Other {
                address: address.to_string(),
                reason: crate::text::verbatim(&e.to_string()),
            }),
            Err(_) => errors.push(ConnectError::TimedOut {
                address: address.to_string(),
                after: share,
            }),
        }
    }
    // A silent drop says more (a firewall) than a refusal elsewhere, so it wins.
    let pick = errors
        .iter()
        .position(|e| matches!(e, ConnectError::TimedOut { .. }))
        .or_else(|| {
            errors
                .iter()
                .position(|e| matches!(e, ConnectError::Refused { .. }))
        })
        .unwrap_or(0);
    Err(if errors.is_empty() {
        ConnectError::Other {
            address: format!("port {port}"),
            reason: crate::tr!("no address to connect to", "keine Adresse zum Verbinden").into(),
        }
    } else {
        errors.swap_remove(pick)
    })
}

/// Opens a connection that carries the origin's traffic: to the origin itself, or to the
/// proxy and, for https, through a `CONNECT` tunnel it opens.
pub async fn connect(
    origin: &Origin,
    addresses: &[IpAddr],
    proxy: Option<&Proxy>,
    limit: Duration,
) -> Result<Connected, ConnectError> {
    let Some(proxy) = proxy else {
        let (stream, peer, connect_time) = connect_any(addresses, origin.port, limit).await?;
        return Ok(Connected {
            stream,
            peer,
            connect_time,
            tunnel: None,
        });
    };
    let (proxy_host, proxy_port) = proxy.authority();
    let proxy_addresses = dns::resolve(&proxy_host, proxy_port, limit)
        .await
        .map_err(|error| ConnectError::ProxyDns {
            proxy: proxy.display(),
            error,
        })?
        .addresses();
    let (mut stream, peer, connect_time) = connect_any(&proxy_addresses, proxy_port, limit).await?;
    if !origin.is_https() {
        // Plain http goes to a proxy as ordinary requests with the full URL; there is no
        // tunnel to open, and the proxy's verdict comes with the first request.
        return Ok(Connected {
            stream,
            peer,
            connect_time,
            tunnel: None,
        });
    }
    let mut request = format!(
        "CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\nUser-Agent: haiilo-scim-assistant/{}\r\n",
        env!("CARGO_PKG_VERSION"),
        authority = origin.authority()
    );
    if let Some(credentials) = proxy.basic_authorization() {
        request.push_str(&format!("Proxy-Authorization: {credentials}\r\n"));
    }
    request.push_str("\r\n");
    let broken = |reason: String| ConnectError::ProxyBroken {
        proxy: proxy.display(),
        reason,
    };
    let answer = tokio::time::timeout(limit, async {
        stream.write_all(request.as_bytes()).await.map_err(|e| {
            let e = crate::text::verbatim(&e.to_string());
            broken(crate::trf!(
                "could not send the CONNECT request: {e}",
                "die CONNECT-Anfrage ließ sich nicht senden: {e}"
            ))
        })?;
        read_head(&mut stream).await.map_err(broken)
    })
    .await
    .map_err(|_| ConnectError::TimedOut {
        address: crate::trf!(
            "{peer} (proxy, answering CONNECT)",
            "{peer} (Proxy, Antwort auf CONNECT)"
        ),
        after: limit,
    })??;
    if (200..300).contains(&answer.status) {
        Ok(Connected {
            stream,
            peer,
            connect_time,
            tunnel: Some(answer.status_line),
        })
    } else {
        Err(ConnectError::ProxyRejected {
            proxy: proxy.display(),
            answer,
        })
    }
}

/// Reads an HTTP answer head (and whatever body bytes came with it).
async fn read_head(stream: &mut TcpStream) -> Result<ProxyAnswer, String> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 2048];
    let end = loop {
        let n = stream.read(&mut chunk).await.map_err(|e| {
            let e = crate::text::verbatim(&e.to_string());
            crate::trf!(
                "the connection broke: {e}",
                "die Verbindung ist abgebrochen: {e}"
            )
        })?;
        if n == 0 {
            return Err(crate::tr!(
                "the proxy closed the connection without answering",
                "der Proxy hat die Verbindung ohne Antwort geschlossen"
            )
            .into());
        }
        buffer.extend_from_slice(&chunk[..n]);
        if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        if buffer.len() > MAX_PROXY_HEAD {
            return Err(crate::tr!(
                "the proxy's answer has no end of headers",
                "die Antwort des Proxys hat kein Ende der Header"
            )
            .into());
        }
    };
    let head = String::from_utf8_lossy(&buffer[..end]).to_string();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default().trim().to_string();
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .filter(|_| status_line.starts_with("HTTP/"))
        .ok_or_else(|| {
            // Escaped or stripped: the line is the proxy's, and may hold control characters.
            let shown = crate::text::printable(&status_line, crate::text::Lines::Join);
            crate::trf!(
                "the proxy did not answer in HTTP ({status_line:?})",
                "der Proxy hat nicht in HTTP geantwortet („{shown}“)"
            )
        })?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .filter(|(k, _)| {
            matches!(
                k.as_str(),
                "proxy-authenticate" | "content-type" | "server" | "via" | "x-squid-error"
            )
        })
        .collect();
    Ok(ProxyAnswer {
        status,
        status_line,
        headers,
        body: buffer[end..].to_vec(),
    })
}
