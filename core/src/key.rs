//! Session keys and the short id hash used in messages.

use base64ct::{Base64UrlUnpadded, Encoding};
use sha2::{Digest, Sha256};

/// Marks a hashed key (`hash_ids`): PHP's session ids are made of
/// `[0-9a-zA-Z,-]` (PHP refuses others), so a key with a `.` after the
/// session name can never be a plain id's key, ours or the SDK's.
pub const HASHED_MARKER: &str = "h1.";

/// The item key the AWS SDK for PHP uses: `trim(name . '_' . id, '_')`.
/// Keeping it byte for byte lets SDK and extension handlers share sessions.
pub fn session_key(session_name: &str, session_id: &str) -> String {
    format!("{session_name}_{session_id}")
        .trim_matches('_')
        .to_string()
}

/// The item key with `hash_ids`: the session name stays readable (for
/// operators), the id is replaced by the base64url SHA-256 of it, so the
/// table holds no id anyone could present as a cookie. Ids carry at least
/// 128 bits from a CSPRNG, so no secret key is needed to make the hash
/// irreversible.
pub fn hashed_session_key(session_name: &str, session_id: &str) -> String {
    let hash = Base64UrlUnpadded::encode_string(&Sha256::digest(session_id.as_bytes()));
    let name = session_name.trim_matches('_');
    if name.is_empty() {
        format!("{HASHED_MARKER}{hash}")
    } else {
        format!("{name}_{HASHED_MARKER}{hash}")
    }
}

/// A short, non-reversible tag for a session id, for warnings and logs: the
/// id itself is a bearer credential and must never be logged.
pub fn id_hash(session_id: &[u8]) -> String {
    let digest = Sha256::digest(session_id);
    digest[..4].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_matches_the_sdk_format() {
        assert_eq!(session_key("PHPSESSID", "abc123"), "PHPSESSID_abc123");
        // PHP's trim() of '_' on both ends, as the SDK does.
        assert_eq!(session_key("", "abc"), "abc");
        assert_eq!(session_key("_NAME_", "_id_"), "NAME___id");
        assert_eq!(session_key("NAME", ""), "NAME");
    }

    #[test]
    fn hashed_keys_keep_the_name_and_hide_the_id() {
        let key = hashed_session_key("PHPSESSID", "abc123");
        // echo -n abc123 | sha256sum, base64url without padding
        assert_eq!(
            key,
            "PHPSESSID_h1.bKE9UspwyIPg8LsQHkJaiehiTeUdstI5JZOvaoQRgJA"
        );
        assert!(!key.contains("abc123"));
        assert_eq!(hashed_session_key("_PHPSESSID_", "abc123"), key);
        assert!(hashed_session_key("", "abc123").starts_with("h1."));
        assert_ne!(hashed_session_key("OTHER", "abc123"), key);
        // A plain key never has the marker: ids cannot contain '.'.
        assert!(!session_key("PHPSESSID", "h1x").contains(HASHED_MARKER));
    }

    #[test]
    fn id_hash_is_short_stable_and_not_the_id() {
        let hash = id_hash(b"9k1vsecret");
        assert_eq!(hash.len(), 8);
        assert_eq!(hash, id_hash(b"9k1vsecret"));
        assert_ne!(hash, id_hash(b"9k1vsecres"));
        assert!(!hash.contains("9k1v"));
    }
}
