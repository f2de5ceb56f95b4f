//! The session item as the AWS SDK for PHP stores it, decoded and sized
//! without the AWS SDK's types, so that the decoding can be unit-tested and
//! fuzzed on its own (`store` maps DynamoDB's attribute values to
//! [`Attribute`]).

use crate::compression;
use crate::config::TableLayout;
use crate::encryption;

/// DynamoDB's maximum item size (names and values of all attributes).
pub const MAX_ITEM_BYTES: usize = 400 * 1024;

/// Lock attributes. `lock` is the AWS SDK for PHP's (N "1"); the lease end
/// (unix milliseconds) and the owner token are ours, so SDK handlers see our
/// locks and we respect theirs.
pub const LOCK_ATTRIBUTE: &str = "lock";
pub const LOCK_EXPIRES_ATTRIBUTE: &str = "lock_expires";
pub const LOCK_OWNER_ATTRIBUTE: &str = "lock_owner";

/// Digits of a lease end in unix milliseconds (13 until the year 2286).
const LEASE_DIGITS: usize = 13;
/// Length of an owner token (128 bits, hex).
pub const OWNER_TOKEN_LEN: usize = 32;

/// What a held lock adds to an item: every write leaves room for it, so that
/// locking a stored session can never push it over DynamoDB's item limit.
pub const LOCK_ATTRIBUTES_BYTES: usize = LOCK_ATTRIBUTE.len()
    + number_bytes(1)
    + LOCK_EXPIRES_ATTRIBUTE.len()
    + number_bytes(LEASE_DIGITS)
    + LOCK_OWNER_ATTRIBUTE.len()
    + OWNER_TOKEN_LEN;

/// DynamoDB's size of a number: one byte per two significant digits, plus one.
const fn number_bytes(digits: usize) -> usize {
    digits.div_ceil(2) + 1
}

/// The lock attributes of a stored item.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LockInfo {
    /// The owner token; `None` for a lock the AWS SDK handler wrote.
    pub owner: Option<String>,
    /// The lease's end, unix milliseconds; `None` for an SDK lock.
    pub lease_until_ms: Option<i64>,
}

