//! An in-memory session table with DynamoDB's conditional semantics, for the
//! model-based tests: the same conditions as the DynamoDB store's
//! expressions, a simulated clock that lock waits advance, and injectable
//! faults, including "applied, but the answer was lost".

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use super::{Acquire, Conditional, DataValue, Guard, LockRequest, Store};
use crate::error::StoreError;
use crate::item::{LockInfo, StoredItem};
use crate::lock::LockRegistry;

/// One stored item, attribute by attribute.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemItem {
    pub data: Option<Vec<u8>>,
    /// The data cannot be decoded (a corrupt compressed value).
    pub corrupt: bool,
    pub expires: Option<i64>,
    /// `lock` present.
    pub lock: bool,
    pub lock_expires: Option<i64>,
    pub lock_owner: Option<String>,
}

impl MemItem {
    fn decoded(&self) -> StoredItem {
        StoredItem {
            data: if self.corrupt {
                None
            } else {
                self.data.clone()
            },
            expires: self.expires,
            problems: Vec::new(),
            unreadable: self.corrupt.then(|| "corrupt".to_string()),
            lock: self.lock.then(|| LockInfo {
                owner: self.lock_owner.clone(),
                lease_until_ms: self.lock_expires,
            }),
        }
    }

    /// `FREE` in the DynamoDB store.
    fn free(&self, now_ms: i64, now_s: i64) -> bool {
        !self.lock
            || self.lock_expires.is_some_and(|lease| lease < now_ms)
            || (self.lock_expires.is_none() && self.expires.is_some_and(|e| e <= now_s))
    }

    fn owned_by(&self, owner: &str) -> bool {
        self.lock_owner.as_deref() == Some(owner)
    }

    fn unlock(&mut self) {
        self.lock = false;
        self.lock_expires = None;
        self.lock_owner = None;
    }
}

/// A fault for the next request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The request fails before it reaches the table.
    Fail,
    /// The request is applied, then its answer is lost (a timeout).
    AnswerLost,
    /// The request is applied, its answer lost, and the SDK's retry sends it
    /// again: the caller gets the second attempt's answer.
    Retried,
}

/// Everything one request did, for the tests' invariants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// An acquire found `key` locked by `holder`.
    Busy { key: String, holder: Option<String> },
}

/// The shared table and clock.
#[derive(Debug, Default)]
pub struct Table {
    pub items: BTreeMap<String, MemItem>,
    pub now_ms: i64,
    pub faults: VecDeque<Fault>,
    pub events: Vec<Event>,
    pub requests: u64,
}

/// One request's view of the shared table: the table, and its own lock
/// registry (a php-fpm worker serves one request at a time).
#[derive(Clone)]
pub struct MemoryStore {
    table: Arc<Mutex<Table>>,
    registry: Arc<LockRegistry>,
}

impl MemoryStore {
    pub fn new(table: Arc<Mutex<Table>>) -> MemoryStore {
        MemoryStore {
            table,
            registry: Arc::new(LockRegistry::new()),
        }
    }

    pub fn table(&self) -> MutexGuard<'_, Table> {
        self.table.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `apply` on the table, honouring the next injected fault.
    fn request<T>(&self, mut apply: impl FnMut(&mut Table) -> T) -> Result<T, StoreError> {
        let mut table = self.table();
        table.requests += 1;
        match table.faults.pop_front() {
            Some(Fault::Fail) => Err(StoreError::Transport {
                operation: "memory",
                message: "injected failure".into(),
            }),
            Some(Fault::AnswerLost) => {
                apply(&mut table);
                Err(StoreError::Timeout {
                    operation: "memory",
                    after: Duration::ZERO,
                })
            }
            Some(Fault::Retried) => {
                apply(&mut table);
                Ok(apply(&mut table))
            }
            None => Ok(apply(&mut table)),
        }
    }
}

fn refused(items: &BTreeMap<String, MemItem>, key: &str) -> Conditional {
    Conditional::Refused(items.get(key).map(MemItem::decoded))
}

fn guard_allows(item: Option<&MemItem>, guard: Guard) -> bool {
    match guard {
        Guard::None => true,
        Guard::Unlocked { now_ms, now_s } => item.is_none_or(|i| i.free(now_ms, now_s)),
        Guard::Owner(owner) => item.is_some_and(|i| i.owned_by(owner)),
    }
}

