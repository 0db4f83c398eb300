//! WebKitGTK settings for the app's window, chosen for a form-based app that often runs on
//! virtual machines and jump hosts without a GPU.
//!
//! - No accelerated compositing. Without a GPU WebKit composites layers in software (Mesa's
//!   llvmpipe) and keeps a GL context and layer buffers in the web process; measured under
//!   Xvfb that is about 90 MiB of the idle footprint, for a page of forms that has nothing
//!   to accelerate. With a GPU the pages look and scroll the same without it.
//! - The smallest cache model: the app shows one local page and never browses, so WebKit's
//!   page and resource caches for back/forward navigation hold nothing worth keeping.
//! - WebGL and Web Audio off: wry switches them on for every webview; the UI uses neither.

use tauri::WebviewWindow;

/// Applies the settings to the window's webview (Linux only; elsewhere the system webview
/// decides). A failure leaves WebKit's defaults: the app works, only with more memory.
pub fn apply(window: &WebviewWindow) {
    #[cfg(target_os = "linux")]
    if let Err(e) = window.with_webview(|webview| lean_webkit(&webview.inner())) {
        eprintln!("haiilo-scim-assistant: could not adjust the webview's settings: {e}");
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}

#[cfg(target_os = "linux")]
fn lean_webkit(view: &webkit2gtk::WebView) {
    use webkit2gtk::{
        CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
    };
    if let Some(settings) = WebViewExt::settings(view) {
        settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        settings.set_enable_webgl(false);
        settings.set_enable_webaudio(false);
        settings.set_enable_page_cache(false);
    }
    if let Some(context) = view.context() {
        context.set_cache_model(CacheModel::DocumentViewer);
    }
}
