//! Handing the last run over: *Save report…* (Markdown, HTML or JSON, chosen by the file
//! name in the native save dialog) and *Copy summary* for a ticket. Both render the
//! report kept from the last run; it holds no secret (see core::report).

use super::blocking;
use crate::error::{AppErrorCode, IpcError, IpcResult};
use crate::state::{AppState, WordedReport};
use haiilo_scim_core::lang;
use haiilo_scim_core::report::{self, ReportContext, ReportFormat};
use haiilo_scim_core::setups::Setup;
use haiilo_scim_core::{tr, trf};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use tauri::{AppHandle, State};
use tauri_plugin_clipboard_manager::ClipboardExt;
use tauri_plugin_dialog::DialogExt;

fn last_report(state: &AppState, id: &str) -> IpcResult<WordedReport> {
    state.last_report(id).ok_or_else(|| {
        IpcError::new(
            AppErrorCode::NoReport,
            tr!(
                "Run the connection test first; the report describes its last run.",
                "Starten Sie zuerst den Verbindungstest; der Bericht beschreibt seinen letzten Lauf."
            ),
        )
    })
}

/// What the report says about the setup it came from.
fn context(setup: &Setup, include_users: bool) -> ReportContext {
    ReportContext {
        setup_name: Some(setup.name.clone()),
        groups: setup.group_provisioning,
        practice_tenant: setup.is_demo,
        include_users,
    }
}

/// Asks where to save (the extension picks the format) and writes the report. Resolves to
/// the path written, or `None` when the admin cancelled. The users' names are in it only
/// with `include_users` (the admin ticked it): they are personal data.
#[tauri::command]
pub async fn save_report(
    app: AppHandle,
    state: State<'_, Arc<AppState>>,
    id: String,
    include_users: bool,
) -> IpcResult<Option<String>> {
    let report = last_report(&state, &id)?;
    let setup_id = id.clone();
    let context = blocking(&state, move |state| {
        Ok(context(&state.setups.get(&setup_id)?, include_users))
    })
    .await?;
    let path = match state.overrides.report_path.clone() {
        Some(path) => Some(path),
        None => {
            let dialog = app
                .dialog()
                .file()
                .set_title(tr!(
                    "Save the connection test report",
                    "Bericht des Verbindungstests speichern"
                ))
                .set_file_name(tr!("haiilo-scim-report.html", "haiilo-scim-bericht.html"))
                .add_filter(
                    tr!("Web page (prints cleanly)", "Webseite (druckt sauber)"),
                    &["html"],
                )
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
    let text = lang::sync_scope(report.lang, || {
        report::render_with(&report.report, format, &context)
    });
    std::fs::write(&path, text).map_err(|e| {
        IpcError::new(AppErrorCode::ReportWriteFailed, {
            let path = path.display();
            trf!(
                "Could not write {path}: {e}",
                "{path} konnte nicht geschrieben werden: „{e}“"
            )
        })
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
        .write_text(lang::sync_scope(report.lang, || {
            report::summary_text(&report.report)
        }))
        .map_err(|e| {
            IpcError::new(
                AppErrorCode::ClipboardFailed,
                trf!(
                    "Could not copy to the clipboard: {e}",
                    "Kopieren in die Zwischenablage ist gescheitert: „{e}“"
                ),
            )
        })
}
