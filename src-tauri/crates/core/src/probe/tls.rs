//! A TLS handshake against the same trust store the requests use (the OS store, plus any
//! CA a test injects), keeping the server's certificate even when it is rejected: the
//! issuer's name is what tells TLS inspection from an expired or misnamed certificate.

use super::certificate::{self, CertificateInfo};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_rustls::rustls::client::danger::{
    HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier,
};
use tokio_rustls::rustls::client::WebPkiServerVerifier;
use tokio_rustls::rustls::crypto::ring;
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use tokio_rustls::rustls::{
    self, CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};

/// The roots a handshake trusts.
#[derive(Debug, Clone)]
pub struct TrustStore {
    pub roots: Arc<RootCertStore>,
    /// How many came from the operating system.
    pub system_count: usize,
}

/// Loads the OS trust store (the loader reqwest's native roots use) plus `extra` (DER).
/// Reads files, so call it off the async workers.
pub fn load_trust_store(extra: &[Vec<u8>]) -> TrustStore {
    let mut roots = RootCertStore::empty();
    // Unreadable or unparsable system certificates are skipped, as reqwest does.
    let native = rustls_native_certs::load_native_certs();
    let (system_count, _) = roots.add_parsable_certificates(native.certs);
    for der in extra {
        let _ = roots.add(CertificateDer::from(der.clone()));
    }
    TrustStore {
        roots: Arc::new(roots),
        system_count,
    }
}

/// A completed handshake.
#[derive(Debug, Clone)]
pub struct TlsSession {
    /// `TLS 1.3`
    pub protocol: String,
    pub cipher_suite: String,
    /// The server's chain as sent, leaf first.
    pub chain: Vec<CertificateInfo>,
}

#[derive(Debug, Clone)]
pub enum TlsFailure {
    /// The certificate was rejected; `chain` is what the server sent, leaf first.
    Certificate {
        error: CertificateError,
        chain: Vec<CertificateInfo>,
    },
    /// The server did not speak TLS (often plain http on an https port).
    NotTls(String),
    TimedOut(Duration),
    Other(String),
}

/// Handshakes over `stream` for `host` (a name or an IP address) within `limit`.
pub async fn handshake(
    stream: TcpStream,
    host: &str,
    trust: &TrustStore,
    limit: Duration,
) -> Result<TlsSession, TlsFailure> {
    let provider = Arc::new(ring::default_provider());
    let inner = WebPkiServerVerifier::builder_with_provider(trust.roots.clone(), provider.clone())
        .build()
        .map_err(|e| {
            let e = crate::text::verbatim(&e.to_string());
            TlsFailure::Other(crate::trf!(
                "no usable trust store: {e}",
                "kein verwendbarer Zertifikatsspeicher: {e}"
            ))
        })?;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let verifier = Arc::new(RecordingVerifier {
        inner,
        seen: seen.clone(),
    });
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsFailure::Other(crate::text::verbatim(&e.to_string())))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    let name = ServerName::try_from(host.to_string()).map_err(|e| {
        let e = crate::text::verbatim(&e.to_string());
        TlsFailure::Other(crate::trf!(
            "'{host}' is not a valid TLS server name: {e}",
            "„{host}“ ist kein gültiger TLS-Servername: {e}"
        ))
    })?;
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let outcome = tokio::time::timeout(limit, connector.connect(name, stream)).await;
    let chain = || -> Vec<CertificateInfo> {
        seen.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .filter_map(|der: &CertificateDer<'static>| certificate::parse(der))
            .collect()
    };
    match outcome {
        Err(_) => Err(TlsFailure::TimedOut(limit)),
        Ok(Ok(tls)) => {
            let (_, connection) = tls.get_ref();
            let protocol = match connection.protocol_version() {
                Some(rustls::ProtocolVersion::TLSv1_3) => "TLS 1.3".to_string(),
                Some(rustls::ProtocolVersion::TLSv1_2) => "TLS 1.2".to_string(),
                Some(other) => format!("{other:?}"),
                None => crate::tr!("unknown", "unbekannt").to_string(),
            };
            let cipher_suite = connection
                .negotiated_cipher_suite()
                .map(|s| format!("{:?}", s.suite()))
                .unwrap_or_default();
            Ok(TlsSession {
                protocol,
                cipher_suite,
                chain: chain(),
            })
        }
        Ok(Err(io)) => {
            let rustls_error = io
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<rustls::Error>())
                .cloned();
            Err(match rustls_error {
                Some(rustls::Error::InvalidCertificate(error)) => TlsFailure::Certificate {
                    error,
                    chain: chain(),
                },
                Some(rustls::Error::InvalidMessage(m)) => TlsFailure::NotTls(crate::trf!(
                    "the answer is not a TLS message ({m:?})",
                    "die Antwort ist keine TLS-Nachricht ({m:?})"
                )),
                Some(other) => TlsFailure::Other(crate::http::describe_tls(&other)),
                None if io.kind() == std::io::ErrorKind::UnexpectedEof => TlsFailure::Other(
                    crate::tr!(
                        "the server closed the connection during the TLS handshake",
                        "der Server hat die Verbindung während des TLS-Handshakes geschlossen"
                    )
                    .into(),
                ),
                None => TlsFailure::Other(crate::text::verbatim(&io.to_string())),
            })
        }
    }
}

/// The standard WebPKI verification, remembering the certificates it was shown.
#[derive(Debug)]
struct RecordingVerifier {
    inner: Arc<WebPkiServerVerifier>,
    seen: Arc<Mutex<Vec<CertificateDer<'static>>>>,
}

impl ServerCertVerifier for RecordingVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        {
            let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
            seen.clear();
            seen.push(end_entity.clone().into_owned());
            seen.extend(intermediates.iter().map(|c| c.clone().into_owned()));
        }
        self.inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}
