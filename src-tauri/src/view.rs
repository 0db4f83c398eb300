//! What the UI shows for a setup: the stored setup plus everything derived from it (the
//! endpoints or why they cannot be derived, the PingOne values, where the secret is).

use crate::error::IpcError;
use crate::state::SecretState;
use haiilo_scim_core::endpoints::{self, AddressField, Endpoints};
use haiilo_scim_core::error::InputErrorCode;
use haiilo_scim_core::pingone::{FormField, PingOneValues};
use haiilo_scim_core::pingone_api::ParsedAccess;
use haiilo_scim_core::secret::ClientSecret;
use haiilo_scim_core::setups::{ExplicitUrls, PingOneAccessFields, Setup};
use haiilo_scim_core::{tr, trf};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SetupView {
    pub setup: Setup,
    /// `None` while the domain is empty or invalid; see `endpoint_error`.
    pub endpoints: Option<Endpoints>,
    pub endpoint_error: Option<IpcError>,
    /// The field `endpoint_error` is about.
    pub endpoint_error_field: Option<AddressField>,
    pub values: Option<PingOneValues>,
    /// PingOne's *Configure Authentication* form, top to bottom.
    pub form_fields: Vec<FormField>,
    pub secret: SecretState,
    /// Where the PingOne worker app's secret is (`none` when the setup has no PingOne access).
    pub worker_secret: SecretState,
    /// The setup's PingOne access as checked; `None` when there is none or it is invalid
    /// (see `pingone_access_error`).
    pub pingone_access: Option<ParsedAccess>,
    pub pingone_access_error: Option<IpcError>,
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
    /// The field the error is about (the domain, or one of the Advanced URLs), so the UI
    /// marks that field without reading the message.
    pub field: Option<AddressField>,
}

/// Endpoints from the domain, or from the explicit URLs when both are filled in.
pub fn resolve_endpoints(domain: &str, advanced: Option<&ExplicitUrls>) -> EndpointPreview {
    let explicit =
        advanced.filter(|a| !a.scim_base_url.trim().is_empty() || !a.token_url.trim().is_empty());
    let result = match explicit {
        Some(urls) => Endpoints::from_explicit(&urls.scim_base_url, &urls.token_url),
        None => Endpoints::from_domain(domain),
    };
    match result {
        Ok(endpoints) => EndpointPreview {
            endpoints: Some(endpoints),
            error: None,
            field: None,
        },
        Err(e) => EndpointPreview {
            endpoints: None,
            error: Some(haiilo_scim_core::Error::from(e).into()),
            field: Some(match explicit {
                Some(urls) => Endpoints::explicit_error_field(&urls.scim_base_url),
                None => AddressField::Domain,
            }),
        },
    }
}

/// The endpoints a saved setup tests and writes to, or why there are none.
pub fn endpoints_of(setup: &Setup) -> Result<Endpoints, IpcError> {
    let preview = resolve_endpoints(&setup.domain, setup.advanced.as_ref());
    match (preview.endpoints, preview.error) {
        (Some(endpoints), _) => Ok(endpoints),
        (None, Some(error)) => Err(error),
        (None, None) => Err(IpcError::new(
            crate::error::AppErrorCode::Internal,
            tr!(
                "No endpoints could be derived.",
                "Es ließen sich keine Endpunkte ableiten."
            ),
        )),
    }
}

/// Refuses credentials pasted into the domain or either Advanced URL, whichever is in use,
/// and the setup's own client secret when it is known. Runs before a save, so that a
/// credential never reaches the setups file; the message names the field, not the value.
pub fn refuse_credentials(
    domain: &str,
    advanced: Option<&ExplicitUrls>,
    secret: Option<&ClientSecret>,
) -> Result<(), IpcError> {
    refused_field(domain, advanced, secret).map_or(Ok(()), |(_, error)| Err(error))
}

/// The first field holding a credential, and the refusal.
fn refused_field(
    domain: &str,
    advanced: Option<&ExplicitUrls>,
    secret: Option<&ClientSecret>,
) -> Option<(AddressField, IpcError)> {
    let mut fields = vec![(AddressField::Domain, domain)];
    if let Some(urls) = advanced {
        fields.push((AddressField::ScimBaseUrl, urls.scim_base_url.as_str()));
        fields.push((AddressField::TokenUrl, urls.token_url.as_str()));
    }
    fields.into_iter().find_map(|(field, text)| {
        endpoints::refuse_credentials(field, text, secret)
            .err()
            .map(|e| (field, IpcError::from(haiilo_scim_core::Error::from(e))))
    })
}

