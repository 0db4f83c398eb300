//! What the steps of one run share: the target and options, one HTTP client (so requests
//! reuse connections), the redactor, the access token (renewed when it runs out), and what
//! earlier steps learned for later ones.

use super::{CheckOptions, CheckTarget, UsersPreview};
use crate::diagnose;
use crate::findings::{Evidence, Finding};
use crate::http::{self, HttpResponse};
use crate::oauth::{self, ClientAuthMethod, TokenGrant, TokenRequest};
use crate::proxy::ProxySettings;
use crate::redact::Redactor;
use crate::scim::ListPage;
use crate::secret::{AccessToken, ClientSecret};
use crate::tr;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Mutex, MutexGuard, PoisonError, RwLock};
use std::time::{Duration, Instant};

/// Whether a SCIM request carries the access token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Auth {
    None,
    Bearer,
}

/// One request and its answer.
#[derive(Debug)]
pub(crate) struct Exchange {
    /// `GET https://…/Users?…`
    pub request: String,
    pub response: HttpResponse,
    /// The access token had to be renewed for this request.
    pub renewed: bool,
}

/// What `service_provider_config` read, for the steps after it.
#[derive(Debug, Clone, Default)]
pub(crate) struct ProviderFeatures {
    pub filter_supported: Option<bool>,
}

/// A user listing the server refused while a narrower one worked.
#[derive(Debug, Clone)]
pub(crate) struct RejectedListing {
    /// The paging parameters it carried, e.g. `startIndex=1&count=10`.
    pub parameters: String,
    pub finding: Finding,
}

/// Results passed from step to step.
#[derive(Debug, Default)]
pub(crate) struct Shared {
    /// Host → addresses, from the `dns` step.
    pub addresses: HashMap<String, Vec<IpAddr>>,
    /// The first page of `GET /Users`, from `list_users`.
    pub first_page: Option<ListPage>,
    pub users: Option<UsersPreview>,
    pub provider: Option<ProviderFeatures>,
    /// Listing requests that failed although a request without some of their paging
    /// parameters worked, from `list_users`: the `paging` step names them.
    pub rejected_listings: Vec<RejectedListing>,
    /// The proxy the requests went through, as shown in reports.
    pub used_proxy: Option<String>,
    /// PingOne's side, from `pingone_token` and `pingone_store`.
    pub pingone: PingOneShared,
}

/// What the PingOne steps pass on.
#[derive(Debug, Default)]
pub(crate) struct PingOneShared {
    /// The worker token, from `pingone_token`.
    pub grant: Option<crate::pingone_api::WorkerGrant>,
    /// The environment's stores, read by `pingone_token` to prove the role.
    pub stores: Option<Vec<crate::pingone_api::store::PropagationStore>>,
    /// The one SCIM store pointing at this tenant, from `pingone_store`.
    pub store_id: Option<String>,
}

#[derive(Debug, Default)]
struct TokenState {
    grant: Option<TokenGrant>,
    /// The client authentication and secret that worked, for renewals.
    credentials: Option<(ClientAuthMethod, ClientSecret)>,
}

pub(crate) struct Context {
    pub target: CheckTarget,
    pub secret: ClientSecret,
    pub options: CheckOptions,
    pub proxies: ProxySettings,
    pub client: reqwest::Client,
    redactor: RwLock<Redactor>,
    token: tokio::sync::Mutex<TokenState>,
    shared: Mutex<Shared>,
}

impl Context {
    pub fn new(
        target: CheckTarget,
        secret: ClientSecret,
        options: CheckOptions,
        proxies: ProxySettings,
        client: reqwest::Client,
    ) -> Self {
        let mut redactor = Redactor::default();
        redactor.add_client_credentials(&target.client_id, secret.expose());
        // A proxy's password, and the Proxy-Authorization value it makes.
        for (user, password) in proxies.credentials() {
            redactor.add_client_credentials(&user, &password);
        }
        // The worker app's secret, and the Basic value it makes with its client ID.
        if let Some(pingone) = &options.pingone {
            redactor.add_client_credentials(
                &pingone.access.worker_client_id,
                pingone.worker_secret.expose(),
            );
        }
        Self {
            target,
            secret,
            options,
            proxies,
            client,
            redactor: RwLock::new(redactor),
            token: tokio::sync::Mutex::new(TokenState::default()),
            shared: Mutex::new(Shared::default()),
        }
    }

