//! The store the session logic talks to: a trait with the handful of
//! conditional requests sessions need, implemented by DynamoDB
//! ([`dynamodb::DynamoStore`]) and by an in-memory table with DynamoDB's
//! conditional semantics and injectable faults ([`memory::MemoryStore`]),
//! on which the model-based tests run thousands of interleaved requests.
//!
//! Every request is blocking: the PHP callbacks are. The store also owns the
//! clock and the pause between lock attempts, so that a simulation can run
//! on simulated time.

pub mod dynamodb;
pub mod memory;

use std::time::Duration;

use crate::config::DataType;
use crate::error::StoreError;
use crate::item::StoredItem;
use crate::lock::LockRegistry;

pub use crate::item::{LOCK_ATTRIBUTE, LOCK_EXPIRES_ATTRIBUTE, LOCK_OWNER_ATTRIBUTE};
pub(crate) use dynamodb::map_sdk_error;

/// Which lock a write must respect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guard<'a> {
    /// Locking is off: write whatever is there (the SDK handler's way).
    None,
    /// Locking is on and this request holds no lock on the item: write only
    /// while nobody else holds a live one (an SDK lock on an expired item
    /// counts as free).
    Unlocked { now_ms: i64, now_s: i64 },
    /// This request's lock: write only while `owner` holds it, and release
    /// it in the same request.
    Owner(&'a str),
}

/// What an acquire needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockRequest<'a> {
    /// This request's owner token (the same for every attempt, so that an
    /// attempt applied but unanswered is recognised by the next one).
    pub owner: &'a str,
    /// The lease's end, unix milliseconds.
    pub lease_until_ms: i64,
    pub now_ms: i64,
    pub now_s: i64,
    /// The expiry an item created by the acquire gets (unix seconds): the
    /// lease's end, so TTL removes it if its request dies before writing.
    pub stub_expires: i64,
    /// Lock only an item that exists (strict mode's `validateId`): an
    /// unknown id must not leave a stub behind.
    pub existing_only: bool,
}

/// What an acquire found.
#[derive(Debug, Clone, PartialEq)]
pub enum Acquire {
    /// The lock is ours. `before` is the item as it was before this request
    /// (its lock attributes included): `None` when the acquire created it.
    Acquired { before: Option<StoredItem> },
    /// Another request (or an SDK handler) holds a live lock.
    Busy,
    /// `existing_only` and there is no item: nothing was written.
    Missing,
}

/// A conditional write's outcome.
#[derive(Debug, Clone, PartialEq)]
pub enum Conditional {
    Applied,
    /// The condition failed; the item as it is now (`None`: no item), so the
    /// caller can tell "my earlier attempt was applied" from "lost".
    Refused(Option<StoredItem>),
}

/// Session data in the attribute type the table layout asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataValue {
    String(String),
    Binary(Vec<u8>),
}

impl DataValue {
    /// Encodes `data` for `data_type`; gives the bytes back when the type is
    /// S and they are not UTF-8 (DynamoDB would reject them).
    pub fn new(data_type: DataType, data: Vec<u8>) -> Result<DataValue, Vec<u8>> {
        match data_type {
            DataType::Binary => Ok(DataValue::Binary(data)),
            DataType::String => String::from_utf8(data)
                .map(DataValue::String)
                .map_err(|e| e.into_bytes()),
        }
    }

    /// The stored size in bytes.
    pub fn len(&self) -> usize {
        self.as_bytes().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn as_bytes(&self) -> &[u8] {
        match self {
            DataValue::String(s) => s.as_bytes(),
            DataValue::Binary(bytes) => bytes,
        }
    }
}

/// The requests the session logic makes, against one table.
pub trait Store {
    /// Reads an item (consistent unless configured otherwise).
    fn get(&self, key: &str) -> Result<Option<StoredItem>, StoreError>;
    /// Takes the lock when it is free, already `owner`'s, or its lease ran
    /// out (an SDK lock on an expired item counts as free).
    fn acquire(&self, key: &str, request: &LockRequest) -> Result<Acquire, StoreError>;
    /// Moves the lease's end while `owner` holds the lock; for a stub,
    /// also its expiry (`stub_expires`), so TTL cannot remove it mid-request
    /// — only while it holds no data (refused otherwise).
    fn renew(
        &self,
        key: &str,
        owner: &str,
        lease_until_ms: i64,
        stub_expires: Option<i64>,
    ) -> Result<Conditional, StoreError>;
    /// Drops the data of an expired item `owner` just locked and moves its
    /// expiry to `expires`, so that TTL cannot remove it mid-request and the
    /// stale data is not revived.
    fn clear_expired(
        &self,
        key: &str,
        owner: &str,
        expires: i64,
    ) -> Result<Conditional, StoreError>;
    /// Writes data and expiry.
    fn save(
        &self,
        key: &str,
        data: DataValue,
        expires: i64,
        guard: Guard,
    ) -> Result<Conditional, StoreError>;
    /// Moves the expiry of an existing item (never creates one).
    fn touch(&self, key: &str, expires: i64, guard: Guard) -> Result<Conditional, StoreError>;
    /// Creates an item without data (the strict-mode marker of an empty
    /// session), only where none exists.
    fn mark(&self, key: &str, expires: i64) -> Result<Conditional, StoreError>;
    /// Releases `owner`'s lock; a `stub` item (created by the acquire, never
    /// written) is deleted instead.
    fn release(&self, key: &str, owner: &str, stub: bool) -> Result<Conditional, StoreError>;
    /// Deletes an item; a missing item counts as deleted.
    fn delete(&self, key: &str, guard: Guard) -> Result<Conditional, StoreError>;
    /// The time, unix milliseconds.
    fn now_ms(&self) -> i64;
    /// Waits between lock attempts.
    fn pause(&self, duration: Duration);
    /// The locks this process holds through this store, for request shutdown.
    fn locks(&self) -> &LockRegistry;
}
