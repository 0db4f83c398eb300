//! Saved setups: one per Haiilo tenant, kept as JSON in the app's config directory.
//!
//! The file never holds a secret (those live in the OS keychain, keyed by setup id). It is
//! written atomically (temporary file + rename) under a lock so a crash cannot leave half a
//! file and concurrent writers cannot undo each other; a file we cannot read is moved aside
//! and reported, never silently overwritten. Fields this version does not know (written by a
//! newer one) are kept on rewrite.

mod disk;
#[cfg(test)]
#[cfg(unix)]
mod durability_tests;
pub mod preferences;
pub mod transfer;

use crate::trf;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Bumped when the file's shape changes incompatibly.
pub const SCHEMA_VERSION: u32 = 1;
const FILE_NAME: &str = "setups.json";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum GroupProvisioning {
    /// Not decided yet.
    #[default]
    Undecided,
    /// Sync users only; the rule's Group Provisioning section is left as it is.
    UsersOnly,
    /// Also sync the chosen PingOne groups and their memberships.
    UsersAndGroups,
}

/// Explicit URLs for self-hosted or proxied installations (the *Advanced* section).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExplicitUrls {
    pub scim_base_url: String,
    pub token_url: String,
}

/// The outcome of the last connection test, without any secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LastCheck {
    /// Milliseconds since the Unix epoch.
    pub at_ms: u64,
    pub ok: bool,
    pub summary: String,
    /// Finding codes of the failed and warning steps.
    pub finding_codes: Vec<String>,
    pub total_users: Option<u64>,
    /// PingOne's side in that run, when the setup has PingOne access: the sync status, or
    /// the first PingOne step that failed.
    #[serde(default)]
    pub pingone: Option<PingOneLine>,
    /// The language `summary` and `pingone` were worded in (English in files written before
    /// the app had languages): after a switch of language the UI words what it can itself
    /// and marks the rest as the language it is in.
    #[serde(default)]
    pub lang: crate::lang::Lang,
}

/// One line about PingOne's side for the start screen's setup card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PingOneLine {
    /// No PingOne step failed or warned.
    pub ok: bool,
    pub summary: String,
}

/// PingOne access as the admin typed it (the worker secret is in the keychain). Kept as
/// typed, like the domain, and checked on use: an invalid value is shown, never lost.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct PingOneAccessFields {
    /// A region's domain (`com`, `eu`, `ca`, `com.au`, `sg`, `asia`) or empty.
    pub region: String,
    /// An environment ID, or a PingOne console address that contains one.
    pub environment_id: String,
    pub worker_client_id: String,
    /// Overrides for PingOne's other clouds and for tests; empty: derived from the region.
    pub auth_url: String,
    pub api_url: String,
}

impl PingOneAccessFields {
    /// Nothing typed: the setup has no PingOne access.
    pub fn is_blank(&self) -> bool {
        [
            &self.region,
            &self.environment_id,
            &self.worker_client_id,
            &self.auth_url,
            &self.api_url,
        ]
        .iter()
        .all(|v| v.trim().is_empty())
    }

