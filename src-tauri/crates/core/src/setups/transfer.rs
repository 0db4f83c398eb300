//! Taking a setup to another computer: a small, versioned JSON file with what the admin
//! typed, and nothing that belongs to this computer or this tenant's history.
//!
//! Left out on purpose: the client secret and the PingOne worker app's secret (they stay in
//! this computer's keychain; the importing app asks for them), the last check (its summary quotes a server, and a result
//! from another network says little), the id and times (the import is a new setup), the
//! demo flag (the practice tenant exists only inside the app that started it) and fields a
//! newer app version stored (we cannot know whether they are safe to hand on).
//!
//! The format is described in docs/setup-file.md.

use super::{GroupProvisioning, PingOneAccessFields, Setup, SetupStore, SetupStoreError};
use crate::text;
use crate::{tr, trf};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What the file says it is, so that a stray JSON file is recognised as not ours.
pub const FORMAT: &str = "haiilo-scim-setup";
/// Bumped when a reader of the previous version would misread the file.
pub const FORMAT_VERSION: u32 = 1;
/// A setup file is a few hundred bytes; anything near this is not one (and is not read
/// into memory whole).
pub const MAX_FILE_BYTES: u64 = 256 * 1024;

/// Longest setup name kept from a file: a card title, not a document.
const MAX_NAME_CHARS: usize = 120;
/// Longest groups note kept from a file.
const MAX_NOTE_CHARS: usize = 4000;
/// Longest PingOne access field kept from a file (a console address is the longest typed).
const MAX_ACCESS_FIELD_CHARS: usize = 2000;
/// Ticked walkthrough steps kept from a file, and the longest id: the app has a few dozen.
const MAX_DONE_STEPS: usize = 200;
const MAX_STEP_ID_CHARS: usize = 100;
/// Shortest stored secret an export looks for in the setup's fields.
const MIN_SECRET_CHARS_TO_LOOK_FOR: usize = 8;

/// The whole file.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct SetupFile {
    format: String,
    format_version: u32,
    /// RFC 3339, UTC; for the reader's information only.
    exported_at: String,
    /// The app and version that wrote it; for the reader's information only.
    exported_by: String,
    setup: PortableSetup,
}

/// The part of a setup that travels: exactly what the admin typed or ticked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortableSetup {
    pub name: String,
    #[serde(default)]
    pub domain: String,
    #[serde(default)]
    pub advanced: Option<super::ExplicitUrls>,
    #[serde(default)]
    pub client_id: String,
    #[serde(default)]
    pub done_steps: BTreeSet<String>,
    #[serde(default)]
    pub group_provisioning: GroupProvisioning,
    #[serde(default)]
    pub groups_note: String,
    /// PingOne access as typed (region, environment, the worker app's Client ID, URLs). Absent
    /// without access; a reader that predates it ignores it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pingone: Option<PingOneAccessFields>,
}

impl PortableSetup {
    fn from_setup(setup: &Setup) -> Self {
        Self {
            name: setup.name.clone(),
            domain: setup.domain.clone(),
            advanced: setup.advanced.clone(),
            client_id: setup.client_id.clone(),
            done_steps: setup.done_steps.clone(),
            group_provisioning: setup.group_provisioning,
            groups_note: setup.groups_note.clone(),
            pingone: setup.pingone.clone().filter(|access| !access.is_blank()),
        }
    }

    /// The texts that go into the file, with the field each is shown as.
    fn texts(&self) -> Vec<(&'static str, &str)> {
        let mut texts = vec![
            (tr!("name", "Name"), self.name.as_str()),
            (tr!("Haiilo domain", "Haiilo-Domain"), self.domain.as_str()),
            ("Client ID", self.client_id.as_str()),
            (
                tr!(
                    "note on which groups to sync",
                    "Notiz zu den zu synchronisierenden Gruppen"
                ),
                self.groups_note.as_str(),
            ),
        ];
        if let Some(urls) = &self.advanced {
            texts.push((
                tr!("SCIM base URL", "SCIM-Basis-URL"),
                urls.scim_base_url.as_str(),
            ));
            texts.push((tr!("token URL", "Token-URL"), urls.token_url.as_str()));
        }
        if let Some(access) = &self.pingone {
            for field in access_fields(access) {
                texts.push((tr!("PingOne access", "PingOne-Zugang"), field.as_str()));
            }
        }
        texts
    }