/// Refuses a stored secret pasted into a PingOne access field, before it reaches the setups
/// file. The message names the field, never the value.
pub fn refuse_secrets_in_access(
    fields: &PingOneAccessFields,
    secrets: [Option<&ClientSecret>; 2],
) -> Result<(), IpcError> {
    let typed = [
        (
            // PingOne's label, as the panel shows it in both languages.
            "Environment ID",
            &fields.environment_id,
        ),
        (
            tr!("Worker app Client ID", "Client ID der Worker-App"),
            &fields.worker_client_id,
        ),
        (
            tr!("PingOne auth URL", "PingOne-Auth-URL"),
            &fields.auth_url,
        ),
        (tr!("PingOne API URL", "PingOne-API-URL"), &fields.api_url),
    ];
    for secret in secrets
        .into_iter()
        .flatten()
        .filter(|s| s.expose().len() >= 8)
    {
        if let Some((label, _)) = typed.iter().find(|(_, v)| v.contains(secret.expose())) {
            return Err(IpcError::new(
                InputErrorCode::ClientSecretPasted,
                trf!(
                    "The {label} field holds one of this setup's secrets. Secrets go only into the secret fields (they are kept in the system keychain): \
                     remove it from {label} and enter the value the field asks for.",
                    "Das Feld „{label}“ enthält eines der Secrets dieses Setups. Secrets gehören nur in die Secret-Felder (sie werden im Schlüsselbund des Betriebssystems aufbewahrt): \
                     Entfernen Sie es aus „{label}“ und geben Sie den Wert ein, den das Feld erwartet."
                ),
            ));
        }
    }
    Ok(())
}

/// The live preview while typing: a credential in any field first, then the endpoints.
pub fn preview(
    domain: &str,
    advanced: Option<&ExplicitUrls>,
    secret: Option<&ClientSecret>,
) -> EndpointPreview {
    match refused_field(domain, advanced, secret) {
        None => resolve_endpoints(domain, advanced),
        Some((field, error)) => EndpointPreview {
            endpoints: None,
            error: Some(error),
            field: Some(field),
        },
    }
}

/// The setup's PingOne access, checked: `(None, None)` when it has none.
pub fn pingone_access(setup: &Setup) -> (Option<ParsedAccess>, Option<IpcError>) {
    match setup.pingone.as_ref().filter(|p| !p.is_blank()) {
        None => (None, None),
        Some(fields) => match fields.parse() {
            Ok(parsed) => (Some(parsed), None),
            Err(error) => (None, Some(error.into())),
        },
    }
}

