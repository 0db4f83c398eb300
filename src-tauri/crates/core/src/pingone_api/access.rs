//! PingOne access for one setup: which PingOne (region or explicit URLs), which environment,
//! and which worker application. The worker app's secret is not here: it lives in the
//! keychain and travels as a [`crate::secret::WorkerSecret`].
//!
//! Hosts follow PingOne's "Working with PingOne APIs" and "IP address and domain reference"
//! pages: `https://auth.pingone.<tld>/<environmentId>/as/token` and
//! `https://api.pingone.<tld>/v1`.

use super::error::AccessError;
use crate::lang::Lang;
use crate::proxy::is_loopback_host;
use crate::{tr, trf};
use serde::{Deserialize, Serialize};
use url::Url;

/// A PingOne region, serialised as the top-level domain PingOne uses for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Region {
    #[serde(rename = "com")]
    NorthAmerica,
    #[serde(rename = "eu")]
    Europe,
    #[serde(rename = "ca")]
    Canada,
    #[serde(rename = "com.au")]
    Australia,
    #[serde(rename = "sg")]
    Singapore,
    /// PingOne's legacy Asia-Pacific region (existing customers only).
    #[serde(rename = "asia")]
    AsiaPacific,
}

impl Region {
    pub const ALL: [Region; 6] = [
        Region::NorthAmerica,
        Region::Europe,
        Region::Canada,
        Region::Australia,
        Region::Singapore,
        Region::AsiaPacific,
    ];

    /// The domain suffix: `pingone.<tld>`.
    pub fn tld(self) -> &'static str {
        match self {
            Region::NorthAmerica => "com",
            Region::Europe => "eu",
            Region::Canada => "ca",
            Region::Australia => "com.au",
            Region::Singapore => "sg",
            Region::AsiaPacific => "asia",
        }
    }

    /// The region's name as PingOne's pages give it.
    pub fn label(self) -> &'static str {
        match self {
            Region::NorthAmerica => "North America",
            Region::Europe => "Europe",
            Region::Canada => "Canada",
            Region::Australia => "Australia",
            Region::Singapore => "Singapore",
            Region::AsiaPacific => "Asia-Pacific",
        }
    }

    /// The region's name in the current language (`Europe` / `Europa`), for messages;
    /// [`Region::label`] stays English, since it is also accepted as input.
    pub fn name(self) -> &'static str {
        match (self, crate::lang::current()) {
            (region, Lang::En) => region.label(),
            (Region::NorthAmerica, Lang::De) => "Nordamerika",
            (Region::Europe, Lang::De) => "Europa",
            (Region::Canada, Lang::De) => "Kanada",
            (Region::Australia, Lang::De) => "Australien",
            (Region::Singapore, Lang::De) => "Singapur",
            (Region::AsiaPacific, Lang::De) => "Asien-Pazifik",
        }
    }

    /// Accepts the domain (`eu`, `.eu`, `pingone.eu`, `com.au`) or the name (`Europe`), in
    /// any case.
    pub fn parse(input: &str) -> Result<Self, AccessError> {
        let text = input.trim().to_ascii_lowercase();
        let text = text.trim_start_matches('.');
        let text = text.strip_prefix("pingone.").unwrap_or(text);
        Region::ALL
            .into_iter()
            .find(|r| r.tld() == text || r.label().to_ascii_lowercase() == text)
            .ok_or_else(|| AccessError::UnknownRegion {
                value: input.trim().to_string(),
            })
    }

    /// The region a PingOne host name belongs to: `console.pingone.eu` → Europe.
    pub fn of_host(host: &str) -> Option<Self> {
        let host = host.to_ascii_lowercase();
        // Longest suffix first, so `pingone.com.au` is not read as `pingone.com`.
        let mut regions = Region::ALL;
        regions.sort_by_key(|r| std::cmp::Reverse(r.tld().len()));
        regions.into_iter().find(|r| {
            let suffix = format!("pingone.{}", r.tld());
            host == suffix || host.ends_with(&format!(".{suffix}"))
        })
    }
}