    /// A file may have been edited by hand or by something else: names and notes lose
    /// control characters and are capped, so a file cannot make the start screen unreadable.
    fn tidied(self) -> Self {
        let done_steps = self
            .done_steps
            .into_iter()
            .filter(|id| id.chars().count() <= MAX_STEP_ID_CHARS)
            .take(MAX_DONE_STEPS)
            .collect();
        Self {
            name: text::cap(
                text::printable(&self.name, text::Lines::Join).trim(),
                MAX_NAME_CHARS,
            ),
            groups_note: text::cap(
                &text::printable(&self.groups_note, text::Lines::Keep),
                MAX_NOTE_CHARS,
            ),
            done_steps,
            pingone: self
                .pingone
                .map(tidied_access)
                .filter(|access| !access.is_blank()),
            ..self
        }
    }
}

fn access_fields(access: &PingOneAccessFields) -> [&String; 5] {
    [
        &access.region,
        &access.environment_id,
        &access.worker_client_id,
        &access.auth_url,
        &access.api_url,
    ]
}

/// PingOne access from a file: one line each, capped (the app checks the values on use).
fn tidied_access(access: PingOneAccessFields) -> PingOneAccessFields {
    let tidy = |value: &str| {
        text::cap(
            text::printable(value, text::Lines::Join).trim(),
            MAX_ACCESS_FIELD_CHARS,
        )
    };
    PingOneAccessFields {
        region: tidy(&access.region),
        environment_id: tidy(&access.environment_id),
        worker_client_id: tidy(&access.worker_client_id),
        auth_url: tidy(&access.auth_url),
        api_url: tidy(&access.api_url),
    }
}

/// What went wrong with an export or import; the codes the UI branches on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TransferErrorCode {
    /// The file is not a setup file of this app (another JSON file, a PDF, …).
    NotASetupFile,
    /// A setup file from a newer version of the app.
    NewerFormat,
    /// A setup file of ours that is cut short or was edited into something unreadable.
    DamagedFile,
    /// Larger than any setup file could be.
    FileTooLarge,
    ReadFailed,
    WriteFailed,
    /// The demo setup points at a practice tenant inside this app: nothing to take along.
    DemoNotExportable,
    /// The setup's own client secret was typed into one of its fields.
    SecretInSetup,
}

