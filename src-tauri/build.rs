// Declares the app's own commands, so that only those the capability file grants can be
// called from the UI (Tauri denies everything else by default).
fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&[
        "list_setups",
        "create_setup",
        "save_setup",
        "delete_setup",
        "preview_endpoints",
        "store_secret",
        "remove_secret",
        "copy_text",
        "copy_secret",
        "run_check",
        "start_demo",
        "open_link",
        "save_report",
        "copy_summary",
    ]);
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        panic!("tauri build configuration failed: {e:#}");
    }
}