    /// The checked access, with a note for each change made to what was typed.
    pub fn parse(
        &self,
    ) -> Result<crate::pingone_api::ParsedAccess, crate::pingone_api::AccessError> {
        crate::pingone_api::PingOneAccess::parse(&crate::pingone_api::AccessInput {
            region: &self.region,
            environment_id: &self.environment_id,
            worker_client_id: &self.worker_client_id,
            auth_url: Some(self.auth_url.as_str()),
            api_url: Some(self.api_url.as_str()),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Setup {
    pub id: String,
    pub name: String,
    /// The domain as the admin typed it (normalised on use, so their input is kept).
    #[serde(default)]
    pub domain: String,
    #[serde(default)]
    pub advanced: Option<ExplicitUrls>,
    #[serde(default)]
    pub client_id: String,
    /// The Client ID of a new Haiilo client pair being put in place (its secret waits in its
    /// own keychain entry) until a test with it passes and it becomes `client_id`; empty
    /// without one. Saved so that a restart in the middle of a rotation keeps it.
    #[serde(default)]
    pub pending_client_id: String,
    /// Ids of the walkthrough steps the admin ticked off.
    #[serde(default)]
    pub done_steps: BTreeSet<String>,
    #[serde(default)]
    pub group_provisioning: GroupProvisioning,
    /// Which groups to sync, in the admin's words (PingOne group names).
    #[serde(default)]
    pub groups_note: String,
    #[serde(default)]
    pub last_check: Option<LastCheck>,
    /// A setup pointing at the built-in demo tenant.
    #[serde(default)]
    pub is_demo: bool,
    /// Optional access to PingOne's Platform API; `None` (or blank) without.
    #[serde(default)]
    pub pingone: Option<PingOneAccessFields>,
    /// When the Haiilo client secret was last stored, and when this app last wrote the
    /// connection to PingOne: a secret stored after the last write has to be sent again
    /// (PingOne never returns it, so it cannot be compared).
    #[serde(default)]
    pub secret_saved_ms: Option<u64>,
    #[serde(default)]
    pub pingone_applied_ms: Option<u64>,
    pub created_ms: u64,
    pub updated_ms: u64,
    /// Fields written by a newer version of the app, kept as they are on rewrite.
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Setup {
    /// Whether the Haiilo secret was stored after this app last wrote the connection to
    /// PingOne, so that an apply has to send it again.
    pub fn secret_newer_than_pingone(&self) -> bool {
        match (self.secret_saved_ms, self.pingone_applied_ms) {
            (Some(saved), Some(applied)) => saved > applied,
            _ => false,
        }
    }

    pub fn new(name: &str) -> Self {
        let now = now_ms();
        Self {
            id: new_id(),
            name: name.trim().to_string(),
            domain: String::new(),
            advanced: None,
            client_id: String::new(),
            pending_client_id: String::new(),
            done_steps: BTreeSet::new(),
            group_provisioning: GroupProvisioning::default(),
            groups_note: String::new(),
            last_check: None,
            is_demo: false,
            pingone: None,
            secret_saved_ms: None,
            pingone_applied_ms: None,
            created_ms: now,
            updated_ms: now,
            extra: serde_json::Map::new(),
        }
    }
}

/// The whole file. `extra` keeps top-level fields a newer version of the app wrote, so an
/// older version's rewrite does not drop them.
#[derive(Debug, Default, Serialize, Deserialize)]
struct SetupsFile {
    schema_version: u32,
    setups: Vec<Setup>,
    #[serde(flatten)]
    extra: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug)]
pub enum SetupStoreError {
    /// Reading, writing or locking failed; the message says what failed and what to do.
    Io {
        action: StoreAction,
        path: PathBuf,
        source: std::io::Error,
    },
    LockTimeout {
        path: PathBuf,
    },
    NotFound(String),
}

impl std::error::Error for SetupStoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl std::fmt::Display for SetupStoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            Self::Io {
                action,
                path,
                source,
            } => disk::storage_message(*action, path, source),
            Self::LockTimeout { path } => {
                let (path, secs) = (path.display(), disk::LOCK_TIMEOUT.as_secs());
                trf!(
                    "Could not save your setups: another copy of the app (or the command-line tool) has \
                     kept {path} locked for more than {secs} seconds without saving anything. Close the other copy and save again; your \
                     saved setups are unchanged.",
                    "Ihre Setups konnten nicht gespeichert werden: Eine andere Instanz der App (oder das \
                     Kommandozeilenwerkzeug) hält {path} seit mehr als {secs} Sekunden gesperrt, ohne zu speichern. \
                     Schließen Sie die andere Instanz und speichern Sie erneut; Ihre gespeicherten Setups sind unverändert."
                )
            }
            Self::NotFound(id) => trf!(
                "There is no saved setup with id {id}.",
                "Es gibt kein gespeichertes Setup mit der ID {id}."
            ),
        };
        f.write_str(&text)
    }
}

/// What the store was doing when the disk said no.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreAction {
    Read,
    Write,
    CreateFolder,
    Lock,
    SetAside,
}

