//! The session handler's logic, one [`Session`] per PHP handler object: what
//! each PHP callback reads and writes, and when it can skip a request.
//!
//! State kept between callbacks of one request:
//! - the item `validate_id` fetched (and, with locking, the lock it took),
//!   reused by the `read` that follows it (strict mode costs no extra round
//!   trip);
//! - what `read` returned and whether an item exists, so that unchanged
//!   data only refreshes the expiry (and only when it is due), and an empty
//!   session that was never stored costs nothing;
//! - the id `create_sid` just made, which cannot exist yet, so its `read`
//!   needs no request;
//! - the lock held (`locking => true`), released by the write, touch,
//!   destroy or close that ends the request's use of the session.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::config::{Config, TableLayout};
use crate::error::SessionError;
use crate::item::{item_size, StoredItem, MAX_ITEM_BYTES};
use crate::key::session_key;
use crate::lock::{self, HeldLock};
use crate::process;
use crate::sid;
use crate::stats::{self, Counter};
use crate::store::{Acquire, DataValue, Store};

/// The time and PHP settings for one callback. PHP settings can change
/// between requests (and within one), so the glue reads them at each call.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    /// Unix seconds.
    pub now: i64,
    /// `session.gc_maxlifetime`, used when `session_lifetime` is not set.
    pub gc_maxlifetime_s: u64,
    /// `max_execution_time`, the default lock lease when `lock_ttl` is not set.
    pub max_execution_time_s: u64,
}

/// Lock lease used when neither `lock_ttl` nor `max_execution_time` is set.
const DEFAULT_LOCK_TTL: Duration = Duration::from_secs(30);

/// What a successful `read` found.
#[derive(Debug, Default, PartialEq)]
pub struct ReadOutcome {
    /// The session data; empty for a missing or expired session.
    pub data: Vec<u8>,
    /// Problems with the stored item (wrong attribute types), for a warning.
    pub problems: Vec<String>,
}

/// What a successful `write` or `update_timestamp` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    /// Data and expiry were written.
    Saved,
    /// Only the expiry was refreshed.
    Touched,
    /// The stored expiry was fresh enough (`touch_interval`): nothing was
    /// written (with locking, the lock was released).
    TouchSkipped,
    /// The item was gone (destroyed by another request): not recreated.
    AlreadyGone,
    /// The session became empty and its item was deleted.
    Deleted,
    /// An empty session that was never stored: no request.
    NothingToStore,
}

/// Whether an item exists for the session, as far as this request knows.
#[derive(Debug, Clone, PartialEq)]
enum Stored {
    Nothing,
    Item { expires: Option<i64> },
}

/// What `read` returned for a key.
#[derive(Debug, Clone)]
struct ReadState {
    key: String,
    data: Vec<u8>,
    stored: Stored,
}

/// One PHP handler object's session logic.
#[derive(Debug)]
pub struct Session {
    config: Config,
    session_name: String,
    prefetched: Option<(String, Result<Option<StoredItem>, SessionError>)>,
    last_read: Option<ReadState>,
    created_id: Option<String>,
    lock: Option<HeldLock>,
}

