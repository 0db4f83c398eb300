//! The desktop shell: builds the Tauri app, registers plugins, state and commands. All
//! logic lives in the core crate.

#[cfg(test)]
mod acl_tests;
#[cfg(test)]
mod command_names;
mod commands;
mod config_dir;
mod error;
mod state;
mod test_overrides;
mod view;
mod webview_settings;
mod window_fit;

#[cfg(feature = "ts")]
pub mod bindings;

use std::sync::Arc;
use tauri::Manager;

/// The app window's WebKit settings, for the bench's bare Tauri window (examples/bare_window.rs).
pub use webview_settings::apply as apply_webview_settings;

pub fn run() {
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let config_dir = config_dir::adopt_previous(&app.path().app_config_dir()?);
            let state = state::AppState::new(config_dir, test_overrides::TestOverrides::from_env());
            commands::language::apply_saved(&state);
            app.manage(Arc::new(state));
            // Before the window is fitted to the screen. The window is created visible: a
            // window created hidden, with compositing off, hung WebKit's web process (the
            // page never rendered, under Xvfb and WebDriver alike).
            for window in app.webview_windows().values() {
                webview_settings::apply(window);
            }
            window_fit::fit_main_window(app);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::setups::list_setups,
            commands::setups::create_setup,
            commands::setups::save_setup,
            commands::setups::delete_setup,
            commands::setups::preview_endpoints,
            commands::secrets::store_secret,
            commands::secrets::remove_secret,
            commands::clipboard::copy_text,
            commands::clipboard::copy_secret,
            commands::check::run_check,
            commands::demo::start_demo,
            commands::links::open_link,
            commands::report::save_report,
            commands::report::copy_summary,
            commands::pingone::pingone_plan,
            commands::pingone::pingone_apply,
            commands::pingone::pingone_switch_rule_on,
            commands::transfer::export_setup,
            commands::transfer::import_setup,
            commands::new_pair::new_pair_state,
            commands::new_pair::test_new_pair,
            commands::language::language_state,
            commands::language::set_language,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("haiilo-scim-assistant could not start: {e}");
        std::process::exit(1);
    }
}
