//! *Export…* a setup to a file and *Import setup…* from one, for taking a setup to another
//! computer. The file never holds the client secret (see core::setups::transfer); the
//! import asks for it.
//!
//! The paths come from the native dialogs opened here, not from the page: a script running
//! in the window cannot name a file to write or read.

use super::blocking;
use crate::error::IpcResult;
use crate::state::AppState;
use crate::view::{self, SetupView};
use haiilo_scim_core::setups::transfer;
use haiilo_scim_core::{tr, trf};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

fn file_filter() -> &'static str {
    tr!("Haiilo setup file", "Haiilo-Setup-Datei")
}

/// The export file's bytes and a file name to suggest. The setup's stored secret is read
/// only to refuse an export that would carry it (typed into a field by mistake).
fn export_file(state: &AppState, id: &str) -> IpcResult<(Vec<u8>, String)> {
    let setup = state.setups.get(id)?;
    // A keychain that cannot be asked leaves only that check out; the file has no secret
    // field either way.
    let secret = state.secret(id).ok().flatten().map(|(secret, _)| secret);
    let bytes = transfer::export_bytes(&setup, secret.as_ref().map(|s| s.expose()))?;
    Ok((bytes, transfer::suggested_file_name(&setup)))
}

/// Reads the file and adds its setup as a new one. Addresses holding a credential are
/// refused as they are when typed, so a doctored file cannot put one into setups.json.
fn import_file(state: &AppState, path: &Path) -> IpcResult<SetupView> {
    let portable = transfer::read_import(path)?;
    view::refuse_credentials(&portable.domain, portable.advanced.as_ref(), None).map_err(
        |mut error| {
            let message = &error.message;
            error.message = trf!(
                "This setup file cannot be imported: {message}",
                "Diese Setup-Datei lässt sich nicht importieren: {message}"
            );
            error
        },
    )?;
    let setup = transfer::import_into(&state.setups, portable)?;
    Ok(state.with_setups_notice(state.setup_view(setup)))
}

/// Asks where to save and writes the setup file. Resolves to the path written, or `None`
/// when the admin cancelled.
#[tauri::command]
pub async fn export_setup(
    app: AppHandle,
    state: State<'_, Arc<AppState>>,
    id: String,
) -> IpcResult<Option<String>> {
    let (bytes, file_name) = blocking(&state, move |state| export_file(state, &id)).await?;
    let path = match state.overrides.transfer_path.clone() {
        Some(path) => Some(path),
        None => {
            let dialog = app
                .dialog()
                .file()
                .set_title(tr!(
                    "Export the setup (without its Client Secret)",
                    "Setup exportieren (ohne sein Client Secret)"
                ))
                .set_file_name(file_name)
                .add_filter(file_filter(), &["json"]);
            // The blocking variant must not run on the main thread; this is a worker.
            blocking(&state, move |_| Ok(dialog.blocking_save_file()))
                .await?
                .and_then(|p| p.into_path().ok())
        }
    };
    let Some(path) = path else {
        return Ok(None);
    };
    transfer::write_export(&path, &bytes)?;
    Ok(Some(path.display().to_string()))
}

