//! Starting and stopping the emulator, and the first stop of every request:
//! counting, latency and rate limiting, then the token endpoint or the API.

use std::fmt;
use std::io;
use std::net::Ipv4Addr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::api::{self, Call};
use crate::config::{ClientAuthMethod, EmulatorConfig, SyncCounts};
use crate::error::ApiError;
use crate::fault::FaultPlan;
use crate::ids::random_uuid;
use crate::log::{loggable_body, LoggedRequest, RequestLog};
use crate::response::{media_type, MAX_BODY_BYTES};
use crate::state::Data;
use crate::token::{self, TokenStore};

/// State shared by all requests.
pub(crate) struct App {
    /// `http://127.0.0.1:PORT`
    pub base_url: String,
    /// The environment this PingOne serves.
    pub environment_id: String,
    pub worker_client_id: String,
    pub worker_client_secret: String,
    pub client_auth: ClientAuthMethod,
    pub token_lifetime: Duration,
    pub plan: FaultPlan,
    pub tokens: TokenStore,
    data: RwLock<Data>,
    http: reqwest::Client,
    requests: AtomicU64,
    log: RequestLog,
}

impl App {
    pub fn read_data(&self) -> RwLockReadGuard<'_, Data> {
        self.data.read().unwrap_or_else(|p| p.into_inner())
    }

    pub fn write_data(&self) -> RwLockWriteGuard<'_, Data> {
        self.data.write().unwrap_or_else(|p| p.into_inner())
    }

    /// The client the connection test calls targets with.
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }
}

/// `/{environmentId}/as/token` → the environment ID.
fn token_path_environment(path: &str) -> Option<&str> {
    let environment = path.strip_prefix('/')?.strip_suffix("/as/token")?;
    (!environment.is_empty() && !environment.contains('/')).then_some(environment)
}

async fn route(app: &App, parts: &Parts, body: &Bytes) -> Response {
    let path = parts.uri.path();
    if let Some(environment) = token_path_environment(path) {
        if environment != app.environment_id {
            return ApiError::not_found(&format!("environment {environment}")).into_response();
        }
        return token::token_endpoint(app, &parts.method, &parts.headers, body);
    }
    if let Some(rest) = path.strip_prefix("/v1/") {
        let call = Call {
            app,
            method: &parts.method,
            headers: &parts.headers,
            body,
            path,
        };
        return match api::handle(&call, rest).await {
            Ok(response) => response,
            Err(error) => error.into_response(),
        };
    }
    ApiError::not_found("no such path").into_response()
}

async fn dispatch(State(app): State<Arc<App>>, request: Request) -> Response {
    let number = app.requests.fetch_add(1, Ordering::SeqCst) + 1;
    if !app.plan.latency.is_zero() {
        tokio::time::sleep(app.plan.latency).await;
    }
    let method = request.method().to_string();
    let path = request.uri().path().to_owned();
    let query = request.uri().query().map(str::to_owned);
    let content_type = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let media = media_type(request.headers());
    let authorization_scheme = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_whitespace().next())
        .map(str::to_owned);

    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_BODY_BYTES).await;
    let logged_body = bytes
        .as_ref()
        .ok()
        .and_then(|b| loggable_body(media.as_deref(), b));

    let response = match (app.plan.rate_limited(number), bytes) {
        (Some(retry_after), _) => ApiError::request_limited(retry_after).into_response(),
        (None, Err(_)) => ApiError::too_large(MAX_BODY_BYTES).into_response(),
        (None, Ok(bytes)) => route(&app, &parts, &bytes).await,
    };
    app.log.push(LoggedRequest {
        method,
        path,
        query,
        content_type,
        authorization_scheme,
        body: logged_body,
        status: response.status().as_u16(),
    });
    response
}

/// An emulator serving on 127.0.0.1. Dropping it stops the server too.
pub struct RunningEmulator {
    port: u16,
    reported_environment_id: String,
    app: Arc<App>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

/// Leaves out the worker secret.
impl fmt::Debug for RunningEmulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RunningEmulator")
            .field("auth_url", &self.auth_url())
            .field("api_url", &self.api_url())
            .field("environment_id", &self.reported_environment_id)
            .field("worker_client_id", &self.app.worker_client_id)
            .finish_non_exhaustive()
    }
}

impl RunningEmulator {
    /// The auth host's root, `http://127.0.0.1:PORT`: the stand-in for
    /// `https://auth.pingone.<tld>`. The token endpoint is below it, see [`Self::token_url`].
    pub fn auth_url(&self) -> String {
        self.app.base_url.clone()
    }

