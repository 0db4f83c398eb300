//! Starting and stopping the tenant, and the first stop of every request: counting,
//! the latency / rate-limit / server-error faults, then the area it belongs to.

use std::fmt;
use std::io;
use std::net::Ipv4Addr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::header::{ALLOW, CACHE_CONTROL, RETRY_AFTER};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::config::TenantConfig;
use crate::error::ScimError;
use crate::fault::FaultPlan;
use crate::login_page;
use crate::oauth::{self, TokenStore};
use crate::response::{html, plain_json, set_header};
use crate::scim::{self, SCIM_PREFIX};
use crate::seed::{seed, SeedSpec};
use crate::store::Store;

/// Path of the OAuth token endpoint.
pub(crate) const TOKEN_PATH: &str = "/api/oauth/token";
/// Path of the HTML sign-in page the redirect faults point to.
const LOGIN_PATH: &str = "/login";

/// State shared by all requests.
pub(crate) struct App {
    pub client_id: String,
    pub client_secret: String,
    configured_token_lifetime: Duration,
    pub plan: FaultPlan,
    pub tokens: TokenStore,
    pub store: RwLock<Store>,
    pub scim_base: String,
    requests: AtomicU64,
}

impl App {
    pub fn token_lifetime(&self) -> Duration {
        self.plan
            .short_token_lifetime
            .unwrap_or(self.configured_token_lifetime)
    }
}

/// Which part of the server a path belongs to; decides the shape of error bodies.
enum Area<'a> {
    Token,
    Scim(&'a str),
    Login,
    Other,
}

impl<'a> Area<'a> {
    fn of(path: &'a str) -> Self {
        if path == TOKEN_PATH {
            return Area::Token;
        }
        if path == LOGIN_PATH {
            return Area::Login;
        }
        match path.strip_prefix(SCIM_PREFIX) {
            Some(rest) if rest.is_empty() || rest.starts_with('/') => Area::Scim(rest),
            _ => Area::Other,
        }
    }
}

/// A 429 or 500 in the dialect of the area: a SCIM Error, an RFC 6749-style error
/// object on the token endpoint, plain JSON elsewhere.
fn injected_failure(area: &Area<'_>, status: StatusCode, detail: &str) -> Response {
    match area {
        Area::Scim(_) => ScimError::new(status, None, detail).into_response(),
        Area::Token => {
            // RFC 6749 has no token-endpoint code for overload; these two are the
            // codes it defines for the same situations at the authorization endpoint.
            let error = if status == StatusCode::TOO_MANY_REQUESTS {
                "temporarily_unavailable"
            } else {
                "server_error"
            };
            let mut response = plain_json(
                status,
                &json!({"error": error, "error_description": detail}),
            );
            set_header(&mut response, CACHE_CONTROL, "no-store");
            response
        }
        Area::Login | Area::Other => plain_json(status, &json!({"error": detail})),
    }
}

async fn dispatch(State(app): State<Arc<App>>, request: Request) -> Response {
    let number = app.requests.fetch_add(1, Ordering::SeqCst) + 1;
    if !app.plan.latency.is_zero() {
        tokio::time::sleep(app.plan.latency).await;
    }
    let path = request.uri().path().to_owned();
    let area = Area::of(&path);
    if let Some(retry_after) = app.plan.rate_limited(number) {
        let mut response = injected_failure(
            &area,
            StatusCode::TOO_MANY_REQUESTS,
            &format!("too many requests; retry after {retry_after} s"),
        );
        set_header(&mut response, RETRY_AFTER, &retry_after.to_string());
        return response;
    }
    if app.plan.server_error(number) {
        return injected_failure(
            &area,
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal server error (injected fault)",
        );
    }
    match area {
        Area::Token => oauth::token_endpoint(&app, request).await,
        Area::Scim(rest) => scim::handle(&app, request, rest).await,
        Area::Login if request.method() == Method::GET => html(StatusCode::OK, login_page::page()),
        Area::Login => {
            let mut response = plain_json(
                StatusCode::METHOD_NOT_ALLOWED,
                &json!({"error": "the demo sign-in page cannot sign anyone in"}),
            );
            set_header(&mut response, ALLOW, "GET");
            response
        }
        Area::Other => plain_json(
            StatusCode::NOT_FOUND,
            &json!({"error": "not found", "path": path}),
        ),
    }
}

/// A tenant serving on 127.0.0.1. Dropping it stops the server too.
pub struct RunningTenant {
    port: u16,
    app: Arc<App>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

/// Leaves out the secret and the directory (which may hold 100 000 users).
impl fmt::Debug for RunningTenant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RunningTenant")
            .field("base_url", &self.base_url())
            .field("client_id", &self.app.client_id)
            .field("request_count", &self.request_count())
            .finish_non_exhaustive()
    }
}

impl RunningTenant {
    /// `http://127.0.0.1:PORT`
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// `http://127.0.0.1:PORT/api/scim/v2` (no trailing slash).
    pub fn scim_base_url(&self) -> String {
        self.app.scim_base.clone()
    }

    /// `http://127.0.0.1:PORT/api/oauth/token`
    pub fn token_url(&self) -> String {
        format!("{}{TOKEN_PATH}", self.base_url())
    }

    pub fn client_id(&self) -> &str {
        &self.app.client_id
    }

    pub fn client_secret(&self) -> &str {
        &self.app.client_secret
    }

    pub fn port(&self) -> u16 {
        self.port
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

impl Drop for RunningTenant {
    fn drop(&mut self) {
        // Graceful stop: the listener closes at once, connections as they go idle.
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Binds 127.0.0.1:`config.port`, seeds the directory and serves on the current tokio
/// runtime. Returns once the socket is listening.
pub async fn start(config: TenantConfig) -> io::Result<RunningTenant> {
    // Loopback only: this is a test double holding fake data and a known secret.
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port)).await?;
    let port = listener.local_addr()?.port();
    let scim_base = format!("http://127.0.0.1:{port}{SCIM_PREFIX}");

    let (users, groups) = (config.users, config.groups);
    let base = scim_base.clone();
    // Seeding a large directory is CPU work; keep it off the async worker.
    let store = tokio::task::spawn_blocking(move || {
        let mut store = Store::new(base, SeedSpec { groups });
        seed(&mut store, users, groups);
        store
    })
    .await
    .map_err(io::Error::other)?;

    let app = Arc::new(App {
        client_id: config.client_id,
        client_secret: config.client_secret,
        configured_token_lifetime: config.token_lifetime,
        plan: FaultPlan::new(&config.faults),
        tokens: TokenStore::default(),
        store: RwLock::new(store),
        scim_base,
        requests: AtomicU64::new(0),
    });
    let router = Router::new()
        .fallback(dispatch)
        .with_state(Arc::clone(&app));
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let server = axum::serve(listener, router).with_graceful_shutdown(async {
            // Either an explicit stop or the handle being dropped ends the server.
            let _ = stopped.await;
        });
        let _ = server.await;
    });
    Ok(RunningTenant {
        port,
        app,
        stop: Some(stop),
        task: Some(task),
    })
}
