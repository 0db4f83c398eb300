//! The SCIM 2.0 client side (RFC 7644): listing users and reading the protocol's messages.

use crate::diagnose::{self, Endpoint};
use crate::findings::{Evidence, Finding, FindingCode};
use crate::http::{self, HttpOptions, HttpResponse};
use crate::redact::Redactor;
use crate::secret::AccessToken;
use crate::{tr, trf};
use serde::{Deserialize, Serialize};

pub const LIST_RESPONSE_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
pub const ERROR_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
pub const SCIM_MEDIA_TYPE: &str = "application/scim+json";

/// A user as the preview shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UserSummary {
    pub id: String,
    #[serde(rename = "userName")]
    pub user_name: String,
    /// `name.formatted`, else given + family name, else `displayName`.
    pub name: Option<String>,
    pub active: Option<bool>,
}

/// One page of a ListResponse (RFC 7644 §3.4.2). Its `Debug` shows counts only: the
/// resources are the server's own text.
#[derive(Clone, PartialEq, Eq)]
pub struct ListPage {
    pub total_results: u64,
    pub start_index: Option<u64>,
    pub items_per_page: Option<u64>,
    pub schemas: Vec<String>,
    pub resources: Vec<serde_json::Value>,
}

impl std::fmt::Debug for ListPage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ListPage")
            .field("total_results", &self.total_results)
            .field("start_index", &self.start_index)
            .field("items_per_page", &self.items_per_page)
            .field("resources", &self.resources.len())
            .finish_non_exhaustive()
    }
}

/// A SCIM Error body (RFC 7644 §3.12). Its `Debug` shows the status only: a server may
/// quote the credentials in `scimType` and `detail`.
#[derive(Clone, PartialEq, Eq, Deserialize)]
pub struct ScimErrorBody {
    #[serde(default)]
    pub schemas: Vec<String>,
    /// A string per the RFC; some servers send a number, which we accept.
    #[serde(default, deserialize_with = "string_or_number")]
    pub status: Option<String>,
    #[serde(rename = "scimType")]
    pub scim_type: Option<String>,
    pub detail: Option<String>,
}

impl std::fmt::Debug for ScimErrorBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A status is shown only when it is the number it should be.
        let status = self
            .status
            .as_deref()
            .filter(|s| s.len() <= 3 && s.chars().all(|c| c.is_ascii_digit()));
        f.debug_struct("ScimErrorBody")
            .field("status", &status)
            .field("has_scim_type", &self.scim_type.is_some())
            .field("has_detail", &self.detail.is_some())
            .finish_non_exhaustive()
    }
}

fn string_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<serde_json::Value>::deserialize(d)? {
        Some(serde_json::Value::String(s)) => Some(s),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}

pub fn parse_scim_error(body: &[u8]) -> Option<ScimErrorBody> {
    let parsed: ScimErrorBody = serde_json::from_slice(body).ok()?;
    (parsed.schemas.iter().any(|s| s == ERROR_SCHEMA) || parsed.detail.is_some()).then_some(parsed)
}

/// Why a body is not a usable ListResponse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListParseError {
    NotJson,
    Invalid(String),
}

/// Parses a ListResponse. Only what a client cannot work without is required: a JSON
/// object with a numeric `totalResults` and, when there are results, a `Resources` array.
/// Softer deviations (schema URN, paging fields) are left to the stricter checks.
pub fn parse_list_response(body: &[u8]) -> Result<ListPage, ListParseError> {
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|_| ListParseError::NotJson)?;
    let object = value.as_object().ok_or_else(|| {
        ListParseError::Invalid(
            tr!(
                "the body is not a JSON object",
                "der Inhalt ist kein JSON-Objekt"
            )
            .into(),
        )
    })?;
    let total_results = match object.get("totalResults") {
        Some(v) => v.as_u64().ok_or_else(|| {
            ListParseError::Invalid(trf!(
                "totalResults is {v}, not a whole number",
                "totalResults ist „{v}“, keine ganze Zahl"
            ))
        })?,
        None => {
            return Err(ListParseError::Invalid(
                tr!("totalResults is missing", "totalResults fehlt").into(),
            ))
        }
    };
    let resources = match object.get("Resources") {
        Some(serde_json::Value::Array(items)) => items.clone(),
        // Absent is legal for an empty result and for count=0 (RFC 7644 §3.4.2).
        Some(serde_json::Value::Null) | None => Vec::new(),
        Some(other) => {
            let kind = json_kind(other);
            return Err(ListParseError::Invalid(trf!(
                "Resources is {kind}, not an array",
                "Resources ist {kind}, kein Array"
            )));
        }
    };
    let schemas = object
        .get("schemas")
        .and_then(|s| s.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    Ok(ListPage {
        total_results,
        start_index: object.get("startIndex").and_then(|v| v.as_u64()),
        items_per_page: object.get("itemsPerPage").and_then(|v| v.as_u64()),
        schemas,
        resources,
    })
}

