//! Changing the Haiilo API client pair without an outage.
//!
//! Haiilo shows a client secret once, and a lost or leaked one means a new client pair, so
//! rotating means: create a second pair in Haiilo, give it to PingOne, then remove the old
//! one. Until the new pair is proven, the setup keeps the old one: the new secret waits in
//! its own store entry ("pending"), and only a check run in which Haiilo accepted the new
//! pair makes it the setup's secret. A run that fails leaves everything as it was.

use crate::check::{StepId, StepResult, StepStatus};
use crate::secret_store::{SecretStore, SecretStoreError};

/// What a check run with the new pair means for the setup's pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewPairVerdict {
    /// Haiilo gave the new pair a token and answered SCIM with it: it replaces the old one.
    Promote,
    /// The old pair stays; `reason` says what the run with the new one showed.
    Keep { reason: String },
}

/// The steps that prove Haiilo accepts a client pair: a token for it, and SCIM answering
/// with that token. A warning on them (say, a short token lifetime) still proves it; the
/// other steps test the tenant, which the old pair shares, not the pair.
const PROOF: [StepId; 2] = [StepId::Token, StepId::ListUsers];

/// Decides from a run's steps (in ladder order) whether the new pair replaces the old.
pub fn verdict(steps: &[StepResult]) -> NewPairVerdict {
    let status = |id: StepId| steps.iter().find(|s| s.id == id).map(|s| s.status);
    let proven = PROOF
        .iter()
        .all(|id| matches!(status(*id), Some(StepStatus::Pass | StepStatus::Warn)));
    if proven {
        return NewPairVerdict::Promote;
    }
    let reason = steps
        .iter()
        .find(|s| s.status == StepStatus::Fail)
        .map(|s| format!("{}: {}", s.title, s.summary))
        .unwrap_or_else(|| {
            crate::tr!(
                "The test did not get as far as signing in with the new pair.",
                "Der Test kam nicht bis zur Anmeldung mit dem neuen Paar."
            )
            .to_string()
        });
    NewPairVerdict::Keep { reason }
}

/// Makes the pending secret the current one, in the store it was kept in (the keychain, or
/// this session only), then removes the pending entry. `Ok(false)`: nothing was pending,
/// and nothing changed. On an error from the store that holds the pending secret, the
/// current secret is either still the old one or already the new one, never gone.
pub fn promote(
    session: &dyn SecretStore,
    keychain: &dyn SecretStore,
    pending_key: &str,
    current_key: &str,
) -> Result<bool, SecretStoreError> {
    if let Some(secret) = session.get(pending_key)? {
        session.set(current_key, &secret)?;
        session.delete(pending_key)?;
        // The old secret must not come back from the keychain after a restart. A secret kept
        // for the session usually means the keychain cannot be used at all: then there is
        // no old copy there either, and its error says nothing about the promotion.
        let _ = keychain.delete(current_key);
        return Ok(true);
    }
    if let Some(secret) = keychain.get(pending_key)? {
        keychain.set(current_key, &secret)?;
        // The session is read before the keychain: an old copy there would shadow the new.
        session.delete(current_key)?;
        keychain.delete(pending_key)?;
        return Ok(true);
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::ClientSecret;
    use crate::secret_store::SessionSecrets;

    fn steps(statuses: &[(StepId, StepStatus)]) -> Vec<StepResult> {
        statuses
            .iter()
            .map(|(id, status)| StepResult::not_run(*id, *status, format!("{id:?} was {status:?}")))
            .collect()
    }

    #[test]
    fn a_pair_haiilo_accepts_replaces_the_old_one() {
        let run = steps(&[
            (StepId::Inputs, StepStatus::Warn),
            (StepId::Token, StepStatus::Pass),
            (StepId::ListUsers, StepStatus::Pass),
            // The tenant's own problems are the old pair's too: no reason to keep it.
            (StepId::Paging, StepStatus::Fail),
        ]);
        assert_eq!(verdict(&run), NewPairVerdict::Promote);
        let warned = steps(&[
            (StepId::Token, StepStatus::Warn),
            (StepId::ListUsers, StepStatus::Warn),
        ]);
        assert_eq!(verdict(&warned), NewPairVerdict::Promote);
    }

    #[test]
    fn a_refused_token_keeps_the_old_pair_and_says_why() {
        let run = steps(&[
            (StepId::Inputs, StepStatus::Pass),
            (StepId::Token, StepStatus::Fail),
            (StepId::ListUsers, StepStatus::Skip),
        ]);
        match verdict(&run) {
            NewPairVerdict::Keep { reason } => {
                assert!(reason.starts_with(StepId::Token.title()), "{reason}");
                assert!(reason.contains("Token was Fail"), "{reason}");
            }
            other => panic!("the new pair was promoted: {other:?}"),
        }
    }

    #[test]
    fn a_token_that_scim_refuses_is_not_proof() {
        let run = steps(&[
            (StepId::Token, StepStatus::Pass),
            (StepId::ListUsers, StepStatus::Fail),
        ]);
        assert!(
            matches!(verdict(&run), NewPairVerdict::Keep { reason } if reason.contains("ListUsers was Fail"))
        );
    }

    #[test]
    fn a_run_that_never_reached_haiilo_keeps_the_old_pair() {
        let run = steps(&[
            (StepId::Token, StepStatus::Skip),
            (StepId::ListUsers, StepStatus::Skip),
        ]);
        assert_eq!(
            verdict(&run),
            NewPairVerdict::Keep {
                reason: "The test did not get as far as signing in with the new pair.".into()
            }
        );
        assert!(matches!(verdict(&[]), NewPairVerdict::Keep { .. }));
    }

    fn value(store: &SessionSecrets, key: &str) -> Option<String> {
        store.get(key).unwrap().map(|s| s.expose().to_string())
    }

    #[test]
    fn promoting_from_the_keychain_replaces_the_old_secret_there() {
        let (session, keychain) = (SessionSecrets::default(), SessionSecrets::default());
        keychain.set("s1", &ClientSecret::new("old")).unwrap();
        keychain
            .set("s1.pending", &ClientSecret::new("new"))
            .unwrap();
        // A stale session copy of the old secret would be read first: it must go.
        session.set("s1", &ClientSecret::new("old")).unwrap();
        assert!(promote(&session, &keychain, "s1.pending", "s1").unwrap());
        assert_eq!(value(&keychain, "s1").as_deref(), Some("new"));
        assert_eq!(value(&keychain, "s1.pending"), None);
        assert_eq!(value(&session, "s1"), None);
    }

    #[test]
    fn promoting_a_session_secret_keeps_it_in_the_session_and_drops_the_old_keychain_copy() {
        let (session, keychain) = (SessionSecrets::default(), SessionSecrets::default());
        keychain.set("s1", &ClientSecret::new("old")).unwrap();
        session
            .set("s1.pending", &ClientSecret::new("new"))
            .unwrap();
        assert!(promote(&session, &keychain, "s1.pending", "s1").unwrap());
        assert_eq!(value(&session, "s1").as_deref(), Some("new"));
        assert_eq!(value(&session, "s1.pending"), None);
        assert_eq!(value(&keychain, "s1"), None);
    }

    #[test]
    fn nothing_pending_changes_nothing() {
        let (session, keychain) = (SessionSecrets::default(), SessionSecrets::default());
        keychain.set("s1", &ClientSecret::new("old")).unwrap();
        assert!(!promote(&session, &keychain, "s1.pending", "s1").unwrap());
        assert_eq!(value(&keychain, "s1").as_deref(), Some("old"));
    }
}
