//! Saved setups: one per Haiilo tenant, kept as JSON in the app's config directory.
//!
//! The file never holds a secret (those live in the OS keychain, keyed by setup id). It is
//! written atomically (temporary file + rename) so a crash cannot leave half a file, and a
//! file we cannot read is moved aside and reported, never silently overwritten.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

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
    pub created_ms: u64,
    pub updated_ms: u64,
}

impl Setup {
    pub fn new(name: &str) -> Self {
        let now = now_ms();
        Self {
            id: new_id(),
            name: name.trim().to_string(),
            domain: String::new(),
            advanced: None,
            client_id: String::new(),
            done_steps: BTreeSet::new(),
            group_provisioning: GroupProvisioning::default(),
            groups_note: String::new(),
            last_check: None,
            is_demo: false,
            created_ms: now,
            updated_ms: now,
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct SetupsFile {
    schema_version: u32,
    setups: Vec<Setup>,
}

#[derive(Debug, thiserror::Error)]
pub enum SetupStoreError {
    #[error("Could not read or write the saved setups in {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("There is no saved setup with id {0}.")]
    NotFound(String),
}

/// What loading found.
#[derive(Debug, Default)]
pub struct Loaded {
    pub setups: Vec<Setup>,
    /// Where an unreadable file was moved, with the reason, so the UI can tell the user.
    pub moved_aside: Option<(PathBuf, String)>,
}

/// The setups file in one directory.
#[derive(Debug, Clone)]
pub struct SetupStore {
    dir: PathBuf,
}

impl SetupStore {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    /// Reads all setups. A missing file is an empty list; an unreadable one is renamed to
    /// `setups.json.corrupt-<ms>` and reported in `moved_aside`.
    pub fn load(&self) -> Result<Loaded, SetupStoreError> {
        let path = self.path();
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Loaded::default()),
            Err(source) => return Err(SetupStoreError::Io { path, source }),
        };
        match parse(&bytes) {
            Ok(setups) => Ok(Loaded {
                setups,
                moved_aside: None,
            }),
            Err(reason) => {
                let aside = self.dir.join(format!("{FILE_NAME}.corrupt-{}", now_ms()));
                std::fs::rename(&path, &aside).map_err(|source| SetupStoreError::Io {
                    path: path.clone(),
                    source,
                })?;
                Ok(Loaded {
                    setups: Vec::new(),
                    moved_aside: Some((aside, reason)),
                })
            }
        }
    }

    /// Replaces the file with `setups`, atomically.
    pub fn save(&self, setups: &[Setup]) -> Result<(), SetupStoreError> {
        let io = |source| SetupStoreError::Io {
            path: self.path(),
            source,
        };
        std::fs::create_dir_all(&self.dir).map_err(io)?;
        let file = SetupsFile {
            schema_version: SCHEMA_VERSION,
            setups: setups.to_vec(),
        };
        let json = serde_json::to_vec_pretty(&file).map_err(|e| io(std::io::Error::other(e)))?;
        write_atomically(&self.path(), &json).map_err(io)
    }

    /// Inserts or replaces one setup (by id) and saves; returns the stored version.
    pub fn upsert(&self, mut setup: Setup) -> Result<Setup, SetupStoreError> {
        let mut setups = self.load()?.setups;
        setup.updated_ms = now_ms();
        match setups.iter_mut().find(|s| s.id == setup.id) {
            Some(existing) => *existing = setup.clone(),
            None => setups.push(setup.clone()),
        }
        self.save(&setups)?;
        Ok(setup)
    }

    pub fn get(&self, id: &str) -> Result<Setup, SetupStoreError> {
        self.load()?
            .setups
            .into_iter()
            .find(|s| s.id == id)
            .ok_or_else(|| SetupStoreError::NotFound(id.to_string()))
    }

    pub fn delete(&self, id: &str) -> Result<(), SetupStoreError> {
        let mut setups = self.load()?.setups;
        let before = setups.len();
        setups.retain(|s| s.id != id);
        if setups.len() == before {
            return Err(SetupStoreError::NotFound(id.to_string()));
        }
        self.save(&setups)
    }
}

fn parse(bytes: &[u8]) -> Result<Vec<Setup>, String> {
    let file: SetupsFile =
        serde_json::from_slice(bytes).map_err(|e| format!("it is not valid: {e}"))?;
    if file.schema_version > SCHEMA_VERSION {
        return Err(format!(
            "it was written by a newer version of the app (schema {})",
            file.schema_version
        ));
    }
    Ok(file.setups)
}

/// Writes to a sibling temporary file, flushes it to disk, then renames it over the
/// target, so readers see either the old or the new content, never a mix.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let tmp = path.with_extension(format!("json.tmp-{}", std::process::id()));
    {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
    }
    std::fs::rename(&tmp, path)
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
        let loaded = store.load().unwrap();
        assert!(loaded.setups.is_empty() && loaded.moved_aside.is_none());
    }

    #[test]
    fn setups_round_trip_with_schema_version() {
        let store = SetupStore::new(temp_dir("roundtrip"));
        let mut setup = Setup::new(" Acme ");
        setup.domain = "acme.haiilo.app".into();
        setup.done_steps.insert("haiilo.activate".into());
        let saved = store.upsert(setup.clone()).unwrap();
        assert_eq!(saved.name, "Acme");
        let loaded = store.load().unwrap().setups;
        assert_eq!(loaded, vec![saved.clone()]);
        let raw: serde_json::Value =
            serde_json::from_slice(&std::fs::read(store.path()).unwrap()).unwrap();
        assert_eq!(raw["schema_version"], SCHEMA_VERSION);

        let mut renamed = saved;
        renamed.name = "Acme Corp".into();
        store.upsert(renamed).unwrap();
        assert_eq!(store.load().unwrap().setups.len(), 1);
        assert_eq!(store.get(&setup.id).unwrap().name, "Acme Corp");
    }

    #[test]
    fn corrupt_file_is_moved_aside_and_reported() {
        let dir = temp_dir("corrupt");
        let store = SetupStore::new(&dir);
        std::fs::write(store.path(), b"{ not json").unwrap();
        let loaded = store.load().unwrap();
        let (aside, reason) = loaded.moved_aside.unwrap();
        assert!(aside.exists());
        assert_eq!(std::fs::read(&aside).unwrap(), b"{ not json");
        assert!(reason.contains("not valid"));
        assert!(!store.path().exists());
    }

    #[test]
    fn newer_schema_is_not_overwritten() {
        let store = SetupStore::new(temp_dir("newer"));
        std::fs::write(store.path(), br#"{"schema_version":99,"setups":[]}"#).unwrap();
        let (aside, reason) = store.load().unwrap().moved_aside.unwrap();
        assert!(reason.contains("newer version"));
        assert!(aside.exists());
    }

    #[test]
    fn delete_removes_only_that_setup() {
        let store = SetupStore::new(temp_dir("delete"));
        let a = store.upsert(Setup::new("A")).unwrap();
        let b = store.upsert(Setup::new("B")).unwrap();
        store.delete(&a.id).unwrap();
        assert_eq!(
            store.load().unwrap().setups,
            vec![store.get(&b.id).unwrap()]
        );
        assert!(matches!(
            store.delete(&a.id),
            Err(SetupStoreError::NotFound(_))
        ));
    }
}
