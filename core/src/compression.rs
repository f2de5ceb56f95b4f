//! Opt-in compression of the data attribute (`compression => 'zstd'`), a
//! cost lever: DynamoDB bills writes per 1 KB and reads per 4 KB of item.
//!
//! A compressed value is stored as B and starts with a header naming its
//! codec, so that reading never depends on the current setting: a fleet can
//! turn compression on or off at any time and every item stays readable.
//! Values below the threshold, or that would not shrink, are stored
//! unchanged (and so stay readable by the AWS SDK for PHP's handler).
//!
//! Header: `0xFF 'D' 'S' 'C'` then one codec byte. `0xFF` never starts valid
//! UTF-8, nor PHP's `php`, `php_binary` or `php_serialize` encodings, nor
//! igbinary's or msgpack's, so plain session data is never mistaken for it.

use std::io::Read;

/// Marks a compressed data value.
pub const MAGIC: [u8; 4] = [0xFF, b'D', b'S', b'C'];

/// The codec byte after [`MAGIC`].
const CODEC_ZSTD: u8 = 1;

/// zstd's default level: about 4-6x on serialized PHP sessions for tens of
/// microseconds per 20 KB; higher levels gain little on small inputs.
const ZSTD_LEVEL: i32 = 3;

/// The largest session a compressed value may expand to. A value is at most
/// 400 KB (DynamoDB's item limit), but could expand to gigabytes if it
/// were crafted; no real session comes near this.
pub const MAX_DECOMPRESSED_BYTES: u64 = 64 * 1024 * 1024;

/// The configured codec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Codec {
    /// Store data as given (the SDK's format).
    None,
    Zstd,
}

/// What to compress: `codec`, for data of at least `threshold_bytes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Compression {
    pub codec: Codec,
    pub threshold_bytes: usize,
}

impl Compression {
    /// No compression: the SDK's format.
    pub const OFF: Compression = Compression {
        codec: Codec::None,
        threshold_bytes: 0,
    };

    /// The header and compressed bytes for `data`, or `None` when `data`
    /// should be stored as it is (compression off, below the threshold, or
    /// it would not get smaller).
    pub fn compress(&self, data: &[u8]) -> Option<Vec<u8>> {
        if self.codec == Codec::None || data.len() < self.threshold_bytes {
            return None;
        }
        let mut stored = Vec::with_capacity(data.len() / 2);
        stored.extend_from_slice(&MAGIC);
        stored.push(CODEC_ZSTD);
        // An in-memory encode only fails on allocation failure or a bad
        // level; storing the data uncompressed is then the right fallback.
        zstd::stream::copy_encode(data, &mut stored, ZSTD_LEVEL).ok()?;
        (stored.len() < data.len()).then_some(stored)
    }
}

/// Whether a stored value carries the compression header.
pub fn is_compressed(value: &[u8]) -> bool {
    value.starts_with(&MAGIC)
}

/// The session data of a value that [`is_compressed`]. An error means it
/// cannot be read (unknown codec: written by a newer version; corrupt; or
/// larger than [`MAX_DECOMPRESSED_BYTES`]).
pub fn decompress(value: &[u8]) -> Result<Vec<u8>, String> {
    let Some((&codec, body)) = value.get(MAGIC.len()..).and_then(<[u8]>::split_first) else {
        return Err("compressed value without a codec byte".into());
    };
    if codec != CODEC_ZSTD {
        return Err(format!(
            "compressed with codec {codec}, which this version of dynamodb_session does not know"
        ));
    }
    let mut decoder =
        zstd::stream::read::Decoder::new(body).map_err(|e| format!("corrupt zstd data: {e}"))?;
    let mut data = Vec::new();
    (&mut decoder)
        .take(MAX_DECOMPRESSED_BYTES + 1)
        .read_to_end(&mut data)
        .map_err(|e| format!("corrupt zstd data: {e}"))?;
    if data.len() as u64 > MAX_DECOMPRESSED_BYTES {
        return Err(format!(
            "compressed data expands beyond {MAX_DECOMPRESSED_BYTES} bytes"
        ));
    }
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ZSTD_1K: Compression = Compression {
        codec: Codec::Zstd,
        threshold_bytes: 1024,
    };

    fn session_like(bytes: usize) -> Vec<u8> {
        let mut data = Vec::new();
        let mut i = 0;
        while data.len() < bytes {
            data.extend_from_slice(format!("item{i}|s:12:\"value {i:06}\";").as_bytes());
            i += 1;
        }
        data
    }

    #[test]
    fn round_trips_with_a_header() {
        let data = session_like(20 * 1024);
        let stored = ZSTD_1K.compress(&data).unwrap();
        assert_eq!(&stored[..5], &[0xFF, b'D', b'S', b'C', 1]);
        assert!(stored.len() < data.len() / 3, "{} bytes", stored.len());
        assert!(is_compressed(&stored));
        assert_eq!(decompress(&stored).unwrap(), data);
    }

    #[test]
    fn small_incompressible_or_disabled_data_is_stored_as_is() {
        assert_eq!(ZSTD_1K.compress(&session_like(1000)), None);
        assert_eq!(Compression::OFF.compress(&session_like(20_000)), None);
        // Random bytes do not shrink.
        let mut random = vec![0u8; 4096];
        getrandom::fill(&mut random).unwrap();
        assert_eq!(ZSTD_1K.compress(&random), None);
    }

    #[test]
    fn plain_session_data_never_looks_compressed() {
        for plain in [
            &b"a|i:1;"[..],
            b"a:1:{s:1:\"a\";i:1;}",
            b"\x00\x00\x00\x02",
            b"",
        ] {
            assert!(!is_compressed(plain));
        }
    }

    #[test]
    fn unknown_codecs_and_corrupt_data_are_errors() {
        assert_eq!(
            decompress(&[0xFF, b'D', b'S', b'C', 9, 1, 2]).unwrap_err(),
            "compressed with codec 9, which this version of dynamodb_session does not know"
        );
        assert!(decompress(&MAGIC).is_err());
        assert!(decompress(&[0xFF, b'D', b'S', b'C', 1, 0, 0, 0])
            .unwrap_err()
            .starts_with("corrupt zstd data"));
    }

    #[test]
    fn expansion_is_bounded() {
        let huge = vec![0u8; (MAX_DECOMPRESSED_BYTES + 1) as usize];
        let stored = ZSTD_1K.compress(&huge).unwrap();
        assert!(stored.len() < 100 * 1024);
        assert_eq!(
            decompress(&stored).unwrap_err(),
            format!("compressed data expands beyond {MAX_DECOMPRESSED_BYTES} bytes")
        );
    }
}
