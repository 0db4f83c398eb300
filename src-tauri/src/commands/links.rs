//! Opening the Haiilo and PingOne consoles in the default browser.

use crate::error::{IpcError, IpcResult};
use tauri::AppHandle;
use tauri_plugin_opener::OpenerExt;

/// Opens an https:// address; nothing else is accepted from the UI.
#[tauri::command]
pub fn open_link(app: AppHandle, url: String) -> IpcResult<()> {
    if !url.starts_with("https://") {
        return Err(IpcError::new(
            "invalid_link",
            "Only https:// links can be opened.",
        ));
    }
    app.opener()
        .open_url(url, None::<&str>)
        .map_err(|e| IpcError::new("open_failed", format!("Could not open the browser: {e}")))
}