/// Asks for a setup file and adds its setup as a new one, without a secret. Resolves to
/// the new setup, or `None` when the admin cancelled.
#[tauri::command]
pub async fn import_setup(
    app: AppHandle,
    state: State<'_, Arc<AppState>>,
) -> IpcResult<Option<SetupView>> {
    let path: Option<PathBuf> = match state.overrides.transfer_path.clone() {
        Some(path) => Some(path),
        None => {
            let dialog = app
                .dialog()
                .file()
                .set_title(tr!("Import a setup", "Setup importieren"))
                .add_filter(file_filter(), &["json"]);
            blocking(&state, move |_| Ok(dialog.blocking_pick_file()))
                .await?
                .and_then(|p| p.into_path().ok())
        }
    };
    let Some(path) = path else {
        return Ok(None);
    };
    blocking(&state, move |state| import_file(state, &path).map(Some)).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{IpcError, IpcErrorCode};
    use crate::test_overrides::TestOverrides;
    use haiilo_scim_core::secret::ClientSecret;
    use haiilo_scim_core::secret_store::SecretStore;
    use haiilo_scim_core::setups::transfer::TransferErrorCode;
    use haiilo_scim_core::setups::Setup;

    const SECRET: &str = "Zr4-k9Pq2wLx+export/test=";

    /// An app state in a folder of its own. Secrets go into the session store (memory),
    /// which the app reads before the keychain: no keychain is touched.
    fn state(name: &str) -> (AppState, PathBuf) {
        let dir =
            std::env::temp_dir().join(format!("haiilo-transfer-cmd-{name}-{}", Setup::new("").id));
        std::fs::create_dir_all(&dir).unwrap();
        (AppState::new(dir.clone(), TestOverrides::default()), dir)
    }

    fn stored_setup(state: &AppState, name: &str) -> Setup {
        let mut setup = Setup::new(name);
        setup.domain = "acme.haiilo.app".into();
        setup.client_id = "client-7f3a9c".into();
        let setup = state.setups.upsert(setup).unwrap();
        state
            .session
            .set(&setup.id, &ClientSecret::new(SECRET))
            .unwrap();
        setup
    }

    #[test]
    fn the_exported_bytes_do_not_hold_the_stored_secret() {
        let (state, _) = state("nosecret");
        let setup = stored_setup(&state, "Acme");
        assert!(
            state.secret(&setup.id).unwrap().is_some(),
            "control: stored"
        );
        let (bytes, file_name) = export_file(&state, &setup.id).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(!text.contains(SECRET), "{text}");
        assert!(!text.contains("Zr4-k9Pq2wLx"), "{text}");
        assert!(
            text.contains("client-7f3a9c"),
            "control: the file has the setup: {text}"
        );
        assert_eq!(file_name, "acme.haiilo-setup.json");
    }

    #[test]
    fn a_setup_with_its_secret_typed_into_the_name_is_not_exported() {
        let (state, _) = state("secretinname");
        let setup = stored_setup(&state, &format!("Acme {SECRET}"));
        let error = export_file(&state, &setup.id).unwrap_err();
        assert_eq!(
            error.code,
            IpcErrorCode::Transfer(TransferErrorCode::SecretInSetup)
        );
        assert!(!error.message.contains("Zr4"), "{}", error.message);
    }

    #[test]
    fn export_then_import_makes_a_second_setup_without_a_secret() {
        let (state, dir) = state("roundtrip");
        let setup = stored_setup(&state, "Acme");
        let path = dir.join("acme.haiilo-setup.json");
        transfer::write_export(&path, &export_file(&state, &setup.id).unwrap().0).unwrap();

        let imported = import_file(&state, &path).unwrap();
        assert_ne!(imported.setup.id, setup.id);
        assert_eq!(imported.setup.name, "Acme (2)");
        assert_eq!(
            imported.endpoints.as_ref().map(|e| e.host.as_str()),
            Some("acme.haiilo.app")
        );
        assert_eq!(imported.setup.client_id, "client-7f3a9c");
        assert_eq!(imported.secret.location, crate::state::SecretLocation::None);
        assert_eq!(state.setups.load().unwrap().len(), 2);
    }

    #[test]
    fn an_imported_address_with_a_password_is_refused_and_nothing_is_added() {
        let (state, dir) = state("credentials");
        let path = dir.join("doctored.json");
        let file = serde_json::json!({
            "format": transfer::FORMAT, "format_version": 1,
            "setup": { "name": "Doctored", "domain": "https://admin:Hunter2-pass@acme.haiilo.app" }
        });
        std::fs::write(&path, file.to_string()).unwrap();
        let IpcError { code, message } = import_file(&state, &path).unwrap_err();
        assert!(matches!(code, IpcErrorCode::Input(_)), "{code:?}");
        assert!(
            message.starts_with("This setup file cannot be imported"),
            "{message}"
        );
        assert!(!message.contains("Hunter2"), "{message}");
        assert!(state.setups.load().unwrap().is_empty());
    }

    #[test]
    fn a_file_that_is_not_ours_is_refused_with_its_code() {
        let (state, dir) = state("notours");
        let path = dir.join("setups.json");
        std::fs::write(&path, br#"{"schema_version":1,"setups":[]}"#).unwrap();
        let error = import_file(&state, &path).unwrap_err();
        assert_eq!(
            error.code,
            IpcErrorCode::Transfer(TransferErrorCode::NotASetupFile)
        );
        assert!(error.message.contains("Export…"), "{}", error.message);
    }
}
