//! Text from a server made safe to show: no control characters that could move a terminal's
//! cursor, recolour it, or reorder what a reader sees, and never longer than a cap.
//!
//! A hostile or broken server controls response bodies, headers and JSON fields. Printed
//! as they are, an ANSI escape (`ESC [ 2 J`) clears the admin's terminal, a carriage return
//! overwrites a line, and a bidi override (U+202E) makes `exe.txt` read as `txt.exe`
//! (CVE-2021-42574, "Trojan Source").

/// Text from a library, the operating system or a server, set into a sentence of ours: it
/// stays as it was said (usually English), so German quotes it („…“).
pub fn verbatim(text: &str) -> String {
    crate::tr!(text.to_string(), format!("„{text}“"))
}

/// Whether line breaks survive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// `\n` is kept (and `\r\n` becomes `\n`): for fields that are several lines long.
    Keep,
    /// Every line break becomes a space: for one-line fields and table cells.
    Join,
}

/// Characters that reorder or hide text without being visible themselves: the bidi
/// embeddings, overrides and isolates (Unicode TR 9), and the marks that steer them.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// Removes C0 and C1 control characters (except line breaks when `lines` keeps them; a tab
/// becomes a space), whole ANSI/VT escape sequences, and bidi controls.
pub fn printable(text: &str, lines: Lines) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push(if lines == Lines::Keep { '\n' } else { ' ' }),
            '\r' => {
                // `\r\n` is one line break; a lone `\r` (which overwrites the line) too.
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(if lines == Lines::Keep { '\n' } else { ' ' });
            }
            '\t' => out.push(' '),
            '\u{1b}' => skip_escape_sequence(&mut chars),
            // CSI (U+009B) is the C1 form of `ESC [`: drop its parameters too.
            '\u{9b}' => skip_until_final(&mut chars),
            c if c.is_control() || is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// After an ESC: CSI (`ESC [ … final`), OSC/DCS/APC/PM/SOS (`ESC ] … BEL or ESC \`), or a
/// two-character sequence. What follows the sequence is kept.
fn skip_escape_sequence(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.peek().copied() {
        Some('[') => {
            chars.next();
            skip_until_final(chars);
        }
        Some(']' | 'P' | '_' | '^' | 'X') => {
            chars.next();
            while let Some(c) = chars.next() {
                if c == '\u{7}' {
                    break;
                }
                if c == '\u{1b}' {
                    if chars.peek() == Some(&'\\') {
                        chars.next();
                    }
                    break;
                }
            }
        }
        Some(c) if !c.is_control() => {
            chars.next();
        }
        _ => {}
    }
}

/// CSI parameters and intermediates end with a final byte in `@`..`~` (ECMA-48 §5.4).
fn skip_until_final(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(&c) = chars.peek() {
        // A malformed sequence ends at the first character that cannot belong to it.
        if !c.is_ascii() || c.is_ascii_control() {
            break;
        }
        chars.next();
        if ('@'..='~').contains(&c) {
            break;
        }
    }
}

/// At most `max_chars` characters; a cut is marked with `…`.
pub fn cap(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        None => text.to_string(),
        Some(_) => {
            let keep: String = text.chars().take(max_chars.saturating_sub(1)).collect();
            format!("{keep}…")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_and_controls_are_removed() {
        let hostile =
            "ok\u{1b}[2J\u{1b}[31mred\u{1b}[0m\u{1b}]0;title\u{7}\u{9b}1;1Hx\u{0}\u{8}\u{85}y";
        assert_eq!(printable(hostile, Lines::Join), "okredxy");
    }

    #[test]
    fn bidi_overrides_are_removed() {
        assert_eq!(
            printable("invoice\u{202E}fdp.exe\u{2066}", Lines::Join),
            "invoicefdp.exe"
        );
    }

    #[test]
    fn line_breaks_are_kept_or_joined() {
        assert_eq!(printable("a\r\nb\rc\td", Lines::Keep), "a\nb\nc d");
        assert_eq!(printable("a\r\nb\nc", Lines::Join), "a b c");
    }

    #[test]
    fn letters_of_every_script_survive() {
        let text = "Zoë Ōtsuka 山田 — «ok» ✓";
        assert_eq!(printable(text, Lines::Join), text);
    }

    #[test]
    fn long_text_is_capped_on_a_character_boundary() {
        assert_eq!(cap("ééééé", 3), "éé…");
        assert_eq!(cap("abc", 3), "abc");
        assert_eq!(cap("", 0), "");
    }
}
