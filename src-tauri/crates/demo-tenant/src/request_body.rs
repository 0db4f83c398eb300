//! Reading request bodies with a size cap, and content-type checks.

use std::future::poll_fn;
use std::pin::Pin;

use axum::body::{Body, HttpBody};
use axum::http::header::CONTENT_TYPE;
use axum::http::HeaderMap;

/// Largest request body accepted; larger ones get 413.
pub(crate) const MAX_BODY_BYTES: usize = 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub(crate) enum BodyError {
    #[error("the request body exceeds {MAX_BODY_BYTES} bytes")]
    TooLarge,
    #[error("the request body could not be read: {0}")]
    Read(String),
}

/// Bodies up to this size are read to the end even when refused, so the 413 reaches
/// the client: closing a connection with unread data makes TCP send a reset, which
/// can destroy the response before the client has read it.
const DRAIN_LIMIT: u64 = 16 * 1024 * 1024;

/// Reads the whole body, keeping at most [`MAX_BODY_BYTES`].
pub(crate) async fn read_body(headers: &HeaderMap, mut body: Body) -> Result<Vec<u8>, BodyError> {
    let declared = headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|len| len > DRAIN_LIMIT) {
        return Err(BodyError::TooLarge);
    }
    let mut bytes = Vec::new();
    let mut seen: u64 = 0;
    loop {
        let frame = poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await;
        match frame {
            None if seen > MAX_BODY_BYTES as u64 => return Err(BodyError::TooLarge),
            None => return Ok(bytes),
            Some(Err(e)) => return Err(BodyError::Read(e.to_string())),
            Some(Ok(frame)) => {
                if let Ok(data) = frame.into_data() {
                    seen += data.len() as u64;
                    if seen > DRAIN_LIMIT {
                        return Err(BodyError::TooLarge);
                    }
                    if seen <= MAX_BODY_BYTES as u64 {
                        bytes.extend_from_slice(&data);
                    } else {
                        bytes = Vec::new();
                    }
                }
            }
        }
    }
}

/// The media type of the request (lower-cased, parameters dropped), if declared.
pub(crate) fn media_type(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(CONTENT_TYPE)?.to_str().ok()?;
    let media = value.split(';').next().unwrap_or_default().trim();
    Some(media.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn bodies_are_capped_without_a_declared_length() {
        let headers = HeaderMap::new();
        let ok = read_body(&headers, Body::from(vec![b'a'; MAX_BODY_BYTES])).await;
        assert_eq!(ok.map(|b| b.len()).ok(), Some(MAX_BODY_BYTES));
        let too_large = read_body(&headers, Body::from(vec![b'a'; MAX_BODY_BYTES + 1])).await;
        assert!(matches!(too_large, Err(BodyError::TooLarge)));
    }

    #[tokio::test]
    async fn a_huge_declared_length_is_refused_unread() {
        let mut headers = HeaderMap::new();
        headers.insert(
            axum::http::header::CONTENT_LENGTH,
            axum::http::HeaderValue::from_static("999999999"),
        );
        let result = read_body(&headers, Body::from("x")).await;
        assert!(matches!(result, Err(BodyError::TooLarge)));
    }

    #[test]
    fn media_type_drops_parameters() {
        let mut headers = HeaderMap::new();
        headers.insert(
            CONTENT_TYPE,
            axum::http::HeaderValue::from_static("Application/SCIM+json; charset=utf-8"),
        );
        assert_eq!(
            media_type(&headers).as_deref(),
            Some("application/scim+json")
        );
    }
}