    /// `http://127.0.0.1:PORT/{environmentId}/as/token`
    pub fn token_url(&self) -> String {
        format!(
            "{}/{}/as/token",
            self.app.base_url, self.reported_environment_id
        )
    }

    /// `http://127.0.0.1:PORT/v1`: the stand-in for `https://api.pingone.<tld>/v1`.
    pub fn api_url(&self) -> String {
        format!("{}/v1", self.app.base_url)
    }

    /// The environment ID to use. With the `wrong-environment` fault it is one this
    /// emulator does not serve.
    pub fn environment_id(&self) -> &str {
        &self.reported_environment_id
    }

    pub fn worker_client_id(&self) -> &str {
        &self.app.worker_client_id
    }

    pub fn worker_client_secret(&self) -> &str {
        &self.app.worker_client_secret
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Every request received so far, in order, secrets redacted.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.app.log.snapshot()
    }

    /// Whether the store `store_id` holds `candidate` as its write-only configuration
    /// key `key` (e.g. `OAUTH_CLIENT_SECRET`); `None` when there is no such store or key.
    /// Lets a test check that the right secret was written without ever reading it.
    pub fn store_secret_is(&self, store_id: &str, key: &str, candidate: &str) -> Option<bool> {
        let data = self.app.read_data();
        let stored = data.store(store_id)?.configuration.get(key)?.as_str()?;
        Some(stored == candidate)
    }

    /// Sets (or with `None` removes) the `syncStatus` a store's reads show, as PingOne's
    /// provisioner would after syncing. Returns false when there is no such store.
    pub fn set_sync_status(&self, store_id: &str, sync: Option<SyncCounts>) -> bool {
        let mut data = self.app.write_data();
        match data.stores.iter_mut().find(|s| s.id == store_id) {
            Some(store) => {
                store.sync_status = sync;
                true
            }
            None => false,
        }
    }

    /// Total HTTP requests received so far, faulted ones included.
    pub fn request_count(&self) -> u64 {
        self.app.requests.load(Ordering::SeqCst)
    }

    /// Stops accepting connections, lets open requests finish (at most 5 s) and
    /// returns when the server task has ended.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take() {
            if tokio::time::timeout(Duration::from_secs(5), &mut task)
                .await
                .is_err()
            {
                task.abort();
            }
        }
    }
}

impl Drop for RunningEmulator {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

fn invalid_input(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

/// Binds 127.0.0.1:`config.port`, seeds the environment and serves on the current
/// tokio runtime. Returns once the socket is listening.
pub async fn start(config: EmulatorConfig) -> io::Result<RunningEmulator> {
    let plan = FaultPlan::new(&config.faults);
    if !plan.store_wrong_values.is_empty() && config.scim_store.is_none() {
        return Err(invalid_input(
            "the store-wrong-value fault needs a pre-seeded SCIM store (EmulatorConfig::scim_store)"
                .into(),
        ));
    }
    // Loopback only: a test double holding a known secret.
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port)).await?;
    let port = listener.local_addr()?.port();
    let base_url = format!("http://127.0.0.1:{port}");

    let data = Data::seeded(
        &config.environment_id,
        config.scim_store.as_ref(),
        &plan.store_wrong_values,
    )
    .map_err(|e| io::Error::other(e.to_string()))?;
    let reported_environment_id = if plan.wrong_environment {
        random_uuid().map_err(|e| io::Error::other(e.to_string()))?
    } else {
        config.environment_id.clone()
    };
    let http = reqwest::Client::builder()
        // The connection test reports what the target answers; it follows no redirect.
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(config.connection_test_timeout)
        .timeout(config.connection_test_timeout)
        .build()
        .map_err(io::Error::other)?;

    let app = Arc::new(App {
        base_url,
        environment_id: config.environment_id,
        worker_client_id: config.worker_client_id,
        worker_client_secret: config.worker_client_secret,
        client_auth: config.client_auth,
        token_lifetime: config.token_lifetime,
        plan,
        tokens: TokenStore::default(),
        data: RwLock::new(data),
        http,
        requests: AtomicU64::new(0),
        log: RequestLog::default(),
    });
    let router = Router::new()
        .fallback(dispatch)
        .with_state(Arc::clone(&app));
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let server = axum::serve(listener, router).with_graceful_shutdown(async {
            let _ = stopped.await;
        });
        let _ = server.await;
    });
    Ok(RunningEmulator {
        port,
        reported_environment_id,
        app,
        stop: Some(stop),
        task: Some(task),
    })
}
