//! What the UI shows for a setup: the stored setup plus everything derived from it (the
//! endpoints or why they cannot be derived, the PingOne values, where the secret is).

use crate::error::IpcError;
use crate::state::SecretState;
use haiilo_scim_core::endpoints::Endpoints;
use haiilo_scim_core::pingone::{FormField, PingOneValues};
use haiilo_scim_core::setups::{ExplicitUrls, Setup};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SetupView {
    pub setup: Setup,
    /// `None` while the domain is empty or invalid; see `endpoint_error`.
    pub endpoints: Option<Endpoints>,
    pub endpoint_error: Option<IpcError>,
    pub values: Option<PingOneValues>,
    /// PingOne's *Configure Authentication* form, top to bottom.
    pub form_fields: Vec<FormField>,
    pub secret: SecretState,
    /// Set when this command found the saved setups file damaged and set it aside; the
    /// same text as `StartView::notice`, shown wherever the admin is.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub notice: Option<String>,
}

/// The start screen.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StartView {
    pub setups: Vec<SetupView>,
    /// Set when the saved setups file was unreadable and moved aside.
    pub notice: Option<String>,
}

/// Live feedback while the admin types a domain.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EndpointPreview {
    pub endpoints: Option<Endpoints>,
    pub error: Option<IpcError>,
}

/// Endpoints from the domain, or from the explicit URLs when both are filled in.
pub fn resolve_endpoints(domain: &str, advanced: Option<&ExplicitUrls>) -> EndpointPreview {
    let result = match advanced
        .filter(|a| !a.scim_base_url.trim().is_empty() || !a.token_url.trim().is_empty())
    {
        Some(urls) => Endpoints::from_explicit(&urls.scim_base_url, &urls.token_url),
        None => Endpoints::from_domain(domain),
    };
    match result {
        Ok(endpoints) => EndpointPreview {
            endpoints: Some(endpoints),
            error: None,
        },
        Err(e) => EndpointPreview {
            endpoints: None,
            error: Some(haiilo_scim_core::Error::from(e).into()),
        },
    }
}

pub fn setup_view(setup: Setup, secret: SecretState) -> SetupView {
    let preview = resolve_endpoints(&setup.domain, setup.advanced.as_ref());
    let client_id = Some(setup.client_id.trim()).filter(|id| !id.is_empty());
    let values = preview
        .endpoints
        .as_ref()
        .map(|e| PingOneValues::new(e, client_id));
    let form_fields = values
        .as_ref()
        .map(PingOneValues::form_fields)
        .unwrap_or_default();
    SetupView {
        setup,
        endpoints: preview.endpoints,
        endpoint_error: preview.error,
        values,
        form_fields,
        secret,
        notice: None,
    }
}
