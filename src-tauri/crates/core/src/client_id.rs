//! The OAuth Client ID as the admin typed it.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientIdError {
    Empty,
    InnerCharacter { what: &'static str },
}

// Worded when shown, in the language of that moment.
impl std::fmt::Display for ClientIdError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            Self::Empty => crate::tr!(
                "Enter the Client ID of the API client you created in Haiilo's SCIM user directory.",
                "Geben Sie die „Client ID“ des API-Clients ein, den Sie im SCIM-Benutzerverzeichnis von Haiilo erstellt haben."
            )
            .to_string(),
            Self::InnerCharacter { what } => crate::trf!(
                "The Client ID contains {what} inside it. Copy it again from the API clients tab of the SCIM user directory in Haiilo.",
                "Die „Client ID“ enthält {what}. Kopieren Sie sie erneut aus dem Reiter „API-Clients“ des SCIM-Benutzerverzeichnisses in Haiilo."
            ),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for ClientIdError {}

/// A Client ID with surrounding white space removed, plus a note when we removed any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClientId {
    pub value: String,
    pub notes: Vec<String>,
}

impl ClientId {
    pub fn parse(input: &str) -> Result<Self, ClientIdError> {
        let value = input.trim();
        if value.is_empty() {
            return Err(ClientIdError::Empty);
        }
        if value.chars().any(char::is_whitespace) {
            return Err(ClientIdError::InnerCharacter {
                what: crate::tr!("a space", "ein Leerzeichen"),
            });
        }
        if value.chars().any(|c| {
            c.is_control() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
        }) {
            return Err(ClientIdError::InnerCharacter {
                what: crate::tr!("an invisible character", "ein unsichtbares Zeichen"),
            });
        }
        let mut notes = Vec::new();
        if value.len() != input.len() {
            notes.push(
                crate::tr!(
                    "Removed spaces around the Client ID.",
                    "Leerzeichen um die „Client ID“ entfernt."
                )
                .to_string(),
            );
        }
        Ok(Self {
            value: value.to_string(),
            notes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surrounding_space_is_trimmed_with_a_note() {
        let id = ClientId::parse("  abc-123\n").unwrap();
        assert_eq!(id.value, "abc-123");
        assert_eq!(id.notes.len(), 1);
        assert!(ClientId::parse("abc").unwrap().notes.is_empty());
    }

    #[test]
    fn empty_inner_space_and_invisible_characters_are_rejected() {
        assert_eq!(ClientId::parse(" ").unwrap_err(), ClientIdError::Empty);
        assert!(ClientId::parse("ab c")
            .unwrap_err()
            .to_string()
            .contains("a space"));
        assert!(ClientId::parse("ab\u{200B}c")
            .unwrap_err()
            .to_string()
            .contains("invisible"));
    }

    #[test]
    fn the_messages_are_german_in_a_german_scope() {
        let messages = crate::lang::sync_scope(crate::lang::Lang::De, || {
            ["", "ab c", "ab\u{200B}c"].map(|input| ClientId::parse(input).unwrap_err().to_string())
        });
        let note = crate::lang::sync_scope(crate::lang::Lang::De, || {
            ClientId::parse(" abc ").unwrap().notes.remove(0)
        });
        assert_eq!(note, "Leerzeichen um die „Client ID“ entfernt.");
        assert!(messages[1].contains("ein Leerzeichen"), "{}", messages[1]);
        assert!(
            messages[2].contains("ein unsichtbares Zeichen"),
            "{}",
            messages[2]
        );
        for message in messages {
            let words = crate::lang::english_words(&message);
            assert!(words.is_empty(), "{words:?} in {message}");
        }
    }
}
