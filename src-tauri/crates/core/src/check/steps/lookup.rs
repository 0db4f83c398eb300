//! Rungs 9 and 10, `pingone_lookup_absent` and `pingone_lookup_existing`: the search PingOne
//! makes before it creates or updates a user, replayed verbatim. PingOne's default User
//! Filter is `username Eq "%s"` (mixed case on purpose: RFC 7644 §3.4.2.2 makes attribute
//! names and operators case-insensitive, and RFC 7643 §4.1.1 makes userName values
//! case-insensitive too, but servers differ). What it gets back decides whether it creates a
//! new user, updates an existing one, or updates the wrong one.

use super::scim_http::{get_list, note_exchange};
use crate::check::context::{Auth, Context, Exchange};
use crate::check::outcome::StepOutcome;
use crate::findings::{Evidence, Finding, FindingCode};
use crate::redact::SERVER_TEXT_CHARS;
use crate::scim::{self, ListPage, UserQuery, UserSummary};
use crate::{tr, trf};

/// PingOne's default User Filter with `value` in place of `%s`, as a JSON string literal
/// (RFC 7644 §3.4.2.2), so quotes and backslashes in a user name stay intact.
pub fn pingone_user_filter(value: &str) -> String {
    let quoted = serde_json::to_string(value).unwrap_or_else(|_| format!("\"{value}\""));
    format!("username Eq {quoted}")
}

