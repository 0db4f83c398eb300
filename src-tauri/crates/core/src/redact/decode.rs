//! Decoded views of a text that remember where each byte came from, so that a secret
//! spelled with escapes (`\u0073`, `\/`, `%2B`, `%2b`, `+` for a space, or any mix of them)
//! is found in the decoded bytes and removed from the original text.
//!
//! Enumerating every spelling is impossible (each character of a JSON string may or may not
//! be escaped), so the redactor decodes instead and compares plain bytes.

/// One decoded byte and the range of the source text it was decoded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Unit {
    byte: u8,
    start: usize,
    end: usize,
}

/// The text as it is: every byte stands for itself.
pub(super) fn identity(text: &str) -> Vec<Unit> {
    text.bytes()
        .enumerate()
        .map(|(i, byte)| Unit {
            byte,
            start: i,
            end: i + 1,
        })
        .collect()
}

/// Decodes JSON string escapes (RFC 8259 §7): `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`,
/// `\t` and `\uXXXX` in either case, with surrogate pairs. Anything else stays as it is.
pub(super) fn json_unescape(units: &[Unit]) -> Vec<Unit> {
    let mut out = Vec::with_capacity(units.len());
    let mut i = 0;
    while i < units.len() {
        if units[i].byte == b'\\' && i + 1 < units.len() {
            let simple = match units[i + 1].byte {
                b'"' => Some(b'"'),
                b'\\' => Some(b'\\'),
                b'/' => Some(b'/'),
                b'b' => Some(0x08),
                b'f' => Some(0x0c),
                b'n' => Some(b'\n'),
                b'r' => Some(b'\r'),
                b't' => Some(b'\t'),
                _ => None,
            };
            if let Some(byte) = simple {
                out.push(Unit {
                    byte,
                    start: units[i].start,
                    end: units[i + 1].end,
                });
                i += 2;
                continue;
            }
            if let Some((c, used)) = unicode_escape(&units[i..]) {
                let mut buffer = [0u8; 4];
                let span = (units[i].start, units[i + used - 1].end);
                for byte in c.encode_utf8(&mut buffer).bytes() {
                    out.push(Unit {
                        byte,
                        start: span.0,
                        end: span.1,
                    });
                }
                i += used;
                continue;
            }
        }
        out.push(units[i]);
        i += 1;
    }
    out
}

/// `\uXXXX`, or a surrogate pair `\uD83D\uDE00`, at the start of `units`: the character and
/// how many units it took.
fn unicode_escape(units: &[Unit]) -> Option<(char, usize)> {
    let first = hex_escape(units)?;
    if (0xD800..0xDC00).contains(&first) {
        let second = hex_escape(units.get(6..)?)?;
        if !(0xDC00..0xE000).contains(&second) {
            return None;
        }
        let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
        return char::from_u32(code).map(|c| (c, 12));
    }
    char::from_u32(first).map(|c| (c, 6))
}

fn hex_escape(units: &[Unit]) -> Option<u32> {
    let head = units.get(..6)?;
    if head[0].byte != b'\\' || head[1].byte != b'u' {
        return None;
    }
    head[2..].iter().try_fold(0u32, |acc, u| {
        Some(acc * 16 + char::from(u.byte).to_digit(16)?)
    })
}

/// Decodes `%XX` in either case (RFC 3986 §2.1) and, for form bodies and query strings
/// (`application/x-www-form-urlencoded`), `+` as a space.
pub(super) fn percent_decode(units: &[Unit], plus_is_space: bool) -> Vec<Unit> {
    let mut out = Vec::with_capacity(units.len());
    let mut i = 0;
    while i < units.len() {
        let unit = units[i];
        if unit.byte == b'%' && i + 2 < units.len() {
            let hex = |u: Unit| char::from(u.byte).to_digit(16);
            if let (Some(high), Some(low)) = (hex(units[i + 1]), hex(units[i + 2])) {
                out.push(Unit {
                    // Two hex digits fit a byte.
                    byte: u8::try_from(high * 16 + low).unwrap_or(b'%'),
                    start: unit.start,
                    end: units[i + 2].end,
                });
                i += 3;
                continue;
            }
        }
        if plus_is_space && unit.byte == b'+' {
            out.push(Unit { byte: b' ', ..unit });
        } else {
            out.push(unit);
        }
        i += 1;
    }
    out
}

