//! Session keys and the short id hash used in messages.

use sha2::{Digest, Sha256};

/// The item key the AWS SDK for PHP uses: `trim(name . '_' . id, '_')`.
/// Keeping it byte for byte lets SDK and extension handlers share sessions.
pub fn session_key(session_name: &str, session_id: &str) -> String {
    format!("{session_name}_{session_id}")
        .trim_matches('_')
        .to_string()
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
    fn id_hash_is_short_stable_and_not_the_id() {
        let hash = id_hash(b"9k1vsecret");
        assert_eq!(hash.len(), 8);
        assert_eq!(hash, id_hash(b"9k1vsecret"));
        assert_ne!(hash, id_hash(b"9k1vsecres"));
        assert!(!hash.contains("9k1v"));
    }
}