/// A name no directory has: random, lower-case, clearly ours if it ever shows up in a log.
fn absent_name() -> String {
    let mut bytes = [0u8; 8];
    // Without randomness a fixed name is still very unlikely to exist.
    let _ = getrandom::fill(&mut bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("haiilo-check-absent-{hex}")
}

/// Sends PingOne's lookup for `value` and reads the answer as a list, turning the ways a
/// server fails a filtered search into findings.
async fn lookup(ctx: &Context, value: &str) -> Result<(ListPage, Exchange, Evidence), Finding> {
    let filter = pingone_user_filter(value);
    let query = UserQuery {
        filter: Some(&filter),
        ..UserQuery::default()
    };
    let url = scim::users_url(&ctx.target.endpoints.scim_base_url, &query);
    let exchange = ctx.get(&url, Auth::Bearer).await?;
    let evidence = ctx.evidence(&exchange);
    let response = &exchange.response;
    let server_says = scim::parse_scim_error(&response.body)
        .map(|e| {
            let redactor = ctx.redactor();
            let kind = e
                .scim_type
                .map(|t| format!("{}: ", redactor.server_text(&t, SERVER_TEXT_CHARS)))
                .unwrap_or_default();
            let detail = redactor.server_text(&e.detail.unwrap_or_default(), SERVER_TEXT_CHARS);
            trf!(
                "The server said: {kind}{detail}",
                "Der Server meldete: „{kind}{detail}“"
            )
        })
        .unwrap_or_default();
    match response.status {
        400 | 501 => {
            return Err(Finding::new(
                FindingCode::FilterUnsupported,
                {
                    let status = response.status;
                    let quoted = shown_filter(&filter);
                    trf!(
                        "The server rejects PingOne's user filter {filter} (HTTP {status}).",
                        "Der Server lehnt PingOnes Benutzerfilter {quoted} ab (HTTP {status})."
                    )
                },
                tr!(
                    "PingOne searches with this filter before creating or updating each user. Without it, PingOne \
                     cannot match users that already exist in Haiilo: it will try to create them again and fail \
                     with 409 conflicts, or create duplicates. Do not switch the rule on; report this to Haiilo \
                     support with the evidence below.",
                    "PingOne sucht mit diesem Filter, bevor es einen Benutzer anlegt oder aktualisiert. Ohne ihn \
                     kann PingOne Benutzer, die es in Haiilo schon gibt, nicht zuordnen: Es versucht, sie erneut \
                     anzulegen, und scheitert mit 409-Konflikten oder legt Duplikate an. Schalten Sie die Regel \
                     nicht ein; melden Sie es dem Haiilo-Support mit dem Nachweis unten."
                ),
            )
            .with_detail(server_says)
            .with_evidence(evidence))
        }
        404 => {
            return Err(Finding::new(
                FindingCode::LookupNotFoundStatus,
                tr!(
                    "A search that matches nobody answers 404 instead of an empty list.",
                    "Eine Suche ohne Treffer antwortet mit 404 statt mit einer leeren Liste."
                ),
                tr!(
                    "RFC 7644 §3.4.2 answers a search with a list, empty when nothing matches (200, totalResults \
                     0). PingOne searches before every create; a 404 there makes it treat new users as errors, so \
                     they are never created. Report this to Haiilo support with the evidence below.",
                    "Nach RFC 7644 §3.4.2 beantwortet ein Server eine Suche mit einer Liste, die leer ist, wenn \
                     nichts passt (200, totalResults 0). PingOne sucht vor jedem Anlegen; ein 404 lässt es neue \
                     Benutzer als Fehler behandeln, sodass sie nie angelegt werden. Melden Sie es dem \
                     Haiilo-Support mit dem Nachweis unten."
                ),
            )
            .with_detail(server_says)
            .with_evidence(evidence))
        }
        _ => {}
    }
    if let Some(finding) = scim::status_finding(
        response,
        &evidence,
        &ctx.target.endpoints.scim_base_url,
        &ctx.redactor(),
    ) {
        return Err(finding);
    }
    let page = scim::list_page(response, &evidence)?;
    Ok((page, exchange, evidence))
}

/// How many users the listing said there are; `None` when no listing worked.
fn directory_size(ctx: &Context) -> Option<u64> {
    ctx.shared().first_page.as_ref().map(|p| p.total_results)
}

fn filter_ignored(value: &str, found: u64, evidence: Evidence) -> Finding {
    let shown = crate::lang::count(found);
    Finding::new(
        FindingCode::FilterIgnored,
        trf!(
            "The server ignores PingOne's user filter: looking up \"{value}\" returned {shown} users.",
            "Der Server ignoriert PingOnes Benutzerfilter: Die Suche nach „{value}“ ergab {shown} Benutzer."
        ),
        tr!(
            "PingOne looks users up with this filter before every create and update, and takes what comes back \
             as the match: with the filter ignored it would overwrite the wrong person's data. Do not switch the \
             PingOne rule on. Report this to Haiilo support with the evidence below.",
            "PingOne sucht Benutzer vor jedem Anlegen und Aktualisieren mit diesem Filter und nimmt, was \
             zurückkommt, als Treffer: Bei ignoriertem Filter würde es die Daten der falschen Person \
             überschreiben. Schalten Sie die Regel in PingOne nicht ein. Melden Sie es dem Haiilo-Support mit \
             dem Nachweis unten."
        ),
    )
    .critical()
    .with_evidence(evidence)
}

pub(super) async fn absent(ctx: &Context) -> StepOutcome {
    let name = absent_name();
    let filter = pingone_user_filter(&name);
    let (page, exchange, evidence) = match lookup(ctx, &name).await {
        Ok(read) => read,
        Err(finding) => {
            return StepOutcome::found(finding).fact(filter_sent(), shown_filter(&filter))
        }
    };
    let mut outcome = StepOutcome::pass(tr!(
        "A user who does not exist is not found: PingOne will create new users instead of updating others.",
        "Ein Benutzer, den es nicht gibt, wird nicht gefunden: PingOne legt neue Benutzer an, statt andere zu aktualisieren."
    ))
    .fact(filter_sent(), shown_filter(&filter))
    .fact(
        tr!("Users found", "Gefundene Benutzer"),
        page.total_results.to_string(),
    );
    if page.total_results > 0 || !page.resources.is_empty() {
        let found = page.total_results.max(page.resources.len() as u64);
        outcome = StepOutcome::found(filter_ignored(&name, found, evidence))
            .fact(filter_sent(), shown_filter(&filter));
    } else {
        let said_unsupported = ctx
            .shared()
            .provider
            .as_ref()
            .and_then(|p| p.filter_supported)
            == Some(false);
        let has_users = directory_size(ctx).is_some_and(|n| n > 0);
        if said_unsupported && !has_users {
            // With no users at all (or none that could be listed), an ignored filter also
            // returns nothing: the server's own word is all there is to go on.
            outcome.add_finding(
                Finding::new(
                    FindingCode::FilterUnsupported,
                    tr!(
                        "The server says it does not support filters, and with no users listed the lookup cannot show otherwise.",
                        "Der Server gibt an, keine Filter zu unterstützen, und ohne aufgelistete Benutzer kann die Suche nichts anderes zeigen."
                    ),
                    tr!(
                        "PingOne searches with its user filter before creating or updating each user. If the server \
                         really cannot filter, PingOne will mis-match users once there are some. Ask Haiilo support \
                         whether filtering on userName is supported, and run this check again after the first users \
                         exist.",
                        "PingOne sucht mit seinem Benutzerfilter, bevor es einen Benutzer anlegt oder aktualisiert. \
                         Kann der Server wirklich nicht filtern, ordnet PingOne Benutzer falsch zu, sobald es welche \
                         gibt. Fragen Sie den Haiilo-Support, ob Filter auf userName unterstützt werden, und starten \
                         Sie den Verbindungstest erneut, sobald die ersten Benutzer existieren."
                    ),
                )
                .with_evidence(evidence),
            );
            outcome.summary = tr!(
                "The server says it does not support PingOne's user filter.",
                "Der Server gibt an, PingOnes Benutzerfilter nicht zu unterstützen."
            )
            .into();
        } else if said_unsupported {
            outcome.add_fact(
                tr!("Provider config", "Anbieterkonfiguration"),
                tr!(
                    "says filters are not supported, yet this lookup honoured the filter",
                    "gibt an, dass Filter nicht unterstützt werden, doch diese Suche hat den Filter beachtet"
                ),
            );
        }
    }
    note_exchange(&mut outcome, &exchange);
    outcome
}

/// A filter as sent: an expression in SCIM's (English) syntax, quoted in German.
fn shown_filter(filter: &str) -> String {
    crate::text::verbatim(filter)
}

fn filter_sent() -> &'static str {
    tr!("Filter sent", "Gesendeter Filter")
}

