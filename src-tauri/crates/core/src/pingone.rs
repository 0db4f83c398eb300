//! The exact values the admin types into PingOne: the SCIM Outbound connection's
//! *Configure Authentication* form and the provisioning rule.

use crate::endpoints::Endpoints;
use crate::{tr, trf};
use serde::Serialize;

pub const SCIM_VERSION: &str = "2.0";
pub const USERS_RESOURCE: &str = "/Users";
pub const GROUPS_RESOURCE: &str = "/Groups";
pub const AUTHENTICATION_METHOD: &str = "OAuth 2 Client Credentials";
pub const AUTH_TYPE_HEADER: &str = "Bearer";

/// The *Configure Authentication* values, field names as in the JSON contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConnectionValues {
    pub scim_base_url: String,
    pub scim_version: String,
    pub users_resource: String,
    pub groups_resource: String,
    pub authentication_method: String,
    pub oauth_token_request: String,
    /// `None` until the admin has the Client ID from Haiilo.
    pub oauth_client_id: Option<String>,
    pub auth_type_header: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UserFilter {
    pub attribute: String,
    pub operator: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RuleValues {
    pub user_filter: UserFilter,
    pub attribute_mapping: String,
    pub group_provisioning: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PingOneValues {
    pub connection: ConnectionValues,
    pub rule: RuleValues,
    /// Normalisation notes about the domain first, then advice for the PingOne forms.
    pub notes: Vec<String>,
}

/// One row of PingOne's form: its label as PingOne shows it, and what to put there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FormField {
    pub label: &'static str,
    /// `None` where the value is the secret (never shown) or not known yet.
    pub value: Option<String>,
    pub is_secret: bool,
}

/// Advice that holds for every setup; shown under the generated values. PingOne's labels
/// stay English in both languages (its console is English only).
fn advice() -> [&'static str; 4] {
    [
        tr!(
            "Paste the SCIM BASE URL exactly as shown, without a slash at the end: PingOne appends the Users and Groups resources, and a trailing slash would make //Users.",
            "Fügen Sie die „SCIM BASE URL“ genau wie angezeigt ein, ohne Schrägstrich am Ende: PingOne hängt die Ressourcen /Users und /Groups an, und ein Schrägstrich am Ende ergäbe //Users."
        ),
        tr!(
            "Under Configure Preferences, the Unique User Identifier (default userName) cannot be changed once the connection is saved; changing it later means deleting and recreating the connection.",
            "Unter „Configure Preferences“ lässt sich der „Unique User Identifier“ (Vorgabe userName) nach dem Speichern der Verbindung nicht mehr ändern; eine spätere Änderung heißt, die Verbindung zu löschen und neu anzulegen."
        ),
        tr!(
            "The OAuth Client Secret is never displayed with these values. In the app, Copy secret copies the one stored in Phase 1 to the clipboard (which is cleared again shortly after); with none stored, paste it from where you saved it when Haiilo displayed it. Haiilo shows it only once; if it is lost, create a new API client pair in the SCIM user directory.",
            "Das „OAuth Client Secret“ wird bei diesen Werten nie angezeigt. In der App kopiert „Secret kopieren“ das in Phase 1 gespeicherte Secret in die Zwischenablage (die kurz danach wieder geleert wird); ist keines gespeichert, fügen Sie es von dort ein, wo Sie es gesichert haben, als Haiilo es anzeigte. Haiilo zeigt es nur einmal; ist es verloren, erstellen Sie ein neues API-Client-Paar im SCIM-Benutzerverzeichnis."
        ),
        tr!(
            "After saving the connection, switch its toggle on; after saving the rule, switch the rule's toggle on too. Provisioning then starts by itself.",
            "Schalten Sie nach dem Speichern der Verbindung ihren Schalter ein, nach dem Speichern der Regel ebenso den Schalter der Regel. Die Provisionierung beginnt dann von selbst."
        ),
    ]
}

impl PingOneValues {
    pub fn new(endpoints: &Endpoints, client_id: Option<&str>) -> Self {
        let mut notes = endpoints.notes.clone();
        if let Some(why) = crate::reach::out_of_pingone_reach(&endpoints.scim_base_url)
            .or_else(|| crate::reach::out_of_pingone_reach(&endpoints.token_url))
        {
            notes.insert(
                0,
                trf!(
                    "PingOne cannot use these addresses: {why}. PingOne calls Haiilo from its own cloud on the \
                     internet, so the SCIM BASE URL and token URL must be public https addresses of your Haiilo \
                     tenant. A practice tenant on this computer is fine for trying the app, never for PingOne.",
                    "PingOne kann diese Adressen nicht verwenden: {why}. PingOne ruft Haiilo aus seiner eigenen Cloud \
                     im Internet auf, daher müssen „SCIM BASE URL“ und Token-URL öffentliche https-Adressen Ihres \
                     Haiilo-Tenants sein. Ein Übungs-Tenant auf diesem Computer eignet sich zum Ausprobieren der App, \
                     nie für PingOne."
                ),
            );
        }
        notes.extend(advice().iter().map(|s| s.to_string()));
        Self {
            connection: ConnectionValues {
                scim_base_url: endpoints.scim_base_url.clone(),
                scim_version: SCIM_VERSION.into(),
                users_resource: USERS_RESOURCE.into(),
                groups_resource: GROUPS_RESOURCE.into(),
                authentication_method: AUTHENTICATION_METHOD.into(),
                oauth_token_request: endpoints.token_url.clone(),
                oauth_client_id: client_id.map(str::to_string),
                auth_type_header: AUTH_TYPE_HEADER.into(),
            },
            rule: RuleValues {
                user_filter: UserFilter {
                    attribute: "Enabled".into(),
                    operator: "Equals".into(),
                    value: "true".into(),
                },
                attribute_mapping: tr!(
                    "Leave unchanged: PingOne's default mapping suits Haiilo.",
                    "Unverändert lassen: PingOnes Standardzuordnung passt zu Haiilo."
                )
                .into(),
                group_provisioning: tr!(
                    "Optional: choose the PingOne groups to sync to Haiilo, or leave the section as it is to sync users only.",
                    "Optional: Wählen Sie die PingOne-Gruppen, die mit Haiilo synchronisiert werden sollen, oder lassen Sie den Abschnitt, wie er ist, um nur Benutzer zu synchronisieren."
                )
                .into(),
            },
            notes,
        }
    }

    /// The *Configure Authentication* form top to bottom, in the order of Haiilo's
    /// walkthrough of the PingOne screen (the secret sits after the Auth Type Header).
    pub fn form_fields(&self) -> Vec<FormField> {
        let c = &self.connection;
        let shown = |label, value: &str| FormField {
            label,
            value: Some(value.to_string()),
            is_secret: false,
        };
        vec![
            shown("SCIM BASE URL", &c.scim_base_url),
            shown("SCIM Version", &c.scim_version),
            shown("Users Resource", &c.users_resource),
            shown("Groups Resource", &c.groups_resource),
            shown("Authentication Method", &c.authentication_method),
            shown("OAuth Token Request", &c.oauth_token_request),
            FormField {
                label: "OAuth Client ID",
                value: c.oauth_client_id.clone(),
                is_secret: false,
            },
            shown("Auth Type Header", &c.auth_type_header),
            FormField {
                label: "OAuth Client Secret",
                value: None,
                is_secret: true,
            },
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acme() -> Endpoints {
        Endpoints::from_domain("acme.haiilo.app").unwrap()
    }

    #[test]
    fn connection_values_match_the_reference_table() {
        let v = PingOneValues::new(&acme(), Some("abc"));
        let c = &v.connection;
        assert_eq!(c.scim_base_url, "https://acme.haiilo.app/api/scim/v2");
        assert_eq!(c.scim_version, "2.0");
        assert_eq!(c.users_resource, "/Users");
        assert_eq!(c.groups_resource, "/Groups");
        assert_eq!(c.authentication_method, "OAuth 2 Client Credentials");
        assert_eq!(
            c.oauth_token_request,
            "https://acme.haiilo.app/api/oauth/token"
        );
        assert_eq!(c.oauth_client_id.as_deref(), Some("abc"));
        assert_eq!(c.auth_type_header, "Bearer");
    }

    #[test]
    fn the_secret_advice_agrees_with_the_apps_copy_secret_button() {
        let v = PingOneValues::new(&acme(), None);
        let advice = v
            .notes
            .iter()
            .find(|n| n.contains("OAuth Client Secret"))
            .unwrap();
        // Phase 2 shows this next to a *Copy secret* button: it must not say the secret
        // cannot be had there.
        assert!(!advice.contains("not shown here"), "{advice}");
        assert!(advice.contains("Copy secret"), "{advice}");
        assert!(advice.contains("cleared"), "{advice}");
    }

    #[test]
    fn rule_is_enabled_equals_true() {
        let v = PingOneValues::new(&acme(), None);
        assert_eq!(
            v.rule.user_filter,
            UserFilter {
                attribute: "Enabled".into(),
                operator: "Equals".into(),
                value: "true".into()
            }
        );
    }

    #[test]
    fn form_fields_follow_pingone_order_and_hide_the_secret() {
        let fields = PingOneValues::new(&acme(), Some("abc")).form_fields();
        let labels: Vec<_> = fields.iter().map(|f| f.label).collect();
        assert_eq!(
            labels,
            [
                "SCIM BASE URL",
                "SCIM Version",
                "Users Resource",
                "Groups Resource",
                "Authentication Method",
                "OAuth Token Request",
                "OAuth Client ID",
                "Auth Type Header",
                "OAuth Client Secret"
            ]
        );
        let secret = fields.last().unwrap();
        assert!(secret.is_secret && secret.value.is_none());
    }

    #[test]
    fn the_advice_is_german_with_pingones_labels_kept_english() {
        let values = crate::lang::sync_scope(crate::lang::Lang::De, || {
            PingOneValues::new(&acme(), Some("abc"))
        });
        assert!(values.notes.iter().any(|n| n.contains("„SCIM BASE URL“")));
        for text in values.notes.iter().chain([
            &values.rule.attribute_mapping,
            &values.rule.group_provisioning,
        ]) {
            let english = crate::lang::english_words(text);
            assert!(english.is_empty(), "English {english:?} in: {text}");
        }
        // The values PingOne's form takes stay exactly PingOne's.
        assert_eq!(
            values.connection.authentication_method,
            "OAuth 2 Client Credentials"
        );
        assert_eq!(values.connection.auth_type_header, "Bearer");
    }

    #[test]
    fn notes_carry_normalisation_first_then_advice() {
        let e = Endpoints::from_domain("http://acme.haiilo.app/api/scim/v2/Users").unwrap();
        let v = PingOneValues::new(&e, None);
        assert!(v.notes[0].contains("https://"));
        assert!(v.notes.iter().any(|n| n.contains("Unique User Identifier")));
    }
}
