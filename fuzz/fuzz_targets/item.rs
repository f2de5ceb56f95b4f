//! Fuzzes the decoding and sizing of stored session items: any data and
//! expiry attribute, of any type and content, decodes to a defined result
//! (data, expiry, or a problem to warn about) without panicking.
//!
//! The item module is compiled in directly (it is free of AWS SDK types),
//! so fuzzing does not build the AWS SDK with sanitizers.
#![no_main]

#[allow(dead_code)]
#[path = "../../core/src/compression.rs"]
mod compression;
#[allow(dead_code)]
#[path = "../../core/src/config.rs"]
mod config;
#[allow(dead_code)]
#[path = "../../core/src/encryption.rs"]
mod encryption;
#[allow(dead_code)]
#[path = "../../core/src/error.rs"]
mod error;
#[allow(dead_code)]
#[path = "../../core/src/item.rs"]
mod item;

use config::{DataType, TableLayout};
use item::{item_size, Attribute, StoredItem};
use libfuzzer_sys::fuzz_target;

/// The attribute a kind byte selects, over the given content (`framed`:
/// the bytes behind the compression header, so that the decompressor is
/// reached without the fuzzer having to find the header first).
fn attribute<'a>(kind: u8, text: &'a str, bytes: &'a [u8], framed: &'a [u8]) -> Option<Attribute<'a>> {
    match kind % 6 {
        0 => None,
        1 => Some(Attribute::S(text)),
        2 => Some(Attribute::B(bytes)),
        3 => Some(Attribute::N(text)),
        4 => Some(Attribute::B(framed)),
        _ => Some(Attribute::Other("M")),
    }
}

fuzz_target!(|data: &[u8]| {
    let [data_kind, expires_kind, rest @ ..] = data else {
        return;
    };
    let layout = TableLayout {
        table_name: "sessions".into(),
        hash_key: "id".into(),
        data_attribute: "data".into(),
        data_type: DataType::Binary,
        expires_attribute: "expires".into(),
        consistent_read: true,
        compression: compression::Compression::OFF,
        encryption: encryption::Encryption::OFF,
    };
    let middle = rest.len() / 2;
    let (first, second) = rest.split_at(middle);
    let (first_text, second_text) = (String::from_utf8_lossy(first), String::from_utf8_lossy(second));
    let framed: Vec<u8> = compression::MAGIC.iter().chain(first).copied().collect();
    let decoded = StoredItem::from_attributes(
        &layout,
        &first_text,
        attribute(*data_kind, &first_text, first, &framed),
        attribute(*expires_kind, &second_text, second, &framed),
    );
    if let Some(data) = &decoded.data {
        assert!(data.len() as u64 <= compression::MAX_DECOMPRESSED_BYTES);
    }
    let mut now_bytes = [0u8; 8];
    for (slot, byte) in now_bytes.iter_mut().zip(first) {
        *slot = *byte;
    }
    let now = i64::from_le_bytes(now_bytes);
    if let Some(live) = decoded.live_data(now) {
        assert_eq!(Some(live), decoded.data.as_deref());
    }
    let _ = item_size(&layout, &first_text, rest.len(), decoded.expires.unwrap_or(now));
});