/// Decodes the character references HTML uses (`&#115;`, `&#x73;`, `&amp;`, `&quot;`,
/// `&lt;`, `&gt;`, `&apos;`), so a secret echoed into an HTML page is found too.
pub(super) fn html_unescape(units: &[Unit]) -> Vec<Unit> {
    let mut out = Vec::with_capacity(units.len());
    let mut i = 0;
    while i < units.len() {
        if units[i].byte == b'&' {
            if let Some((c, used)) = html_reference(&units[i..]) {
                let mut buffer = [0u8; 4];
                for byte in c.encode_utf8(&mut buffer).bytes() {
                    out.push(Unit {
                        byte,
                        start: units[i].start,
                        end: units[i + used - 1].end,
                    });
                }
                i += used;
                continue;
            }
        }
        out.push(units[i]);
        i += 1;
    }
    out
}

fn html_reference(units: &[Unit]) -> Option<(char, usize)> {
    // The longest reference we decode, `&#x10FFFF;`, is 10 bytes; a few more for zeros.
    let end = units.iter().take(16).position(|u| u.byte == b';')?;
    let name: String = units[1..end].iter().map(|u| char::from(u.byte)).collect();
    let c = match name.as_str() {
        "amp" => '&',
        "quot" => '"',
        "lt" => '<',
        "gt" => '>',
        "apos" => '\'',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((c, end + 1))
}

/// Every place `needle` occurs in the decoded `units`, as ranges of the source text.
pub(super) fn find_all(units: &[Unit], needle: &[u8]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let Some(&first) = needle.first() else {
        return found;
    };
    if needle.len() > units.len() {
        return found;
    }
    let mut i = 0;
    while i + needle.len() <= units.len() {
        if units[i].byte == first
            && units[i..i + needle.len()]
                .iter()
                .zip(needle)
                .all(|(u, b)| u.byte == *b)
        {
            found.push((units[i].start, units[i + needle.len() - 1].end));
            i += needle.len();
        } else {
            i += 1;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(units: &[Unit]) -> String {
        String::from_utf8(units.iter().map(|u| u.byte).collect()).unwrap()
    }

    #[test]
    fn json_escapes_decode_and_remember_their_source() {
        let text = r#"a\/b\u00E9\u00e9\ud83d\ude00\"\q"#;
        let units = json_unescape(&identity(text));
        assert_eq!(decoded(&units), "a/béé😀\"\\q");
        let spans = find_all(&units, "é😀".as_bytes());
        assert_eq!(spans, vec![(10, 28)]);
        assert_eq!(&text[10..28], r#"\u00e9\ud83d\ude00"#);
    }

    #[test]
    fn percent_escapes_decode_in_both_cases_and_plus_as_space() {
        let units = percent_decode(&identity("a%2Bb%2bc+d%zz%4"), true);
        assert_eq!(decoded(&units), "a+b+c d%zz%4");
        let units = percent_decode(&identity("a+b"), false);
        assert_eq!(decoded(&units), "a+b");
    }

    #[test]
    fn html_references_decode() {
        let units = html_unescape(&identity("&#115;&#x65;&amp;&lt;&bogus;&#xZZ;"));
        assert_eq!(decoded(&units), "se&<&bogus;&#xZZ;");
    }

    #[test]
    fn lone_surrogates_and_short_escapes_stay_as_they_are() {
        let text = r"\ud83d x \u12";
        assert_eq!(decoded(&json_unescape(&identity(text))), text);
    }
}
