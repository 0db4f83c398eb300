//! Exports the TypeScript types of everything the desktop UI receives from the core.

use std::path::Path;
use ts_rs::{Config, TS};

/// The export settings shared with the app crate: `u64` values (milliseconds, counts)
/// stay far below 2^53, so they are plain numbers in TypeScript.
pub fn config(dir: &Path) -> Config {
    Config::new().with_large_int("number").with_out_dir(dir)
}

/// Writes one `.ts` file per type (with the types they refer to) into `dir`.
pub fn export_to(dir: &Path) -> Result<(), ts_rs::ExportError> {
    let cfg = config(dir);
    crate::endpoints::Endpoints::export_all(&cfg)?;
    crate::pingone::PingOneValues::export_all(&cfg)?;
    crate::pingone::FormField::export_all(&cfg)?;
    crate::check::CheckEvent::export_all(&cfg)?;
    crate::check::CheckReport::export_all(&cfg)?;
    crate::setups::Setup::export_all(&cfg)?;
    Ok(())
}