/// One stored attribute value, as far as decoding a session cares.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Attribute<'a> {
    S(&'a str),
    B(&'a [u8]),
    N(&'a str),
    /// Any other DynamoDB type, by its type name (`M`, `BOOL`, ...).
    Other(&'static str),
}

/// A session item as stored, before interpretation. Attributes of the wrong
/// type are reported in `problems` rather than failing the read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoredItem {
    /// The data attribute, whether stored as S or B.
    pub data: Option<Vec<u8>>,
    /// The expiry, unix seconds.
    pub expires: Option<i64>,
    /// What was wrong with the item, for a warning.
    pub problems: Vec<String>,
    /// Why the data cannot be read at all (a compressed value that is
    /// corrupt or uses a codec this version does not know; an encrypted
    /// value that does not decrypt; plaintext under `encryption_required`).
    /// Such a session must not be started: the next write would replace it.
    pub unreadable: Option<String>,
    /// The lock on the item, if any.
    pub lock: Option<LockInfo>,
}

impl StoredItem {
    /// Decodes the data and expiry attributes the way the SDK reads them,
    /// but accepting both S and B data whatever `data_attribute_type` says,
    /// and decrypting and decompressing whatever the settings say.
    /// `item_key` is the item's key, the associated data of its encryption.
    pub fn from_attributes(
        layout: &TableLayout,
        item_key: &str,
        data: Option<Attribute<'_>>,
        expires: Option<Attribute<'_>>,
    ) -> StoredItem {
        let mut decoded = StoredItem::default();
        let unreadable =
            |reason: String| Some(format!("attribute '{}': {reason}", layout.data_attribute));
        match data {
            None => {}
            Some(Attribute::B(bytes)) if encryption::is_encrypted(bytes) => {
                match layout.encryption.decrypt(item_key.as_bytes(), bytes) {
                    Ok(plain) if compression::is_compressed(&plain) => {
                        match compression::decompress(&plain) {
                            Ok(data) => decoded.data = Some(data),
                            Err(reason) => decoded.unreadable = unreadable(reason),
                        }
                    }
                    Ok(plain) => decoded.data = Some(plain),
                    Err(reason) => decoded.unreadable = unreadable(reason),
                }
            }
            Some(Attribute::S(_) | Attribute::B(_)) if layout.encryption.required => {
                decoded.unreadable =
                    unreadable("stored unencrypted, which encryption_required refuses".to_string())
            }
            Some(Attribute::S(s)) => decoded.data = Some(s.as_bytes().to_vec()),
            Some(Attribute::B(bytes)) if compression::is_compressed(bytes) => {
                match compression::decompress(bytes) {
                    Ok(data) => decoded.data = Some(data),
                    Err(reason) => decoded.unreadable = unreadable(reason),
                }
            }
            Some(Attribute::B(bytes)) => decoded.data = Some(bytes.to_vec()),
            Some(other) => decoded.problems.push(format!(
                "attribute '{}' has type {}, expected S or B",
                layout.data_attribute,
                other.type_name()
            )),
        }
        match expires {
            None => {}
            Some(Attribute::N(n)) => match parse_unix_seconds(n) {
                Some(seconds) => decoded.expires = Some(seconds),
                None => decoded.problems.push(format!(
                    "attribute '{}' holds '{n}', not unix seconds",
                    layout.expires_attribute
                )),
            },
            Some(other) => decoded.problems.push(format!(
                "attribute '{}' has type {}, expected N",
                layout.expires_attribute,
                other.type_name()
            )),
        }
        decoded
    }

    /// The session data when the item holds a live session at `now`: like
    /// the SDK, both data and expiry must be present and `expires > now`.
    pub fn live_data(&self, now: i64) -> Option<&[u8]> {
        match (&self.data, self.expires) {
            (Some(data), Some(expires)) if expires > now => Some(data),
            _ => None,
        }
    }

    /// An item without data whose expiry is still ahead: the marker that
    /// keeps an empty session's id valid under strict mode (or the stub of a
    /// lock another request holds on a session it has not stored yet).
    pub fn is_live_marker(&self, now: i64) -> bool {
        self.data.is_none()
            && self.unreadable.is_none()
            && self.expires.is_some_and(|expires| expires > now)
    }

    /// Whether strict mode should accept the id: a live session, a live
    /// marker, or data that exists but cannot be decoded, unless it has
    /// expired (the read that follows then fails closed instead of handing
    /// out a new id).
    pub fn counts_as_existing(&self, now: i64) -> bool {
        let expired = self.problems.is_empty() && self.expires.is_some_and(|e| e <= now);
        self.live_data(now).is_some()
            || self.is_live_marker(now)
            || (self.unreadable.is_some() && !expired)
    }
}

impl Attribute<'_> {
    fn type_name(&self) -> &'static str {
        match self {
            Attribute::S(_) => "S",
            Attribute::B(_) => "B",
            Attribute::N(_) => "N",
            Attribute::Other(name) => name,
        }
    }
}

/// Numbers are stored by the SDK as integer strings; accept a fraction too.
fn parse_unix_seconds(n: &str) -> Option<i64> {
    n.parse::<i64>().ok().or_else(|| {
        n.parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map(|f| f as i64)
    })
}