fn json_kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => tr!("a boolean", "ein Wahrheitswert"),
        serde_json::Value::Number(_) => tr!("a number", "eine Zahl"),
        serde_json::Value::String(_) => tr!("a string", "eine Zeichenkette"),
        serde_json::Value::Array(_) => tr!("an array", "ein Array"),
        serde_json::Value::Object(_) => tr!("an object", "ein Objekt"),
    }
}

/// Reads the preview fields of a User resource; `None` when it has no `id` or `userName`.
pub fn user_summary(resource: &serde_json::Value) -> Option<UserSummary> {
    let text = |v: &serde_json::Value| v.as_str().map(str::to_string);
    let name = resource.get("name");
    let formatted = name.and_then(|n| n.get("formatted")).and_then(text);
    let joined = name.and_then(|n| {
        let parts: Vec<String> = ["givenName", "familyName"]
            .iter()
            .filter_map(|k| n.get(*k).and_then(text))
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    });
    Some(UserSummary {
        id: resource.get("id").and_then(text)?,
        user_name: resource.get("userName").and_then(text)?,
        name: formatted
            .or(joined)
            .or_else(|| resource.get("displayName").and_then(text)),
        active: resource.get("active").and_then(|v| v.as_bool()),
    })
}

/// A query for `GET {base}/Users`.
#[derive(Debug, Clone, Default)]
pub struct UserQuery<'a> {
    pub start_index: Option<u64>,
    pub count: Option<u64>,
    pub filter: Option<&'a str>,
}

/// `GET {base}/Users` with a bearer token; every failure becomes a finding.
pub async fn list_users(
    client: &reqwest::Client,
    options: &HttpOptions,
    scim_base_url: &str,
    token: &AccessToken,
    query: &UserQuery<'_>,
    redactor: &Redactor,
) -> Result<(ListPage, HttpResponse), Finding> {
    let url = users_url(scim_base_url, query);
    let described = format!("GET {url}");
    let response = http::send(options, || {
        client
            .get(&url)
            .header(
                reqwest::header::ACCEPT,
                "application/scim+json, application/json",
            )
            .bearer_auth(token.expose())
    })
    .await
    .map_err(|e| diagnose::transport_finding(&e, &described))?;

    let evidence = diagnose::evidence(&described, &response, redactor);
    if let Some(finding) = status_finding(&response, &evidence, scim_base_url, redactor) {
        return Err(finding);
    }
    let page = list_page(&response, &evidence)?;
    Ok((page, response))
}