pub fn setup_view(setup: Setup, secret: SecretState, worker_secret: SecretState) -> SetupView {
    let (pingone_access, pingone_access_error) = pingone_access(&setup);
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
        endpoint_error_field: preview.field,
        values,
        form_fields,
        secret,
        worker_secret,
        pingone_access,
        pingone_access_error,
        notice: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(scim: &str, token: &str) -> ExplicitUrls {
        ExplicitUrls {
            scim_base_url: scim.into(),
            token_url: token.into(),
        }
    }

    #[test]
    fn the_preview_names_the_field_its_error_is_about_in_either_language() {
        let good_scim = "https://acme.haiilo.app/api/scim/v2";
        let good_token = "https://acme.haiilo.app/api/oauth/token";
        let cases = [
            ("admin@acme.haiilo.app", None, AddressField::Domain),
            (
                "acme.haiilo.app",
                Some(urls("ftp://acme.haiilo.app/scim", good_token)),
                AddressField::ScimBaseUrl,
            ),
            (
                "acme.haiilo.app",
                Some(urls(good_scim, "not a url")),
                AddressField::TokenUrl,
            ),
            (
                "acme.haiilo.app",
                Some(urls(good_scim, "")),
                AddressField::TokenUrl,
            ),
            (
                "acme.haiilo.app",
                Some(urls("", good_token)),
                AddressField::ScimBaseUrl,
            ),
            (
                "acme.haiilo.app",
                Some(urls(
                    good_scim,
                    "https://acme.haiilo.app/api/oauth/token#access_token=abcdefgh12",
                )),
                AddressField::TokenUrl,
            ),
        ];
        for lang in haiilo_scim_core::lang::Lang::ALL {
            for (domain, advanced, field) in &cases {
                let shown = haiilo_scim_core::lang::sync_scope(lang, || {
                    preview(domain, advanced.as_ref(), None)
                });
                assert!(shown.error.is_some(), "{domain} {advanced:?}");
                assert_eq!(shown.field, Some(*field), "{lang:?}: {domain} {advanced:?}");
            }
        }
        assert_eq!(preview("acme.haiilo.app", None, None).field, None);
    }

    #[test]
    fn a_credential_in_any_field_is_refused_and_not_repeated() {
        let good = urls(
            "https://acme.haiilo.app/api/scim/v2",
            "https://acme.haiilo.app/api/oauth/token",
        );
        let bad = urls(
            "https://acme.haiilo.app/api/scim/v2",
            "https://acme.haiilo.app/api/oauth/token?client_secret=s3cr3tV4lue",
        );
        for (domain, advanced) in [
            ("https://me:s3cr3tV4lue@acme.haiilo.app", None),
            // The domain is not used once Advanced URLs are set, but is still saved.
            ("Bearer s3cr3tV4lue", Some(&good)),
            ("acme.haiilo.app", Some(&bad)),
        ] {
            let error = refuse_credentials(domain, advanced, None).unwrap_err();
            assert!(!error.message.contains("s3cr3tV4lue"), "{}", error.message);
            let shown = preview(domain, advanced, None);
            assert!(shown.endpoints.is_none());
            assert_eq!(shown.error.as_ref(), Some(&error));
        }
        assert!(refuse_credentials("acme.haiilo.app", Some(&good), None).is_ok());
    }

    #[test]
    fn a_pasted_secret_is_refused_in_german_in_a_german_session() {
        use haiilo_scim_core::lang::{english_words, sync_scope, Lang};
        let secret = ClientSecret::new("Zr4-k9Pq2wLx");
        let fields = PingOneAccessFields {
            region: "eu".into(),
            environment_id: "9e3f4a52-1c7b-4f0e-8d2a-5b6c7d8e9f01".into(),
            worker_client_id: "Zr4-k9Pq2wLx".into(),
            auth_url: String::new(),
            api_url: String::new(),
        };
        let error = sync_scope(Lang::De, || {
            refuse_secrets_in_access(&fields, [Some(&secret), None]).unwrap_err()
        });
        assert!(
            error
                .message
                .starts_with("Das Feld „Client ID der Worker-App“"),
            "{}",
            error.message
        );
        assert!(!error.message.contains("Zr4"));
        assert!(
            english_words(&error.message).is_empty(),
            "{}",
            error.message
        );
    }

    #[test]
    fn a_secret_pasted_into_a_pingone_access_field_is_refused_without_repeating_it() {
        let haiilo = ClientSecret::new("Zr4-k9Pq2wLx");
        let worker = ClientSecret::new("w0rker+Secret~value");
        let fields = |worker_client_id: &str, api_url: &str| PingOneAccessFields {
            region: "eu".into(),
            environment_id: "9e3f4a52-1c7b-4f0e-8d2a-5b6c7d8e9f01".into(),
            worker_client_id: worker_client_id.into(),
            auth_url: String::new(),
            api_url: api_url.into(),
        };
        for (typed, field) in [
            (fields("w0rker+Secret~value", ""), "Worker app Client ID"),
            (
                fields("worker-1", "https://api.pingone.eu/v1?x=Zr4-k9Pq2wLx"),
                "PingOne API URL",
            ),
        ] {
            let error =
                refuse_secrets_in_access(&typed, [Some(&haiilo), Some(&worker)]).unwrap_err();
            assert!(error.message.contains(field), "{}", error.message);
            assert!(!error.message.contains("Zr4") && !error.message.contains("w0rker"));
        }
        assert!(
            refuse_secrets_in_access(&fields("worker-1", ""), [Some(&haiilo), Some(&worker)])
                .is_ok()
        );
    }

    #[test]
    fn the_stored_secret_pasted_as_the_domain_is_refused() {
        use crate::error::IpcErrorCode;
        use haiilo_scim_core::error::InputErrorCode;
        let secret = ClientSecret::new("Zr4-k9Pq2wLx");
        let error = refuse_credentials("Zr4-k9Pq2wLx", None, Some(&secret)).unwrap_err();
        let pasted = IpcErrorCode::Input(InputErrorCode::ClientSecretPasted);
        assert_eq!(error.code, pasted);
        assert!(!error.message.contains("Zr4"));
        // Without the secret at hand the same text is only an invalid domain, which the
        // preview reports; the save would keep it.
        assert!(refuse_credentials("Zr4-k9Pq2wLx", None, None).is_ok());
        assert_eq!(
            preview("Zr4-k9Pq2wLx", None, Some(&secret))
                .error
                .map(|e| e.code),
            Some(pasted)
        );
    }
}