/// An unreadable setups file that was renamed instead of overwritten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAside {
    /// Where the unreadable file now is.
    pub path: PathBuf,
    /// Why it could not be read.
    pub reason: String,
}

impl SetAside {
    /// What to tell the user.
    pub fn notice(&self) -> String {
        let (reason, path) = (&self.reason, self.path.display());
        trf!(
            "Your saved setups could not be read ({reason}). The file was kept as {path} and a new list \
             was started; setups you had saved before are in that file.",
            "Ihre gespeicherten Setups konnten nicht gelesen werden ({reason}). Die Datei wurde als {path} \
             aufbewahrt und eine neue Liste begonnen; Setups, die Sie zuvor gespeichert hatten, stehen in dieser Datei."
        )
    }
}

/// The setups file in one directory.
///
/// Every change is a read-modify-write of the whole file under two locks: a mutex shared by
/// all clones of this store (the autosave and the end of a check run on different threads),
/// and an advisory lock on the sibling `setups.json.lock` (another window of the app, or the
/// CLI, is another process). Changes to different setups therefore never undo each other.
#[derive(Debug, Clone)]
pub struct SetupStore {
    dir: PathBuf,
    writer: Arc<Mutex<()>>,
    lock_timeout: std::time::Duration,
    /// Files set aside and not reported yet; see [`SetupStore::take_set_aside`].
    set_aside: Arc<Mutex<Vec<SetAside>>>,
}

impl SetupStore {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self {
            dir: dir.into(),
            writer: Arc::default(),
            lock_timeout: disk::LOCK_TIMEOUT,
            set_aside: Arc::default(),
        }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    /// The folder the setups (and the app's preferences) are kept in.
    pub fn dir(&self) -> &std::path::Path {
        &self.dir
    }

    /// Reads all setups. A missing file is an empty list; an unreadable one is renamed to
    /// `setups.json.corrupt-<UTC time>` and remembered for [`SetupStore::take_set_aside`].
    ///
    /// Works in a folder the user may not write to (nothing to lock then, and nothing to
    /// set aside unless the file is damaged).
    pub fn load(&self) -> Result<Vec<Setup>, SetupStoreError> {
        let _writer = self.lock_in_process();
        let _lock = match disk::DirLock::acquire(&self.dir, false, self.lock_timeout) {
            Ok(lock) => lock,
            Err(e) if disk::is_not_writable(&e) => None,
            Err(e) => return Err(e),
        };
        Ok(self.read()?.setups)
    }

    pub fn get(&self, id: &str) -> Result<Setup, SetupStoreError> {
        self.load()?
            .into_iter()
            .find(|s| s.id == id)
            .ok_or_else(|| SetupStoreError::NotFound(id.to_string()))
    }

    /// Runs `change` on the current list and saves the result, all under the locks, so no
    /// concurrent change is lost. Nothing is written when `change` fails.
    pub fn modify<T>(
        &self,
        change: impl FnOnce(&mut Vec<Setup>) -> Result<T, SetupStoreError>,
    ) -> Result<T, SetupStoreError> {
        let _writer = self.lock_in_process();
        let _lock = disk::DirLock::acquire(&self.dir, true, self.lock_timeout)?;
        let mut file = self.read()?;
        let result = change(&mut file.setups)?;
        file.schema_version = SCHEMA_VERSION;
        let json = serde_json::to_vec_pretty(&file).map_err(|e| SetupStoreError::Io {
            action: StoreAction::Write,
            path: self.path(),
            source: std::io::Error::other(e),
        })?;
        disk::write_atomically(&self.path(), &json)?;
        Ok(result)
    }

    /// Inserts or replaces one setup (by id); returns the stored version.
    pub fn upsert(&self, mut setup: Setup) -> Result<Setup, SetupStoreError> {
        setup.updated_ms = now_ms();
        self.modify(|setups| {
            match setups.iter_mut().find(|s| s.id == setup.id) {
                Some(existing) => *existing = setup.clone(),
                None => setups.push(setup.clone()),
            }
            Ok(setup)
        })
    }