    /// A snapshot of the redactor, with every token issued so far.
    pub fn redactor(&self) -> Redactor {
        self.redactor
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Teaches the redactor more values that must never appear in evidence.
    pub(crate) fn protect(&self, learn: impl FnOnce(&mut Redactor)) {
        learn(
            &mut self
                .redactor
                .write()
                .unwrap_or_else(PoisonError::into_inner),
        );
    }

    /// A PingOne API client with the worker token `pingone_token` obtained, sharing this
    /// run's HTTP client and redactor.
    pub fn pingone_client(&self) -> Option<crate::pingone_api::PingOneClient> {
        let pingone = self.options.pingone.as_ref()?;
        let grant = self.shared().pingone.grant.clone()?;
        Some(crate::pingone_api::PingOneClient::new(
            self.client.clone(),
            self.options.http.clone(),
            pingone.access.clone(),
            &grant,
            &self.redactor(),
        ))
    }

    pub fn shared(&self) -> MutexGuard<'_, Shared> {
        self.shared.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// `{scim base}{suffix}`, e.g. `scim_url("/Users")`.
    pub fn scim_url(&self, suffix: &str) -> String {
        format!(
            "{}{suffix}",
            self.target.endpoints.scim_base_url.trim_end_matches('/')
        )
    }

    pub fn evidence(&self, exchange: &Exchange) -> Evidence {
        diagnose::evidence(&exchange.request, &exchange.response, &self.redactor())
    }

    /// Asks for a token with this client authentication and secret.
    pub async fn request_token(
        &self,
        method: ClientAuthMethod,
        secret: &ClientSecret,
    ) -> Result<(TokenGrant, HttpResponse), Finding> {
        let request = TokenRequest {
            token_url: &self.target.endpoints.token_url,
            client_id: &self.target.client_id,
            secret,
            method,
        };
        // The token step may try a trimmed secret: its Basic value is protected as well.
        self.protect(|r| r.add_client_credentials(&self.target.client_id, secret.expose()));
        let result =
            oauth::fetch_token(&self.client, &self.options.http, &request, &self.redactor()).await;
        if let Ok((grant, _)) = &result {
            self.protect(|r| r.add_token(grant.access_token.expose()));
        }
        result
    }

    /// Keeps the token the `token` step obtained, and how, for the steps after it.
    pub async fn install_token(
        &self,
        grant: TokenGrant,
        method: ClientAuthMethod,
        secret: ClientSecret,
    ) {
        let mut state = self.token.lock().await;
        state.grant = Some(grant);
        state.credentials = Some((method, secret));
    }

    /// The current token, renewed first when it is about to run out. `true` when renewed.
    async fn bearer(&self) -> Result<(AccessToken, bool), Finding> {
        let mut state = self.token.lock().await;
        let expiring = state.grant.as_ref().is_some_and(expires_soon);
        if expiring {
            return self.renew(&mut state).await.map(|t| (t, true));
        }
        match &state.grant {
            Some(grant) => Ok((grant.access_token.clone(), false)),
            // The ladder runs token-using steps only after the token step provided one.
            None => Err(Finding::new(
                crate::findings::FindingCode::TokenResponseInvalid,
                tr!(
                    "No access token is available for this step.",
                    "Für diesen Schritt liegt kein Zugriffstoken vor."
                ),
                tr!(
                    "Run the check again; if this persists, report it with this evidence.",
                    "Starten Sie den Verbindungstest erneut. Bleibt es dabei, melden Sie es mit diesem Nachweis."
                ),
            )),
        }
    }

    /// After a 401: a fresh token, unless another step has already renewed the one that
    /// was refused.
    async fn renew_after_rejection(&self, rejected: &AccessToken) -> Result<AccessToken, Finding> {
        let mut state = self.token.lock().await;
        match &state.grant {
            Some(grant) if grant.access_token != *rejected => Ok(grant.access_token.clone()),
            _ => self.renew(&mut state).await,
        }
    }

    async fn renew(&self, state: &mut TokenState) -> Result<AccessToken, Finding> {
        let (method, secret) = state
            .credentials
            .clone()
            .unwrap_or((ClientAuthMethod::ClientSecretBasic, self.secret.clone()));
        let (grant, _) = self.request_token(method, &secret).await?;
        let token = grant.access_token.clone();
        state.grant = Some(grant);
        Ok(token)
    }

    /// `GET url`, with the access token when `auth` says so. A 401 on a request with a token
    /// is retried once with a renewed token (it may have expired during the run).
    pub async fn get(&self, url: &str, auth: Auth) -> Result<Exchange, Finding> {
        let request = format!("GET {url}");
        let send = |token: Option<AccessToken>| {
            let request = &request;
            async move {
                http::send(&self.options.http, || {
                    let builder = self.client.get(url).header(
                        reqwest::header::ACCEPT,
                        "application/scim+json, application/json",
                    );
                    match &token {
                        Some(token) => builder.bearer_auth(token.expose()),
                        None => builder,
                    }
                })
                .await
                .map_err(|e| diagnose::transport_finding(&e, request))
            }
        };
        match auth {
            Auth::None => Ok(Exchange {
                response: send(None).await?,
                request,
                renewed: false,
            }),
            Auth::Bearer => {
                let (token, mut renewed) = self.bearer().await?;
                let mut response = send(Some(token.clone())).await?;
                if response.status == 401 {
                    let fresh = self.renew_after_rejection(&token).await?;
                    if fresh != token {
                        renewed = true;
                        response = send(Some(fresh)).await?;
                    }
                }
                Ok(Exchange {
                    request,
                    response,
                    renewed,
                })
            }
        }
    }
}

/// Renew a little before the end, so a request does not arrive with a token that expired
/// on the way: 5 s before, or half the lifetime for very short-lived tokens.
fn expires_soon(grant: &TokenGrant) -> bool {
    let Some(lifetime) = grant.expires_in.map(Duration::from_secs) else {
        return false;
    };
    let margin = Duration::from_secs(5).min(lifetime / 2);
    grant.obtained_at.elapsed() + margin >= lifetime
}

/// Milliseconds since `since`, saturating.
pub(crate) fn millis_since(since: Instant) -> u64 {
    u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX)
}