/// PingOne access as saved with a setup (no secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PingOneAccess {
    pub region: Region,
    /// Lower-case UUID.
    pub environment_id: String,
    pub worker_client_id: String,
    /// Replaces `https://auth.pingone.<tld>` (tests, and PingOne's other clouds).
    #[serde(default)]
    pub auth_url: Option<String>,
    /// Replaces `https://api.pingone.<tld>/v1`.
    #[serde(default)]
    pub api_url: Option<String>,
}

/// What the admin typed, before checking.
#[derive(Debug, Clone, Default)]
pub struct AccessInput<'a> {
    pub region: &'a str,
    pub environment_id: &'a str,
    pub worker_client_id: &'a str,
    pub auth_url: Option<&'a str>,
    pub api_url: Option<&'a str>,
}

/// Checked access plus one short sentence per change we made to the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ParsedAccess {
    pub access: PingOneAccess,
    pub notes: Vec<String>,
}

/// An environment ID taken from what the admin pasted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvironmentIdInput {
    pub id: String,
    pub note: Option<String>,
    /// The region the pasted console address belongs to, when it was one.
    pub region_hint: Option<Region>,
}

const AUTH_EXAMPLE: &str = "https://auth.pingone.eu";
const API_EXAMPLE: &str = "https://api.pingone.eu/v1";

/// `8-4-4-4-12` hexadecimal digits (RFC 9562's text form), in any case.
fn is_uuid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// Accepts a bare environment ID or a PingOne console/app address that contains one:
/// `https://console.pingone.eu/?env=<uuid>#/…` (the `env` parameter wins) or
/// `https://apps.pingone.com/<uuid>/myapps/` (the first UUID in the path).
pub fn parse_environment_id(input: &str) -> Result<EnvironmentIdInput, AccessError> {
    let text: String = input
        .trim()
        .chars()
        .filter(|c| !matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'))
        .collect();
    if text.is_empty() {
        return Err(AccessError::EnvironmentIdEmpty);
    }
    if is_uuid(&text) {
        return Ok(EnvironmentIdInput {
            id: text.to_ascii_lowercase(),
            note: None,
            region_hint: None,
        });
    }
    let invalid = || AccessError::EnvironmentIdInvalid {
        value: text.chars().take(80).collect(),
    };
    let url = Url::parse(&text)
        .ok()
        .filter(|u| matches!(u.scheme(), "https" | "http"))
        .ok_or_else(invalid)?;
    let from_parameter = |pairs: &str| {
        form_urlencoded::parse(pairs.as_bytes())
            .find(|(k, v)| k == "env" && is_uuid(v))
            .map(|(_, v)| v.into_owned())
    };
    // The console keeps the environment in `?env=` and repeats it in the `#/…?env=` route.
    let fragment_query = url
        .fragment()
        .and_then(|f| f.split_once('?'))
        .map(|(_, q)| q);
    let id = url
        .query()
        .and_then(from_parameter)
        .or_else(|| fragment_query.and_then(from_parameter))
        .or_else(|| {
            url.path_segments()
                .and_then(|mut segments| segments.find(|s| is_uuid(s)).map(str::to_string))
        })
        .ok_or_else(invalid)?
        .to_ascii_lowercase();
    let region_hint = url.host_str().and_then(Region::of_host);
    Ok(EnvironmentIdInput {
        note: Some(trf!(
            "Took the environment ID {id} from the PingOne address you pasted.",
            "Die Umgebungs-ID {id} wurde aus der eingefügten PingOne-Adresse übernommen."
        )),
        id,
        region_hint,
    })
}

fn parse_worker_client_id(input: &str) -> Result<(String, Option<String>), AccessError> {
    let value = input.trim();
    if value.is_empty() {
        return Err(AccessError::WorkerClientIdEmpty);
    }
    if value.chars().any(|c| {
        c.is_whitespace()
            || c.is_control()
            || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
    }) {
        return Err(AccessError::WorkerClientIdInvalid);
    }
    let note = (value.len() != input.len()).then(|| {
        tr!(
            "Removed spaces around the worker application's Client ID.",
            "Leerzeichen um die „Client ID“ der Worker-App wurden entfernt."
        )
        .to_string()
    });
    Ok((value.to_string(), note))
}

fn auth_url_field() -> &'static str {
    tr!("PingOne auth URL", "PingOne-Auth-URL")
}

