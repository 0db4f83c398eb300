//! Rung 1, `inputs`: the values themselves, before anything is sent. Mistakes here are
//! cheaper to name than to diagnose from a server's answer, and a secret must not travel
//! over plain http to another computer at all.

use crate::check::context::Context;
use crate::check::outcome::StepOutcome;
use crate::endpoints::{SCIM_PATH, TOKEN_PATH};
use crate::findings::{Finding, FindingCode, Severity};
use crate::proxy::is_loopback_host;
use crate::reach::out_of_pingone_reach;
use url::Url;

pub(super) use crate::pasted::is_invisible;

pub(super) fn run(ctx: &Context) -> StepOutcome {
    let endpoints = &ctx.target.endpoints;
    let mut outcome = StepOutcome::pass("The values look right.")
        .fact("SCIM BASE URL", &endpoints.scim_base_url)
        .fact("OAuth Token Request", &endpoints.token_url)
        .fact("OAuth Client ID", &ctx.target.client_id);
    for note in &endpoints.notes {
        outcome.add_fact("Adjusted", note);
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
                    format!(
                        "The token URL is on {} but the SCIM BASE URL is on {}.",
                        authority(&token),
                        authority(&scim)
                    ),
                    "On Haiilo both live on the same domain: https://<your-haiilo-domain>/api/scim/v2 and \
                     https://<your-haiilo-domain>/api/oauth/token. Unless your installation really splits them \
                     (ask whoever runs it), use the same domain for both in PingOne.",
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
        n => outcome.summary = format!("{n} of the values need a look."),
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
            "PingOne stand-in",
            format!("{why}: the PingOne access points at a PingOne stand-in on this computer, which can reach it"),
        );
        return false;
    }
    if ctx.options.practice_target {
        outcome.add_fact(
            "Practice tenant",
            format!("{why}: PingOne cannot reach it, as expected for practice; the check runs from this computer"),
        );
        return false;
    }
    outcome.add_finding(Finding::new(
        FindingCode::UnreachableFromPingone,
        format!("PingOne cannot reach these addresses: {why}."),
        "PingOne calls Haiilo from its own cloud on the internet. Use the public https address of your Haiilo \
         tenant (for example https://acme.haiilo.app); the rest of this check still tests the server you \
         entered from this computer.",
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
                format!("The {field} '{text}' is not a complete web address."),
                format!(
                    "Enter the full address starting with https://, for example https://acme.haiilo.app{expected}."
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
                "Plain http",
                format!("{field}: allowed for a test server on this computer"),
            );
        }
        "http" => {
            outcome.add_finding(
                Finding::new(
                    FindingCode::InsecureHttp,
                    format!("The {field} uses plain http:// to {host}."),
                    "Use https://. Over plain http the Client Secret, the access token and every user's data \
                     would cross the network unencrypted, so the check does not send them; PingOne needs \
                     https too.",
                )
                .with_detail("Plain http is only accepted for a test server on this computer (127.0.0.1, localhost)."),
            );
            return None;
        }
        other => {
            outcome.add_finding(Finding::new(
                FindingCode::UrlInvalid,
                format!("The {field} starts with {other}://, which is not a web address Haiilo uses."),
                format!("Enter the address starting with https://, for example https://acme.haiilo.app{expected}."),
            ));
            return None;
        }
    }
    let path = url.path();
    let trimmed = path.trim_end_matches('/');
    let problem = if url.query().is_some() || url.fragment().is_some() {
        Some("has a ? or # part, which PingOne's field must not contain".to_string())
    } else if path.contains("//") {
        Some("contains // (a slash too many)".to_string())
    } else if path != trimmed && !trimmed.is_empty() {
        Some("ends with a slash, so PingOne would request //Users".to_string())
    } else if expected == SCIM_PATH && (trimmed.ends_with("/Users") || trimmed.ends_with("/Groups"))
    {
        Some("ends with a resource (/Users or /Groups), which PingOne adds by itself".to_string())
    } else if trimmed != expected {
        Some(format!(
            "has the path '{}' where Haiilo uses {expected}",
            if trimmed.is_empty() { "/" } else { trimmed }
        ))
    } else {
        None
    };
    if let Some(problem) = problem {
        outcome.add_finding(
            Finding::new(
                FindingCode::UnexpectedPath,
                format!("The {field} {problem}."),
                format!(
                    "On a Haiilo tenant this is https://<your-haiilo-domain>{expected} exactly. Keep a different \
                     path only if your installation is self-hosted or behind a gateway that really serves it there."
                ),
            )
            .warn(),
        );
    }
    Some(url)
}

fn check_client_id(outcome: &mut StepOutcome, client_id: &str) {
    let problem = if client_id.is_empty() {
        Some("is empty")
    } else if client_id.chars().any(char::is_whitespace) {
        Some("contains a space or line break")
    } else if client_id.chars().any(is_invisible) {
        Some("contains an invisible character")
    } else {
        None
    };
    if let Some(problem) = problem {
        outcome.add_finding(Finding::new(
            FindingCode::ClientIdMalformed,
            format!("The Client ID {problem}."),
            "Copy the Client ID again from the API clients tab of the SCIM user directory in Haiilo \
             (Administration › User directories), using the copy button rather than selecting the text, and \
             paste it into an empty field.",
        ));
    }
}

/// The secret itself is never shown: only whether it starts or ends with white space.
fn check_secret(outcome: &mut StepOutcome, secret: &str) {
    if let Some(place) = crate::pasted::stray_around(secret) {
        outcome.add_finding(
            secret_whitespace(format!(
                "The Client Secret has white space or an invisible character {place}."
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
        "Secrets never have spaces around them: this is almost always a copy-paste leftover. In this app, \
         Phase 1 › Client Secret › Replace, and paste the secret without anything before or after it. In \
         PingOne, paste it the same way into the connection's OAuth Client Secret field, then test again.",
    )
}