fn letter_case() -> &'static str {
    tr!("Letter case", "Groß- und Kleinschreibung")
}

/// Upper case for lower, lower for upper: the same name in other letter case.
fn swap_case(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            if c.is_lowercase() {
                c.to_uppercase().collect::<Vec<_>>()
            } else {
                c.to_lowercase().collect::<Vec<_>>()
            }
        })
        .collect()
}

/// What a lookup of an existing user returned, judged against PingOne's expectation of
/// exactly that user.
fn judge(
    page: &ListPage,
    value: &str,
    expected_id: &str,
    directory: u64,
    evidence: &Evidence,
) -> Result<(), Finding> {
    let ids: Vec<&str> = page
        .resources
        .iter()
        .filter_map(|r| r.get("id").and_then(|v| v.as_str()))
        .collect();
    let found = page.total_results.max(ids.len() as u64);
    if ids == [expected_id] && found == 1 {
        return Ok(());
    }
    if found == 0 {
        return Err(Finding::new(
            FindingCode::LookupExistingNotFound,
            trf!(
                "Looking up the existing user \"{value}\" with PingOne's filter finds nobody.",
                "Die Suche nach dem vorhandenen Benutzer „{value}“ mit PingOnes Filter findet niemanden."
            ),
            tr!(
                "PingOne would not recognise users who already exist in Haiilo: it would try to create them again \
                 and fail with 409 (uniqueness), so they are never updated. Report this to Haiilo support with the \
                 evidence below.",
                "PingOne würde Benutzer, die es in Haiilo schon gibt, nicht erkennen: Es würde versuchen, sie \
                 erneut anzulegen, und mit 409 (Eindeutigkeit) scheitern, sodass sie nie aktualisiert würden. Melden Sie \
                 es dem Haiilo-Support mit dem Nachweis unten."
            ),
        )
        .with_evidence(evidence.clone()));
    }
    if directory > 1 && found >= directory {
        return Err(filter_ignored(value, found, evidence.clone()));
    }
    let shown = crate::lang::count(found);
    Err(Finding::new(
        FindingCode::LookupAmbiguous,
        trf!(
            "Looking up \"{value}\" returned {shown} users instead of exactly that one.",
            "Die Suche nach „{value}“ ergab {shown} Benutzer statt genau diesen einen."
        ),
        tr!(
            "PingOne looks a user up to find the one account to update. What it does with several matches is not \
             documented: it may update the wrong user or fail. Check in Haiilo whether several users share this \
             user name; if not, report this to Haiilo support with the evidence below.",
            "PingOne sucht einen Benutzer, um das eine Konto zu finden, das es aktualisiert. Was es bei mehreren \
             Treffern tut, ist nicht dokumentiert: Es könnte den falschen Benutzer aktualisieren oder scheitern. \
             Prüfen Sie in Haiilo, ob sich mehrere Benutzer diesen Benutzernamen teilen; wenn nicht, melden Sie \
             es dem Haiilo-Support mit dem Nachweis unten."
        ),
    )
    .critical()
    .with_evidence(evidence.clone()))
}

