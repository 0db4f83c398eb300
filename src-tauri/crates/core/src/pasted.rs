//! What copy-paste carries along with a value: white space and invisible characters that
//! chat tools, PDFs and web pages add. Shared by the check and by the app, which warns
//! before it stores a secret with such leftovers.

/// Characters that copy-paste carries along unseen.
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00A0}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202F}' | '\u{2060}' | '\u{FEFF}'
        )
}

/// `value` without white space or invisible characters at either end.
pub fn trim_pasted(value: &str) -> &str {
    value.trim_matches(|c: char| c.is_whitespace() || is_invisible(c))
}

/// Where `value` has leftovers around it ("at its start", "at its end", "at its start and
/// its end"), or `None` when it has none (or is nothing but leftovers).
pub fn stray_around(value: &str) -> Option<&'static str> {
    let trimmed = trim_pasted(value);
    if trimmed.is_empty() || trimmed.len() == value.len() {
        return None;
    }
    Some(
        match (value.starts_with(trimmed), value.ends_with(trimmed)) {
            (true, false) => crate::tr!("at its end", "am Ende"),
            (false, true) => crate::tr!("at its start", "am Anfang"),
            _ => crate::tr!("at its start and its end", "am Anfang und am Ende"),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_are_located() {
        assert_eq!(stray_around("abc "), Some("at its end"));
        assert_eq!(stray_around("\u{200B}abc"), Some("at its start"));
        assert_eq!(stray_around("\tabc\n"), Some("at its start and its end"));
        assert_eq!(stray_around("a bc"), None);
        assert_eq!(stray_around("   "), None);
        assert_eq!(trim_pasted(" \u{FEFF}abc\r\n"), "abc");
    }
}