/// The size DynamoDB bills and limits for an item holding `key`, data of
/// `data_len` bytes and an expiry: attribute names plus values, numbers
/// counting one byte per two digits plus one.
pub fn item_size(layout: &TableLayout, key: &str, data_len: usize, expires: i64) -> usize {
    let digits = expires.unsigned_abs().to_string().len();
    layout.hash_key.len()
        + key.len()
        + layout.data_attribute.len()
        + data_len
        + layout.expires_attribute.len()
        + number_bytes(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_needs_data_and_a_future_expiry() {
        let decoded = StoredItem {
            data: Some(b"x".to_vec()),
            expires: Some(100),
            ..StoredItem::default()
        };
        assert_eq!(decoded.live_data(99), Some(&b"x"[..]));
        // The SDK treats expires <= now as expired.
        assert_eq!(decoded.live_data(100), None);
        let no_expiry = StoredItem {
            expires: None,
            ..decoded.clone()
        };
        assert_eq!(no_expiry.live_data(0), None);
        let no_data = StoredItem {
            data: None,
            ..decoded
        };
        assert_eq!(no_data.live_data(0), None);
    }

    #[test]
    fn compressed_data_is_decoded_whatever_the_setting() {
        let layout = TableLayout::sdk_default();
        let data = "k|s:5:\"value\";".repeat(200).into_bytes();
        let compressed = compression::Compression {
            codec: compression::Codec::Zstd,
            threshold_bytes: 0,
        }
        .compress(&data)
        .unwrap();
        let decoded = StoredItem::from_attributes(
            &layout,
            "k",
            Some(Attribute::B(&compressed)),
            Some(Attribute::N("5")),
        );
        assert_eq!(decoded.data, Some(data));
        assert_eq!(decoded.unreadable, None);

        let mut future_codec = compressed.clone();
        future_codec[4] = 7;
        let decoded =
            StoredItem::from_attributes(&layout, "k", Some(Attribute::B(&future_codec)), None);
        assert_eq!(decoded.data, None);
        assert_eq!(
            decoded.unreadable.as_deref(),
            Some("attribute 'data': compressed with codec 7, which this version of dynamodb_session does not know")
        );
    }

    #[test]
    fn encrypted_data_is_decrypted_then_decompressed_whatever_the_setting() {
        let mut layout = TableLayout::sdk_default();
        let keys = encryption::Encryption {
            keys: vec![encryption::DataKey::new([3; 32])],
            required: false,
        };
        let data = "k|s:5:\"value\";".repeat(200).into_bytes();
        let compressed = compression::Compression {
            codec: compression::Codec::Zstd,
            threshold_bytes: 0,
        }
        .compress(&data)
        .unwrap();
        let stored = keys.encrypt(b"PHPSESSID_a", &compressed).unwrap().unwrap();
        let small = keys.encrypt(b"PHPSESSID_a", b"a|i:1;").unwrap().unwrap();
        layout.encryption = keys.clone();
        let read = |layout: &TableLayout, key: &str, value: &[u8]| {
            StoredItem::from_attributes(layout, key, Some(Attribute::B(value)), None)
        };
        assert_eq!(read(&layout, "PHPSESSID_a", &stored).data, Some(data));
        assert_eq!(
            read(&layout, "PHPSESSID_a", &small).data.as_deref(),
            Some(&b"a|i:1;"[..])
        );
        // Copied into another session's item: unreadable, with the reason.
        let swapped = read(&layout, "PHPSESSID_b", &small);
        assert_eq!(swapped.data, None);
        assert!(swapped
            .unreadable
            .as_deref()
            .unwrap()
            .starts_with("attribute 'data': does not decrypt with key "));
        // Reading never depends on the setting: without keys it fails
        // closed, naming the key id.
        let off = TableLayout::sdk_default();
        let without = read(&off, "PHPSESSID_a", &small);
        assert!(without
            .unreadable
            .unwrap()
            .contains("no encryption_keys are configured"));
        // Plaintext stays readable during a rollout, until it is required.
        assert_eq!(
            read(&layout, "PHPSESSID_a", b"a|i:1;").data.as_deref(),
            Some(&b"a|i:1;"[..])
        );
        layout.encryption.required = true;
        let refused =
            StoredItem::from_attributes(&layout, "PHPSESSID_a", Some(Attribute::S("a|i:1;")), None);
        assert_eq!(
            refused.unreadable.as_deref(),
            Some("attribute 'data': stored unencrypted, which encryption_required refuses")
        );
        assert!(refused.counts_as_existing(0));
    }

    #[test]
    fn item_size_counts_names_values_and_number_digits() {
        // id(2) + key(11) + data(4) + 10 + expires(7) + 10 digits -> 5 + 1
        assert_eq!(
            item_size(
                &TableLayout::sdk_default(),
                "PHPSESSID_x",
                10,
                1_700_000_000
            ),
            2 + 11 + 4 + 10 + 7 + 6
        );
    }

    #[test]
    fn lock_attributes_are_counted_as_dynamodb_sizes_them() {
        // lock(4) + N "1"(2) + lock_expires(12) + 13 digits(8)
        // + lock_owner(10) + 32-char token
        assert_eq!(LOCK_ATTRIBUTES_BYTES, 4 + 2 + 12 + 8 + 10 + 32);
    }
}