/// Checks an explicit base URL: https (http only to loopback), no credentials, no query or
/// fragment; returned without a trailing slash.
fn parse_base_url(
    field: &'static str,
    example: &'static str,
    input: &str,
) -> Result<Url, AccessError> {
    let text = input.trim();
    let url = Url::parse(text).map_err(|e| AccessError::InvalidUrl {
        field,
        // The url crate's reason is English: German quotes it as quoted server text.
        reason: {
            let reason = e.to_string();
            trf!("{reason}", "„{reason}“")
        },
        example,
    })?;
    let host = url.host_str().ok_or_else(|| AccessError::InvalidUrl {
        field,
        reason: tr!("it has no host", "sie hat keinen Host").into(),
        example,
    })?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback_host(host) => {}
        "http" => return Err(AccessError::InsecureHttp { field }),
        other => {
            return Err(AccessError::InvalidUrl {
                field,
                reason: trf!(
                    "{other}:// is not a web address",
                    "{other}:// ist keine Webadresse"
                ),
                example,
            })
        }
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(AccessError::CredentialsInUrl { field });
    }
    if url.query().is_some() {
        return Err(AccessError::UnexpectedUrlPart {
            field,
            part: tr!("a query string (?…)", "einen Query-String (?…)"),
            example,
        });
    }
    if url.fragment().is_some() {
        return Err(AccessError::UnexpectedUrlPart {
            field,
            part: tr!("a fragment (#…)", "ein Fragment (#…)"),
            example,
        });
    }
    Ok(url)
}

fn without_trailing_slash(url: &Url) -> String {
    url.as_str().trim_end_matches('/').to_string()
}

