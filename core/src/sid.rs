//! New session ids from the operating system's CSPRNG, in PHP's format.

/// PHP's alphabets for `session.sid_bits_per_character` 4, 5 and 6
/// (ext/session's `bin_to_readable`).
const ALPHABET: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-,";

/// PHP accepts `session.sid_length` from 22 to 256.
pub const MIN_LENGTH: usize = 22;
pub const MAX_LENGTH: usize = 256;

/// A new session id of `length` characters, each carrying `bits_per_char`
/// random bits (4, 5 or 6; other values are clamped into that range, as are
/// lengths outside PHP's limits).
pub fn new_session_id(length: usize, bits_per_char: u32) -> Result<String, getrandom::Error> {
    let length = length.clamp(MIN_LENGTH, MAX_LENGTH);
    let bits = bits_per_char.clamp(4, 6);
    let mask = (1u8 << bits) - 1;
    let mut random = vec![0u8; length];
    getrandom::fill(&mut random)?;
    // One random byte per character, masked to the alphabet: uniform because
    // the alphabet size is a power of two.
    Ok(random
        .iter()
        .map(|byte| ALPHABET[usize::from(byte & mask)] as char)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_honour_length_and_alphabet() {
        let id = new_session_id(32, 4).unwrap();
        assert_eq!(id.len(), 32);
        assert!(id
            .bytes()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        let id = new_session_id(48, 5).unwrap();
        assert!(id
            .bytes()
            .all(|c| c.is_ascii_digit() || (b'a'..=b'v').contains(&c)));
        let id = new_session_id(256, 6).unwrap();
        assert!(id.bytes().all(|c| ALPHABET.contains(&c)));
    }

    #[test]
    fn out_of_range_settings_are_clamped() {
        assert_eq!(new_session_id(3, 4).unwrap().len(), MIN_LENGTH);
        assert_eq!(new_session_id(1000, 4).unwrap().len(), MAX_LENGTH);
    }

    #[test]
    fn ids_differ() {
        assert_ne!(
            new_session_id(32, 5).unwrap(),
            new_session_id(32, 5).unwrap()
        );
    }
}
