//! Sizes the main window to the screen it opens on. The configured size (1100 × 760) is
//! what the layout is designed for, but admins often work on small virtual-machine and
//! jump-host screens (1024 × 700 and less): a window taller or wider than the screen hides
//! its footer with Back/Next below the edge. So at start the window takes the configured
//! size or the screen's usable area less a margin, whichever is smaller, never less than its
//! minimum size, and is centred on that area. It is not created hidden to avoid the resize
//! being seen: a hidden window with WebKit's compositing off (webview_settings.rs) hung the
//! web process.

use tauri::{LogicalSize, Manager, PhysicalPosition, Runtime, WebviewWindow};

/// Space left free on each side of the window on a screen smaller than the preferred size,
/// so the window's edges and the desktop's panels stay in reach.
pub const SCREEN_MARGIN: f64 = 24.0;

/// A size in logical pixels (what the configuration and CSS use).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Size {
    pub width: f64,
    pub height: f64,
}

/// The usable part of a monitor (without panels and docks), in physical pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkArea {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
}

/// Where and how large the window opens.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    /// In logical pixels.
    pub size: Size,
    /// The top-left corner in physical pixels (monitor coordinates are physical).
    pub position: (i32, i32),
}

/// The window's placement on a work area with the given scale factor: the preferred size
/// when it fits with [`SCREEN_MARGIN`] around it, else the largest size that does, but
/// never below `minimum` (a screen smaller than that gets a window larger than itself,
/// since the layout does not work below its minimum); centred on the work area, and never
/// starting above or left of it.
pub fn placement(area: WorkArea, scale: f64, preferred: Size, minimum: Size) -> Placement {
    let scale = if scale.is_finite() && scale > 0.0 {
        scale
    } else {
        1.0
    };
    let room = |physical: u32| f64::from(physical) / scale - 2.0 * SCREEN_MARGIN;
    let fit = |preferred: f64, room: f64, minimum: f64| preferred.min(room).max(minimum).round();
    let size = Size {
        width: fit(preferred.width, room(area.width), minimum.width),
        height: fit(preferred.height, room(area.height), minimum.height),
    };
    let centred = |start: i32, extent: u32, logical: f64| {
        let spare = (f64::from(extent) - logical * scale).max(0.0);
        start.saturating_add((spare / 2.0).floor() as i32)
    };
    Placement {
        size,
        position: (
            centred(area.x, area.width, size.width),
            centred(area.y, area.height, size.height),
        ),
    }
}

/// Sizes the main window to its screen and shows it,
/// taking the preferred and minimum sizes from that configuration.
pub fn fit_main_window<R: Runtime>(app: &tauri::App<R>) {
    let Some(config) = app.config().app.windows.iter().find(|w| w.label == "main") else {
        return;
    };
    let size = |width, height| Size { width, height };
    let preferred = size(config.width, config.height);
    let minimum = size(
        config.min_width.unwrap_or(config.width),
        config.min_height.unwrap_or(config.height),
    );
    if let Some(window) = app.get_webview_window("main") {
        fit_and_show(&window, preferred, minimum);
    }
}

/// Fits `window` to the monitor it is on (or the primary one) and shows it. It is shown
/// even when the monitor cannot be read, at its configured size, so the app never starts
/// without a window.
fn fit_and_show<R: Runtime>(window: &WebviewWindow<R>, preferred: Size, minimum: Size) {
    let monitor = window
        .current_monitor()
        .ok()
        .flatten()
        .or_else(|| window.primary_monitor().ok().flatten());
    if let Some(monitor) = monitor {
        let work = monitor.work_area();
        let area = WorkArea {
            x: work.position.x,
            y: work.position.y,
            width: work.size.width,
            height: work.size.height,
        };
        let placed = placement(area, monitor.scale_factor(), preferred, minimum);
        let size = LogicalSize::new(placed.size.width, placed.size.height);
        let (x, y) = placed.position;
        if let Err(e) = window
            .set_size(size)
            .and_then(|()| window.set_position(PhysicalPosition::new(x, y)))
        {
            eprintln!("haiilo-scim-assistant: could not fit the window to the screen: {e}");
        }
    }
    if let Err(e) = window.show() {
        eprintln!("haiilo-scim-assistant: could not show the window: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PREFERRED: Size = Size {
        width: 1100.0,
        height: 760.0,
    };
    const MINIMUM: Size = Size {
        width: 900.0,
        height: 600.0,
    };

    fn area(width: u32, height: u32) -> WorkArea {
        WorkArea {
            x: 0,
            y: 0,
            width,
            height,
        }
    }

    #[test]
    fn a_large_screen_gets_the_preferred_size_centred() {
        let placed = placement(area(1920, 1080), 1.0, PREFERRED, MINIMUM);
        assert_eq!(
            placed.size,
            Size {
                width: 1100.0,
                height: 760.0
            }
        );
        assert_eq!(placed.position, (410, 160));
    }

    #[test]
    fn a_small_screen_gets_a_window_that_fits_with_a_margin() {
        let placed = placement(area(1024, 700), 1.0, PREFERRED, MINIMUM);
        assert_eq!(
            placed.size,
            Size {
                width: 976.0,
                height: 652.0
            }
        );
        assert_eq!(placed.position, (24, 24));
    }

    #[test]
    fn the_window_never_goes_below_its_minimum_size() {
        let placed = placement(area(800, 500), 1.0, PREFERRED, MINIMUM);
        assert_eq!(placed.size, MINIMUM);
        // Larger than the screen: it starts at the screen's corner, not above or left of it.
        assert_eq!(placed.position, (0, 0));
    }

    #[test]
    fn only_the_dimension_that_does_not_fit_shrinks() {
        let placed = placement(area(1600, 720), 1.0, PREFERRED, MINIMUM);
        assert_eq!(
            placed.size,
            Size {
                width: 1100.0,
                height: 672.0
            }
        );
    }

    #[test]
    fn a_scaled_screen_is_measured_in_logical_pixels() {
        // 2048 × 1400 physical at 200 % is 1024 × 700 logical; the position is physical.
        let placed = placement(area(2048, 1400), 2.0, PREFERRED, MINIMUM);
        assert_eq!(
            placed.size,
            Size {
                width: 976.0,
                height: 652.0
            }
        );
        assert_eq!(placed.position, (48, 48));
    }

    #[test]
    fn the_window_is_centred_on_the_monitor_it_is_on_below_its_panel() {
        // A second monitor right of a 1920-wide one, with a 32 px panel at its top.
        let area = WorkArea {
            x: 1920,
            y: 32,
            width: 1280,
            height: 768,
        };
        let placed = placement(area, 1.0, PREFERRED, MINIMUM);
        assert_eq!(
            placed.size,
            Size {
                width: 1100.0,
                height: 720.0
            }
        );
        assert_eq!(placed.position, (1920 + 90, 32 + 24));
    }

    #[test]
    fn a_nonsense_scale_factor_counts_as_one() {
        let placed = placement(area(1024, 700), 0.0, PREFERRED, MINIMUM);
        assert_eq!(placed.size.width, 976.0);
        let placed = placement(area(1024, 700), f64::NAN, PREFERRED, MINIMUM);
        assert_eq!(placed.size.height, 652.0);
    }
}
