//! A loopback HTTP proxy for `CONNECT` tunnels: one that refuses with a chosen status, or
//! one that opens tunnels to loopback addresses only.

use super::{read_request, serve_raw, Fixture};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

/// `refuse`: answer every CONNECT with this status (403, 407); `None`: tunnel.
pub async fn connect_proxy(refuse: Option<u16>) -> Fixture {
    serve_raw(move |mut stream| async move {
        let Some(request) = read_request(&mut stream).await else {
            return;
        };
        if request.method != "CONNECT" {
            let _ = stream
                .write_all(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
                .await;
            return;
        }
        match refuse {
            Some(407) => {
                let _ = stream
                    .write_all(
                        b"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"corp\"\r\nContent-Type: text/plain\r\nContent-Length: 23\r\n\r\nauthentication required",
                    )
                    .await;
            }
            Some(status) => {
                let body = "Access to this site is blocked by company policy.";
                let answer = format!(
                    "HTTP/1.1 {status} Forbidden\r\nContent-Type: text/plain\r\nVia: 1.1 corp-proxy\r\nContent-Length: {}\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(answer.as_bytes()).await;
            }
            None => {
                // Loopback targets only: this proxy must never reach anything else.
                let target = request.target.clone();
                let allowed = target.starts_with("127.0.0.1:") || target.starts_with("localhost:");
                let upstream = if allowed {
                    TcpStream::connect(&target).await.ok()
                } else {
                    None
                };
                let Some(mut upstream) = upstream else {
                    let _ = stream
                        .write_all(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
                        .await;
                    return;
                };
                if stream
                    .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                    .await
                    .is_ok()
                {
                    let _ = tokio::io::copy_bidirectional(&mut stream, &mut upstream).await;
                }
            }
        }
    })
    .await
}
