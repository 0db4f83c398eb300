//! Resource ids and access tokens.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// SplitMix64: a tiny, well-mixed permutation of u64, enough to derive stable ids.
fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// Formats 16 bytes as a version-4-shaped UUID (RFC 9562 layout), because SCIM clients
/// commonly expect ids that look like UUIDs even though RFC 7643 §3.1 only asks for
/// opaque, stable strings.
fn uuid_string(mut bytes: [u8; 16]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    out
}

/// A deterministic id for seeded item `index` in `namespace`: the same seed always
/// yields the same ids, so tests elsewhere can rely on them.
pub(crate) fn seeded_uuid(namespace: u64, index: u64) -> String {
    let hi = splitmix64(namespace.wrapping_mul(0x1000_0000_01B3) ^ index);
    let lo = splitmix64(hi ^ index.rotate_left(32));
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&hi.to_be_bytes());
    bytes[8..].copy_from_slice(&lo.to_be_bytes());
    uuid_string(bytes)
}

/// A fresh random id for a created resource.
pub(crate) fn random_uuid() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)?;
    Ok(uuid_string(bytes))
}

/// A fresh opaque access token: 32 random bytes, base64url without padding, which
/// is safe in an `Authorization: Bearer` header (RFC 6750 §2.1 b64token).
pub(crate) fn random_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_ids_are_stable_and_distinct() {
        assert_eq!(seeded_uuid(1, 5), seeded_uuid(1, 5));
        assert_ne!(seeded_uuid(1, 5), seeded_uuid(2, 5));
        assert_ne!(seeded_uuid(1, 5), seeded_uuid(1, 6));
        let id = seeded_uuid(1, 0);
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        let dashes: Vec<usize> = id.match_indices('-').map(|(i, _)| i).collect();
        assert_eq!(dashes, vec![8, 13, 18, 23]);
        assert_eq!(
            uuid_string([0xab; 16]),
            "abababab-abab-4bab-abab-abababababab"
        );
    }

    #[test]
    fn tokens_are_long_and_url_safe() {
        let token = random_token().expect("random token");
        assert_eq!(token.len(), 43);
        assert!(token
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_ne!(token, random_token().expect("random token"));
    }
}
