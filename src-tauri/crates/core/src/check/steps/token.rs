//! Rung 5, `token`: the OAuth 2 client-credentials request (RFC 6749 §4.4). Which client
//! authentication PingOne's SCIM Outbound connection uses at the token endpoint is not
//! documented, so the step tries both that RFC 6749 §2.3.1 allows: HTTP Basic
//! (client_secret_basic, what Haiilo's own integrations use) and the credentials in the
//! form body (client_secret_post), and says which Haiilo accepts. When Haiilo answers
//! `invalid_client` to both, one more attempt tells a wrong secret from a secret pasted with
//! a space around it.

use super::inputs::{is_invisible, secret_whitespace};
use crate::check::context::Context;
use crate::check::human_duration;
use crate::check::outcome::StepOutcome;
use crate::check::unix_to_rfc3339;
use crate::findings::{Finding, FindingCode};
use crate::jwt;
use crate::oauth::{ClientAuthMethod, TokenGrant};
use crate::redact::SERVER_TEXT_CHARS;
use crate::secret::ClientSecret;
use std::time::Duration;

/// A token that lives less than this forces PingOne to ask again and again during one sync
/// cycle; worth knowing, not wrong.
const SHORT_LIFETIME: Duration = Duration::from_secs(300);

/// What PingOne does here is unknown; its own test is the authority.
const PINGONE_METHOD_UNKNOWN: &str =
    "Which of the two PingOne uses is not documented: the Test connection \
     button in PingOne's connection wizard shows whether PingOne's way works.";

pub(super) async fn run(ctx: &Context) -> StepOutcome {
    let given = ctx.secret.clone();
    let first = match ctx
        .request_token(ClientAuthMethod::ClientSecretBasic, &given)
        .await
    {
        Ok((grant, response)) => {
            // Only an OAuth refusal says the method is not accepted; a timeout or a server
            // error on this second request says nothing about it.
            let accepted = match ctx
                .request_token(ClientAuthMethod::ClientSecretPost, &given)
                .await
            {
                Ok(_) => "both client_secret_basic (HTTP Basic) and client_secret_post (the form body): whichever PingOne uses works".to_string(),
                Err(refused) if refused.code == FindingCode::InvalidClient => format!(
                    "client_secret_basic only (HTTP Basic); client_secret_post (the form body) was refused. {PINGONE_METHOD_UNKNOWN}"
                ),
                Err(other) => format!(
                    "client_secret_basic (HTTP Basic); client_secret_post (the form body) could not be tested ({}). {PINGONE_METHOD_UNKNOWN}",
                    other.summary.trim_end_matches('.')
                ),
            };
            return success(
                ctx,
                grant,
                &response.rate_limit_waits,
                ClientAuthMethod::ClientSecretBasic,
                given,
                accepted,
                None,
            )
            .await;
        }
        Err(finding) if finding.code == FindingCode::InvalidClient => finding,
        Err(finding) => return StepOutcome::found(finding),
    };

    // Same secret in the form body (client_secret_post): does the server only take that?
    if let Ok((grant, response)) = ctx
        .request_token(ClientAuthMethod::ClientSecretPost, &given)
        .await
    {
        let finding = Finding::new(
            FindingCode::ClientAuthMethodMismatch,
            "Haiilo accepts the Client ID and Secret only in the form body (client_secret_post), not with HTTP Basic.",
            format!(
                "{PINGONE_METHOD_UNKNOWN} If PingOne's test fails with invalid_client, ask Haiilo support (or \
                 whoever runs the installation) to accept HTTP Basic for this API client. If the secret contains \
                 characters such as + % : or letters with accents, a new API client pair may also help: some \
                 servers decode those wrongly in HTTP Basic."
            ),
        )
        .warn()
        .with_detail("With HTTP Basic the server said invalid_client; with client_id and client_secret in the form body it issued a token.")
        .with_evidence(first.evidence.clone().map(|e| *e).unwrap_or_default());
        return success(
            ctx,
            grant,
            &response.rate_limit_waits,
            ClientAuthMethod::ClientSecretPost,
            given,
            format!("client_secret_post only (the form body); client_secret_basic (HTTP Basic) was refused with invalid_client. {PINGONE_METHOD_UNKNOWN}"),
            Some(finding),
        )
        .await;
    }

    // A secret pasted with a space or line break around it: does it work without?
    let trimmed = given
        .expose()
        .trim_matches(|c: char| c.is_whitespace() || is_invisible(c));
    if !trimmed.is_empty() && trimmed.len() != given.expose().len() {
        let trimmed = ClientSecret::new(trimmed);
        if let Ok((grant, response)) = ctx
            .request_token(ClientAuthMethod::ClientSecretBasic, &trimmed)
            .await
        {
            let finding = secret_whitespace(
                "The Client Secret works only without the white space around it.".to_string(),
            )
            .with_detail("As given, the server said invalid_client; with the white space removed it issued a token.");
            return success(
                ctx,
                grant,
                &response.rate_limit_waits,
                ClientAuthMethod::ClientSecretBasic,
                trimmed,
                "client_secret_basic (HTTP Basic), once the white space around the secret was removed".to_string(),
                Some(finding),
            )
            .await;
        }
    }
    StepOutcome::found(first)
}