impl Store for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<StoredItem>, StoreError> {
        self.request(|t| t.items.get(key).map(MemItem::decoded))
    }

    fn acquire(&self, key: &str, request: &LockRequest) -> Result<Acquire, StoreError> {
        self.request(|t| {
            let current = t.items.get(key);
            let available = current
                .is_none_or(|i| i.owned_by(request.owner) || i.free(request.now_ms, request.now_s));
            if request.existing_only && current.is_none() {
                return Acquire::Missing;
            }
            if !available {
                let holder = current.and_then(|i| i.lock_owner.clone());
                t.events.push(Event::Busy {
                    key: key.to_string(),
                    holder,
                });
                return Acquire::Busy;
            }
            let before = current.map(MemItem::decoded);
            let item = t.items.entry(key.to_string()).or_default();
            item.lock = true;
            item.lock_expires = Some(request.lease_until_ms);
            item.lock_owner = Some(request.owner.to_string());
            item.expires.get_or_insert(request.stub_expires);
            Acquire::Acquired { before }
        })
    }

    fn renew(
        &self,
        key: &str,
        owner: &str,
        lease_until_ms: i64,
        stub_expires: Option<i64>,
    ) -> Result<Conditional, StoreError> {
        self.request(|t| match t.items.get_mut(key) {
            Some(item)
                if item.owned_by(owner) && (stub_expires.is_none() || item.data.is_none()) =>
            {
                item.lock_expires = Some(lease_until_ms);
                if let Some(expires) = stub_expires {
                    item.expires = Some(expires);
                }
                Conditional::Applied
            }
            _ => refused(&t.items, key),
        })
    }

    fn clear_expired(
        &self,
        key: &str,
        owner: &str,
        expires: i64,
    ) -> Result<Conditional, StoreError> {
        self.request(|t| match t.items.get_mut(key) {
            Some(item) if item.owned_by(owner) => {
                item.data = None;
                item.corrupt = false;
                item.expires = Some(expires);
                Conditional::Applied
            }
            _ => refused(&t.items, key),
        })
    }

    fn save(
        &self,
        key: &str,
        data: DataValue,
        expires: i64,
        guard: Guard,
    ) -> Result<Conditional, StoreError> {
        self.request(|t| {
            if !guard_allows(t.items.get(key), guard) {
                return refused(&t.items, key);
            }
            let item = t.items.entry(key.to_string()).or_default();
            item.data = Some(data.as_bytes().to_vec());
            item.corrupt = false;
            item.expires = Some(expires);
            if !matches!(guard, Guard::None) {
                item.unlock();
            }
            Conditional::Applied
        })
    }

    fn touch(&self, key: &str, expires: i64, guard: Guard) -> Result<Conditional, StoreError> {
        self.request(|t| {
            if !t.items.contains_key(key) || !guard_allows(t.items.get(key), guard) {
                return refused(&t.items, key);
            }
            if let Some(item) = t.items.get_mut(key) {
                item.expires = Some(expires);
                if matches!(guard, Guard::Owner(_)) {
                    item.unlock();
                }
            }
            Conditional::Applied
        })
    }

    fn mark(&self, key: &str, expires: i64) -> Result<Conditional, StoreError> {
        self.request(|t| {
            if t.items.contains_key(key) {
                return refused(&t.items, key);
            }
            t.items.insert(
                key.to_string(),
                MemItem {
                    expires: Some(expires),
                    ..MemItem::default()
                },
            );
            Conditional::Applied
        })
    }

    fn release(&self, key: &str, owner: &str, stub: bool) -> Result<Conditional, StoreError> {
        self.request(|t| match t.items.get_mut(key) {
            Some(item) if item.owned_by(owner) && stub && item.data.is_none() => {
                t.items.remove(key);
                Conditional::Applied
            }
            Some(item) if item.owned_by(owner) && !stub => {
                item.unlock();
                Conditional::Applied
            }
            _ => refused(&t.items, key),
        })
    }

    fn delete(&self, key: &str, guard: Guard) -> Result<Conditional, StoreError> {
        self.request(|t| {
            // DynamoDB evaluates a condition on a missing item against no
            // attributes: "free" holds, "owned" does not.
            if !guard_allows(t.items.get(key), guard) {
                return refused(&t.items, key);
            }
            t.items.remove(key);
            Conditional::Applied
        })
    }

    fn now_ms(&self) -> i64 {
        self.table().now_ms
    }

    fn pause(&self, duration: Duration) {
        let mut table = self.table();
        table.now_ms += i64::try_from(duration.as_millis()).unwrap_or(i64::MAX);
    }

    fn locks(&self) -> &LockRegistry {
        &self.registry
    }
}
