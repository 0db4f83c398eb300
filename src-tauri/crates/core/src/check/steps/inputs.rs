//! Rung 1, `inputs`: the values themselves, before anything is sent. Mistakes here are
//! cheaper to name than to diagnose from a server's answer, and a secret must not travel
//! over plain http to another computer at all.

use crate::check::context::Context;
use crate::check::outcome::StepOutcome;
use crate::endpoints::{SCIM_PATH, TOKEN_PATH};
use crate::findings::{Finding, FindingCode, Severity};
use crate::proxy::is_loopback_host;
use crate::reach::out_of_pingone_reach;
use crate::{tr, trf};
use url::Url;

pub(super) use crate::pasted::is_invisible;

pub(super) fn run(ctx: &Context) -> StepOutcome {
    let endpoints = &ctx.target.endpoints;
    let mut outcome = StepOutcome::pass(tr!(
        "The values look right.",
        "Die Werte sehen richtig aus."
    ))
    .fact("SCIM BASE URL", &endpoints.scim_base_url)
    .fact("OAuth Token Request", &endpoints.token_url)
    .fact("OAuth Client ID", &ctx.target.client_id);
    for note in &endpoints.notes {
        outcome.add_fact(tr!("Adjusted", "Angepasst"), note);
    }

    let scim = check_url(
        &mut outcome,
        "SCIM BASE URL",
        &endpoints.scim_base_url,
        SCIM_PATH,
    );
    let token = check_url(
        &mut outcome,
        "OAuth Token Request URL",
        &endpoints.token_url,
        TOKEN_PATH,
    );
    if let (Some(scim), Some(token)) = (scim, token) {
        if scim.host_str() != token.host_str()
            || scim.port_or_known_default() != token.port_or_known_default()
        {
            outcome.add_finding(
                Finding::new(
                    FindingCode::TokenHostDiffers,
                    {
                        let (token, scim) = (authority(&token), authority(&scim));
                        trf!(
                            "The token URL is on {token} but the SCIM BASE URL is on {scim}.",
                            "Die Token-URL liegt auf {token}, die „SCIM BASE URL“ aber auf {scim}."
                        )
                    },
                    tr!(
                        "On Haiilo both live on the same domain: https://<your-haiilo-domain>/api/scim/v2 and \
                         https://<your-haiilo-domain>/api/oauth/token. Unless your installation really splits them \
                         (ask whoever runs it), use the same domain for both in PingOne.",
                        "Bei Haiilo liegen beide auf derselben Domain: https://<ihre-haiilo-domain>/api/scim/v2 und \
                         https://<ihre-haiilo-domain>/api/oauth/token. Verwenden Sie in PingOne für beide dieselbe \
                         Domain, es sei denn, Ihre Installation trennt sie wirklich (fragen Sie, wer sie betreibt)."
                    ),
                )
                .warn(),
            );
        }
    }
    check_client_id(&mut outcome, &ctx.target.client_id);
    check_secret(&mut outcome, ctx.secret.expose());
    let unreachable = check_reach(&mut outcome, ctx);

    match outcome.findings.len() {
        0 => {}
        1 => outcome.summary = outcome.findings[0].summary.clone(),
        n => {
            outcome.summary = trf!(
                "{n} of the values need a look.",
                "{n} der Werte sollten Sie sich ansehen."
            )
        }
    }
    // Out of PingOne's reach, yet this computer may reach it: the rest of the check still
    // tells whether the tenant itself works.
    let only_reach_failed = unreachable
        && outcome
            .findings
            .iter()
            .filter(|f| f.severity >= Severity::Error)
            .all(|f| f.code == FindingCode::UnreachableFromPingone);
    if only_reach_failed {
        outcome.keep_going()
    } else {
        outcome
    }
}

