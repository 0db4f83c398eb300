//! Resource ids (UUIDs, as PingOne's are) and access tokens.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// Formats 16 random bytes as a version-4 UUID (RFC 9562 §5.4).
fn uuid_string(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

/// A fresh random id for a created resource.
pub(crate) fn random_uuid() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)?;
    Ok(uuid_string(bytes))
}

/// A fresh opaque access token: 32 random bytes, base64url without padding (an RFC
/// 6750 §2.1 b64token). PingOne's are JWTs; nothing here reads inside a token.
pub(crate) fn random_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_have_the_v4_shape() {
        let id = random_uuid().expect("uuid");
        let lengths: Vec<usize> = id.split('-').map(str::len).collect();
        assert_eq!(lengths, [8, 4, 4, 4, 12], "{id}");
        assert!(id.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
        assert_eq!(&id[14..15], "4");
        assert_ne!(id, random_uuid().expect("uuid"));
        assert_eq!(random_token().expect("token").len(), 43);
    }
}