impl PingOneAccess {
    /// Checks and normalises what the admin typed. The notes say what was changed.
    pub fn parse(input: &AccessInput<'_>) -> Result<ParsedAccess, AccessError> {
        let mut notes = Vec::new();
        let environment = parse_environment_id(input.environment_id)?;
        let region = match (input.region.trim().is_empty(), environment.region_hint) {
            (true, Some(hint)) => {
                let (name, tld) = (hint.name(), hint.tld());
                notes.push(trf!(
                    "Chose the region {name} ({tld}) from the console address you pasted.",
                    "Die Region {name} ({tld}) wurde aus der eingefügten Konsolenadresse gewählt."
                ));
                hint
            }
            _ => Region::parse(input.region)?,
        };
        if let Some(hint) = environment.region_hint.filter(|h| *h != region) {
            let (pasted, pasted_tld) = (hint.name(), hint.tld());
            let (chosen, chosen_tld) = (region.name(), region.tld());
            notes.push(trf!(
                "The console address you pasted is in the region {pasted} ({pasted_tld}), but the region chosen is {chosen} ({chosen_tld}). An environment exists in one region only: check which is right.",
                "Die eingefügte Konsolenadresse liegt in der Region {pasted} ({pasted_tld}), gewählt ist aber {chosen} ({chosen_tld}). Eine Umgebung gibt es nur in einer Region: Prüfen Sie, welche stimmt."
            ));
        }
        notes.extend(environment.note);
        let (worker_client_id, client_note) = parse_worker_client_id(input.worker_client_id)?;
        notes.extend(client_note);

        let auth_url = match input.auth_url.filter(|u| !u.trim().is_empty()) {
            None => None,
            Some(text) => {
                let mut url = parse_base_url(auth_url_field(), AUTH_EXAMPLE, text)?;
                // A pasted PingOne address of this environment (the token endpoint, the
                // issuer `…/<env>/as`): keep only what comes before the environment ID.
                let segments: Vec<String> = url
                    .path_segments()
                    .map(|s| s.map(str::to_string).collect())
                    .unwrap_or_default();
                if let Some(at) = segments
                    .iter()
                    .position(|s| s.eq_ignore_ascii_case(&environment.id))
                {
                    url.set_path(&segments[..at].join("/"));
                    notes.push(
                        tr!(
                            "Used the part of the PingOne address you pasted before the environment ID as the PingOne auth URL (the environment ID and /as/token are added on use).",
                            "Der Teil der eingefügten PingOne-Adresse vor der Umgebungs-ID wird als PingOne-Auth-URL verwendet (Umgebungs-ID und /as/token werden bei Gebrauch angehängt)."
                        )
                        .into(),
                    );
                } else if segments.iter().any(|s| is_uuid(s)) {
                    return Err(AccessError::UnexpectedUrlPart {
                        field: auth_url_field(),
                        part: tr!(
                            "the ID of a different environment",
                            "die ID einer anderen Umgebung"
                        ),
                        example: AUTH_EXAMPLE,
                    });
                }
                Some(without_trailing_slash(&url))
            }
        };
        let api_url = match input.api_url.filter(|u| !u.trim().is_empty()) {
            None => None,
            Some(text) => {
                let mut url =
                    parse_base_url(tr!("PingOne API URL", "PingOne-API-URL"), API_EXAMPLE, text)?;
                if url.path() == "/" || url.path().is_empty() {
                    url.set_path("/v1");
                    notes.push(
                        tr!(
                            "Added /v1 to the PingOne API URL: PingOne's Platform API lives under /v1.",
                            "/v1 wurde an die PingOne-API-URL angehängt: PingOnes Platform API liegt unter /v1."
                        )
                        .into(),
                    );
                }
                Some(without_trailing_slash(&url))
            }
        };
        Ok(ParsedAccess {
            access: PingOneAccess {
                region,
                environment_id: environment.id,
                worker_client_id,
                auth_url,
                api_url,
            },
            notes,
        })
    }

    /// `https://auth.pingone.<tld>` or the override.
    pub fn auth_base(&self) -> String {
        self.auth_url
            .clone()
            .unwrap_or_else(|| format!("https://auth.pingone.{}", self.region.tld()))
    }

    /// The worker app's token endpoint: `<auth base>/<environmentId>/as/token`.
    pub fn token_url(&self) -> String {
        format!("{}/{}/as/token", self.auth_base(), self.environment_id)
    }

    /// `https://api.pingone.<tld>/v1` or the override.
    pub fn api_base(&self) -> String {
        self.api_url
            .clone()
            .unwrap_or_else(|| format!("https://api.pingone.{}/v1", self.region.tld()))
    }

    /// `<api base>/environments/<environmentId><path>`; `path` starts with `/`.
    pub fn environment_url(&self, path: &str) -> String {
        format!(
            "{}/environments/{}{path}",
            self.api_base(),
            self.environment_id
        )
    }