/// The finding for a SCIM answer whose status already says what is wrong (a redirect, 429,
/// 5xx, 401, 403, 404 or any other non-2xx), with the server's own words when it sent a SCIM
/// Error. `None` for a 2xx answer, which the caller judges by its body.
pub fn status_finding(
    response: &HttpResponse,
    evidence: &Evidence,
    scim_base_url: &str,
    redactor: &Redactor,
) -> Option<Finding> {
    if let Some(finding) = diagnose::common_http_finding(Endpoint::Scim, response, evidence) {
        return Some(finding);
    }
    let status = response.status;
    let server_says = parse_scim_error(&response.body)
        .and_then(|e| e.detail)
        .map(|d| {
            let said = redactor.server_text(&d, crate::redact::SERVER_TEXT_CHARS);
            trf!("Haiilo says: {said}", "Haiilo meldet: „{said}“")
        })
        .unwrap_or_default();
    let finding = match status {
        401 => Finding::new(
            FindingCode::ScimUnauthorized,
            tr!(
                "The SCIM API did not accept the access token (HTTP 401).",
                "Die SCIM-API hat das Zugriffstoken nicht akzeptiert (HTTP 401)."
            ),
            tr!(
                "A token was issued, but SCIM refused it. In PingOne the Auth Type Header must be Bearer. Check that \
                 the token URL and the SCIM BASE URL belong to the same Haiilo tenant, and that the API client was \
                 created in the SCIM user directory's API clients tab.",
                "Ein Token wurde ausgestellt, aber SCIM hat es abgelehnt. In PingOne muss „Auth Type Header“ \
                 „Bearer“ sein. Prüfen Sie, ob die Token-URL und die „SCIM BASE URL“ zum selben Haiilo-Tenant \
                 gehören und ob der API-Client im Reiter „API-Clients“ des SCIM-Benutzerverzeichnisses erstellt wurde."
            ),
        ),
        403 => Finding::new(
            FindingCode::ScimForbidden,
            tr!(
                "The SCIM API refused access (HTTP 403).",
                "Die SCIM-API hat den Zugriff verweigert (HTTP 403)."
            ),
            tr!(
                "Activate the SCIM user directory in Haiilo (Administration › User directories › your directory) \
                 and make sure the API client you use was created in that directory's API clients tab.",
                "Setzen Sie das SCIM-Benutzerverzeichnis in Haiilo auf „Aktiv“ („Administration › \
                 Benutzerverzeichnisse“ › Ihr Verzeichnis) und stellen Sie sicher, dass der verwendete API-Client \
                 im Reiter „API-Clients“ dieses Verzeichnisses erstellt wurde."
            ),
        ),
        404 => Finding::new(
            FindingCode::ScimNotFound,
            trf!(
                "There is no SCIM Users endpoint at {scim_base_url}/Users (HTTP 404).",
                "Unter {scim_base_url}/Users gibt es keinen SCIM-Endpunkt für Benutzer (HTTP 404)."
            ),
            tr!(
                "The SCIM BASE URL must be https://<your-haiilo-domain>/api/scim/v2 with nothing after it (PingOne \
                 adds /Users itself). Check the domain; if you entered the URL under Advanced, correct it.",
                "Die „SCIM BASE URL“ muss https://<ihre-haiilo-domain>/api/scim/v2 sein, ohne etwas danach \
                 (PingOne hängt /Users selbst an). Prüfen Sie die Domain; haben Sie die URL unter „Erweitert“ \
                 eingegeben, korrigieren Sie sie."
            ),
        ),
        s if !(200..300).contains(&s) => Finding::new(
            FindingCode::ScimRequestFailed,
            trf!(
                "The SCIM request failed with HTTP {s}.",
                "Die SCIM-Anfrage ist mit HTTP {s} gescheitert."
            ),
            tr!(
                "The SCIM API rejected a plain request that PingOne also makes. Read the server's message \
                 below; if it does not explain the problem, contact Haiilo support with this evidence.",
                "Die SCIM-API hat eine einfache Anfrage abgelehnt, die auch PingOne stellt. Lesen Sie die \
                 Meldung des Servers unten; erklärt sie das Problem nicht, wenden Sie sich mit diesem Nachweis \
                 an den Haiilo-Support."
            ),
        ),
        _ => return None,
    };
    Some(
        finding
            .with_detail(server_says)
            .with_evidence(evidence.clone()),
    )
}

/// A 2xx answer read as a ListResponse; a body that is not one becomes a finding.
pub fn list_page(response: &HttpResponse, evidence: &Evidence) -> Result<ListPage, Finding> {
    match parse_list_response(&response.body) {
        Ok(page) => Ok(page),
        Err(ListParseError::NotJson) => {
            let what = if response.looks_like_html() {
                tr!("a web page (HTML)", "einer Webseite (HTML)")
            } else {
                tr!("something that is not JSON", "etwas, das kein JSON ist")
            };
            Err(Finding::new(
                FindingCode::ScimResponseNotJson,
                trf!(
                    "The SCIM Users endpoint answered with {what} instead of SCIM JSON.",
                    "Der SCIM-Endpunkt für Benutzer antwortete mit {what} statt mit SCIM-JSON."
                ),
                tr!(
                    "This is usually the Haiilo web app or a sign-in page, not the API. The SCIM BASE URL must be \
                     https://<your-haiilo-domain>/api/scim/v2; check the domain and any gateway in front of Haiilo.",
                    "Das ist meist die Web-App von Haiilo oder eine Anmeldeseite, nicht die API. Die „SCIM BASE \
                     URL“ muss https://<ihre-haiilo-domain>/api/scim/v2 sein; prüfen Sie die Domain und jedes \
                     Gateway vor Haiilo."
                ),
            )
            .with_evidence(evidence.clone()))
        }
        Err(ListParseError::Invalid(reason)) => Err(Finding::new(
            FindingCode::ScimInvalidListResponse,
            trf!(
                "The answer to the user list is not a valid SCIM ListResponse: {reason}.",
                "Die Antwort auf die Benutzerliste ist keine gültige SCIM-ListResponse: {reason}."
            ),
            tr!(
                "PingOne needs RFC 7644 list responses to find existing users. Check that the SCIM BASE URL points \
                 to Haiilo's /api/scim/v2; if it does, report this to Haiilo support with the evidence below.",
                "PingOne braucht Listenantworten nach RFC 7644, um vorhandene Benutzer zu finden. Prüfen Sie, ob \
                 die „SCIM BASE URL“ auf /api/scim/v2 von Haiilo zeigt; tut sie das, melden Sie es dem \
                 Haiilo-Support mit dem Nachweis unten."
            ),
        )
        .with_evidence(evidence.clone())),
    }
}

