//! Handing the last run over: *Save report…* (Markdown, HTML or JSON, chosen by the file
//! name in the native save dialog) and *Copy summary* for a ticket. Both render the
//! report kept from the last run; it holds no secret (see core::report).

use super::blocking;
use crate::error::{IpcError, IpcResult};
use crate::state::AppState;
use haiilo_scim_core::check::CheckReport;
use haiilo_scim_core::report::{self, ReportFormat};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use tauri::{AppHandle, State};
use tauri_plugin_clipboard_manager::ClipboardExt;
use tauri_plugin_dialog::DialogExt;

fn last_report(state: &AppState, id: &str) -> IpcResult<CheckReport> {
    state.last_report(id).ok_or_else(|| {
        IpcError::new(
            "no_report",
            "Run the connection test first; the report describes its last run.",
        )
    })
}

/// Asks where to save (the extension picks the format) and writes the report. Resolves to
/// the path written, or `None` when the admin cancelled.
#[tauri::command]
pub async fn save_report(
    app: AppHandle,
    state: State<'_, Arc<AppState>>,
    id: String,
) -> IpcResult<Option<String>> {
    let report = last_report(&state, &id)?;
    let path = match state.overrides.report_path.clone() {
        Some(path) => Some(path),
        None => {
            let dialog = app
                .dialog()
                .file()
                .set_title("Save the connection test report")
                .set_file_name("haiilo-scim-report.html")
                .add_filter("Web page (prints cleanly)", &["html"])
                .add_filter("Markdown", &["md"])
                .add_filter("JSON", &["json"]);
            // The blocking variant must not run on the main thread; this is a worker.
            blocking(&state, move |_| Ok(dialog.blocking_save_file()))
                .await?
                .and_then(|p| p.into_path().ok())
        }
    };
    let Some(mut path) = path else {
        return Ok(None);
    };
    let format = match ReportFormat::from_path(&path) {
        Some(format) => format,
        None => {
            // A name without a known extension gets the HTML report and its extension.
            path.set_extension("html");
            ReportFormat::Html
        }
    };
    std::fs::write(&path, report::render(&report, format)).map_err(|e| {
        IpcError::new(
            "report_write_failed",
            format!("Could not write {}: {e}", path.display()),
        )
    })?;
    Ok(Some(path.display().to_string()))
}

/// Copies a few lines about the last run, for a ticket.
#[tauri::command]
pub async fn copy_summary(
    app: AppHandle,
    state: State<'_, Arc<AppState>>,
    id: String,
) -> IpcResult<()> {
    let report = last_report(&state, &id)?;
    state.copy_generation.fetch_add(1, Ordering::SeqCst);
    app.clipboard()
        .write_text(report::summary_text(&report))
        .map_err(|e| {
            IpcError::new(
                "clipboard_failed",
                format!("Could not copy to the clipboard: {e}"),
            )
        })
}