/// A user to look up, and how many users there are: from the listing, or, when no listing
/// worked, from a search for any user with a user name (`userName pr`, RFC 7644 §3.4.2.2),
/// which needs no paging.
async fn some_existing_user(ctx: &Context) -> Result<Option<(UserSummary, u64)>, Finding> {
    let listed = ctx.shared().first_page.as_ref().map(|page| {
        (
            page.resources.iter().find_map(scim::user_summary),
            page.total_results,
        )
    });
    if let Some((user, total)) = listed {
        return Ok(user.map(|user| (user, total)));
    }
    let query = UserQuery {
        filter: Some("userName pr"),
        ..UserQuery::default()
    };
    let url = scim::users_url(&ctx.target.endpoints.scim_base_url, &query);
    let (page, _, _) = get_list(ctx, &url).await?;
    let total = page.total_results.max(page.resources.len() as u64);
    Ok(page
        .resources
        .iter()
        .find_map(scim::user_summary)
        .map(|user| (user, total)))
}

pub(super) async fn existing(ctx: &Context) -> StepOutcome {
    let (user, directory) = match some_existing_user(ctx).await {
        Ok(Some(found)) => found,
        Ok(None) => {
            return StepOutcome::not_applicable(tr!(
                "There are no users in the directory yet, so there is no one to look up. Run the check again \
                 once the first users exist.",
                "Im Verzeichnis gibt es noch keine Benutzer, also niemanden zum Suchen. Starten Sie den \
                 Verbindungstest erneut, sobald die ersten Benutzer existieren."
            ))
        }
        Err(finding) => {
            let why = finding.summary;
            return StepOutcome::not_applicable(trf!(
                "Not tested: no user name to look up. No listing of users worked, and a search for any user \
                 (userName pr) failed too: {why}",
                "Nicht geprüft: kein Benutzername zum Suchen. Keine Auflistung der Benutzer hat funktioniert, \
                 und auch eine Suche nach beliebigen Benutzern (userName pr) ist gescheitert: {why}"
            ));
        }
    };
    let (page, exchange, evidence) = match lookup(ctx, &user.user_name).await {
        Ok(read) => read,
        Err(finding) => return StepOutcome::found(finding),
    };
    if let Err(finding) = judge(&page, &user.user_name, &user.id, directory, &evidence) {
        let mut outcome = StepOutcome::found(finding).fact(
            filter_sent(),
            shown_filter(&pingone_user_filter(&user.user_name)),
        );
        note_exchange(&mut outcome, &exchange);
        return outcome;
    }
    let name = &user.user_name;
    let mut outcome = StepOutcome::pass(trf!(
        "Looking up \"{name}\" finds exactly that user, as PingOne needs.",
        "Die Suche nach „{name}“ findet genau diesen Benutzer, wie PingOne es braucht."
    ))
    .fact(
        filter_sent(),
        shown_filter(&pingone_user_filter(&user.user_name)),
    );
    note_exchange(&mut outcome, &exchange);

    let other_case = swap_case(&user.user_name);
    if other_case == user.user_name {
        outcome.add_fact(
            letter_case(),
            tr!(
                "not tested: the user name has no letters",
                "nicht geprüft: Der Benutzername hat keine Buchstaben"
            ),
        );
        return outcome;
    }
    match lookup(ctx, &other_case).await {
        Err(finding) => outcome.add_finding(finding),
        Ok((page, exchange, evidence)) => {
            note_exchange(&mut outcome, &exchange);
            match judge(&page, &other_case, &user.id, directory, &evidence) {
                Ok(()) => outcome.add_fact(
                    letter_case(),
                    trf!(
                        "ignored, as it should be: \"{other_case}\" finds the same user",
                        "wie vorgesehen ignoriert: „{other_case}“ findet denselben Benutzer"
                    ),
                ),
                Err(finding) if finding.code == FindingCode::LookupExistingNotFound => {
                    outcome.add_finding(
                        Finding::new(
                            FindingCode::UsernameCaseSensitive,
                            trf!(
                                "Looking up \"{other_case}\" finds nobody, though \"{name}\" exists: user names are matched case-sensitively.",
                                "Die Suche nach „{other_case}“ findet niemanden, obwohl es „{name}“ gibt: Benutzernamen werden mit Beachtung der Groß- und Kleinschreibung verglichen."
                            ),
                            tr!(
                                "RFC 7643 makes userName case-insensitive. Here, a user whose name differs only in \
                                 letter case between PingOne and Haiilo (John.Doe@… and john.doe@…) is not found; \
                                 PingOne then tries to create a duplicate, which fails with 409. Make the attribute \
                                 PingOne maps to userName match Haiilo's casing exactly (for example lower-case \
                                 e-mail addresses on both sides), and mention it to Haiilo support.",
                                "Nach RFC 7643 ist userName unabhängig von Groß- und Kleinschreibung. Hier wird ein \
                                 Benutzer, dessen Name sich zwischen PingOne und Haiilo nur in der Schreibweise \
                                 unterscheidet (John.Doe@… und john.doe@…), nicht gefunden; PingOne versucht dann, \
                                 ein Duplikat anzulegen, und scheitert mit 409. Sorgen Sie dafür, dass das Attribut, \
                                 das PingOne auf userName abbildet, genau der Schreibweise in Haiilo entspricht (zum \
                                 Beispiel kleingeschriebene E-Mail-Adressen auf beiden Seiten), und erwähnen Sie es \
                                 dem Haiilo-Support."
                            ),
                        )
                        .warn()
                        .with_evidence(evidence),
                    );
                    outcome.summary = trf!(
                        "Looking up \"{name}\" works, but only in exactly that letter case.",
                        "Die Suche nach „{name}“ funktioniert, aber nur in genau dieser Schreibweise."
                    );
                }
                Err(finding) => outcome.add_finding(finding),
            }
        }
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_is_pingones_verbatim_with_a_json_string() {
        assert_eq!(
            pingone_user_filter("ann@example.com"),
            r#"username Eq "ann@example.com""#
        );
        assert_eq!(pingone_user_filter(r#"a"b\c"#), r#"username Eq "a\"b\\c""#);
    }

    #[test]
    fn case_is_swapped_both_ways() {
        assert_eq!(swap_case("Ann.Lee@x.io"), "aNN.lEE@X.IO");
        assert_eq!(swap_case("1234"), "1234");
        assert!(absent_name().starts_with("haiilo-check-absent-"));
    }
}
