//! TypeScript types for the UI: the core's, plus the shell's own views and inputs.

use std::path::Path;
use ts_rs::TS;

pub fn export_to(dir: &Path) -> Result<(), ts_rs::ExportError> {
    haiilo_scim_core::bindings::export_to(dir)?;
    let cfg = haiilo_scim_core::bindings::config(dir);
    crate::view::StartView::export_all(&cfg)?;
    crate::view::SetupView::export_all(&cfg)?;
    crate::view::EndpointPreview::export_all(&cfg)?;
    crate::commands::setups::SetupInput::export_all(&cfg)?;
    crate::state::SecretState::export_all(&cfg)?;
    crate::error::IpcError::export_all(&cfg)?;
    crate::commands::secrets::SecretLeftovers::export_all(&cfg)?;
    crate::state::SecretKind::export_all(&cfg)?;
    crate::commands::pingone::PingOnePlanView::export_all(&cfg)?;
    crate::commands::pingone::PingOneApplyView::export_all(&cfg)?;
    crate::commands::new_pair::NewPairOutcome::export_all(&cfg)?;
    haiilo_scim_core::pingone_api::switch_on::SwitchedOn::export_all(&cfg)?;
    crate::commands::language::LanguageState::export_all(&cfg)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    fn committed_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings")
    }

    fn read_dir(dir: &Path) -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter(|e| e.path().extension().is_some_and(|x| x == "ts"))
                    .map(|e| {
                        let name = e.file_name().to_string_lossy().to_string();
                        (name, std::fs::read_to_string(e.path()).unwrap_or_default())
                    })
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
    }

    /// The committed bindings must match the Rust types; `make bindings` refreshes them.
    #[test]
    fn bindings_are_up_to_date() {
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            let dir = committed_dir();
            let _ = std::fs::remove_dir_all(&dir);
            super::export_to(&dir).unwrap();
            return;
        }
        let fresh = std::env::temp_dir().join(format!("haiilo-bindings-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&fresh);
        super::export_to(&fresh).unwrap();
        let expected = read_dir(&fresh);
        let _ = std::fs::remove_dir_all(&fresh);
        assert!(!expected.is_empty());
        assert_eq!(
            read_dir(&committed_dir()),
            expected,
            "ui/src/lib/bindings is out of date: run `make bindings` and commit the result"
        );
    }
}