    /// Changes one stored setup in place (fields not touched by `change` keep what another
    /// writer stored meanwhile); returns the stored version.
    pub fn update(
        &self,
        id: &str,
        change: impl FnOnce(&mut Setup),
    ) -> Result<Setup, SetupStoreError> {
        self.modify(|setups| {
            let setup = setups
                .iter_mut()
                .find(|s| s.id == id)
                .ok_or_else(|| SetupStoreError::NotFound(id.to_string()))?;
            change(setup);
            setup.updated_ms = now_ms();
            Ok(setup.clone())
        })
    }

    pub fn delete(&self, id: &str) -> Result<(), SetupStoreError> {
        self.modify(|setups| {
            let before = setups.len();
            setups.retain(|s| s.id != id);
            if setups.len() == before {
                return Err(SetupStoreError::NotFound(id.to_string()));
            }
            Ok(())
        })
    }

    /// The files set aside since the last call, each reported once, so whichever command
    /// stumbled on the damaged file can tell the user.
    pub fn take_set_aside(&self) -> Vec<SetAside> {
        std::mem::take(&mut *self.set_aside.lock().unwrap_or_else(|p| p.into_inner()))
    }

    fn lock_in_process(&self) -> std::sync::MutexGuard<'_, ()> {
        // A writer that panicked held no half-written state: the file on disk is whole.
        self.writer.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Reads the file; call with the locks held. An unreadable file is set aside.
    fn read(&self) -> Result<SetupsFile, SetupStoreError> {
        let path = self.path();
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(SetupsFile::default()),
            Err(source) => {
                return Err(SetupStoreError::Io {
                    action: StoreAction::Read,
                    path,
                    source,
                })
            }
        };
        match parse(&bytes) {
            Ok(file) => Ok(file),
            Err(reason) => {
                let aside = disk::set_aside(&path)?;
                self.set_aside
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(SetAside {
                        path: aside,
                        reason,
                    });
                Ok(SetupsFile::default())
            }
        }
    }
}

fn parse(bytes: &[u8]) -> Result<SetupsFile, String> {
    let file: SetupsFile = serde_json::from_slice(bytes)
        .map_err(|e| trf!("it is not valid: {e}", "sie ist ungültig: „{e}“"))?;
    if file.schema_version > SCHEMA_VERSION {
        let schema = file.schema_version;
        return Err(trf!(
            "it was written by a newer version of the app (schema {schema})",
            "sie wurde von einer neueren Version der App geschrieben (Schema {schema})"
        ));
    }
    Ok(file)
}

pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// 128 random bits as hex.
fn new_id() -> String {
    let mut bytes = [0u8; 16];
    // Without OS randomness, fall back to time and process id: ids only need to be unique
    // among one user's setups.
    if getrandom::fill(&mut bytes).is_err() {
        let seed = u128::from(now_ms()) << 32 | u128::from(std::process::id());
        bytes = seed.to_le_bytes();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("haiilo-setups-{name}-{}", new_id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn missing_file_is_an_empty_list() {
        let store = SetupStore::new(temp_dir("missing"));
        assert!(store.load().unwrap().is_empty());
        assert!(store.take_set_aside().is_empty());
    }

    #[test]
    fn missing_folder_is_an_empty_list_and_is_created_on_save() {
        let dir = temp_dir("nofolder").join("nested").join("config");
        let store = SetupStore::new(&dir);
        assert!(store.load().unwrap().is_empty());
        assert!(!dir.exists(), "reading must not create anything");
        store.upsert(Setup::new("A")).unwrap();
        assert_eq!(store.load().unwrap().len(), 1);
    }

    #[test]
    fn setups_round_trip_with_schema_version() {
        let store = SetupStore::new(temp_dir("roundtrip"));
        let mut setup = Setup::new(" Acme ");
        setup.domain = "acme.haiilo.app".into();
        setup.done_steps.insert("haiilo.activate".into());
        let saved = store.upsert(setup.clone()).unwrap();
        assert_eq!(saved.name, "Acme");
        let loaded = store.load().unwrap();
        assert_eq!(loaded, vec![saved.clone()]);
        let raw: serde_json::Value =
            serde_json::from_slice(&std::fs::read(store.path()).unwrap()).unwrap();
        assert_eq!(raw["schema_version"], SCHEMA_VERSION);

        let mut renamed = saved;
        renamed.name = "Acme Corp".into();
        store.upsert(renamed).unwrap();
        assert_eq!(store.load().unwrap().len(), 1);
        assert_eq!(store.get(&setup.id).unwrap().name, "Acme Corp");
    }

    #[test]
    fn update_changes_only_what_it_touches() {
        let store = SetupStore::new(temp_dir("update"));
        let mut setup = Setup::new("Acme");
        setup.client_id = "client-1".into();
        let setup = store.upsert(setup).unwrap();
        // The end of a check records its result…
        store
            .update(&setup.id, |s| s.groups_note = "Sales".into())
            .unwrap();
        // …while the autosave, holding an older copy, changes another field.
        store
            .update(&setup.id, |s| s.domain = "acme.haiilo.app".into())
            .unwrap();
        let stored = store.get(&setup.id).unwrap();
        assert_eq!(
            (stored.groups_note.as_str(), stored.domain.as_str()),
            ("Sales", "acme.haiilo.app")
        );
        assert!(matches!(
            store.update("nope", |_| ()),
            Err(SetupStoreError::NotFound(_))
        ));
    }

    #[test]
    fn corrupt_file_is_set_aside_and_reported_once() {
        let dir = temp_dir("corrupt");
        let store = SetupStore::new(&dir);
        std::fs::write(store.path(), b"{ not json").unwrap();
        assert!(store.load().unwrap().is_empty());
        let reported = store.take_set_aside();
        assert_eq!(reported.len(), 1);
        assert_eq!(std::fs::read(&reported[0].path).unwrap(), b"{ not json");
        assert!(reported[0].reason.contains("not valid"));
        let notice = reported[0].notice();
        assert!(notice.contains("could not be read") && notice.contains(".corrupt-"));
        assert!(!store.path().exists());
        assert!(store.take_set_aside().is_empty(), "reported once");
    }

    #[test]
    fn notices_and_refusals_are_german_in_a_german_session() {
        use crate::lang::{english_words, sync_scope, Lang};
        let german = |what: &str, text: &str| {
            let english = english_words(text);
            assert!(english.is_empty(), "{what}: English {english:?} in: {text}");
        };
        sync_scope(Lang::De, || {
            let store = SetupStore::new(temp_dir("corrupt-de"));
            std::fs::write(store.path(), b"{ not json").unwrap();
            assert!(store.load().unwrap().is_empty());
            let notice = store.take_set_aside()[0].notice();
            assert!(notice.contains("konnten nicht gelesen werden"), "{notice}");
            german("set aside", &notice);

            let newer = SetupStore::new(temp_dir("newer-de"));
            std::fs::write(newer.path(), br#"{"schema_version":99,"setups":[]}"#).unwrap();
            newer.load().unwrap();
            german("newer", &newer.take_set_aside()[0].notice());

            german(
                "not found",
                &SetupStoreError::NotFound("abc".into()).to_string(),
            );
            german(
                "lock",
                &SetupStoreError::LockTimeout {
                    path: PathBuf::from("/home/u/.config/setups.json.lock"),
                }
                .to_string(),
            );
            for (kind, action) in [
                (std::io::ErrorKind::PermissionDenied, StoreAction::Write),
                (
                    std::io::ErrorKind::ReadOnlyFilesystem,
                    StoreAction::CreateFolder,
                ),
                (std::io::ErrorKind::StorageFull, StoreAction::Lock),
                (std::io::ErrorKind::NotFound, StoreAction::Read),
                (std::io::ErrorKind::Other, StoreAction::SetAside),
            ] {
                let error = SetupStoreError::Io {
                    action,
                    path: PathBuf::from("/home/u/.config/setups.json"),
                    source: std::io::Error::from(kind),
                };
                let text = error.to_string();
                assert!(
                    text.contains("Zuvor gespeicherte Setups sind unverändert"),
                    "{text}"
                );
                german(&format!("{kind:?}"), &text);
            }
        });
    }

    #[test]
    fn corrupt_file_found_by_a_save_is_set_aside_not_overwritten() {
        let dir = temp_dir("corrupt-save");
        let store = SetupStore::new(&dir);
        std::fs::write(store.path(), b"{ damaged").unwrap();
        let kept = store.upsert(Setup::new("Typed just now")).unwrap();
        // The save went through, into a fresh list…
        assert_eq!(store.load().unwrap(), vec![kept]);
        // …and the damaged file is kept beside it and reported to whoever saved.
        let reported = store.take_set_aside();
        assert_eq!(reported.len(), 1);
        assert_eq!(std::fs::read(&reported[0].path).unwrap(), b"{ damaged");

        // A second damaged file in the same moment gets its own name.
        std::fs::write(store.path(), b"{ damaged again").unwrap();
        store.load().unwrap();
        let second = store.take_set_aside();
        assert_ne!(second[0].path, reported[0].path);
        assert_eq!(std::fs::read(&reported[0].path).unwrap(), b"{ damaged");
        assert_eq!(std::fs::read(&second[0].path).unwrap(), b"{ damaged again");
    }

    #[test]
    fn newer_schema_is_not_overwritten() {
        let store = SetupStore::new(temp_dir("newer"));
        std::fs::write(store.path(), br#"{"schema_version":99,"setups":[]}"#).unwrap();
        store.load().unwrap();
        let reported = store.take_set_aside();
        assert!(reported[0].reason.contains("newer version"));
        assert!(reported[0].path.exists());
    }

    #[test]
    fn unknown_fields_of_a_newer_version_survive_a_rewrite() {
        let store = SetupStore::new(temp_dir("unknown"));
        let written_by_newer_app = serde_json::json!({
            "schema_version": SCHEMA_VERSION,
            "sync_schedule": {"every": "1h"},
            "setups": [{
                "id": "a1", "name": "Acme", "created_ms": 1, "updated_ms": 1,
                "proxy": {"mode": "system"},
                "tags": ["prod"]
            }]
        });
        std::fs::write(store.path(), written_by_newer_app.to_string()).unwrap();
        store
            .update("a1", |s| s.client_id = "client-7".into())
            .unwrap();
        store.upsert(Setup::new("Other")).unwrap();

        let raw: serde_json::Value =
            serde_json::from_slice(&std::fs::read(store.path()).unwrap()).unwrap();
        assert_eq!(raw["sync_schedule"], serde_json::json!({"every": "1h"}));
        let acme = &raw["setups"][0];
        assert_eq!(acme["client_id"], "client-7");
        assert_eq!(acme["proxy"], serde_json::json!({"mode": "system"}));
        assert_eq!(acme["tags"], serde_json::json!(["prod"]));
        assert!(raw["setups"][1].get("proxy").is_none());
    }

    #[test]
    fn delete_removes_only_that_setup() {
        let store = SetupStore::new(temp_dir("delete"));
        let a = store.upsert(Setup::new("A")).unwrap();
        let b = store.upsert(Setup::new("B")).unwrap();
        store.delete(&a.id).unwrap();
        assert_eq!(store.load().unwrap(), vec![store.get(&b.id).unwrap()]);
        assert!(matches!(
            store.delete(&a.id),
            Err(SetupStoreError::NotFound(_))
        ));
    }

    #[test]
    fn a_failed_change_writes_nothing() {
        let store = SetupStore::new(temp_dir("nochange"));
        store.upsert(Setup::new("A")).unwrap();
        let before = std::fs::read(store.path()).unwrap();
        assert!(store.delete("missing").is_err());
        assert_eq!(std::fs::read(store.path()).unwrap(), before);
    }
}
