//! Certificates made in the test: a private CA (trusted only where a test injects it), leaf
//! certificates with chosen names and dates, and TLS servers presenting them.

use super::{serve_raw, Fixture};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};
use std::net::SocketAddr;
use std::sync::Arc;
use time::{Duration, OffsetDateTime};
use tokio_rustls::rustls::crypto::ring;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::ServerConfig;

pub struct TestCa {
    issuer: Issuer<'static, KeyPair>,
    /// The CA certificate, to inject as an extra root.
    pub der: Vec<u8>,
}

impl TestCa {
    /// A CA named like a company's TLS-inspection authority.
    pub fn new(common_name: &str, organisation: &str) -> Self {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(DnType::CommonName, common_name);
        params
            .distinguished_name
            .push(DnType::OrganizationName, organisation);
        params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let key = KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap();
        Self {
            issuer: Issuer::new(params, key),
            der: cert.der().to_vec(),
        }
    }

    /// A server configuration presenting a leaf for `names`, valid from `from` to `until`
    /// (relative to now), signed by this CA.
    pub fn server(&self, names: &[&str], from: Duration, until: Duration) -> Arc<ServerConfig> {
        let now = OffsetDateTime::now_utc();
        let mut params =
            CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>())
                .unwrap();
        params
            .distinguished_name
            .push(DnType::CommonName, names.first().copied().unwrap_or("leaf"));
        params.not_before = now + from;
        params.not_after = now + until;
        let key = KeyPair::generate().unwrap();
        let cert = params.signed_by(&key, &self.issuer).unwrap();
        server_config(vec![cert.der().clone()], &key)
    }
}

/// A self-signed certificate for `names`.
pub fn self_signed(names: &[&str]) -> Arc<ServerConfig> {
    let cert =
        rcgen::generate_simple_self_signed(names.iter().map(|n| n.to_string()).collect::<Vec<_>>())
            .unwrap();
    server_config(vec![cert.cert.der().clone()], &cert.signing_key)
}

fn server_config(chain: Vec<CertificateDer<'static>>, key: &KeyPair) -> Arc<ServerConfig> {
    let config = ServerConfig::builder_with_provider(Arc::new(ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(chain, PrivateKeyDer::Pkcs8(key.serialize_der().into()))
        .unwrap();
    Arc::new(config)
}

/// A TLS server on 127.0.0.1 that relays the decrypted bytes to `backend` (the demo tenant),
/// or only completes handshakes when there is none.
pub async fn tls_front(config: Arc<ServerConfig>, backend: Option<SocketAddr>) -> Fixture {
    let acceptor = tokio_rustls::TlsAcceptor::from(config);
    serve_raw(move |stream| {
        let acceptor = acceptor.clone();
        async move {
            let Ok(mut tls) = acceptor.accept(stream).await else {
                return;
            };
            if let Some(backend) = backend {
                if let Ok(mut upstream) = tokio::net::TcpStream::connect(backend).await {
                    let _ = tokio::io::copy_bidirectional(&mut tls, &mut upstream).await;
                }
            }
        }
    })
    .await
}

/// Days as a `time::Duration`.
pub fn days(n: i64) -> Duration {
    Duration::days(n)
}
