//! One authenticated conversation with the PingOne Platform API: bearer token, JSON in and
//! out, bounded by [`crate::http`] (timeouts, body cap, bounded waits on 429 `Retry-After`),
//! and every failure turned into a [`PingOneApiError`] whose texts are scrubbed.

use super::access::PingOneAccess;
use super::error::PingOneApiError;
use super::token::{fetch_worker_token, WorkerGrant, WorkerTokenError};
use crate::http::{self, HttpOptions};
use crate::redact::Redactor;
use crate::secret::{AccessToken, WorkerSecret};
use crate::{tr, trf};
use serde_json::Value;

/// The content type of every JSON body PingOne documents for these endpoints.
pub const JSON: &str = "application/json";

/// A client for one environment, holding the worker token.
pub struct PingOneClient {
    http: reqwest::Client,
    options: HttpOptions,
    access: PingOneAccess,
    token: AccessToken,
    redactor: Redactor,
}

impl std::fmt::Debug for PingOneClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PingOneClient")
            .field("api", &self.access.api_base())
            .field("environment_id", &self.access.environment_id)
            .field("token", &self.token)
            .finish()
    }
}

impl PingOneClient {
    /// Gets a worker token and returns a client holding it. The HTTP client is built with
    /// `options` (timeouts, proxy, extra roots) and shared by the token request and the API.
    pub async fn connect(
        options: &HttpOptions,
        access: &PingOneAccess,
        secret: &WorkerSecret,
        redactor: &Redactor,
    ) -> Result<(Self, WorkerGrant), WorkerTokenError> {
        let http = http::build_client(options)
            .map_err(|reason| WorkerTokenError::Unreachable { reason })?;
        // The client keeps this redactor for every later call: it must know the worker
        // credentials (and the Basic value they make), not only the token.
        let mut redactor = redactor.clone();
        redactor.add_client_credentials(&access.worker_client_id, secret.expose());
        let grant = fetch_worker_token(&http, options, access, secret, &redactor).await?;
        let client = Self::new(http, options.clone(), access.clone(), &grant, &redactor);
        Ok((client, grant))
    }

    /// `http` should come from [`crate::http::build_client`] with the same `options`, so
    /// that every request has its timeouts.
    pub fn new(
        http: reqwest::Client,
        options: HttpOptions,
        access: PingOneAccess,
        grant: &WorkerGrant,
        redactor: &Redactor,
    ) -> Self {
        let mut redactor = redactor.clone();
        redactor.add_token(grant.access_token.expose());
        Self {
            http,
            options,
            access,
            token: grant.access_token.clone(),
            redactor,
        }
    }

    pub fn access(&self) -> &PingOneAccess {
        &self.access
    }

    /// Registers a value that must never appear in an error text: the Haiilo secret, before
    /// a store body carrying it is sent.
    pub fn protect(&mut self, value: &str) {
        self.redactor.add(value);
    }

    pub fn redactor(&self) -> &Redactor {
        &self.redactor
    }

    /// `GET <environment>/path`, expecting JSON.
    pub async fn get(&self, path: &str) -> Result<Value, PingOneApiError> {
        self.call(reqwest::Method::GET, path, None)
            .await
            .and_then(|(status, body)| require_body(self.describe("GET", path), status, body))
    }

    /// Sends `body` (or nothing) with `content_type`; returns the JSON answer, if any.
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        content_type: &str,
        body: Option<&Value>,
    ) -> Result<(u16, Option<Value>), PingOneApiError> {
        self.call(method, path, Some((content_type, body))).await
    }

    fn describe(&self, method: &str, path: &str) -> String {
        format!("{method} {}", self.access.environment_url(path))
    }

    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        payload: Option<(&str, Option<&Value>)>,
    ) -> Result<(u16, Option<Value>), PingOneApiError> {
        let url = self.access.environment_url(path);
        let described = format!("{method} {url}");
        // Serialised once; an empty body is sent as zero bytes (PingOne's revision example
        // posts `--data ''`).
        let body_bytes: Option<(String, Vec<u8>)> = match payload {
            Some((content_type, Some(value))) => Some((
                content_type.to_string(),
                serde_json::to_vec(value).unwrap_or_default(),
            )),
            Some((content_type, None)) => Some((content_type.to_string(), Vec::new())),
            None => None,
        };
        let response = http::send(&self.options, || {
            let mut builder = self
                .http
                .request(method.clone(), &url)
                .header(reqwest::header::ACCEPT, JSON)
                .header(
                    reqwest::header::AUTHORIZATION,
                    format!("Bearer {}", self.token.expose()),
                );
            if let Some((content_type, bytes)) = &body_bytes {
                builder = builder
                    .header(reqwest::header::CONTENT_TYPE, content_type.as_str())
                    .body(bytes.clone());
            }
            builder
        })
        .await
        .map_err(|e| PingOneApiError::from_transport(described.clone(), &e))?;
        if !(200..300).contains(&response.status) {
            return Err(PingOneApiError::from_response(
                described,
                &response,
                &self.redactor,
            ));
        }
        if response.body.iter().all(u8::is_ascii_whitespace) {
            return Ok((response.status, None));
        }
        match serde_json::from_slice::<Value>(&response.body) {
            Ok(value) => Ok((response.status, Some(value))),
            Err(_) => Err(PingOneApiError::from_response(
                described,
                &response,
                &self.redactor,
            )),
        }
    }
}

fn require_body(
    described: String,
    status: u16,
    body: Option<Value>,
) -> Result<Value, PingOneApiError> {
    body.ok_or_else(|| {
        PingOneApiError::invalid_response(
            described,
            status,
            tr!("the body is empty", "der Body ist leer"),
        )
    })
}

/// The items of a PingOne collection: `{"_embedded": {"<key>": [ … ]}}` (HAL, as in PingOne's
/// "Read All Stores" example). A collection without `_embedded` is empty.
pub fn embedded_items(
    value: &Value,
    key: &str,
    described: &str,
) -> Result<Vec<Value>, PingOneApiError> {
    let Some(embedded) = value.get("_embedded") else {
        return Ok(Vec::new());
    };
    match embedded.get(key) {
        Some(Value::Array(items)) => Ok(items.clone()),
        Some(_) => Err(PingOneApiError::invalid_response(
            described.to_string(),
            200,
            &trf!(
                "_embedded.{key} is not a list",
                "_embedded.{key} ist keine Liste"
            ),
        )),
        None => Ok(Vec::new()),
    }
}

/// The `id` of an answer to a create, required.
pub fn id_of(value: &Value, described: &str, status: u16) -> Result<String, PingOneApiError> {
    value
        .get("id")
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| {
            PingOneApiError::invalid_response(
                described.to_string(),
                status,
                tr!("it has no id", "sie hat keine id"),
            )
        })
}

/// A string field, or `None`.
pub fn str_at(value: &Value, pointer: &str) -> Option<String> {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .map(str::to_string)
}
