//! The second floor for `make bench`: a Tauri window built like the app's (the same Tauri,
//! wry and WebKitGTK, the same WebKit settings, the same release profile) showing an empty
//! page. What the app costs above it is the app's own: its page, plugins and Rust side.
//!
//! The page draws nothing; its one script sets the same `first-screen` mark the app's UI
//! sets (one painted frame, plus a task), so the bench can time its start the same way.
//! It is served through a custom protocol, as the app's UI is.

const TITLE: &str = "Bare Tauri window";

const EMPTY_PAGE: &str = "<!doctype html><html><head><meta charset=\"utf-8\"><title>empty</title></head>\
<body><script>requestAnimationFrame(() => setTimeout(() => performance.mark('first-screen')));</script></body></html>";

fn main() {
    let mut context = tauri::generate_context!();
    // Not the app's window, which would load the app's UI.
    context.config_mut().app.windows.clear();
    let result = tauri::Builder::default()
        .register_uri_scheme_protocol("floor", |_, _| {
            tauri::http::Response::builder()
                .header("Content-Type", "text/html; charset=utf-8")
                .body(EMPTY_PAGE.as_bytes().to_vec())
                .expect("a static response is well formed")
        })
        .setup(|app| {
            let url = "floor://localhost/".parse().expect("a static URL parses");
            let window = tauri::WebviewWindowBuilder::new(
                app,
                "main",
                tauri::WebviewUrl::CustomProtocol(url),
            )
            .title(TITLE)
            .inner_size(1100.0, 760.0)
            .build()?;
            haiilo_scim_assistant_lib::apply_webview_settings(&window);
            Ok(())
        })
        .run(context);
    if let Err(e) = result {
        eprintln!("bare_window could not start: {e}");
        std::process::exit(1);
    }
}
