//! The language of what the check, the reports and the errors say: English or German.
//!
//! The language is ambient, like a locale: every text is built with [`current`] (or the
//! [`tr!`](crate::tr) and [`trf!`](crate::trf) macros), which is the language of the
//! innermost [`scope`] / [`sync_scope`], else the process's language ([`set_process`]: the
//! app sets it from the user's choice, the CLI from the locale), else English. Passing it
//! through every function that words a finding would touch hundreds of signatures for no
//! gain. Tests use scopes, so tests running in parallel do not see each other's language.
//!
//! A spawned task does not inherit a scope: whoever spawns one inside a scoped run wraps
//! its future in [`scope`] again (the ladder does, for each step).
//!
//! PingOne's console is English only, so PingOne's field names and values stay English in
//! both languages; Haiilo's labels follow Haiilo's German console.

use serde::{Deserialize, Serialize};
use std::future::Future;
use std::sync::atomic::{AtomicU8, Ordering};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    De,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::De];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
        }
    }

    /// `de`, `de_DE.UTF-8`, `de-AT`, `DE` → German; anything else we have no texts for →
    /// English. `C` and `POSIX` are English.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag
            .split(['_', '-', '.', '@', ':'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "de" => Some(Lang::De),
            "en" | "c" | "posix" => Some(Lang::En),
            _ => None,
        }
    }

    /// The user's language from the POSIX locale variables, in their order of precedence
    /// (`LANGUAGE` is a list of preferences; the first one we have texts for wins).
    /// `lookup` is `std::env::var` in the app and a map in tests.
    pub fn from_locale_env(lookup: impl Fn(&str) -> Option<String>) -> Option<Lang> {
        let set = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        if let Some(list) = set("LANGUAGE") {
            if let Some(lang) = list.split(':').find_map(Lang::from_tag) {
                return Some(lang);
            }
        }
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|name| set(name))
            .and_then(|value| Lang::from_tag(&value))
    }

    /// The system's language: the locale variables, else English.
    pub fn from_system() -> Lang {
        Lang::from_locale_env(|name| std::env::var(name).ok()).unwrap_or_default()
    }

    /// A whole number with the language's digit grouping (`12,345` / `12.345`).
    pub fn number(self, value: u64) -> String {
        let digits = value.to_string();
        let separator = match self {
            Lang::En => ',',
            Lang::De => '.',
        };
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (index, digit) in digits.chars().enumerate() {
            if index > 0 && (digits.len() - index).is_multiple_of(3) {
                grouped.push(separator);
            }
            grouped.push(digit);
        }
        grouped
    }
}

tokio::task_local! {
    static CURRENT: Lang;
}

/// 0 = English, 1 = German: the process's language outside any scope.
static PROCESS: AtomicU8 = AtomicU8::new(0);

/// A count as the current language writes it: English as the app always has (no
/// grouping, so English texts stay as they were), German with its grouping (`12.345`).
pub fn count(value: u64) -> String {
    match current() {
        Lang::En => value.to_string(),
        Lang::De => Lang::De.number(value),
    }
}

/// The language of the run, report or command in progress.
pub fn current() -> Lang {
    CURRENT
        .try_with(|lang| *lang)
        .unwrap_or_else(|_| match PROCESS.load(Ordering::Relaxed) {
            1 => Lang::De,
            _ => Lang::En,
        })
}

/// Sets the language of everything not inside a scope (the app's and the CLI's choice).
pub fn set_process(lang: Lang) {
    let value = match lang {
        Lang::En => 0,
        Lang::De => 1,
    };
    PROCESS.store(value, Ordering::Relaxed);
}

/// Runs `future` with `lang` as the current language.
pub async fn scope<F: Future>(lang: Lang, future: F) -> F::Output {
    CURRENT.scope(lang, future).await
}

/// Runs `body` with `lang` as the current language (synchronous code: reports, CLI output).
pub fn sync_scope<R>(lang: Lang, body: impl FnOnce() -> R) -> R {
    CURRENT.sync_scope(lang, body)
}

/// One text in both languages: `tr!("Network", "Netzwerk")`. Only the current language's
/// expression is evaluated, so it may be a `format!` or a call.
#[macro_export]
macro_rules! tr {
    ($en:expr, $de:expr $(,)?) => {
        match $crate::lang::current() {
            $crate::lang::Lang::En => $en,
            $crate::lang::Lang::De => $de,
        }
    };
}

/// `tr!` for format strings: `trf!("{n} users", "{n} Benutzer")` is a `String`.
#[macro_export]
macro_rules! trf {
    ($en:literal, $de:literal $(,)?) => {
        match $crate::lang::current() {
            $crate::lang::Lang::En => format!($en),
            $crate::lang::Lang::De => format!($de),
        }
    };
}

