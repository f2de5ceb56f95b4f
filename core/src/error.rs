//! The domain errors. SDK errors are mapped to [`StoreError`] once, in
//! `store`; the PHP glue maps [`ConfigError`] to `ConfigurationException`
//! and [`SessionError`] to a warning.

use std::time::Duration;

use thiserror::Error;

/// An options array the handler cannot use. Thrown from the constructor.
#[derive(Debug, Error, PartialEq)]
pub enum ConfigError {
    /// A key that is not an option; `suggestion` is the nearest known one.
    #[error("unknown option '{key}'{}", suggestion.map(|s| format!(" (did you mean '{s}'?)")).unwrap_or_default())]
    UnknownOption {
        key: String,
        suggestion: Option<&'static str>,
    },
    /// A value of the wrong PHP type.
    #[error("option '{key}' must be {expected}, {given} given")]
    WrongType {
        key: String,
        expected: String,
        given: String,
    },
    /// A value of the right type that is out of range or inconsistent.
    #[error("invalid option '{key}': {reason}")]
    InvalidValue { key: String, reason: String },
}

/// A DynamoDB request that did not succeed.
#[derive(Debug, Error)]
pub enum StoreError {
    /// DynamoDB answered with an error (`code` is the AWS error code, e.g.
    /// `ResourceNotFoundException`), after retries where it was retryable.
    #[error("{operation}: {code}: {message}")]
    Service {
        operation: &'static str,
        code: String,
        message: String,
    },
    /// No answer within `operation_timeout` (all attempts included).
    #[error("{operation}: timed out after {:.1}s (operation_timeout)", after.as_secs_f64())]
    Timeout {
        operation: &'static str,
        after: Duration,
    },
    /// The request could not be sent or its answer not read: connection
    /// refused or reset, DNS, TLS, or a malformed response.
    #[error("{operation}: {message}")]
    Transport {
        operation: &'static str,
        message: String,
    },
    /// No client could be built: missing region, bad endpoint, no runtime.
    #[error("cannot create the DynamoDB client: {0}")]
    Client(String),
}

impl StoreError {
    /// The AWS error code, or a fixed word for non-service errors; shown in
    /// warnings so operators can grep for it.
    pub fn code(&self) -> &str {
        match self {
            StoreError::Service { code, .. } => code,
            StoreError::Timeout { .. } => "Timeout",
            StoreError::Transport { .. } => "TransportError",
            StoreError::Client(_) => "ClientError",
        }
    }
}

/// Why a handler call failed. Each becomes one warning and a `false` return.
#[derive(Debug, Error)]
pub enum SessionError {
    /// The DynamoDB request failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Data is not UTF-8 and the table stores data as type S.
    #[error("session data is not valid UTF-8, which DynamoDB requires for data_attribute_type 'string'; set 'data_attribute_type' => 'binary' to store any bytes (igbinary, msgpack)")]
    DataNotUtf8,
    /// The session id is not UTF-8, so it cannot be part of an S key.
    #[error("the session id is not valid UTF-8")]
    IdNotUtf8,
    /// With locking: another request held the lock for all of
    /// `max_lock_wait_time`. The session is not started (fail closed).
    #[error("could not lock the session within {:.1}s (max_lock_wait_time): another request holds it", waited.as_secs_f64())]
    LockTimeout { waited: Duration },
    /// With locking: this request's lease ran out and another request took
    /// the lock, so this write was refused to keep the newer session.
    #[error("write refused: this request's session lock expired (lock_ttl) and another request took it; the newer session was kept")]
    LockLost,
    /// With locking: a write to a session this request holds no lock on,
    /// while another request holds a live one.
    #[error("write refused: another request holds the session lock; its session was kept")]
    LockedByOther,
    /// With locking: a further write in the same cycle (Laravel saving
    /// twice) found the session changed by another request since this
    /// request last read or wrote it.
    #[error("write refused: another request changed the session after this request last read or wrote it; its session was kept")]
    ChangedByOther,
    /// With locking: an earlier write of this request to the session failed
    /// without an answer (maybe stored, maybe not), so a further write
    /// would be blind.
    #[error("refused: an earlier write of this request may or may not have been stored, so this request leaves the session unchanged")]
    OutcomeUnknown,
    /// With locking: another request destroyed the session (a logout wins)
    /// while this one held the lock.
    #[error("write refused: another request destroyed the session meanwhile (a logout wins)")]
    Destroyed,
    /// A write, touch or destroy of a session whose read failed in this
    /// request (Laravel saves after a failed read): refused, so that a
    /// session this request never saw is not overwritten.
    #[error("refused: this request could not read the session, so it leaves the stored session unchanged")]
    NotRead,
    /// The operating system's random number generator failed.
    #[error("the system's random number generator failed: {0}")]
    Random(String),
    /// The stored data cannot be decoded (a compressed value that is corrupt
    /// or from a newer version). The session is not started, so it is not
    /// overwritten.
    #[error("the stored session cannot be read ({0}); it was left unchanged")]
    Unreadable(String),
    /// The session could not be encrypted (the random number generator
    /// failed). Nothing was written.
    #[error("the session could not be encrypted ({0}); the stored session was left unchanged")]
    Encryption(String),
    /// The item would exceed DynamoDB's 400 KB item limit.
    #[error("session data of {data_bytes} bytes makes an item of {item_bytes} bytes, over DynamoDB's limit of {limit} bytes; the stored session was left unchanged")]
    ItemTooLarge {
        data_bytes: usize,
        item_bytes: usize,
        limit: usize,
    },
}