impl Session {
    pub fn new(config: Config) -> Session {
        Session {
            config,
            session_name: String::new(),
            prefetched: None,
            last_read: None,
            created_id: None,
            lock: None,
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// `open()`: remembers the session name (part of the key). No I/O: on a
    /// first visit there is no id yet.
    pub fn open(&mut self, session_name: &str) {
        self.session_name = session_name.to_string();
        self.prefetched = None;
        self.last_read = None;
    }

    /// `close()`: releases a lock still held and forgets this request's state.
    pub fn close(&mut self) -> Result<(), SessionError> {
        self.prefetched = None;
        self.last_read = None;
        self.created_id = None;
        self.release_lock()
    }

    /// `create_sid()`: a new id from the CSPRNG in PHP's configured format.
    pub fn create_sid(&mut self, length: usize, bits_per_char: u32) -> Result<String, String> {
        let id = sid::new_session_id(length, bits_per_char)
            .map_err(|e| format!("the system's random number generator failed: {e}"))?;
        self.created_id = Some(id.clone());
        Ok(id)
    }

    /// `validateId()`: whether a live session exists. The item fetched here
    /// (with locking: the lock taken here) is kept for the `read` that
    /// follows. A failed request answers `true` so that PHP goes on to
    /// `read`, which reports the failure and fails closed: answering `false`
    /// would silently give the user a new, empty session.
    pub fn validate_id(&mut self, id: &[u8], clock: Clock) -> bool {
        let Ok(key) = self.key(id) else {
            return false;
        };
        let fetched = self.fetch(&key, clock);
        let live = match &fetched {
            Ok(item) => item
                .as_ref()
                .is_some_and(|item| item.live_data(clock.now).is_some()),
            Err(_) => true,
        };
        if live {
            self.prefetched = Some((key, fetched));
        } else {
            // PHP will create another id: give back the lock on this one
            // (and the item the acquire created for it).
            let _ = self.release_lock();
        }
        live
    }

    /// `read()`: the live session's data, or empty for a missing or expired
    /// one. An error means the session could not be read (or, with locking,
    /// not locked in time): PHP must not start it, or the next write would
    /// erase the stored data.
    pub fn read(&mut self, id: &[u8], clock: Clock) -> Result<ReadOutcome, SessionError> {
        let key = self.key(id)?;
        let item = if self
            .created_id
            .as_deref()
            .is_some_and(|created| created.as_bytes() == id)
        {
            // An id this handler just drew from the CSPRNG cannot be stored
            // yet, nor be locked by anyone else.
            stats::increment(Counter::ReadsWithoutRequest);
            None
        } else {
            match self.prefetched.take() {
                Some((prefetched_key, fetched)) if prefetched_key == key => {
                    stats::increment(Counter::ReadsWithoutRequest);
                    fetched?
                }
                _ => self.fetch(&key, clock)?,
            }
        };
        if let Some(reason) = item.as_ref().and_then(|item| item.unreadable.clone()) {
            return Err(SessionError::Unreadable(reason));
        }
        let (data, stored, problems) = match item {
            None => (Vec::new(), Stored::Nothing, Vec::new()),
            // An item only the lock created holds no session.
            Some(item) if item.data.is_none() && self.holds_lock(&key) => {
                (Vec::new(), Stored::Nothing, item.problems)
            }
            Some(item) => {
                let data = item
                    .live_data(clock.now)
                    .map(<[u8]>::to_vec)
                    .unwrap_or_default();
                let stored = Stored::Item {
                    expires: item.expires,
                };
                (data, stored, item.problems)
            }
        };
        self.last_read = Some(ReadState {
            key,
            data: data.clone(),
            stored,
        });
        stats::increment(Counter::Reads);
        Ok(ReadOutcome { data, problems })
    }

    /// `write()`: stores changed data. Unchanged data (PHP with
    /// `session.lazy_write=0`) takes the cheaper `update_timestamp` path.
    pub fn write(
        &mut self,
        id: &[u8],
        data: Vec<u8>,
        clock: Clock,
    ) -> Result<WriteOutcome, SessionError> {
        let key = self.key(id)?;
        if data.is_empty() {
            return self.remove_empty(&key);
        }
        if let Some(ReadState {
            data: read_data,
            stored: Stored::Item { expires },
            ..
        }) = self.read_state(&key)
        {
            if *read_data == data {
                let stored_expires = *expires;
                return self.touch(&key, stored_expires, clock);
            }
        }
        self.save(key, data, clock)
    }

    /// `updateTimestamp()`: PHP's word that the data is unchanged since
    /// `read`. The same as `write`, which already refreshes only the expiry
    /// (when due) for data equal to what was read, and stores data it did not
    /// read whole rather than risk keeping stale data.
    pub fn update_timestamp(
        &mut self,
        id: &[u8],
        data: Vec<u8>,
        clock: Clock,
    ) -> Result<WriteOutcome, SessionError> {
        self.write(id, data, clock)
    }

    /// `destroy()`: deletes the session (and with it any lock on it); a
    /// missing session is not an error. A logout wins over a lock: the
    /// holder's later write is refused because its lock is gone.
    pub fn destroy(&mut self, id: &[u8]) -> Result<(), SessionError> {
        let key = self.key(id)?;
        self.delete(&key, None)?;
        if self.holds_lock(&key) {
            self.drop_lock();
        }
        self.forget_stored(&key);
        Ok(())
    }

    fn key(&self, id: &[u8]) -> Result<String, SessionError> {
        let id = std::str::from_utf8(id).map_err(|_| SessionError::IdNotUtf8)?;
        Ok(session_key(&self.session_name, id))
    }

    fn read_state(&self, key: &str) -> Option<&ReadState> {
        self.last_read.as_ref().filter(|state| state.key == key)
    }

    fn holds_lock(&self, key: &str) -> bool {
        self.lock
            .as_ref()
            .is_some_and(|lock| lock.key == key && lock.taken_by_this_process())
    }

    /// The owner token when this request holds the lock on `key`.
    fn owner_for(&self, key: &str) -> Option<String> {
        self.lock
            .as_ref()
            .filter(|lock| lock.key == key && lock.taken_by_this_process())
            .map(|lock| lock.owner.clone())
    }

    fn lifetime_s(&self, clock: Clock) -> u64 {
        self.config
            .session_lifetime_s
            .unwrap_or(clock.gc_maxlifetime_s)
    }

    fn expires(&self, clock: Clock) -> i64 {
        clock
            .now
            .saturating_add(i64::try_from(self.lifetime_s(clock)).unwrap_or(i64::MAX))
    }

    fn lock_ttl(&self, clock: Clock) -> Duration {
        self.config
            .lock_ttl
            .unwrap_or(match clock.max_execution_time_s {
                0 => DEFAULT_LOCK_TTL,
                seconds => Duration::from_secs(seconds),
            })
    }

    /// The item for `key`: a plain read, or with locking, acquire and read in
    /// one request (waiting for another holder up to `max_lock_wait_time`).
    fn fetch(&mut self, key: &str, clock: Clock) -> Result<Option<StoredItem>, SessionError> {
        if !self.config.locking {
            return self.get(key);
        }
        if !self.holds_lock(key) {
            // One lock per handler: a new key means the old one is done.
            self.release_lock()?;
        }
        self.acquire(key, clock).map(Some)
    }

    fn acquire(&mut self, key: &str, clock: Clock) -> Result<StoredItem, SessionError> {
        let owner = match self.owner_for(key) {
            Some(owner) => owner,
            None => lock::new_owner_token().map_err(|e| SessionError::Random(e.to_string()))?,
        };
        let ttl = self.lock_ttl(clock);
        let started = Instant::now();
        let deadline = started + self.config.max_lock_wait;
        loop {
            let now_ms = unix_ms();
            let lease_until_ms = now_ms.saturating_add(ttl.as_millis() as i64);
            // A session that does not exist yet expires with the lease.
            let stub_expires = lease_until_ms / 1000 + 1;
            let layout = self.layout();
            let (request_key, request_owner) = (key.to_string(), owner.clone());
            let outcome = process::run(&self.config.client, |client| async move {
                Store::new(client, layout)
                    .acquire(
                        &request_key,
                        &request_owner,
                        lease_until_ms,
                        now_ms,
                        stub_expires,
                    )
                    .await
            })?;
            match outcome {
                Acquire::Acquired(item) => {
                    let held = HeldLock {
                        key: key.to_string(),
                        owner,
                        stub: item.data.is_none(),
                        pid: std::process::id(),
                    };
                    if !self.holds_lock(key) {
                        lock::remember(&self.config.client, &self.config.table, &held);
                    }
                    self.lock = Some(held);
                    return Ok(item);
                }
                Acquire::Busy => {
                    stats::increment(Counter::LockWaits);
                    let remaining = deadline.saturating_duration_since(Instant::now());
                    if remaining.is_zero() {
                        return Err(SessionError::LockTimeout {
                            waited: started.elapsed(),
                        });
                    }
                    let pause = lock::retry_delay(
                        self.config.min_lock_retry,
                        self.config.max_lock_retry,
                        lock::jitter_seed(),
                        remaining,
                    );
                    std::thread::sleep(pause);
                }
            }
        }
    }

    /// Releases the lock this handler holds, if any.
    fn release_lock(&mut self) -> Result<(), SessionError> {
        let Some(held) = self.lock.clone() else {
            return Ok(());
        };
        if !held.taken_by_this_process() {
            self.lock = None;
            return Ok(());
        }
        let layout = self.layout();
        let request = held.clone();
        let outcome = process::run(&self.config.client, |client| async move {
            Store::new(client, layout)
                .release(&request.key, &request.owner, request.stub)
                .await
        });
        // Released, lost or failed: either way this request is done with it
        // (a lock that could not be released expires with its lease).
        self.drop_lock();
        outcome?;
        Ok(())
    }

    fn drop_lock(&mut self) {
        if let Some(held) = self.lock.take() {
            lock::forget(&held);
        }
    }

    /// Ends the lock after a request that carried the release; a lost lock
    /// means the write was refused.
    fn finish_locked(&mut self, owner: &Option<String>, applied: bool) -> Result<(), SessionError> {
        if owner.is_none() {
            return Ok(());
        }
        self.drop_lock();
        if applied {
            Ok(())
        } else {
            stats::increment(Counter::LocksLost);
            Err(SessionError::LockLost)
        }
    }

    /// An empty session keeps no item: delete the stored one, if any.
    fn remove_empty(&mut self, key: &str) -> Result<WriteOutcome, SessionError> {
        let owner = self.owner_for(key);
        if owner.is_none()
            && self
                .read_state(key)
                .is_some_and(|state| state.stored == Stored::Nothing)
        {
            return Ok(WriteOutcome::NothingToStore);
        }
        let deleted = self.delete(key, owner.as_deref())?;
        self.finish_locked(&owner, deleted)?;
        self.forget_stored(key);
        Ok(WriteOutcome::Deleted)
    }

    fn touch(
        &mut self,
        key: &str,
        stored_expires: Option<i64>,
        clock: Clock,
    ) -> Result<WriteOutcome, SessionError> {
        let expires = self.expires(clock);
        let owner = self.owner_for(key);
        if !touch_due(stored_expires, expires, self.config.touch_interval_s) {
            stats::increment(Counter::TouchesSkipped);
            self.release_lock()?;
            return Ok(WriteOutcome::TouchSkipped);
        }
        let layout = self.layout();
        let (request_key, request_owner) = (key.to_string(), owner.clone());
        let applied = process::run(&self.config.client, |client| async move {
            Store::new(client, layout)
                .touch(&request_key, expires, request_owner.as_deref())
                .await
        })?;
        self.finish_locked(&owner, applied)?;
        if !applied {
            self.forget_stored(key);
            return Ok(WriteOutcome::AlreadyGone);
        }
        if let Some(state) = self.last_read.as_mut().filter(|state| state.key == key) {
            state.stored = Stored::Item {
                expires: Some(expires),
            };
        }
        stats::increment(Counter::Touches);
        Ok(WriteOutcome::Touched)
    }

    fn save(
        &mut self,
        key: String,
        data: Vec<u8>,
        clock: Clock,
    ) -> Result<WriteOutcome, SessionError> {
        let expires = self.expires(clock);
        let layout = self.layout();
        let value = match layout.compression.compress(&data) {
            Some(compressed) => DataValue::Binary(compressed),
            None => DataValue::new(layout.data_type, data.clone())
                .map_err(|_| SessionError::DataNotUtf8)?,
        };
        let size = item_size(&layout, &key, value.len(), expires);
        if size > MAX_ITEM_BYTES {
            return Err(SessionError::ItemTooLarge {
                data_bytes: data.len(),
                item_bytes: size,
                limit: MAX_ITEM_BYTES,
            });
        }
        let owner = self.owner_for(&key);
        let (request_key, request_owner) = (key.clone(), owner.clone());
        let applied = process::run(&self.config.client, |client| async move {
            Store::new(client, layout)
                .save(&request_key, value, expires, request_owner.as_deref())
                .await
        })?;
        self.finish_locked(&owner, applied)?;
        stats::increment(Counter::Writes);
        self.last_read = Some(ReadState {
            key,
            data,
            stored: Stored::Item {
                expires: Some(expires),
            },
        });
        Ok(WriteOutcome::Saved)
    }

    fn get(&self, key: &str) -> Result<Option<StoredItem>, SessionError> {
        let layout = self.layout();
        let key = key.to_string();
        Ok(process::run(&self.config.client, |client| async move {
            Store::new(client, layout).get(&key).await
        })?)
    }

    fn delete(&self, key: &str, owner: Option<&str>) -> Result<bool, SessionError> {
        let layout = self.layout();
        let (key, owner) = (key.to_string(), owner.map(str::to_string));
        Ok(process::run(&self.config.client, |client| async move {
            Store::new(client, layout)
                .delete(&key, owner.as_deref())
                .await
        })?)
    }

    fn forget_stored(&mut self, key: &str) {
        if let Some(state) = self.last_read.as_mut().filter(|state| state.key == key) {
            state.data.clear();
            state.stored = Stored::Nothing;
        }
        if self.prefetched.as_ref().is_some_and(|(k, _)| k == key) {
            self.prefetched = None;
        }
    }

    fn layout(&self) -> TableLayout {
        self.config.table.clone()
    }
}

impl Drop for Session {
    /// A handler dropped while holding a lock (a framework that never calls
    /// `close()`) releases it now rather than at request shutdown.
    fn drop(&mut self) {
        let _ = self.release_lock();
    }
}

fn unix_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Whether an unchanged session's expiry should be rewritten: when the new
/// expiry would move it by more than `touch_interval_s` (always when the
/// interval is 0, as the SDK does, or when the stored expiry is unknown).
pub fn touch_due(stored_expires: Option<i64>, new_expires: i64, touch_interval_s: u64) -> bool {
    match stored_expires {
        None => true,
        Some(_) if touch_interval_s == 0 => true,
        Some(stored) => {
            new_expires.saturating_sub(stored) > i64::try_from(touch_interval_s).unwrap_or(i64::MAX)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn touch_is_due_only_when_the_expiry_moves_more_than_the_interval() {
        // Stored 1000, fresh would be 1060: moved by exactly the interval.
        assert!(!touch_due(Some(1000), 1060, 60));
        assert!(touch_due(Some(1000), 1061, 60));
        // Interval 0 behaves like the SDK: always rewrite.
        assert!(touch_due(Some(1000), 1000, 0));
        // Unknown stored expiry: rewrite.
        assert!(touch_due(None, 1000, 60));
        // A shorter lifetime than before never needs a touch.
        assert!(!touch_due(Some(5000), 1000, 60));
    }
}
