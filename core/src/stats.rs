//! Per-process counters of what the handler did, for operators (cost and
//! health, in `SessionHandler::stats()` and `phpinfo()`) and for tests that
//! assert exact request counts.
//!
//! Session-level events are counted by `session`, requests, bytes and
//! capacity units by `store`, and what happens inside the SDK (retries,
//! throttling, new connections) by [`StatsInterceptor`], which every client
//! carries.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use aws_sdk_dynamodb::config::interceptors::{
    AfterDeserializationInterceptorContextRef, BeforeTransmitInterceptorContextRef,
};
use aws_sdk_dynamodb::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::connection::CaptureSmithyConnection;
use aws_smithy_runtime_api::client::retries::RequestAttempts;

/// A counted event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counter {
    /// Sessions read (`read()` calls that succeeded).
    Reads,
    /// Sessions written with new data.
    Writes,
    /// Unchanged sessions whose expiry was refreshed (no data written).
    Touches,
    /// Unchanged sessions whose expiry was fresh enough to skip the touch.
    TouchesSkipped,
    /// GetItem requests (reads and strict-mode validations).
    GetItem,
    /// UpdateItem requests (writes, touches, lock acquires and releases).
    UpdateItem,
    /// DeleteItem requests (destroy, emptied sessions).
    DeleteItem,
    /// Reads answered from `validateId`'s prefetch or a just-created id.
    ReadsWithoutRequest,
    /// `hash_ids`: sessions moved from their plain-id key to the hashed one
    /// (the plain item deleted). Flat at zero: the migration is over.
    IdsMigrated,
    /// Lock attempts that found the session locked by another request.
    LockWaits,
    /// Writes refused because this request's lock had expired and was taken.
    LocksLost,
    /// Attempts the SDK retried (after a throttle, a 5xx or a network error).
    Retries,
    /// Attempts DynamoDB refused for throughput (throttling).
    Throttles,
    /// Handler calls that failed after retries.
    Errors,
    /// Bytes of the data attribute read, as stored (compressed or not).
    BytesRead,
    /// Bytes of the data attribute written, as stored.
    BytesWritten,
    /// TCP connections opened to DynamoDB (reuse keeps this flat).
    ConnectionsOpened,
    /// DynamoDB clients built (one per client configuration and process).
    ClientsBuilt,
    /// Read capacity units DynamoDB reported, in thousandths.
    ReadCapacityMilliunits,
    /// Write capacity units DynamoDB reported, in thousandths.
    WriteCapacityMilliunits,
}

/// A value in the snapshot.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StatValue {
    Count(u64),
    /// Capacity units (DynamoDB reports halves for eventually consistent
    /// reads).
    Units(f64),
}

impl Counter {
    /// Every counter, in the order `snapshot` reports them.
    pub const ALL: [Counter; 20] = [
        Counter::Reads,
        Counter::Writes,
        Counter::Touches,
        Counter::TouchesSkipped,
        Counter::GetItem,
        Counter::UpdateItem,
        Counter::DeleteItem,
        Counter::ReadsWithoutRequest,
        Counter::IdsMigrated,
        Counter::LockWaits,
        Counter::LocksLost,
        Counter::Retries,
        Counter::Throttles,
        Counter::Errors,
        Counter::BytesRead,
        Counter::BytesWritten,
        Counter::ConnectionsOpened,
        Counter::ClientsBuilt,
        Counter::ReadCapacityMilliunits,
        Counter::WriteCapacityMilliunits,
    ];

    /// The key in `SessionHandler::stats()`.
    pub fn name(self) -> &'static str {
        match self {
            Counter::Reads => "reads",
            Counter::Writes => "writes",
            Counter::Touches => "touches",
            Counter::TouchesSkipped => "touches_skipped",
            Counter::GetItem => "get_item",
            Counter::UpdateItem => "update_item",
            Counter::DeleteItem => "delete_item",
            Counter::ReadsWithoutRequest => "reads_without_request",
            Counter::IdsMigrated => "ids_migrated",
            Counter::LockWaits => "lock_waits",
            Counter::LocksLost => "locks_lost",
            Counter::Retries => "retries",
            Counter::Throttles => "throttles",
            Counter::Errors => "errors",
            Counter::BytesRead => "bytes_read",
            Counter::BytesWritten => "bytes_written",
            Counter::ConnectionsOpened => "connections_opened",
            Counter::ClientsBuilt => "clients_built",
            Counter::ReadCapacityMilliunits => "read_capacity_units",
            Counter::WriteCapacityMilliunits => "write_capacity_units",
        }
    }

    fn value(self, raw: u64) -> StatValue {
        match self {
            Counter::ReadCapacityMilliunits | Counter::WriteCapacityMilliunits => {
                StatValue::Units(raw as f64 / 1000.0)
            }
            _ => StatValue::Count(raw),
        }
    }
}

