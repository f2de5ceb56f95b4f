//! The session item as the AWS SDK for PHP stores it, decoded and sized
//! without the AWS SDK's types, so that the decoding can be unit-tested and
//! fuzzed on its own (`store` maps DynamoDB's attribute values to
//! [`Attribute`]).

use crate::compression;
use crate::config::TableLayout;

/// DynamoDB's maximum item size (names and values of all attributes).
pub const MAX_ITEM_BYTES: usize = 400 * 1024;

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
    /// corrupt or uses a codec this version does not know). Such a session
    /// must not be started: the next write would replace it.
    pub unreadable: Option<String>,
}

impl StoredItem {
    /// Decodes the data and expiry attributes the way the SDK reads them,
    /// but accepting both S and B data whatever `data_attribute_type` says.
    pub fn from_attributes(
        layout: &TableLayout,
        data: Option<Attribute<'_>>,
        expires: Option<Attribute<'_>>,
    ) -> StoredItem {
        let mut decoded = StoredItem::default();
        match data {
            None => {}
            Some(Attribute::S(s)) => decoded.data = Some(s.as_bytes().to_vec()),
            Some(Attribute::B(bytes)) if compression::is_compressed(bytes) => {
                match compression::decompress(bytes) {
                    Ok(data) => decoded.data = Some(data),
                    Err(reason) => {
                        decoded.unreadable =
                            Some(format!("attribute '{}': {reason}", layout.data_attribute))
                    }
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
        + digits.div_ceil(2)
        + 1
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
            Some(Attribute::B(&compressed)),
            Some(Attribute::N("5")),
        );
        assert_eq!(decoded.data, Some(data));
        assert_eq!(decoded.unreadable, None);

        let mut future_codec = compressed.clone();
        future_codec[4] = 7;
        let decoded = StoredItem::from_attributes(&layout, Some(Attribute::B(&future_codec)), None);
        assert_eq!(decoded.data, None);
        assert_eq!(
            decoded.unreadable.as_deref(),
            Some("attribute 'data': compressed with codec 7, which this version of dynamodb_session does not know")
        );
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
}