/// A token was issued (perhaps only the second way): keep it for the later steps and
/// report what it looks like.
async fn success(
    ctx: &Context,
    grant: TokenGrant,
    waits: &[Duration],
    method: ClientAuthMethod,
    secret: ClientSecret,
    accepted: String,
    problem: Option<Finding>,
) -> StepOutcome {
    // Token type, scope and claims are the server's words: scrubbed and shortened first.
    let redactor = ctx.redactor();
    let server = |text: &str| redactor.server_text(text, SERVER_TEXT_CHARS);
    let token_type = server(&grant.token_type);
    let mut outcome = StepOutcome::pass(summary(&grant, &token_type))
        .fact("Token type", &token_type)
        .fact("Client authentication Haiilo accepts", accepted)
        .fact(
            "Lifetime",
            grant.expires_in.map_or_else(
                || "not stated by the server".to_string(),
                |s| human_duration(Duration::from_secs(s)),
            ),
        );
    if let Some(scope) = &grant.scope {
        outcome.add_fact("Scope", server(scope));
    }
    // A JWT names its issuer, audience and expiry: useful when a token from the wrong
    // tenant or environment is refused later. The token itself is never shown.
    match jwt::peek(grant.access_token.expose()) {
        Some(claims) => {
            outcome.add_fact(
                "Token format",
                match &claims.algorithm {
                    Some(alg) => format!("JWT, signed with {}", server(alg)),
                    None => "JWT".to_string(),
                },
            );
            if let Some(issuer) = claims.issuer {
                outcome.add_fact("JWT issuer (iss)", server(&issuer));
            }
            if let Some(audience) = claims.audience {
                outcome.add_fact("JWT audience (aud)", server(&audience));
            }
            if let Some(exp) = claims.expires_at {
                outcome.add_fact("JWT expires (exp)", unix_to_rfc3339(exp));
            }
        }
        None => outcome.add_fact("Token format", "opaque (not a JWT)"),
    }
    if !grant.token_type.eq_ignore_ascii_case("bearer") {
        outcome.add_finding(
            Finding::new(
                FindingCode::TokenTypeNotBearer,
                format!("Haiilo issued a token of type \"{token_type}\", not Bearer."),
                "PingOne's Auth Type Header is Bearer for Haiilo: SCIM requests carry the token as a \
                 Bearer token. If the SCIM steps below pass, nothing needs to change; if they fail \
                 with 401, the token URL probably belongs to another service than Haiilo's /api/oauth/token.",
            )
            .warn(),
        );
    }
    if let Some(secs) = grant
        .expires_in
        .filter(|s| Duration::from_secs(*s) < SHORT_LIFETIME)
    {
        outcome.add_finding(
            Finding::new(
                FindingCode::TokenShortLifetime,
                format!(
                    "The access token is valid for only {}.",
                    human_duration(Duration::from_secs(secs))
                ),
                "PingOne requests a new token when one runs out, so provisioning works, but every renewal is \
                 an extra request and a chance to hit rate limits during a large sync. If Haiilo lets you \
                 choose the token lifetime for the API client, a few minutes or more is comfortable.",
            )
            .warn(),
        );
    }
    outcome.note_waits(waits);
    ctx.install_token(grant, method, secret).await;
    match problem {
        Some(finding) => {
            outcome.summary = finding.summary.clone();
            outcome.add_finding(finding);
            // The token obtained the other way lets the SCIM steps still run.
            outcome.keep_going()
        }
        None => outcome,
    }
}

fn summary(grant: &TokenGrant, token_type: &str) -> String {
    match grant.expires_in {
        Some(secs) => format!(
            "Got a {token_type} token, valid for {}.",
            human_duration(Duration::from_secs(secs))
        ),
        None => format!("Got a {token_type} token (the server did not say how long it is valid)."),
    }
}