/// The English words left in a German text (tests only: feature `english-check`). German
/// texts put PingOne's English labels and quoted server text inside „…“; those, web
/// addresses and technical tokens (`client_secret_basic`, `/Users`) are not read. The
/// word list is shared with the UI's walk-through test: tests/i18n/english-words.json.
#[cfg(any(test, feature = "english-check"))]
pub fn english_words(text: &str) -> Vec<String> {
    use std::collections::HashSet;
    use std::sync::OnceLock;
    static WORDS: OnceLock<HashSet<String>> = OnceLock::new();
    let words = WORDS.get_or_init(|| {
        let json = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../tests/i18n/english-words.json"
        ));
        let table: serde_json::Value =
            serde_json::from_str(json).expect("tests/i18n/english-words.json is JSON");
        table["words"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|w| w.as_str().map(str::to_string))
            .collect()
    });
    let mut unquoted = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '„' => depth += 1,
            '“' if depth > 0 => depth -= 1,
            _ if depth == 0 => unquoted.push(c),
            _ => {}
        }
    }
    unquoted
        .split_whitespace()
        .filter(|token| !token.contains("://") && !token.contains(['_', '/', '=', '@']))
        // An identifier mixing digits and letters (a UUID, e2e, v2) is not prose.
        .filter(|token| {
            !(token.chars().any(|c| c.is_ascii_digit()) && token.chars().any(char::is_alphabetic))
        })
        .flat_map(|token| token.split(|c: char| !(c.is_alphabetic() || c == '\'')))
        .map(|word| word.trim_matches('\''))
        // An acronym in capitals is a name, not a word: „die IT“.
        .filter(|word| !(word.chars().count() > 1 && *word == word.to_uppercase()))
        .map(str::to_lowercase)
        .filter(|word| words.contains(word))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn the_system_language_follows_the_posix_precedence() {
        assert_eq!(
            Lang::from_locale_env(env(&[("LANG", "de_DE.UTF-8")])),
            Some(Lang::De)
        );
        assert_eq!(
            Lang::from_locale_env(env(&[("LANG", "de_DE.UTF-8"), ("LC_ALL", "en_US.UTF-8")])),
            Some(Lang::En)
        );
        assert_eq!(
            Lang::from_locale_env(env(&[("LANGUAGE", "fr:de_AT"), ("LANG", "en_GB.UTF-8")])),
            Some(Lang::De),
            "the first language of LANGUAGE we have texts for wins"
        );
        assert_eq!(Lang::from_locale_env(env(&[("LANG", "fr_FR.UTF-8")])), None);
        assert_eq!(
            Lang::from_locale_env(env(&[("LANG", "C.UTF-8")])),
            Some(Lang::En)
        );
        assert_eq!(
            Lang::from_locale_env(env(&[("LC_ALL", " "), ("LANG", "de")])),
            Some(Lang::De)
        );
        assert_eq!(Lang::from_locale_env(env(&[])), None);
    }

    #[test]
    fn numbers_are_grouped_the_way_each_language_writes_them() {
        assert_eq!(Lang::En.number(1234567), "1,234,567");
        assert_eq!(Lang::De.number(1234567), "1.234.567");
        assert_eq!(Lang::De.number(999), "999");
        assert_eq!(Lang::De.number(0), "0");
    }

    #[test]
    fn texts_follow_the_scope_and_default_to_english() {
        let word = || tr!("Network", "Netzwerk");
        assert_eq!(word(), "Network");
        assert_eq!(sync_scope(Lang::De, word), "Netzwerk");
        let count = 3;
        assert_eq!(
            sync_scope(Lang::De, || trf!("{count} users", "{count} Benutzer")),
            "3 Benutzer"
        );
    }

    #[test]
    fn english_is_found_outside_quoted_labels_and_technical_tokens() {
        assert_eq!(
            english_words("Wählen Sie „Test Connection“ in PingOne."),
            Vec::<String>::new()
        );
        assert_eq!(
            english_words(
                "Haiilo lehnt client_secret_basic ab: https://x.haiilo.app/api/oauth/token"
            ),
            Vec::<String>::new()
        );
        assert_eq!(english_words("Check the values"), vec!["check", "the"]);
        assert_eq!(english_words("Fragen Sie die IT."), Vec::<String>::new());
        assert_eq!(
            english_words("Umgebung 31be0a2c-1f00-4e8b"),
            Vec::<String>::new()
        );
        assert_eq!(
            english_words("Die Werte prüfen, then save."),
            vec!["then", "save"]
        );
    }
}