#[derive(Debug)]
pub enum TransferError {
    NotASetupFile(PathBuf),
    NewerFormat {
        path: PathBuf,
        found: u64,
    },
    DamagedFile {
        path: PathBuf,
        reason: String,
    },
    FileTooLarge {
        path: PathBuf,
        size: u64,
    },
    ReadFailed {
        path: PathBuf,
        source: std::io::Error,
    },
    WriteFailed {
        path: PathBuf,
        source: std::io::Error,
    },
    DemoNotExportable,
    /// The field's name as the message shows it (in the language of the moment it was made).
    SecretInSetup(&'static str),
}

impl std::error::Error for TransferError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::ReadFailed { source, .. } | Self::WriteFailed { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl std::fmt::Display for TransferError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            Self::NotASetupFile(path) => {
                let path = path.display();
                trf!(
                    "{path} is not a setup file of the Haiilo SCIM Setup Assistant. Choose a file made with \
                     Export… on a setup card (its name usually ends in .haiilo-setup.json).",
                    "{path} ist keine Setup-Datei des Haiilo SCIM Setup Assistant. Wählen Sie eine Datei, die mit \
                     „Exportieren…“ auf einer Setup-Karte erstellt wurde (ihr Name endet meist auf .haiilo-setup.json)."
                )
            }
            Self::NewerFormat { path, found } => {
                let path = path.display();
                trf!(
                    "{path} was made by a newer version of the Haiilo SCIM Setup Assistant (setup file \
                     version {found}; this version reads up to {FORMAT_VERSION}). Update the app on this \
                     computer, then import the file again.",
                    "{path} wurde von einer neueren Version des Haiilo SCIM Setup Assistant erstellt \
                     (Setup-Dateiversion {found}; diese Version liest bis {FORMAT_VERSION}). Aktualisieren Sie die \
                     App auf diesem Computer und importieren Sie die Datei dann erneut."
                )
            }
            Self::DamagedFile { path, reason } => {
                let path = path.display();
                trf!(
                    "{path} is a setup file, but it is damaged ({reason}). Export the setup again on the \
                     other computer and copy the new file over.",
                    "{path} ist eine Setup-Datei, aber beschädigt ({reason}). Exportieren Sie das Setup auf dem \
                     anderen Computer erneut und kopieren Sie die neue Datei herüber."
                )
            }
            Self::FileTooLarge { path, size } => {
                let (path, size) = (path.display(), crate::report::number(*size));
                trf!(
                    "{path} is {size} bytes, far larger than a setup file (a few hundred bytes). Choose the \
                     file made with Export….",
                    "{path} ist {size} Bytes groß, weit größer als eine Setup-Datei (einige hundert Bytes). \
                     Wählen Sie die Datei, die mit „Exportieren…“ erstellt wurde."
                )
            }
            Self::ReadFailed { path, source } => {
                let path = path.display();
                trf!(
                    "Could not read {path}: {source}. Check that the file is still there and that you may read it.",
                    "{path} konnte nicht gelesen werden: „{source}“. Prüfen Sie, ob die Datei noch da ist und Sie sie lesen dürfen."
                )
            }
            Self::WriteFailed { path, source } => {
                let path = path.display();
                trf!(
                    "Could not write {path}: {source}. Choose a folder you may write to and export again.",
                    "{path} konnte nicht geschrieben werden: „{source}“. Wählen Sie einen Ordner, in den Sie schreiben dürfen, und exportieren Sie erneut."
                )
            }
            Self::DemoNotExportable => tr!(
                "The demo setup points at a practice tenant that runs inside this app; there is \
                 nothing in it to take to another computer. Export a setup of a real Haiilo tenant.",
                "Das Demo-Setup zeigt auf einen Übungs-Tenant, der in dieser App läuft; darin gibt es nichts, \
                 was sich auf einen anderen Computer mitnehmen ließe. Exportieren Sie ein Setup eines echten Haiilo-Tenants."
            )
            .to_string(),
            Self::SecretInSetup(field) => trf!(
                "The setup's Client Secret is typed into its {field}. Remove it from there (the secret \
                 belongs only in the Client Secret field, which is never exported), then export again.",
                "Das „Client Secret“ des Setups steht in seinem Feld „{field}“. Entfernen Sie es dort (das Secret \
                 gehört nur in das Feld „Client Secret“, das nie exportiert wird) und exportieren Sie erneut."
            ),
        };
        f.write_str(&text)
    }
}

impl TransferError {
    pub fn code(&self) -> TransferErrorCode {
        use TransferErrorCode as C;
        match self {
            Self::NotASetupFile(_) => C::NotASetupFile,
            Self::NewerFormat { .. } => C::NewerFormat,
            Self::DamagedFile { .. } => C::DamagedFile,
            Self::FileTooLarge { .. } => C::FileTooLarge,
            Self::ReadFailed { .. } => C::ReadFailed,
            Self::WriteFailed { .. } => C::WriteFailed,
            Self::DemoNotExportable => C::DemoNotExportable,
            Self::SecretInSetup(_) => C::SecretInSetup,
        }
    }
}

