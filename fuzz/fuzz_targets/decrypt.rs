//! Fuzzes the decryption path: any stored value, under any item key, with
//! the header and a configured key id in front so that the fuzzer reaches
//! the AEAD open without having to find them, decodes to plaintext or a
//! reason, never a panic. A value this build encrypted decrypts to what was
//! encrypted, and no longer does with any one byte changed or under another
//! item key; decrypted data behind the compression header reaches the
//! decompressor with its expansion bound.
//!
//! The encryption, compression and item modules are compiled in directly
//! (they are free of AWS types), so fuzzing does not build the AWS SDK.
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
use encryption::{DataKey, Encryption};
use item::{Attribute, StoredItem};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [selector, key_len, rest @ ..] = data else {
        return;
    };
    let key_len = usize::from(*key_len).min(rest.len());
    let (item_key, body) = rest.split_at(key_len);
    let item_key = String::from_utf8_lossy(item_key);
    let keys = Encryption {
        keys: vec![DataKey::new([1; 32]), DataKey::new([2; 32])],
        required: selector & 0x10 != 0,
    };
    let key_id = |index: usize| {
        let id = keys.key_ids()[index].clone();
        (0..4)
            .map(|i| u8::from_str_radix(&id[2 * i..2 * i + 2], 16).unwrap_or(0))
            .collect::<Vec<u8>>()
    };
    // Arbitrary bytes behind the header and a known key id, or raw.
    let value: Vec<u8> = match selector % 4 {
        0 => body.to_vec(),
        1 => encryption::MAGIC.iter().copied().chain(body.iter().copied()).collect(),
        n => encryption::MAGIC
            .iter()
            .copied()
            .chain([1])
            .chain(key_id(usize::from(n - 2)))
            .chain(body.iter().copied())
            .collect(),
    };
    if encryption::is_encrypted(&value) {
        if let Ok(plain) = keys.decrypt(item_key.as_bytes(), &value) {
            // Forging a tag is not something a fuzzer does.
            assert!(plain.len() + encryption::OVERHEAD_BYTES == value.len());
        }
    }
    let layout = TableLayout {
        table_name: "sessions".into(),
        hash_key: "id".into(),
        data_attribute: "data".into(),
        data_type: DataType::Binary,
        expires_attribute: "expires".into(),
        consistent_read: true,
        compression: compression::Compression::OFF,
        encryption: keys.clone(),
    };
    let decoded = StoredItem::from_attributes(&layout, &item_key, Some(Attribute::B(&value)), None);
    assert!(decoded.data.is_some() != decoded.unreadable.is_some());

    // What this build encrypts (here: arbitrary bytes behind the compression
    // header) decrypts back, and fails with any one byte changed.
    let inner: Vec<u8> = if selector & 0x20 != 0 {
        compression::MAGIC.iter().copied().chain([1]).chain(body.iter().copied()).collect()
    } else {
        body.to_vec()
    };
    let Ok(Some(sealed)) = keys.encrypt(item_key.as_bytes(), &inner) else {
        return;
    };
    assert_eq!(keys.decrypt(item_key.as_bytes(), &sealed).as_deref(), Ok(&inner[..]));
    let decoded = StoredItem::from_attributes(&layout, &item_key, Some(Attribute::B(&sealed)), None);
    if let Some(data) = &decoded.data {
        assert!(data.len() as u64 <= compression::MAX_DECOMPRESSED_BYTES);
    }
    let at = key_len % sealed.len();
    let mut flipped = sealed.clone();
    flipped[at] ^= 1 << (selector % 8);
    if at >= encryption::MAGIC.len() {
        assert!(keys.decrypt(item_key.as_bytes(), &flipped).is_err());
    }
    let other_key = format!("{item_key}x");
    assert!(keys.decrypt(other_key.as_bytes(), &sealed).is_err());
});
