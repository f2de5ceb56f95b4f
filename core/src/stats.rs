//! Per-process counters of what the handler did, for operators (cost and
//! health) and for tests that assert exact request counts.

use std::sync::atomic::{AtomicU64, Ordering};

/// A counted event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counter {
    /// GetItem requests (reads and strict-mode validations).
    GetItem,
    /// UpdateItem requests (writes and touches).
    UpdateItem,
    /// DeleteItem requests (destroy, emptied sessions).
    DeleteItem,
    /// Unchanged sessions whose expiry was fresh enough to skip the touch.
    TouchesSkipped,
    /// Reads answered from `validateId`'s prefetch or a just-created id.
    ReadsWithoutRequest,
    /// Lock attempts that found the session locked by another request.
    LockWaits,
    /// Writes refused because this request's lock had expired and was taken.
    LocksLost,
    /// Requests that failed after retries.
    Errors,
    /// DynamoDB clients built (one per client configuration and process).
    ClientsBuilt,
}

impl Counter {
    /// Every counter, in the order `snapshot` reports them.
    pub const ALL: [Counter; 9] = [
        Counter::GetItem,
        Counter::UpdateItem,
        Counter::DeleteItem,
        Counter::TouchesSkipped,
        Counter::ReadsWithoutRequest,
        Counter::LockWaits,
        Counter::LocksLost,
        Counter::Errors,
        Counter::ClientsBuilt,
    ];

    /// The key in `SessionHandler::stats()`.
    pub fn name(self) -> &'static str {
        match self {
            Counter::GetItem => "get_item",
            Counter::UpdateItem => "update_item",
            Counter::DeleteItem => "delete_item",
            Counter::TouchesSkipped => "touches_skipped",
            Counter::ReadsWithoutRequest => "reads_without_request",
            Counter::LockWaits => "lock_waits",
            Counter::LocksLost => "locks_lost",
            Counter::Errors => "errors",
            Counter::ClientsBuilt => "clients_built",
        }
    }
}

static COUNTERS: [AtomicU64; Counter::ALL.len()] =
    [const { AtomicU64::new(0) }; Counter::ALL.len()];

/// Counts one event.
pub fn increment(counter: Counter) {
    COUNTERS[counter as usize].fetch_add(1, Ordering::Relaxed);
}

/// The current value of a counter.
pub fn get(counter: Counter) -> u64 {
    COUNTERS[counter as usize].load(Ordering::Relaxed)
}

/// Every counter with its name.
pub fn snapshot() -> Vec<(&'static str, u64)> {
    Counter::ALL.iter().map(|&c| (c.name(), get(c))).collect()
}
