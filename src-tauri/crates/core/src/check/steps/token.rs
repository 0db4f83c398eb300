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
use crate::{tr, trf};
use std::time::Duration;

/// A token that lives less than this forces PingOne to ask again and again during one sync
/// cycle; worth knowing, not wrong.
const SHORT_LIFETIME: Duration = Duration::from_secs(300);

/// What PingOne does here is unknown; its own test is the authority.
fn pingone_method_unknown() -> &'static str {
    tr!(
        "Which of the two PingOne uses is not documented: the Test Connection \
         button in PingOne's connection wizard shows whether PingOne's way works.",
        "Welche der beiden PingOne verwendet, ist nicht dokumentiert: Die Schaltfläche „Test Connection“ \
         im Verbindungsassistenten von PingOne zeigt, ob PingOnes Weg funktioniert."
    )
}

pub(super) async fn run(ctx: &Context) -> StepOutcome {
    let given = ctx.secret.clone();
    let unknown = pingone_method_unknown();
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
                Ok(_) => tr!(
                    "both client_secret_basic (HTTP Basic) and client_secret_post (the form body): whichever PingOne uses works",
                    "sowohl client_secret_basic (HTTP Basic) als auch client_secret_post (im Formularinhalt): Was PingOne auch verwendet, es funktioniert"
                )
                .to_string(),
                Err(refused) if refused.code == FindingCode::InvalidClient => trf!(
                    "client_secret_basic only (HTTP Basic); client_secret_post (the form body) was refused. {unknown}",
                    "nur client_secret_basic (HTTP Basic); client_secret_post (im Formularinhalt) wurde abgelehnt. {unknown}"
                ),
                Err(other) => {
                    let why = other.summary.trim_end_matches('.');
                    trf!(
                        "client_secret_basic (HTTP Basic); client_secret_post (the form body) could not be tested ({why}). {unknown}",
                        "client_secret_basic (HTTP Basic); client_secret_post (im Formularinhalt) ließ sich nicht prüfen ({why}). {unknown}"
                    )
                }
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
            tr!(
                "Haiilo accepts the Client ID and Secret only in the form body (client_secret_post), not with HTTP Basic.",
                "Haiilo akzeptiert „Client ID“ und Secret nur im Formularinhalt (client_secret_post), nicht mit HTTP Basic."
            ),
            trf!(
                "{unknown} If PingOne's test fails with invalid_client, ask Haiilo support (or \
                 whoever runs the installation) to accept HTTP Basic for this API client. If the secret contains \
                 characters such as + % : or letters with accents, a new API client pair may also help: some \
                 servers decode those wrongly in HTTP Basic.",
                "{unknown} Scheitert der Test in PingOne mit invalid_client, bitten Sie den Haiilo-Support (oder \
                 die Betreiber der Installation), HTTP Basic für diesen API-Client zuzulassen. Enthält das Secret \
                 Zeichen wie + % : oder Buchstaben mit Akzenten, kann auch ein neues API-Client-Paar helfen: \
                 Manche Server decodieren solche Zeichen in HTTP Basic falsch."
            ),
        )
        .warn()
        .with_detail(tr!(
            "With HTTP Basic the server said invalid_client; with client_id and client_secret in the form body it issued a token.",
            "Mit HTTP Basic meldete der Server invalid_client; mit client_id und client_secret im Formularinhalt stellte er ein Token aus."
        ))
        .with_evidence(first.evidence.clone().map(|e| *e).unwrap_or_default());
        return success(
            ctx,
            grant,
            &response.rate_limit_waits,
            ClientAuthMethod::ClientSecretPost,
            given,
            trf!(
                "client_secret_post only (the form body); client_secret_basic (HTTP Basic) was refused with invalid_client. {unknown}",
                "nur client_secret_post (im Formularinhalt); client_secret_basic (HTTP Basic) wurde mit invalid_client abgelehnt. {unknown}"
            ),
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
                tr!(
                    "The Client Secret works only without the white space around it.",
                    "Das „Client Secret“ funktioniert nur ohne den Leerraum darum."
                )
                .to_string(),
            )
            .with_detail(tr!(
                "As given, the server said invalid_client; with the white space removed it issued a token.",
                "So wie eingegeben meldete der Server invalid_client; ohne den Leerraum stellte er ein Token aus."
            ));
            return success(
                ctx,
                grant,
                &response.rate_limit_waits,
                ClientAuthMethod::ClientSecretBasic,
                trimmed,
                tr!(
                    "client_secret_basic (HTTP Basic), once the white space around the secret was removed",
                    "client_secret_basic (HTTP Basic), nachdem der Leerraum um das Secret entfernt war"
                )
                .to_string(),
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
    // Set into a fact as it was said: German quotes it.
    let quoted = |text: &str| crate::text::verbatim(&server(text));
    let token_type = server(&grant.token_type);
    let mut outcome = StepOutcome::pass(summary(&grant, &token_type))
        .fact(tr!("Token type", "Token-Typ"), quoted(&grant.token_type))
        .fact(
            tr!(
                "Client authentication Haiilo accepts",
                "Client-Authentifizierung, die Haiilo akzeptiert"
            ),
            accepted,
        )
        .fact(
            tr!("Lifetime", "Gültigkeitsdauer"),
            grant.expires_in.map_or_else(
                || tr!("not stated by the server", "vom Server nicht angegeben").to_string(),
                |s| human_duration(Duration::from_secs(s)),
            ),
        );
    if let Some(scope) = &grant.scope {
        outcome.add_fact(tr!("Scope", "Geltungsbereich (Scope)"), quoted(scope));
    }
    // A JWT names its issuer, audience and expiry: useful when a token from the wrong
    // tenant or environment is refused later. The token itself is never shown.
    match jwt::peek(grant.access_token.expose()) {
        Some(claims) => {
            outcome.add_fact(
                tr!("Token format", "Token-Format"),
                match &claims.algorithm {
                    Some(alg) => {
                        let alg = server(alg);
                        trf!("JWT, signed with {alg}", "JWT, signiert mit {alg}")
                    }
                    None => "JWT".to_string(),
                },
            );
            if let Some(issuer) = claims.issuer {
                outcome.add_fact(
                    tr!("JWT issuer (iss)", "JWT-Aussteller (iss)"),
                    quoted(&issuer),
                );
            }
            if let Some(audience) = claims.audience {
                outcome.add_fact(
                    tr!("JWT audience (aud)", "JWT-Empfänger (aud)"),
                    quoted(&audience),
                );
            }
            if let Some(exp) = claims.expires_at {
                outcome.add_fact(
                    tr!("JWT expires (exp)", "JWT läuft ab (exp)"),
                    unix_to_rfc3339(exp),
                );
            }
        }
        None => outcome.add_fact(
            tr!("Token format", "Token-Format"),
            tr!("opaque (not a JWT)", "undurchsichtig (kein JWT)"),
        ),
    }
    if !grant.token_type.eq_ignore_ascii_case("bearer") {
        outcome.add_finding(
            Finding::new(
                FindingCode::TokenTypeNotBearer,
                trf!(
                    "Haiilo issued a token of type \"{token_type}\", not Bearer.",
                    "Haiilo hat ein Token vom Typ „{token_type}“ ausgestellt, nicht Bearer."
                ),
                tr!(
                    "PingOne's Auth Type Header is Bearer for Haiilo: SCIM requests carry the token as a \
                     Bearer token. If the SCIM steps below pass, nothing needs to change; if they fail \
                     with 401, the token URL probably belongs to another service than Haiilo's /api/oauth/token.",
                    "In PingOne ist „Auth Type Header“ für Haiilo „Bearer“: SCIM-Anfragen tragen das Token als \
                     Bearer-Token. Bestehen die SCIM-Schritte unten, muss sich nichts ändern; scheitern sie mit \
                     401, gehört die Token-URL wohl zu einem anderen Dienst als /api/oauth/token von Haiilo."
                ),
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
                {
                    let span = human_duration(Duration::from_secs(secs));
                    trf!(
                        "The access token is valid for only {span}.",
                        "Das Zugriffstoken ist nur {span} gültig."
                    )
                },
                tr!(
                    "PingOne requests a new token when one runs out, so provisioning works, but every renewal is \
                     an extra request and a chance to hit rate limits during a large sync. If Haiilo lets you \
                     choose the token lifetime for the API client, a few minutes or more is comfortable.",
                    "PingOne fordert ein neues Token an, wenn eines abläuft, daher funktioniert die \
                     Provisionierung; aber jede Erneuerung ist eine Anfrage mehr und eine Gelegenheit, bei einer \
                     großen Synchronisierung an Limits zu stoßen. Lässt Haiilo Sie die Gültigkeitsdauer für den \
                     API-Client wählen, sind einige Minuten oder mehr angenehm."
                ),
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
        Some(secs) => {
            let span = human_duration(Duration::from_secs(secs));
            trf!(
                "Got a {token_type} token, valid for {span}.",
                "Ein {token_type}-Token erhalten, gültig für {span}."
            )
        }
        None => trf!(
            "Got a {token_type} token (the server did not say how long it is valid).",
            "Ein {token_type}-Token erhalten (der Server hat nicht gesagt, wie lange es gilt)."
        ),
    }
}