/// PingOne calls from its cloud: a target it cannot reach is never ready for it, except the
/// practice tenant, which is meant to stay on this computer. `true` when a finding was added.
fn check_reach(outcome: &mut StepOutcome, ctx: &Context) -> bool {
    let endpoints = &ctx.target.endpoints;
    let already_refused = outcome
        .findings
        .iter()
        .any(|f| matches!(f.code, FindingCode::UrlInvalid | FindingCode::InsecureHttp));
    if already_refused {
        return false;
    }
    let Some(why) = out_of_pingone_reach(&endpoints.scim_base_url)
        .or_else(|| out_of_pingone_reach(&endpoints.token_url))
    else {
        return false;
    };
    // Only the real PingOne calls from its cloud: the local stand-in runs on this computer
    // and reaches what this computer reaches.
    if ctx
        .options
        .pingone
        .as_ref()
        .is_some_and(|p| p.is_local_stand_in())
    {
        outcome.add_fact(
            tr!("PingOne stand-in", "PingOne-Nachbildung"),
            trf!(
                "{why}: the PingOne access points at a PingOne stand-in on this computer, which can reach it",
                "{why}: Der PingOne-Zugang zeigt auf eine PingOne-Nachbildung auf diesem Computer, die es erreicht"
            ),
        );
        return false;
    }
    if ctx.options.practice_target {
        outcome.add_fact(
            tr!("Practice tenant", "Übungs-Tenant"),
            trf!(
                "{why}: PingOne cannot reach it, as expected for practice; the check runs from this computer",
                "{why}: PingOne erreicht es nicht, wie zum Üben vorgesehen; der Verbindungstest läuft von diesem Computer aus"
            ),
        );
        return false;
    }
    outcome.add_finding(Finding::new(
        FindingCode::UnreachableFromPingone,
        trf!(
            "PingOne cannot reach these addresses: {why}.",
            "PingOne kann diese Adressen nicht erreichen: {why}."
        ),
        tr!(
            "PingOne calls Haiilo from its own cloud on the internet. Use the public https address of your Haiilo \
             tenant (for example https://acme.haiilo.app); the rest of this check still tests the server you \
             entered from this computer.",
            "PingOne ruft Haiilo aus seiner eigenen Cloud im Internet auf. Verwenden Sie die öffentliche \
             https-Adresse Ihres Haiilo-Tenants (zum Beispiel https://acme.haiilo.app); der übrige \
             Verbindungstest prüft den eingegebenen Server trotzdem von diesem Computer aus."
        ),
    ));
    true
}

fn authority(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_string(),
        _ => url.as_str().to_string(),
    }
}

/// Scheme, host and path of one URL; `None` when it cannot be used at all.
fn check_url(outcome: &mut StepOutcome, field: &str, text: &str, expected: &str) -> Option<Url> {
    let url = match Url::parse(text) {
        Ok(url) if url.host_str().is_some_and(|h| !h.is_empty()) => url,
        Ok(_) | Err(_) => {
            outcome.add_finding(Finding::new(
                FindingCode::UrlInvalid,
                trf!(
                    "The {field} '{text}' is not a complete web address.",
                    "Die „{field}“ „{text}“ ist keine vollständige Webadresse."
                ),
                trf!(
                    "Enter the full address starting with https://, for example https://acme.haiilo.app{expected}.",
                    "Geben Sie die vollständige Adresse mit https:// ein, zum Beispiel https://acme.haiilo.app{expected}."
                ),
            ));
            return None;
        }
    };
    let host = url.host_str().unwrap_or_default();
    match url.scheme() {
        "https" => {}
        "http" if is_loopback_host(host) => {
            outcome.add_fact(
                tr!("Plain http", "Unverschlüsseltes http"),
                trf!(
                    "{field}: allowed for a test server on this computer",
                    "„{field}“: erlaubt für einen Testserver auf diesem Computer"
                ),
            );
        }
        "http" => {
            outcome.add_finding(
                Finding::new(
                    FindingCode::InsecureHttp,
                    trf!(
                        "The {field} uses plain http:// to {host}.",
                        "Die „{field}“ verwendet unverschlüsseltes http:// zu {host}."
                    ),
                    tr!(
                        "Use https://. Over plain http the Client Secret, the access token and every user's data \
                         would cross the network unencrypted, so the check does not send them; PingOne needs \
                         https too.",
                        "Verwenden Sie https://. Über unverschlüsseltes http gingen das „Client Secret“, das \
                         Zugriffstoken und die Daten aller Benutzer unverschlüsselt durchs Netz, daher sendet der \
                         Verbindungstest sie nicht; auch PingOne braucht https."
                    ),
                )
                .with_detail(tr!(
                    "Plain http is only accepted for a test server on this computer (127.0.0.1, localhost).",
                    "Unverschlüsseltes http wird nur für einen Testserver auf diesem Computer akzeptiert (127.0.0.1, localhost)."
                )),
            );
            return None;
        }
        other => {
            outcome.add_finding(Finding::new(
                FindingCode::UrlInvalid,
                trf!(
                    "The {field} starts with {other}://, which is not a web address Haiilo uses.",
                    "Die „{field}“ beginnt mit {other}://; solche Adressen verwendet Haiilo nicht."
                ),
                trf!(
                    "Enter the address starting with https://, for example https://acme.haiilo.app{expected}.",
                    "Geben Sie die Adresse mit https:// ein, zum Beispiel https://acme.haiilo.app{expected}."
                ),
            ));
            return None;
        }
    }
    let path = url.path();
    let trimmed = path.trim_end_matches('/');
    let problem = if url.query().is_some() || url.fragment().is_some() {
        Some(
            tr!(
                "has a ? or # part, which PingOne's field must not contain",
                "hat einen Teil mit ? oder #, den das Feld in PingOne nicht enthalten darf"
            )
            .to_string(),
        )
    } else if path.contains("//") {
        Some(
            tr!(
                "contains // (a slash too many)",
                "enthält // (einen Schrägstrich zu viel)"
            )
            .to_string(),
        )
    } else if path != trimmed && !trimmed.is_empty() {
        Some(
            tr!(
                "ends with a slash, so PingOne would request //Users",
                "endet mit einem Schrägstrich, daher würde PingOne //Users anfragen"
            )
            .to_string(),
        )
    } else if expected == SCIM_PATH && (trimmed.ends_with("/Users") || trimmed.ends_with("/Groups"))
    {
        Some(
            tr!(
                "ends with a resource (/Users or /Groups), which PingOne adds by itself",
                "endet mit einer Ressource (/Users oder /Groups), die PingOne selbst anhängt"
            )
            .to_string(),
        )
    } else if trimmed != expected {
        let shown = if trimmed.is_empty() { "/" } else { trimmed };
        Some(trf!(
            "has the path '{shown}' where Haiilo uses {expected}",
            "hat den Pfad „{shown}“, wo Haiilo {expected} verwendet"
        ))
    } else {
        None
    };
    if let Some(problem) = problem {
        outcome.add_finding(
            Finding::new(
                FindingCode::UnexpectedPath,
                trf!("The {field} {problem}.", "Die „{field}“ {problem}."),
                trf!(
                    "On a Haiilo tenant this is https://<your-haiilo-domain>{expected} exactly. Keep a different \
                     path only if your installation is self-hosted or behind a gateway that really serves it there.",
                    "Bei einem Haiilo-Tenant ist das genau https://<ihre-haiilo-domain>{expected}. Behalten Sie einen \
                     anderen Pfad nur, wenn Ihre Installation selbst betrieben wird oder hinter einem Gateway liegt, \
                     das sie wirklich dort bereitstellt."
                ),
            )
            .warn(),
        );
    }
    Some(url)
}

