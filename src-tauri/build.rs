// Declares the app's own commands, so that only those the capability file grants can be
// called from the UI (Tauri denies everything else by default).
include!("src/command_names.rs");

fn main() {
    // tauri-build narrows what reruns this script; the shared list must be on it.
    println!("cargo:rerun-if-changed=src/command_names.rs");
    let manifest = tauri_build::AppManifest::new().commands(APP_COMMANDS);
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        panic!("tauri build configuration failed: {e:#}");
    }
}
