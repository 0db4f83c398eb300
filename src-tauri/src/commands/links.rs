//! Opening the Haiilo and PingOne consoles in the default browser.

use crate::error::{AppErrorCode, IpcError, IpcResult};
use tauri::AppHandle;
use tauri_plugin_opener::OpenerExt;

/// Opens an https:// address; nothing else is accepted from the UI.
#[tauri::command]
pub fn open_link(app: AppHandle, url: String) -> IpcResult<()> {
    if !url.starts_with("https://") {
        return Err(IpcError::new(
            AppErrorCode::InvalidLink,
            "Only https:// links can be opened.",
        ));
    }
    app.opener().open_url(url, None::<&str>).map_err(|e| {
        IpcError::new(
            AppErrorCode::OpenFailed,
            format!("Could not open the browser: {e}"),
        )
    })
}
