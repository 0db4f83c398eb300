//! Reading SCIM answers the same way in every step that sends the token.

use crate::check::context::{Auth, Context, Exchange};
use crate::check::outcome::StepOutcome;
use crate::findings::{Evidence, Finding};
use crate::scim::{self, ListPage};

/// `GET` a SCIM URL with the token and read the answer as a ListResponse.
pub(super) async fn get_list(
    ctx: &Context,
    url: &str,
) -> Result<(ListPage, Exchange, Evidence), Finding> {
    let exchange = ctx.get(url, Auth::Bearer).await?;
    let evidence = ctx.evidence(&exchange);
    if let Some(finding) = scim::status_finding(
        &exchange.response,
        &evidence,
        &ctx.target.endpoints.scim_base_url,
        &ctx.redactor(),
    ) {
        return Err(finding);
    }
    let page = scim::list_page(&exchange.response, &evidence)?;
    Ok((page, exchange, evidence))
}

/// Facts and warnings every exchange brings along: rate-limit waits and token renewals.
pub(super) fn note_exchange(outcome: &mut StepOutcome, exchange: &Exchange) {
    outcome.note_waits(&exchange.response.rate_limit_waits);
    if exchange.renewed {
        outcome.add_fact(
            crate::tr!("Access token", "Zugriffstoken"),
            crate::tr!(
                "renewed during this step: the previous one had run out, as it will during a long PingOne sync",
                "in diesem Schritt erneuert: Das vorige war abgelaufen, wie es auch bei einer langen Synchronisierung von PingOne geschieht"
            ),
        );
    }
}