/// The file's bytes for `setup`. `secret` is the setup's stored client secret, if any: an
/// export that would carry it (pasted into a name or note by mistake) is refused.
pub fn export_bytes(setup: &Setup, secret: Option<&str>) -> Result<Vec<u8>, TransferError> {
    if setup.is_demo {
        return Err(TransferError::DemoNotExportable);
    }
    let portable = PortableSetup::from_setup(setup);
    // A very short stored secret (a placeholder typed while trying the app) would be found
    // inside ordinary words; real client secrets are far longer.
    let secret = secret
        .map(str::trim)
        .filter(|s| s.chars().count() >= MIN_SECRET_CHARS_TO_LOOK_FOR);
    if let Some(secret) = secret {
        if let Some((field, _)) = portable
            .texts()
            .into_iter()
            .find(|(_, t)| t.contains(secret))
        {
            return Err(TransferError::SecretInSetup(field));
        }
    }
    let file = SetupFile {
        format: FORMAT.to_string(),
        format_version: FORMAT_VERSION,
        exported_at: now_rfc3339(),
        exported_by: format!("Haiilo SCIM Setup Assistant {}", env!("CARGO_PKG_VERSION")),
        setup: portable,
    };
    let mut bytes = serde_json::to_vec_pretty(&file).map_err(|e| TransferError::WriteFailed {
        path: PathBuf::new(),
        source: std::io::Error::other(e),
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Writes the export to `path` (replacing a file the admin chose to overwrite).
pub fn write_export(path: &Path, bytes: &[u8]) -> Result<(), TransferError> {
    std::fs::write(path, bytes).map_err(|source| TransferError::WriteFailed {
        path: path.to_path_buf(),
        source,
    })
}

/// Reads and checks a setup file.
pub fn read_import(path: &Path) -> Result<PortableSetup, TransferError> {
    let read_failed = |source| TransferError::ReadFailed {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(read_failed)?.len();
    if size > MAX_FILE_BYTES {
        return Err(TransferError::FileTooLarge {
            path: path.to_path_buf(),
            size,
        });
    }
    let bytes = std::fs::read(path).map_err(read_failed)?;
    parse(&bytes, path)
}

/// Checks the bytes of a setup file; `path` only names it in messages.
pub fn parse(bytes: &[u8], path: &Path) -> Result<PortableSetup, TransferError> {
    let not_ours = || TransferError::NotASetupFile(path.to_path_buf());
    let damaged = |reason: String| TransferError::DamagedFile {
        path: path.to_path_buf(),
        reason,
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(not_ours());
    };
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(value) => value,
        // Our marker in text that is not JSON: one of our files, cut short or mangled.
        // Anything else that is not JSON is some other file.
        Err(e) if text.contains(FORMAT) => {
            return Err(damaged(trf!(
                "it is not valid JSON: {e}",
                "sie ist kein gültiges JSON: „{e}“"
            )))
        }
        Err(_) => return Err(not_ours()),
    };
    if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(not_ours());
    }
    let version = match value.get("format_version").and_then(|v| v.as_u64()) {
        Some(version) if version >= 1 => version,
        _ => {
            return Err(damaged(
                tr!(
                    "its format_version is missing or not a positive number",
                    "ihre format_version fehlt oder ist keine positive Zahl"
                )
                .into(),
            ))
        }
    };
    // Checked before the setup is read: a newer version may have changed its shape.
    if version > u64::from(FORMAT_VERSION) {
        return Err(TransferError::NewerFormat {
            path: path.to_path_buf(),
            found: version,
        });
    }
    let setup = value
        .get("setup")
        .ok_or_else(|| damaged(tr!("it has no setup in it", "sie enthält kein Setup").into()))?;
    let portable: PortableSetup = serde_json::from_value(setup.clone()).map_err(|e| {
        damaged(trf!(
            "its setup cannot be read: {e}",
            "ihr Setup ist nicht lesbar: „{e}“"
        ))
    })?;
    Ok(portable.tidied())
}

/// Adds the imported setup to the store as a new setup (new id, not tested, not the demo),
/// named so that it does not clash with a setup already there. Runs under the store's
/// locks, so two imports at once cannot take the same name.
pub fn import_into(store: &SetupStore, portable: PortableSetup) -> Result<Setup, SetupStoreError> {
    store.modify(move |setups| {
        let mut setup = Setup::new("");
        let taken: BTreeSet<String> = setups
            .iter()
            .map(|s| s.name.trim().to_lowercase())
            .collect();
        setup.name = unclashed_name(portable.name.trim(), &taken);
        setup.domain = portable.domain;
        setup.advanced = portable.advanced;
        setup.client_id = portable.client_id;
        setup.done_steps = portable.done_steps;
        setup.group_provisioning = portable.group_provisioning;
        setup.groups_note = portable.groups_note;
        setup.pingone = portable.pingone;
        setups.push(setup.clone());
        Ok(setup)
    })
}

/// `name`, or `name (2)`, `name (3)`, … when it is taken (compared without case, as admins
/// read them). An empty name stays empty: the app names such setups after their host.
fn unclashed_name(name: &str, taken: &BTreeSet<String>) -> String {
    if name.is_empty() || !taken.contains(&name.to_lowercase()) {
        return name.to_string();
    }
    (2..)
        .map(|n| format!("{name} ({n})"))
        .find(|candidate| !taken.contains(&candidate.to_lowercase()))
        .unwrap_or_else(|| name.to_string())
}

/// A file name for the save dialog: the setup's name in letters, digits and dashes.
pub fn suggested_file_name(setup: &Setup) -> String {
    let mut slug = String::new();
    for c in setup.name.trim().chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "setup" } else { slug };
    format!("{}.haiilo-setup.json", text::cap(slug, 60))
}

fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::setups::{ExplicitUrls, LastCheck};

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("haiilo-transfer-{name}-{}", Setup::new("").id));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn typed_setup() -> Setup {
        let mut setup = Setup::new("Acme prod");
        setup.domain = "acme.haiilo.app".into();
        setup.client_id = "client-7f3a9c".into();
        // A rotation under way on this computer: its pair is not carried over.
        setup.pending_client_id = "client-rotating-2".into();
        setup.advanced = Some(ExplicitUrls {
            scim_base_url: "https://scim.acme.example/api/scim/v2".into(),
            token_url: "https://scim.acme.example/api/oauth/token".into(),
        });
        setup.done_steps = ["haiilo.activate_directory".to_string()].into();
        setup.group_provisioning = GroupProvisioning::UsersAndGroups;
        setup.groups_note = "Sales, Support".into();
        setup.pingone = Some(PingOneAccessFields {
            region: "eu".into(),
            environment_id: "abcd1234-5678-90ab-cdef-1234567890ab".into(),
            worker_client_id: "worker-0c1d".into(),
            ..Default::default()
        });
        setup.last_check = Some(LastCheck {
            at_ms: 1,
            ok: false,
            summary: "Haiilo refused the client: evidence-from-the-server".into(),
            finding_codes: vec!["invalid_client".into()],
            total_users: Some(50),
            pingone: None,
            lang: Default::default(),
        });
        setup.extra.insert(
            "proxy_password".into(),
            serde_json::json!("from-a-newer-app"),
        );
        setup
    }

    #[test]
    fn a_setup_goes_round_the_file_into_a_new_setup() {
        let original = typed_setup();
        let dir = temp_dir("roundtrip");
        let path = dir.join(suggested_file_name(&original));
        write_export(&path, &export_bytes(&original, None).unwrap()).unwrap();

        let other_computer = SetupStore::new(dir.join("other"));
        let imported = import_into(&other_computer, read_import(&path).unwrap()).unwrap();
        assert_ne!(imported.id, original.id);
        assert_eq!(
            (
                &imported.name,
                &imported.domain,
                &imported.advanced,
                &imported.client_id,
                &imported.done_steps,
                imported.group_provisioning,
                &imported.groups_note,
                &imported.pingone,
            ),
            (
                &original.name,
                &original.domain,
                &original.advanced,
                &original.client_id,
                &original.done_steps,
                original.group_provisioning,
                &original.groups_note,
                &original.pingone,
            )
        );
        assert_eq!(
            imported.last_check, None,
            "a result from elsewhere is not carried"
        );
        assert!(!imported.is_demo);
        assert!(imported.extra.is_empty());
        assert_eq!(other_computer.load().unwrap(), vec![imported]);
    }

    #[test]
    fn the_file_holds_no_check_result_and_no_unknown_fields() {
        let bytes = export_bytes(&typed_setup(), None).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        for absent in [
            "evidence-from-the-server",
            "invalid_client",
            "last_check",
            "proxy_password",
            "from-a-newer-app",
            "is_demo",
            "client-rotating-2",
        ] {
            assert!(!text.contains(absent), "{absent} is in the file:\n{text}");
        }
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["format"], FORMAT);
        assert_eq!(value["format_version"], FORMAT_VERSION);
        assert_eq!(value["setup"]["client_id"], "client-7f3a9c");
    }

    #[test]
    fn a_secret_typed_into_a_field_refuses_the_export_and_names_the_field() {
        let mut setup = typed_setup();
        setup.groups_note = "Sales; secret is Zr4-k9Pq2wLx".into();
        let error = export_bytes(&setup, Some("Zr4-k9Pq2wLx")).unwrap_err();
        assert_eq!(error.code(), TransferErrorCode::SecretInSetup);
        assert!(error.to_string().contains("groups"), "{error}");
        assert!(!error.to_string().contains("Zr4"), "{error}");
        // Without the secret in any field, the same secret does not stop the export.
        assert!(export_bytes(&typed_setup(), Some("Zr4-k9Pq2wLx")).is_ok());
        // A placeholder of a few letters is not looked for: it would be in ordinary words.
        assert!(export_bytes(&typed_setup(), Some("Sal")).is_ok());
    }

    #[test]
    fn pingone_access_travels_without_its_secret_and_a_file_without_it_imports_without() {
        let dir = temp_dir("access");
        let store = SetupStore::new(dir.clone());
        let text = String::from_utf8(export_bytes(&typed_setup(), None).unwrap()).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["setup"]["pingone"]["worker_client_id"], "worker-0c1d");
        assert!(!text.contains("secret"), "{text}");

        // A hand-edited file: one line per field, capped.
        let mut edited = typed_setup();
        edited.pingone.as_mut().unwrap().environment_id =
            format!("abcd1234-5678-90ab-cdef-1234567890ab\n{}", "x".repeat(5000));
        let path = dir.join("edited.json");
        write_export(&path, &export_bytes(&edited, None).unwrap()).unwrap();
        let imported = import_into(&store, read_import(&path).unwrap()).unwrap();
        let environment = imported.pingone.unwrap().environment_id;
        assert!(
            !environment.contains('\n') && environment.chars().count() <= MAX_ACCESS_FIELD_CHARS
        );

        // Without access (or with blank access) the file has none, and the import has none.
        let mut without = typed_setup();
        without.pingone = Some(PingOneAccessFields::default());
        let text = String::from_utf8(export_bytes(&without, None).unwrap()).unwrap();
        assert!(!text.contains("pingone"), "{text}");
        write_export(&path, text.as_bytes()).unwrap();
        assert_eq!(
            import_into(&store, read_import(&path).unwrap())
                .unwrap()
                .pingone,
            None
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_secret_typed_into_the_pingone_access_refuses_the_export() {
        let mut setup = typed_setup();
        setup.pingone.as_mut().unwrap().worker_client_id = "Zr4-k9Pq2wLx".into();
        let error = export_bytes(&setup, Some("Zr4-k9Pq2wLx")).unwrap_err();
        assert_eq!(error.code(), TransferErrorCode::SecretInSetup);
        assert!(error.to_string().contains("PingOne access"), "{error}");
    }

    #[test]
    fn the_demo_setup_is_not_exported() {
        let mut demo = typed_setup();
        demo.is_demo = true;
        assert_eq!(
            export_bytes(&demo, None).unwrap_err().code(),
            TransferErrorCode::DemoNotExportable
        );
    }

    fn parse_code(bytes: &[u8]) -> TransferErrorCode {
        parse(bytes, Path::new("/tmp/x.json")).unwrap_err().code()
    }

    #[test]
    fn files_that_are_not_ours_are_named_as_such() {
        for bytes in [
            &b"%PDF-1.7 binary \xff\xfe"[..],
            b"",
            b"hello",
            br#"{"schema_version":1,"setups":[]}"#,
            br#"{"format":"something-else","format_version":1,"setup":{"name":"x"}}"#,
            b"[1,2,3]",
        ] {
            assert_eq!(
                parse_code(bytes),
                TransferErrorCode::NotASetupFile,
                "{}",
                String::from_utf8_lossy(bytes)
            );
        }
    }

    #[test]
    fn a_newer_format_asks_for_an_update_even_with_a_different_shape() {
        let newer =
            br#"{"format":"haiilo-scim-setup","format_version":7,"setups":[{"title":"x"}]}"#;
        let error = parse(newer, Path::new("/tmp/newer.json")).unwrap_err();
        assert_eq!(error.code(), TransferErrorCode::NewerFormat);
        assert!(error.to_string().contains("version 7"), "{error}");
        assert!(error.to_string().contains("Update the app"), "{error}");
    }

    #[test]
    fn a_damaged_file_of_ours_says_damaged() {
        let whole = export_bytes(&typed_setup(), None).unwrap();
        let cut = &whole[..whole.len() / 2];
        assert_eq!(parse_code(cut), TransferErrorCode::DamagedFile);
        for bytes in [
            &br#"{"format":"haiilo-scim-setup","format_version":1}"#[..],
            br#"{"format":"haiilo-scim-setup","format_version":1,"setup":{"domain":"a.b"}}"#,
            br#"{"format":"haiilo-scim-setup","format_version":1,"setup":{"name":7}}"#,
            br#"{"format":"haiilo-scim-setup","format_version":"one","setup":{"name":"x"}}"#,
            br#"{"format":"haiilo-scim-setup","format_version":0,"setup":{"name":"x"}}"#,
        ] {
            assert_eq!(
                parse_code(bytes),
                TransferErrorCode::DamagedFile,
                "{}",
                String::from_utf8_lossy(bytes)
            );
        }
    }

    #[test]
    fn every_transfer_refusal_is_german_in_a_german_session() {
        use crate::lang::{english_words, sync_scope, Lang};
        sync_scope(Lang::De, || {
            let mut errors = Vec::new();
            for bytes in [
                &b"hello"[..],
                br#"{"format":"haiilo-scim-setup","format_version":7,"setups":[]}"#,
                br#"{"format":"haiilo-scim-setup","format_version":1}"#,
                br#"{"format":"haiilo-scim-setup","format_version":0,"setup":{"name":"x"}}"#,
                br#"{"format":"haiilo-scim-setup","format_version":1,"setup":{"name":7}}"#,
                br#"{"format":"haiilo-scim-setup", cut"#,
            ] {
                errors.push(parse(bytes, Path::new("/tmp/x.json")).unwrap_err());
            }
            let dir = temp_dir("refusals-de");
            let huge = dir.join("huge.json");
            std::fs::File::create(&huge)
                .unwrap()
                .set_len(MAX_FILE_BYTES + 1)
                .unwrap();
            errors.push(read_import(&huge).unwrap_err());
            errors.push(read_import(&dir.join("missing.json")).unwrap_err());
            errors.push(write_export(&dir.join("no/such/folder/x.json"), b"{}").unwrap_err());
            let mut demo = typed_setup();
            demo.is_demo = true;
            errors.push(export_bytes(&demo, None).unwrap_err());
            for field in 0..2 {
                let mut setup = typed_setup();
                match field {
                    0 => setup.groups_note = "Sales; secret is Zr4-k9Pq2wLx".into(),
                    _ => setup.name = "Zr4-k9Pq2wLx".into(),
                }
                errors.push(export_bytes(&setup, Some("Zr4-k9Pq2wLx")).unwrap_err());
            }
            let codes: std::collections::BTreeSet<_> =
                errors.iter().map(|e| format!("{:?}", e.code())).collect();
            assert_eq!(codes.len(), 8, "every refusal is tried: {codes:?}");
            for error in &errors {
                let text = error.to_string();
                let english = english_words(&text);
                assert!(english.is_empty(), "English {english:?} in: {text}");
            }
        });
    }

    #[test]
    fn a_huge_file_is_refused_before_it_is_read() {
        let dir = temp_dir("huge");
        let path = dir.join("huge.json");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(MAX_FILE_BYTES + 1).unwrap();
        assert_eq!(
            read_import(&path).unwrap_err().code(),
            TransferErrorCode::FileTooLarge
        );
        assert_eq!(
            read_import(&dir.join("missing.json")).unwrap_err().code(),
            TransferErrorCode::ReadFailed
        );
    }

    #[test]
    fn a_hand_edited_name_loses_controls_and_length() {
        let file = serde_json::json!({
            "format": FORMAT, "format_version": 1,
            "setup": { "name": format!("\u{1b}[2JAcme\u{202E}\n{}", "x".repeat(500)), "unknown_later_field": true }
        });
        let portable = parse(file.to_string().as_bytes(), Path::new("/tmp/x")).unwrap();
        assert!(portable.name.starts_with("Acme xxx"), "{}", portable.name);
        assert!(portable.name.chars().count() <= MAX_NAME_CHARS);
        assert!(!portable
            .name
            .chars()
            .any(|c| c.is_control() || c == '\u{202E}'));
    }

    #[test]
    fn a_name_clash_gets_the_next_free_number() {
        let store = SetupStore::new(temp_dir("clash"));
        store.upsert(Setup::new("Acme")).unwrap();
        store.upsert(Setup::new("acme (2)")).unwrap();
        let portable = parse(
            &export_bytes(&Setup::new("Acme"), None).unwrap(),
            Path::new("x"),
        )
        .unwrap();
        assert_eq!(
            import_into(&store, portable.clone()).unwrap().name,
            "Acme (3)"
        );
        assert_eq!(import_into(&store, portable).unwrap().name, "Acme (4)");
        let fresh = parse(
            &export_bytes(&Setup::new("Globex"), None).unwrap(),
            Path::new("x"),
        )
        .unwrap();
        assert_eq!(import_into(&store, fresh).unwrap().name, "Globex");
        assert_eq!(store.load().unwrap().len(), 5);
    }

    #[test]
    fn the_suggested_file_name_is_safe_on_every_system() {
        assert_eq!(
            suggested_file_name(&Setup::new("Acme / Prod: EU")),
            "acme-prod-eu.haiilo-setup.json"
        );
        assert_eq!(
            suggested_file_name(&Setup::new("../..")),
            "setup.haiilo-setup.json"
        );
    }
}