fn check_client_id(outcome: &mut StepOutcome, client_id: &str) {
    let problem = if client_id.is_empty() {
        Some(tr!("is empty", "ist leer"))
    } else if client_id.chars().any(char::is_whitespace) {
        Some(tr!(
            "contains a space or line break",
            "enthält ein Leerzeichen oder einen Zeilenumbruch"
        ))
    } else if client_id.chars().any(is_invisible) {
        Some(tr!(
            "contains an invisible character",
            "enthält ein unsichtbares Zeichen"
        ))
    } else {
        None
    };
    if let Some(problem) = problem {
        outcome.add_finding(Finding::new(
            FindingCode::ClientIdMalformed,
            trf!("The Client ID {problem}.", "Die „Client ID“ {problem}."),
            tr!(
                "Copy the Client ID again from the API clients tab of the SCIM user directory in Haiilo \
                 (Administration › User directories), using the copy button rather than selecting the text, and \
                 paste it into an empty field.",
                "Kopieren Sie die „Client ID“ erneut aus dem Reiter „API-Clients“ des SCIM-Benutzerverzeichnisses \
                 in Haiilo („Administration › Benutzerverzeichnisse“), mit der Kopierschaltfläche statt durch \
                 Markieren des Texts, und fügen Sie sie in ein leeres Feld ein."
            ),
        ));
    }
}

/// The secret itself is never shown: only whether it starts or ends with white space.
fn check_secret(outcome: &mut StepOutcome, secret: &str) {
    if let Some(place) = crate::pasted::stray_around(secret) {
        outcome.add_finding(
            secret_whitespace(trf!(
                "The Client Secret has white space or an invisible character {place}.",
                "Das „Client Secret“ hat {place} Leerraum oder ein unsichtbares Zeichen."
            ))
            .warn(),
        );
    }
}

/// The one finding for a secret with white space around it, whichever step sees it: the
/// space is in the copy this app holds, and may be in PingOne's too.
pub(super) fn secret_whitespace(summary: String) -> Finding {
    Finding::new(
        FindingCode::SecretWhitespace,
        summary,
        tr!(
            "Secrets never have spaces around them: this is almost always a copy-paste leftover. In this app, \
             Phase 1 › Client Secret › Replace, and paste the secret without anything before or after it. In \
             PingOne, paste it the same way into the connection's OAuth Client Secret field, then test again.",
            "Secrets haben nie Leerzeichen um sich herum: Das ist fast immer ein Rest vom Kopieren. Wählen Sie \
             in dieser App „Phase 1 › Client Secret › Ersetzen“ und fügen Sie das Secret ohne etwas davor oder \
             danach ein. Fügen Sie es in PingOne ebenso in das Feld „OAuth Client Secret“ der Verbindung ein \
             und testen Sie dann erneut."
        ),
    )
}