static COUNTERS: [AtomicU64; Counter::ALL.len()] =
    [const { AtomicU64::new(0) }; Counter::ALL.len()];

/// Counts one event.
pub fn increment(counter: Counter) {
    add(counter, 1);
}

/// Adds `amount` to a counter.
pub fn add(counter: Counter, amount: u64) {
    COUNTERS[counter as usize].fetch_add(amount, Ordering::Relaxed);
}

/// Adds the capacity units DynamoDB reported for one request.
pub fn add_capacity(counter: Counter, units: Option<f64>) {
    if let Some(units) = units.filter(|u| u.is_finite() && *u > 0.0) {
        add(counter, (units * 1000.0).round() as u64);
    }
}

/// The current value of a counter.
pub fn get(counter: Counter) -> u64 {
    COUNTERS[counter as usize].load(Ordering::Relaxed)
}

/// Every counter with its name.
pub fn snapshot() -> Vec<(&'static str, StatValue)> {
    Counter::ALL
        .iter()
        .map(|&c| (c.name(), c.value(get(c))))
        .collect()
}

/// Error codes with which DynamoDB refuses a request for throughput.
const THROTTLING_CODES: [&str; 3] = [
    "ThrottlingException",
    "ProvisionedThroughputExceededException",
    "RequestLimitExceeded",
];

/// Local addresses of the connections seen so far: a response on an
/// address not seen before came over a new connection. Bounded, since an
/// address is never removed when its connection closes.
static SEEN_CONNECTIONS: Mutex<Option<HashSet<SocketAddr>>> = Mutex::new(None);
const MAX_SEEN_CONNECTIONS: usize = 1024;

/// Counts retries, throttled attempts and new connections from inside the
/// SDK's request pipeline (these are invisible to the caller).
#[derive(Debug, Default)]
pub struct StatsInterceptor;

impl Intercept for StatsInterceptor {
    fn name(&self) -> &'static str {
        "dynamodb_session::StatsInterceptor"
    }

    fn read_before_attempt(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if cfg
            .load::<RequestAttempts>()
            .is_some_and(|attempts| attempts.attempts() > 1)
        {
            increment(Counter::Retries);
        }
        Ok(())
    }

    fn read_after_deserialization(
        &self,
        context: &AfterDeserializationInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let response = context.response();
        if response.status().as_u16() == 400 {
            let body = response.body().bytes().unwrap_or_default();
            let body = String::from_utf8_lossy(body);
            if THROTTLING_CODES.iter().any(|code| body.contains(code)) {
                increment(Counter::Throttles);
            }
        }
        let local_addr = cfg
            .load::<CaptureSmithyConnection>()
            .and_then(CaptureSmithyConnection::get)
            .and_then(|connection| connection.local_addr());
        if let Some(addr) = local_addr {
            if remember_connection(addr) {
                increment(Counter::ConnectionsOpened);
            }
        }
        Ok(())
    }
}

/// Whether `addr` is a connection not seen before (and remembers it).
fn remember_connection(addr: SocketAddr) -> bool {
    let mut seen = SEEN_CONNECTIONS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let seen = seen.get_or_insert_with(HashSet::new);
    if seen.len() >= MAX_SEEN_CONNECTIONS {
        seen.clear();
    }
    seen.insert(addr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capacity_is_kept_in_thousandths_and_reported_in_units() {
        let before = get(Counter::ReadCapacityMilliunits);
        add_capacity(Counter::ReadCapacityMilliunits, Some(0.5));
        add_capacity(Counter::ReadCapacityMilliunits, Some(5.0));
        add_capacity(Counter::ReadCapacityMilliunits, None);
        add_capacity(Counter::ReadCapacityMilliunits, Some(f64::NAN));
        assert_eq!(get(Counter::ReadCapacityMilliunits), before + 5500);
        assert_eq!(
            Counter::ReadCapacityMilliunits.value(5500),
            StatValue::Units(5.5)
        );
        assert_eq!(Counter::Reads.value(3), StatValue::Count(3));
    }

    #[test]
    fn a_connection_is_new_once() {
        let addr: SocketAddr = "127.0.0.1:40001".parse().unwrap();
        assert!(remember_connection(addr));
        assert!(!remember_connection(addr));
        assert!(remember_connection("127.0.0.1:40002".parse().unwrap()));
    }
}