pub fn users_url(base: &str, query: &UserQuery<'_>) -> String {
    let mut params = form_urlencoded::Serializer::new(String::new());
    if let Some(filter) = query.filter {
        params.append_pair("filter", filter);
    }
    if let Some(start) = query.start_index {
        params.append_pair("startIndex", &start.to_string());
    }
    if let Some(count) = query.count {
        params.append_pair("count", &count.to_string());
    }
    let params = params.finish();
    let base = base.trim_end_matches('/');
    if params.is_empty() {
        format!("{base}/Users")
    } else {
        format!("{base}/Users?{params}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn list_response_is_parsed() {
        let body = json!({
            "schemas": [LIST_RESPONSE_SCHEMA],
            "totalResults": 2, "startIndex": 1, "itemsPerPage": 2,
            "Resources": [{"id": "1", "userName": "a"}, {"id": "2", "userName": "b"}]
        });
        let page = parse_list_response(body.to_string().as_bytes()).unwrap();
        assert_eq!(page.total_results, 2);
        assert_eq!(page.resources.len(), 2);
        assert_eq!(page.start_index, Some(1));
    }

    #[test]
    fn a_page_debugs_as_counts() {
        let page = parse_list_response(
            br#"{"totalResults":1,"Resources":[{"id":"1","userName":"s3cr3t"}]}"#,
        )
        .unwrap();
        let shown = format!("{page:?}");
        assert!(
            !shown.contains("s3cr3t") && shown.contains("resources: 1"),
            "{shown}"
        );
        let error = parse_scim_error(
            br#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"scimType":"s3cr3t","detail":"s3cr3t"}"#,
        )
        .unwrap();
        assert!(!format!("{error:?}").contains("s3cr3t"));
    }

    #[test]
    fn empty_list_without_resources_is_valid() {
        let page = parse_list_response(br#"{"totalResults":0}"#).unwrap();
        assert!(page.resources.is_empty());
    }

    #[test]
    fn broken_lists_say_what_is_wrong() {
        let reason = |body: &str| match parse_list_response(body.as_bytes()) {
            Err(ListParseError::Invalid(r)) => r,
            other => panic!("{other:?}"),
        };
        assert!(reason(r#"[1,2]"#).contains("not a JSON object"));
        assert!(reason(r#"{"Resources":[]}"#).contains("totalResults is missing"));
        assert!(reason(r#"{"totalResults":"5"}"#).contains("not a whole number"));
        assert!(reason(r#"{"totalResults":1,"Resources":{}}"#).contains("not an array"));
        assert_eq!(
            parse_list_response(b"<html>").unwrap_err(),
            ListParseError::NotJson
        );
    }

    #[test]
    fn user_summary_prefers_formatted_name() {
        let u = user_summary(&json!({"id":"1","userName":"a@x","name":{"formatted":"Ann B","givenName":"Ann"},"active":false})).unwrap();
        assert_eq!(u.name.as_deref(), Some("Ann B"));
        assert_eq!(u.active, Some(false));
        let u = user_summary(
            &json!({"id":"1","userName":"a@x","name":{"givenName":"Ann","familyName":"B"}}),
        )
        .unwrap();
        assert_eq!(u.name.as_deref(), Some("Ann B"));
        assert!(user_summary(&json!({"userName":"a"})).is_none());
    }

    #[test]
    fn scim_error_accepts_numeric_status() {
        let e = parse_scim_error(br#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":404,"detail":"no"}"#).unwrap();
        assert_eq!(e.status.as_deref(), Some("404"));
        assert!(parse_scim_error(br#"{"foo":1}"#).is_none());
    }

    #[test]
    fn users_url_encodes_the_filter() {
        let q = UserQuery {
            start_index: Some(1),
            count: Some(10),
            filter: Some(r#"username Eq "a b""#),
        };
        assert_eq!(
            users_url("https://h/api/scim/v2", &q),
            "https://h/api/scim/v2/Users?filter=username+Eq+%22a+b%22&startIndex=1&count=10"
        );
    }
}
