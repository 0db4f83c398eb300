//! The language of the UI and of everything Rust words for it (findings, reports, errors):
//! the admin's choice, remembered in the preferences file, else the system's language.
//! Rust keeps the one current language ([`haiilo_scim_core::lang::set_process`]) so a
//! report saved later is in the language the admin reads the app in.

use super::blocking;
use crate::error::IpcResult;
use crate::state::AppState;
use haiilo_scim_core::lang::{self, Lang};
use haiilo_scim_core::setups::preferences::{self, Preferences};
use serde::Serialize;
use std::sync::Arc;
use tauri::State;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LanguageState {
    /// The language in use.
    pub lang: Lang,
    /// The system's language, which applies when the admin has not chosen one.
    pub system: Lang,
    /// Whether the admin chose the language in the app (else it follows the system).
    pub chosen: bool,
}

impl LanguageState {
    /// The language in use now, given the admin's saved choice (if any).
    fn now(saved: Option<Lang>) -> Self {
        LanguageState {
            lang: lang::current(),
            system: Lang::from_system(),
            chosen: saved.is_some(),
        }
    }
}

/// Sets the process's language from the saved choice or the system; called once at start.
pub fn apply_saved(state: &AppState) {
    let saved = preferences::load(state.setups.dir()).language;
    lang::set_process(saved.unwrap_or_else(Lang::from_system));
}

#[tauri::command]
pub async fn language_state(state: State<'_, Arc<AppState>>) -> IpcResult<LanguageState> {
    let saved = blocking(&state, |state| {
        Ok(preferences::load(state.setups.dir()).language)
    })
    .await?;
    Ok(LanguageState::now(saved))
}

/// Switches the language now and remembers the choice. The switch holds for this session
/// even when the preferences cannot be written (a read-only config folder): that is then
/// said, and the next start follows the system again.
#[tauri::command]
pub async fn set_language(state: State<'_, Arc<AppState>>, lang: Lang) -> IpcResult<LanguageState> {
    lang::set_process(lang);
    let choice = Preferences {
        language: Some(lang),
    };
    blocking(&state, move |state| {
        preferences::save(state.setups.dir(), &choice)?;
        Ok(())
    })
    .await?;
    Ok(LanguageState::now(Some(lang)))
}