    /// The console address of this environment, for "open in PingOne" links.
    pub fn console_url(&self) -> String {
        format!(
            "https://console.pingone.{}/?env={}",
            self.region.tld(),
            self.environment_id
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pingone_api::error::AccessErrorCode;

    const ENV: &str = "9e3f4a52-1c7b-4f0e-8d2a-5b6c7d8e9f01";

    fn input<'a>(region: &'a str, env: &'a str) -> AccessInput<'a> {
        AccessInput {
            region,
            environment_id: env,
            worker_client_id: "c0ffee00-1111-2222-3333-444455556666",
            auth_url: None,
            api_url: None,
        }
    }

    #[test]
    fn uuids_are_recognised() {
        assert!(is_uuid(ENV));
        assert!(!is_uuid("9e3f4a52-1c7b-4f0e-8d2a-5b6c7d8e9f0"));
    }

    #[test]
    fn regions_parse_from_domain_and_name() {
        assert_eq!(Region::parse("eu").unwrap(), Region::Europe);
        assert_eq!(Region::parse(" .COM.AU ").unwrap(), Region::Australia);
        assert_eq!(Region::parse("pingone.sg").unwrap(), Region::Singapore);
        assert_eq!(Region::parse("Asia-Pacific").unwrap(), Region::AsiaPacific);
        assert_eq!(
            Region::parse("north america").unwrap(),
            Region::NorthAmerica
        );
        let e = Region::parse("de").unwrap_err();
        assert_eq!(e.code(), AccessErrorCode::UnknownRegion);
        assert!(e.to_string().contains("Europe (eu)"));
    }

    #[test]
    fn regions_serialise_as_their_domain() {
        let json = serde_json::to_string(&Region::ALL).unwrap();
        assert_eq!(json, r#"["com","eu","ca","com.au","sg","asia"]"#);
        assert_eq!(
            Region::of_host("console.pingone.com.au"),
            Some(Region::Australia)
        );
        assert_eq!(
            Region::of_host("apps.pingone.com"),
            Some(Region::NorthAmerica)
        );
        assert_eq!(Region::of_host("pingone.example.com"), None);
    }

    #[test]
    fn urls_are_derived_from_the_region() {
        let parsed = PingOneAccess::parse(&input("eu", ENV)).unwrap();
        let a = parsed.access;
        assert_eq!(
            a.token_url(),
            format!("https://auth.pingone.eu/{ENV}/as/token")
        );
        assert_eq!(a.api_base(), "https://api.pingone.eu/v1");
        assert_eq!(
            a.environment_url("/propagation/stores"),
            format!("https://api.pingone.eu/v1/environments/{ENV}/propagation/stores")
        );
        let au = PingOneAccess::parse(&input("com.au", ENV)).unwrap().access;
        assert_eq!(au.api_base(), "https://api.pingone.com.au/v1");
        assert!(parsed.notes.is_empty());
    }

    #[test]
    fn environment_id_is_taken_from_a_console_url() {
        let url = format!("https://console.pingone.eu/?env={ENV}#/home?nav=home&env={ENV}");
        let parsed = parse_environment_id(&url).unwrap();
        assert_eq!(parsed.id, ENV);
        assert_eq!(parsed.region_hint, Some(Region::Europe));
        assert!(parsed.note.unwrap().contains(ENV));

        let apps = format!("https://apps.pingone.com/{}/myapps/", ENV.to_uppercase());
        let parsed = parse_environment_id(&apps).unwrap();
        assert_eq!(parsed.id, ENV);
        assert_eq!(parsed.region_hint, Some(Region::NorthAmerica));
    }

    #[test]
    fn region_comes_from_the_pasted_address_when_none_was_chosen() {
        let url = format!("https://console.pingone.ca/?env={ENV}");
        let parsed = PingOneAccess::parse(&input("", &url)).unwrap();
        assert_eq!(parsed.access.region, Region::Canada);
        assert!(parsed.notes.iter().any(|n| n.contains("Canada")));

        let mismatch = PingOneAccess::parse(&input("eu", &url)).unwrap();
        assert_eq!(mismatch.access.region, Region::Europe);
        assert!(mismatch.notes.iter().any(|n| n.contains("one region only")));
    }

    #[test]
    fn bad_environment_ids_say_what_an_id_looks_like() {
        assert_eq!(
            parse_environment_id("  ").unwrap_err().code(),
            AccessErrorCode::EnvironmentIdEmpty
        );
        for bad in [
            "my-environment",
            "https://console.pingone.eu/#/home",
            "ftp://x/9e3f4a52-1c7b-4f0e-8d2a-5b6c7d8e9f01",
        ] {
            let e = parse_environment_id(bad).unwrap_err();
            assert_eq!(e.code(), AccessErrorCode::EnvironmentIdInvalid, "{bad}");
            assert!(e.to_string().contains("UUID"));
        }
    }

    #[test]
    fn worker_client_id_is_trimmed_and_checked() {
        let mut i = input("eu", ENV);
        i.worker_client_id = "  abc  ";
        let parsed = PingOneAccess::parse(&i).unwrap();
        assert_eq!(parsed.access.worker_client_id, "abc");
        assert!(parsed.notes.iter().any(|n| n.contains("Client ID")));
        i.worker_client_id = "ab c";
        assert_eq!(
            PingOneAccess::parse(&i).unwrap_err().code(),
            AccessErrorCode::WorkerClientIdInvalid
        );
        i.worker_client_id = "";
        assert_eq!(
            PingOneAccess::parse(&i).unwrap_err().code(),
            AccessErrorCode::WorkerClientIdEmpty
        );
    }

    #[test]
    fn overrides_replace_the_derived_urls() {
        let mut i = input("eu", ENV);
        i.auth_url = Some("http://127.0.0.1:9001/");
        i.api_url = Some("http://127.0.0.1:9002/v1/");
        let a = PingOneAccess::parse(&i).unwrap().access;
        assert_eq!(
            a.token_url(),
            format!("http://127.0.0.1:9001/{ENV}/as/token")
        );
        assert_eq!(a.api_base(), "http://127.0.0.1:9002/v1");
    }

    #[test]
    fn a_pasted_token_url_and_an_api_url_without_v1_are_normalised() {
        let token = format!("https://auth.pingone.eu/{ENV}/as/token");
        let mut i = input("eu", ENV);
        i.auth_url = Some(&token);
        i.api_url = Some("https://api.pingone.eu");
        let parsed = PingOneAccess::parse(&i).unwrap();
        assert_eq!(
            parsed.access.auth_url.as_deref(),
            Some("https://auth.pingone.eu")
        );
        assert_eq!(
            parsed.access.api_url.as_deref(),
            Some("https://api.pingone.eu/v1")
        );
        assert_eq!(parsed.notes.len(), 2);
    }

    #[test]
    fn overrides_refuse_plain_http_credentials_and_queries() {
        let cases = [
            ("http://auth.example.com", AccessErrorCode::InsecureHttp),
            (
                "https://user:pw@auth.example.com",
                AccessErrorCode::CredentialsInUrl,
            ),
            (
                "https://auth.example.com/?client_secret=x",
                AccessErrorCode::UnexpectedUrlPart,
            ),
            ("auth.example.com", AccessErrorCode::InvalidUrl),
            (
                "https://auth.example.com/00000000-0000-0000-0000-000000000000/as/token",
                AccessErrorCode::UnexpectedUrlPart,
            ),
        ];
        for (url, code) in cases {
            let mut i = input("eu", ENV);
            i.auth_url = Some(url);
            assert_eq!(PingOneAccess::parse(&i).unwrap_err().code(), code, "{url}");
        }
        let mut i = input("eu", ENV);
        i.api_url = Some("http://[::1]:8080/v1");
        assert!(PingOneAccess::parse(&i).is_ok());
    }

    #[test]
    fn access_round_trips_through_json() {
        let a = PingOneAccess::parse(&input("com.au", ENV)).unwrap().access;
        let json = serde_json::to_value(&a).unwrap();
        assert_eq!(json["region"], "com.au");
        let back: PingOneAccess = serde_json::from_value(json).unwrap();
        assert_eq!(back, a);
    }
}
