//! One PHP handler object's session, as an explicit state machine.
//!
//! PHP drives a handler through a lifecycle that is only implicit in
//! ext/session and in each framework: `open`, (`create_sid`), (`validateId`),
//! `read`, `write` or `updateTimestamp`, `close` — and every less common
//! order: `session_reset()` re-opens without closing, `session_create_id()`
//! validates another id mid-session, regeneration destroys and re-reads,
//! Laravel never opens or closes and writes after a failed read, a
//! long-running worker serves many requests with one object. Here each
//! stage is a [`State`] that owns exactly the data valid in it, and each
//! callback consumes the state and returns the next, so that:
//!
//! - a lock is only ever released for the key it was taken on, and only by
//!   the request holding it (it lives in the state, never beside it);
//! - a lock still held when PHP re-opens the session is carried into the
//!   new cycle rather than waited on or leaked;
//! - a key whose read failed ([`View::Unreadable`]) cannot be written,
//!   touched or destroyed by this request;
//! - a stub is what the acquire created (`before` was empty), never "an
//!   item whose data did not decode".
//!
//! With `hash_ids` the key is a hash of the id; during the migration a read
//! that finds no hashed item falls back to the plain-id key (written by us
//! or the AWS SDK handler), and the session remembers it ([`Active`]'s
//! `legacy`) so that its next successful write, changed or not, moves the
//! session to the hashed key and deletes the plain one. The lock is always
//! the hashed key's: requests of this version serialize there; a plain item
//! locked by an SDK handler is waited for like any lock, and deleted only
//! while nobody holds a live lock on it.
//!
//! The store is a trait ([`Store`]): DynamoDB in production, an in-memory
//! table with DynamoDB's conditional semantics and injected faults in the
//! model-based tests (`tests/model.rs`).

use std::sync::Arc;
use std::time::Duration;

use crate::config::Config;
use crate::error::{SessionError, StoreError};
use crate::item::{item_size, StoredItem, LOCK_ATTRIBUTES_BYTES, MAX_ITEM_BYTES};
use crate::key::{hashed_session_key, session_key};
use crate::lock::{self, HeldLock};
use crate::sid;
use crate::stats::{self, Counter};
use crate::store::{Acquire, Conditional, DataValue, Guard, LockRequest, Store};

/// The PHP settings a callback depends on. They can change between requests
/// (and within one), so the glue reads them at each call.
#[derive(Debug, Clone, Copy)]
pub struct PhpSettings {
    /// `session.gc_maxlifetime`, used when `session_lifetime` is not set.
    pub gc_maxlifetime_s: u64,
    /// `session.use_strict_mode`: an empty new session keeps a marker so
    /// that its id stays valid.
    pub use_strict_mode: bool,
}

/// Lock lease when `lock_ttl` is not set: wall-clock, renewed while the
/// request lives, so it only bounds how long a crashed holder blocks others.
pub const DEFAULT_LOCK_TTL: Duration = Duration::from_secs(30);

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
    /// Strict mode: an empty new session got its marker.
    Marked,
}

/// Whether an item exists for the session, as far as this request knows.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Stored {
    Nothing,
    /// `marker`: the item holds no data (strict mode's marker of an empty
    /// session, or a lock stub someone else left).
    Item {
        expires: Option<i64>,
        marker: bool,
    },
}

/// What this request knows of the key it read.
#[derive(Debug, Clone, PartialEq)]
enum View {
    /// `read` returned `data`.
    Read { data: Vec<u8>, stored: Stored },
    /// `read` failed: this request must not change the stored session.
    Unreadable,
}

/// An item fetched by `validateId`, kept for the `read` that follows.
#[derive(Debug)]
struct Prefetched {
    key: String,
    item: Result<Option<StoredItem>, SessionError>,
}

/// Opened (or re-opened) and not read yet.
#[derive(Debug, Default)]
struct Opened {
    /// A lock this request still holds from before the (re-)open
    /// (`session_reset()`), or the one `validateId` took.
    carried: Option<HeldLock>,
    prefetched: Option<Prefetched>,
    /// The key of the session this request had started before re-opening.
    started: Option<String>,
}

/// A key was read (or written): the session in use.
#[derive(Debug)]
struct Active {
    key: String,
    lock: Option<HeldLock>,
    view: View,
    /// `hash_ids`: the plain-id key the session was read from, to delete
    /// once the session is written under `key`.
    legacy: Option<String>,
}

/// The lifecycle of one handler object within one request.
#[derive(Debug, Default)]
enum State {
    /// Nothing opened, or closed. Laravel never opens: its `read` starts here.
    #[default]
    Idle,
    Opened(Opened),
    Active(Active),
}

impl State {
    /// The lock the state holds, if any; the rest of the state is dropped.
    fn into_lock(self) -> Option<HeldLock> {
        match self {
            State::Idle => None,
            State::Opened(opened) => opened.carried,
            State::Active(active) => active.lock,
        }
    }
}

/// How many ids from `create_sid` a handler remembers within a request.
const CREATED_IDS_KEPT: usize = 8;

/// One PHP handler object's session logic.
pub struct Session<S: Store + Clone + Send + Sync + 'static> {
    config: Config,
    store: S,
    session_name: String,
    state: State,
    /// Ids this handler drew from the CSPRNG in this request: they cannot
    /// exist yet, so checking or reading them needs no request.
    created: Vec<Vec<u8>>,
    /// Keys whose read failed in this request, even if the cycle was closed
    /// since: this request must not change them (until it reads them).
    unreadable: Vec<String>,
    /// Keys this request read under the lock, with what it last saw stored
    /// (read or written): a later write without the lock takes it again and
    /// checks nothing changed meanwhile.
    seen: Vec<(String, Vec<u8>)>,
    /// Keys whose last write (with locking) failed without an answer: it may
    /// or may not be stored, so further writes are refused until a read.
    unknown: Vec<String>,
    /// The lock registry's generation this state belongs to (see
    /// [`lock::LockRegistry::end_request`]).
    generation: u64,
}

impl<S: Store + Clone + Send + Sync + 'static> Session<S> {
    pub fn new(config: Config, store: S) -> Session<S> {
        let generation = store.locks().generation();
        Session {
            config,
            store,
            session_name: String::new(),
            state: State::Idle,
            created: Vec::new(),
            unreadable: Vec::new(),
            seen: Vec::new(),
            unknown: Vec::new(),
            generation,
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The owner token of the lock this handler holds, for diagnostics and
    /// the model tests.
    pub fn lock_owner(&self) -> Option<&str> {
        match &self.state {
            State::Opened(Opened {
                carried: Some(lock),
                ..
            })
            | State::Active(Active {
                lock: Some(lock), ..
            }) => Some(&lock.owner),
            _ => None,
        }
    }

    /// `open()`: remembers the session name (part of the key). No I/O: on a
    /// first visit there is no id yet. A lock still held (PHP re-opens
    /// without closing in `session_reset()`) is carried into the new cycle.
    pub fn open(&mut self, session_name: &str) {
        self.follow_request();
        self.session_name = session_name.to_string();
        let (carried, started) = match self.take_state() {
            State::Active(active) => (active.lock, Some(active.key)),
            State::Opened(opened) => (opened.carried, opened.started),
            State::Idle => (None, None),
        };
        self.state = State::Opened(Opened {
            carried,
            prefetched: None,
            started,
        });
    }

    /// `close()`: releases a lock still held and forgets this request's state.
    pub fn close(&mut self) -> Result<(), SessionError> {
        self.follow_request();
        let lock = self.take_state().into_lock();
        self.created.clear();
        self.seen.clear();
        self.release(lock)
    }

    /// `create_sid()`: a new id from the CSPRNG in PHP's configured format.
    pub fn create_sid(&mut self, length: usize, bits_per_char: u32) -> Result<String, String> {
        self.follow_request();
        let id = sid::new_session_id(length, bits_per_char)
            .map_err(|e| format!("the system's random number generator failed: {e}"))?;
        if self.created.len() == CREATED_IDS_KEPT {
            self.created.remove(0);
        }
        self.created.push(id.as_bytes().to_vec());
        Ok(id)
    }

    /// `validateId()`: whether the session exists.
    ///
    /// Before `read` (strict mode at session start) it fetches the item —
    /// with locking, locks it, but only if it exists — and keeps both for
    /// the `read` that follows. A failed request answers `true` so that PHP
    /// goes on to `read`, which reports the failure and fails closed:
    /// answering `false` would silently give the user a new, empty session.
    ///
    /// Once a session is in use (`session_create_id()` checking a new id) it
    /// is a plain check that never touches the session in use or its lock.
    pub fn validate_id(&mut self, id: &[u8], _php: PhpSettings) -> bool {
        self.follow_request();
        let Ok(key) = self.key(id) else {
            return false;
        };
        if self.was_created(id) {
            // Drawn from the CSPRNG by this handler: it cannot exist yet,
            // unless it is the session this request already started (strict
            // mode's check in session_reset()).
            return matches!(&self.state, State::Active(a) if a.key == key)
                || matches!(&self.state, State::Opened(o) if o.started.as_deref() == Some(key.as_str()));
        }
        let now = self.now_s();
        match &self.state {
            State::Active(_) => {
                let exists = |key: &str| matches!(self.store.get(key), Ok(Some(item)) if item.counts_as_existing(now));
                exists(&key) || self.legacy_key(id).is_some_and(|legacy| exists(&legacy))
            }
            State::Idle | State::Opened(_) => {
                let before_read = self.take_state();
                let carried = self.keep_lock_for(before_read.into_lock(), &key);
                let (item, lock) = self.fetch(&key, carried, true);
                let exists = match &item {
                    Ok(item) => item
                        .as_ref()
                        .is_some_and(|item| item.counts_as_existing(now)),
                    Err(_) => true,
                };
                let legacy = match (exists, self.legacy_key(id)) {
                    (false, Some(legacy)) => match self.store.get(&legacy) {
                        Ok(item) => item.is_some_and(|item| item.counts_as_existing(now)),
                        Err(_) => true,
                    },
                    _ => false,
                };
                if legacy {
                    // A session not migrated yet: `read` locks the hashed
                    // key and falls back to the plain one.
                    let _ = self.release(lock);
                    self.state = State::Opened(Opened::default());
                    return true;
                }
                if exists {
                    self.state = State::Opened(Opened {
                        carried: lock,
                        prefetched: Some(Prefetched { key, item }),
                        started: None,
                    });
                } else {
                    // PHP will create another id: give this one back.
                    let _ = self.release(lock);
                    self.state = State::Opened(Opened::default());
                }
                exists
            }
        }
    }

    /// `read()`: the live session's data, or empty for a missing or expired
    /// one. An error means the session could not be read (or, with locking,
    /// not locked in time): PHP must not start it, and this request will
    /// not change it.
    pub fn read(&mut self, id: &[u8], _php: PhpSettings) -> Result<ReadOutcome, SessionError> {
        self.follow_request();
        let key = self.key(id)?;
        let (carried, prefetched) = match self.take_state() {
            State::Idle => (None, None),
            State::Opened(opened) => (opened.carried, opened.prefetched),
            State::Active(active) => (active.lock, None),
        };
        let carried = self.keep_lock_for(carried, &key);
        let (item, mut lock) = match prefetched {
            Some(prefetched) if prefetched.key == key => {
                stats::increment(Counter::ReadsWithoutRequest);
                (prefetched.item, carried)
            }
            _ if carried.is_none() && self.was_created(id) => {
                // Drawn from the CSPRNG by this handler: not stored yet, and
                // nobody else knows it.
                stats::increment(Counter::ReadsWithoutRequest);
                (Ok(None), None)
            }
            _ => self.fetch(&key, carried, false),
        };
        let unreadable = |session: &mut Self, key: String, lock, error| {
            if !session.unreadable.contains(&key) {
                session.unreadable.push(key.clone());
            }
            session.state = State::Active(Active {
                key,
                lock,
                view: View::Unreadable,
                legacy: None,
            });
            Err(error)
        };
        let mut item = match item {
            Ok(item) => item,
            Err(e) => return unreadable(self, key, lock, e),
        };
        let now = self.now_s();
        // Only a well-formed, expired item counts as expired: a malformed one
        // (no or a wrongly typed expiry) is read as empty with a warning and
        // left for the next write to repair, as without locking. An expired
        // item is dead even if its data cannot be decoded (a retired key).
        let expired = |item: &StoredItem| {
            item.problems.is_empty() && item.expires.is_some_and(|expires| expires <= now)
        };
        if let Some(reason) = item
            .as_ref()
            .filter(|item| !expired(item))
            .and_then(|item| item.unreadable.clone())
        {
            return unreadable(self, key, lock, SessionError::Unreadable(reason));
        }
        if let (Some(held), Some(before)) = (lock.as_mut(), item.as_ref()) {
            if !held.stub && expired(before) {
                // An expired session just locked: its stale data goes and its
                // expiry moves to the lease's end, so that TTL cannot remove
                // the item (and the lock) mid-request.
                let lease_end_s = held.lease_until_ms.div_euclid(1000) + 1;
                match self.store.clear_expired(&key, &held.owner, lease_end_s) {
                    Ok(Conditional::Applied) => {
                        held.stub = true;
                        self.store
                            .locks()
                            .remember(held, Arc::new(self.store.clone()));
                        item = None;
                    }
                    // Removed meanwhile (TTL): an empty session, and the lock
                    // went with the item.
                    Ok(Conditional::Refused(None)) => {
                        let gone = lock.take();
                        self.forget(gone.as_ref());
                        item = None;
                    }
                    Ok(Conditional::Refused(Some(_))) => {
                        let lost = lock.take();
                        self.forget(lost.as_ref());
                        return unreadable(self, key, None, SessionError::LockLost);
                    }
                    Err(e) => return unreadable(self, key, lock, e.into()),
                }
            }
        }
        if item.as_ref().is_some_and(&expired) {
            // Without the lock: read as missing, left for TTL.
            item = None;
        }
        // `hash_ids` migration: nothing stored under the hashed key yet (no
        // item, or one without data: a lock stub, ours or one a crashed
        // request left), so the session may still be under its plain-id key.
        let mut found_legacy = None;
        let hashed_holds_nothing = item
            .as_ref()
            .is_none_or(|item| item.data.is_none() && item.unreadable.is_none());
        if hashed_holds_nothing && !self.was_created(id) {
            if let Some(legacy_key) = self.legacy_key(id) {
                match self.read_legacy(&legacy_key) {
                    Ok(None) => {}
                    Ok(Some(found)) => {
                        if let Some(reason) = found.unreadable.clone().filter(|_| !expired(&found))
                        {
                            return unreadable(self, key, lock, SessionError::Unreadable(reason));
                        }
                        found_legacy = Some((legacy_key, found));
                    }
                    Err(e) => return unreadable(self, key, lock, e),
                }
            }
        }
        let mut legacy = None;
        let (data, stored, problems) = match (item, found_legacy) {
            // (A data-less item under the hashed key is replaced whole.)
            (_, Some((legacy_key, found))) => {
                // Nothing under the hashed key yet: the next write stores
                // the whole session there.
                legacy = Some(legacy_key);
                let data = found.live_data(now).map(<[u8]>::to_vec).unwrap_or_default();
                (data, Stored::Nothing, found.problems)
            }
            (None, _) => (Vec::new(), Stored::Nothing, Vec::new()),
            (Some(item), _) => {
                let data = item.live_data(now).map(<[u8]>::to_vec).unwrap_or_default();
                let stored = Stored::Item {
                    expires: item.expires,
                    marker: item.data.is_none(),
                };
                (data, stored, item.problems)
            }
        };
        self.unreadable.retain(|k| *k != key);
        self.unknown.retain(|k| *k != key);
        self.seen.retain(|(k, _)| *k != key);
        if lock.as_ref().is_some_and(|l| !l.uncertain) {
            self.seen.push((key.clone(), data.clone()));
        }
        self.state = State::Active(Active {
            key,
            lock,
            view: View::Read {
                data: data.clone(),
                stored,
            },
            legacy,
        });
        stats::increment(Counter::Reads);
        Ok(ReadOutcome { data, problems })
    }

    /// `write()`: stores changed data; unchanged data only refreshes the
    /// expiry, and only when due. With locking the request's lock is released
    /// by the same request, and a write to a key this request holds no lock
    /// on lands only while nobody else holds a live one.
    pub fn write(
        &mut self,
        id: &[u8],
        data: Vec<u8>,
        php: PhpSettings,
    ) -> Result<WriteOutcome, SessionError> {
        self.follow_request();
        let key = self.key(id)?;
        if self.unreadable.contains(&key) {
            return Err(SessionError::NotRead);
        }
        if self.unknown.contains(&key) {
            return Err(SessionError::OutcomeUnknown);
        }
        let (lock, mut known, legacy) = match self.take_state() {
            State::Active(active) if active.key == key => match active.view {
                View::Unreadable => {
                    self.state = State::Active(active);
                    return Err(SessionError::NotRead);
                }
                View::Read { data, stored } => (active.lock, Some((data, stored)), active.legacy),
            },
            other => (self.keep_lock_for(other.into_lock(), &key), None, None),
        };
        if lock.as_ref().is_some_and(|l| !l.taken_by_this_process()) {
            // A pcntl_fork() child writing the session its parent holds.
            let view = match known {
                Some((data, stored)) => View::Read { data, stored },
                None => View::Unreadable,
            };
            self.state = State::Active(Active {
                key,
                lock,
                view,
                legacy,
            });
            return Err(SessionError::LockedByOther);
        }
        let usable = |lock: &Option<HeldLock>| {
            lock.as_ref()
                .is_some_and(|l| l.taken_by_this_process() && !l.uncertain)
        };
        let mut lock = lock;
        let seen = self.seen_data(&key);
        // Without a read in this cycle, a lock (validateId's, or one carried
        // over a re-open) proves nothing about what the request saw either.
        let unverified = !usable(&lock) || known.is_none();
        if let Some(seen) = seen.filter(|_| self.config.locking && unverified) {
            // This request read the session under the lock, and the lock is
            // gone (released by an earlier write; Laravel saves more than
            // once): take it again, and write only if nobody changed the
            // session since this request last read or wrote it.
            match self.relock(&key, lock, &seen) {
                Ok((relocked, stored)) => {
                    lock = Some(relocked);
                    known = Some((seen, stored));
                }
                Err(refused) => {
                    let (error, lock) = *refused;
                    // `seen` stays: every further write of this request
                    // fails the same check until it reads the session again,
                    // and the session counts as unread (its lock, if the
                    // acquire's answer was lost, stays for request end).
                    self.state = State::Active(Active {
                        key,
                        lock,
                        view: View::Unreadable,
                        legacy,
                    });
                    return Err(error);
                }
            }
        }
        let mut legacy = legacy;
        let plain_may_exist =
            legacy.is_some() || matches!(known, Some((_, Stored::Item { .. })) | None);
        if data.is_empty() && plain_may_exist {
            if let Some(plain) = self.legacy_key(id) {
                // hash_ids: an emptied session loses its plain-id copy first,
                // while this request still holds the hashed key's lock, and
                // only if that delete lands: the next read would fall back
                // to a copy left behind.
                if let Err(error) = self.delete_plain(&plain) {
                    let view = match known {
                        Some((data, stored)) => View::Read { data, stored },
                        None => View::Unreadable,
                    };
                    self.state = State::Active(Active {
                        key,
                        lock,
                        view,
                        legacy,
                    });
                    return Err(error);
                }
                legacy = None;
            }
        }
        let created = self.was_created(id);
        let step = self.store_data(&key, data, known, lock, created, php);
        if step.outcome.is_ok() {
            // Stored (or not) under this id now: reading it again needs a request.
            self.created.retain(|c| c.as_slice() != id);
            if let (Some(seen), View::Read { data, .. }) =
                (self.seen.iter_mut().find(|(k, _)| *k == key), &step.view)
            {
                seen.1 = data.clone();
            }
        }
        if matches!(
            step.outcome,
            Err(SessionError::Store(
                StoreError::Timeout { .. } | StoreError::Transport { .. }
            ))
        ) && self.config.locking
        {
            // Maybe stored, maybe not: whatever this request writes next
            // would be written blind.
            self.unknown.push(key.clone());
        }
        let legacy = match (&step.outcome, legacy) {
            (Ok(_), Some(legacy)) => {
                self.retire_legacy(&legacy);
                None
            }
            (_, legacy) => legacy,
        };
        self.state = State::Active(Active {
            key,
            lock: step.lock,
            view: step.view,
            legacy,
        });
        step.outcome
    }

    /// `updateTimestamp()`: PHP's word that the data is unchanged since
    /// `read`. The same as `write`, which already refreshes only the expiry
    /// (when due) for data equal to what was read, and stores data it did not
    /// read whole rather than risk keeping stale data.
    pub fn update_timestamp(
        &mut self,
        id: &[u8],
        data: Vec<u8>,
        php: PhpSettings,
    ) -> Result<WriteOutcome, SessionError> {
        self.write(id, data, php)
    }

    /// `destroy()`: deletes the session (and with it any lock on it); a
    /// missing session is not an error. A logout wins over a lock: the
    /// holder's later write is refused because its lock is gone. A session
    /// this request could not read is not destroyed by it.
    pub fn destroy(&mut self, id: &[u8]) -> Result<(), SessionError> {
        self.follow_request();
        let key = self.key(id)?;
        if self.unreadable.contains(&key) {
            return Err(SessionError::NotRead);
        }
        self.store.delete(&key, Guard::None)?;
        self.unknown.retain(|k| *k != key);
        if let Some(seen) = self.seen.iter_mut().find(|(k, _)| *k == key) {
            seen.1.clear();
        }
        if let Some(legacy) = self.legacy_key(id) {
            // Or the session would come back from its plain-id key.
            self.store.delete(&legacy, Guard::None)?;
        }
        let mut gone = None;
        match &mut self.state {
            State::Active(active) if active.key == key => {
                gone = active.lock.take();
                active.legacy = None;
                active.view = View::Read {
                    data: Vec::new(),
                    stored: Stored::Nothing,
                };
            }
            State::Opened(opened) => {
                if opened.carried.as_ref().is_some_and(|lock| lock.key == key) {
                    gone = opened.carried.take();
                }
                if opened.prefetched.as_ref().is_some_and(|p| p.key == key) {
                    opened.prefetched = None;
                }
            }
            _ => {}
        }
        self.forget(gone.as_ref());
        Ok(())
    }

    // --- transitions' helpers -------------------------------------------

    fn take_state(&mut self) -> State {
        std::mem::take(&mut self.state)
    }

    /// A handler object that outlived its request (long-running workers)
    /// forgets that request: its locks were released when it ended.
    fn follow_request(&mut self) {
        let generation = self.store.locks().generation();
        if generation != self.generation {
            self.generation = generation;
            self.state = State::Idle;
            self.created.clear();
            self.unreadable.clear();
            self.unknown.clear();
            self.seen.clear();
        }
    }

    fn was_created(&self, id: &[u8]) -> bool {
        self.created.iter().any(|created| created == id)
    }

    fn key(&self, id: &[u8]) -> Result<String, SessionError> {
        let id = std::str::from_utf8(id).map_err(|_| SessionError::IdNotUtf8)?;
        Ok(if self.config.hash_ids {
            hashed_session_key(&self.session_name, id)
        } else {
            session_key(&self.session_name, id)
        })
    }

    /// The plain-id key a `hash_ids` read falls back to while the migration
    /// runs (`hashed_ids_only` off).
    fn legacy_key(&self, id: &[u8]) -> Option<String> {
        if !self.config.hash_ids || self.config.hashed_ids_only {
            return None;
        }
        let id = std::str::from_utf8(id).ok()?;
        Some(session_key(&self.session_name, id))
    }

    /// The live item under a plain-id key, if any. With locking, a live lock
    /// another request (an SDK handler, an instance without `hash_ids`)
    /// holds on it is waited for like any lock, so that its write is read
    /// rather than lost; never locked by us (our lock is the hashed key's).
    fn read_legacy(&mut self, key: &str) -> Result<Option<StoredItem>, SessionError> {
        let max_wait_ms = i64::try_from(self.config.max_lock_wait.as_millis()).unwrap_or(i64::MAX);
        let started_ms = self.store.now_ms();
        loop {
            let item = self.store.get(key)?;
            let now_ms = self.store.now_ms();
            let now_s = now_ms.div_euclid(1000);
            let busy = self.config.locking
                && item
                    .as_ref()
                    .and_then(|item| item.lock.as_ref().map(|lock| (item, lock)))
                    .is_some_and(|(item, lock)| match lock.lease_until_ms {
                        Some(lease) => lease >= now_ms,
                        None => item.expires.is_some_and(|expires| expires > now_s),
                    });
            if !busy {
                return Ok(item.filter(|item| {
                    item.live_data(now_s).is_some()
                        || item.is_live_marker(now_s)
                        || item.unreadable.is_some()
                }));
            }
            stats::increment(Counter::LockWaits);
            self.wait_for_lock(started_ms, max_wait_ms)?;
        }
    }

    /// One pause of a lock wait that started at `started_ms`: jittered
    /// between the retry bounds, never past `max_wait_ms`; the timeout once
    /// the wait is used up.
    fn wait_for_lock(&self, started_ms: i64, max_wait_ms: i64) -> Result<(), SessionError> {
        let waited_ms = self.store.now_ms().saturating_sub(started_ms);
        let remaining_ms = max_wait_ms.saturating_sub(waited_ms);
        if remaining_ms <= 0 {
            let waited = Duration::from_millis(waited_ms.max(0) as u64);
            return Err(SessionError::LockTimeout { waited });
        }
        let pause = lock::retry_delay(
            self.config.min_lock_retry,
            self.config.max_lock_retry,
            lock::jitter_seed(),
            Duration::from_millis(remaining_ms as u64),
        );
        self.store.pause(pause.max(Duration::from_millis(1)));
        Ok(())
    }

    /// Deletes a plain-id key whose session now lives under its hashed key,
    /// unless another request holds a live lock on it. Best effort: an item
    /// left behind is never read again once the hashed one exists, and TTL
    /// removes it at its expiry.
    fn retire_legacy(&mut self, key: &str) {
        let now_ms = self.store.now_ms();
        let guard = Guard::Unlocked {
            now_ms,
            now_s: now_ms.div_euclid(1000),
        };
        if let Ok(Conditional::Applied) = self.store.delete(key, guard) {
            stats::increment(Counter::IdsMigrated);
        }
    }

    /// Deletes a plain-id copy of a session being emptied, unless another
    /// request holds a live lock on it (then the write is refused).
    fn delete_plain(&mut self, plain: &str) -> Result<(), SessionError> {
        let now_ms = self.store.now_ms();
        let guard = Guard::Unlocked {
            now_ms,
            now_s: now_ms.div_euclid(1000),
        };
        match self.store.delete(plain, guard)? {
            Conditional::Applied | Conditional::Refused(None) => Ok(()),
            Conditional::Refused(Some(_)) => Err(SessionError::LockedByOther),
        }
    }

    fn now_s(&self) -> i64 {
        self.store.now_ms().div_euclid(1000)
    }

    fn lifetime_s(&self, php: PhpSettings) -> u64 {
        self.config
            .session_lifetime_s
            .unwrap_or(php.gc_maxlifetime_s)
    }

    fn expires(&self, php: PhpSettings) -> i64 {
        self.now_s()
            .saturating_add(i64::try_from(self.lifetime_s(php)).unwrap_or(i64::MAX))
    }

    /// `touch_interval`, but never more than half the lifetime: an active
    /// session must not expire because its refresh was skipped.
    fn touch_interval_s(&self, php: PhpSettings) -> u64 {
        self.config.touch_interval_s.min(self.lifetime_s(php) / 2)
    }

    fn lock_ttl_ms(&self) -> i64 {
        let ttl = self.config.lock_ttl.unwrap_or(DEFAULT_LOCK_TTL);
        i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX).max(1)
    }

    /// Keeps a lock on `key`; a lock on any other key is done with and
    /// released (one lock per handler).
    fn keep_lock_for(&mut self, lock: Option<HeldLock>, key: &str) -> Option<HeldLock> {
        match lock {
            Some(lock) if lock.key == key => Some(lock),
            other => {
                let _ = self.release(other);
                None
            }
        }
    }

    fn remember(&self, lock: &HeldLock) {
        self.store
            .locks()
            .remember(lock, Arc::new(self.store.clone()));
    }

    fn forget(&self, lock: Option<&HeldLock>) {
        if let Some(lock) = lock {
            self.store.locks().forget(lock);
        }
    }

    /// Releases a lock this request holds. Lost or not, the request is done
    /// with it; only a failed request is an error (the lease then ends it).
    fn release(&mut self, lock: Option<HeldLock>) -> Result<(), SessionError> {
        let Some(lock) = lock else {
            return Ok(());
        };
        if !lock.taken_by_this_process() {
            self.forget(Some(&lock));
            return Ok(());
        }
        if lock.uncertain {
            // The request that took it got no answer: the backend is likely
            // failing now. Request end releases it, after the response, so
            // a failing read stays within its own timeout.
            return Ok(());
        }
        // A release that failed stays registered: request end tries again.
        let released = lock::release(&self.store, &lock)?;
        self.forget(Some(&lock));
        match released {
            Conditional::Applied => Ok(()),
            Conditional::Refused(current) => {
                if !self.released_earlier(&lock, current.as_ref()) {
                    stats::increment(Counter::LocksLost);
                }
                Ok(())
            }
        }
    }

    /// A refused release whose first attempt was in fact applied: the lock
    /// is not ours any more although our lease still ran, which only our own
    /// release can explain.
    fn released_earlier(&self, lock: &HeldLock, current: Option<&StoredItem>) -> bool {
        let ours = current
            .and_then(|item| item.lock.as_ref())
            .is_some_and(|l| l.owner.as_deref() == Some(lock.owner.as_str()));
        !ours && self.store.now_ms() < lock.lease_until_ms
    }

    /// The item for `key` and, with locking, the lock on it: acquire and read
    /// in one request, waiting for another holder up to
    /// `max_lock_wait_time`. A lock this request already holds on `key`
    /// (`carried`) is taken again with the same token, never waited on. The
    /// lock comes back even with an error when the acquire's answer was lost
    /// (it may be ours): request end releases it.
    fn fetch(
        &mut self,
        key: &str,
        carried: Option<HeldLock>,
        existing_only: bool,
    ) -> (Result<Option<StoredItem>, SessionError>, Option<HeldLock>) {
        if !self.config.locking {
            let _ = self.release(carried);
            return (self.store.get(key).map_err(SessionError::from), None);
        }
        // A lock inherited from the parent of a pcntl_fork() child is not
        // ours: never reuse its token.
        let carried = carried.filter(HeldLock::taken_by_this_process);
        // A lock whose release failed earlier in this request is still ours;
        // the registry's copy knows its renewed lease and stub expiry.
        let registered = self.store.locks().held_on(key);
        let carried = match carried {
            Some(carried) => Some(
                registered
                    .filter(|r| r.owner == carried.owner)
                    .unwrap_or(carried),
            ),
            None => registered,
        };
        let owner = match &carried {
            Some(lock) => lock.owner.clone(),
            None => match lock::new_owner_token() {
                Ok(token) => token,
                Err(e) => return (Err(SessionError::Random(e.to_string())), None),
            },
        };
        let ttl_ms = self.lock_ttl_ms();
        let max_wait_ms = i64::try_from(self.config.max_lock_wait.as_millis()).unwrap_or(i64::MAX);
        let started_ms = self.store.now_ms();
        loop {
            let now_ms = self.store.now_ms();
            let lease_until_ms = now_ms.saturating_add(ttl_ms);
            let request = LockRequest {
                owner: &owner,
                lease_until_ms,
                now_ms,
                now_s: now_ms.div_euclid(1000),
                stub_expires: lease_until_ms.div_euclid(1000) + 1,
                existing_only,
            };
            let held = |stub: bool, uncertain: bool| HeldLock {
                key: key.to_string(),
                owner: owner.clone(),
                stub,
                stub_expires: request.stub_expires,
                lease_until_ms,
                ttl_ms,
                uncertain,
                pid: std::process::id(),
            };
            match self.store.acquire(key, &request) {
                Ok(Acquire::Acquired { before }) => {
                    let ours_already = before
                        .as_ref()
                        .and_then(|item| item.lock.as_ref())
                        .is_some_and(|l| l.owner.as_deref() == Some(owner.as_str()));
                    let stub = match (&before, ours_already) {
                        (None, _) => true,
                        // Our own lock: from before a re-open (a stub stays
                        // a stub), or from an attempt of this acquire whose
                        // answer was lost (the stub it created has exactly
                        // this acquire's expiry, or an uncertain one's).
                        (Some(item), true) => {
                            let own_stub_expires = carried
                                .as_ref()
                                .filter(|c| c.uncertain)
                                .map_or(request.stub_expires, |c| c.stub_expires);
                            // Never a stub once it holds data (someone wrote
                            // it while our lease had run out).
                            item.data.is_none()
                                && item.unreadable.is_none()
                                && (carried.as_ref().is_some_and(|c| {
                                    c.stub && item.expires == Some(c.stub_expires)
                                }) || item.expires == Some(own_stub_expires))
                        }
                        (Some(_), false) => false,
                    };
                    let item = if stub { None } else { before };
                    let lock = held(stub, false);
                    self.remember(&lock);
                    return (Ok(item), Some(lock));
                }
                Ok(Acquire::Missing) => {
                    // Gone: a lock we carried on it went with it.
                    self.forget(carried.as_ref());
                    return (Ok(None), None);
                }
                Ok(Acquire::Busy) => {
                    if carried.is_some() {
                        // Our lease ran out and another request took the lock.
                        self.forget(carried.as_ref());
                        stats::increment(Counter::LocksLost);
                    }
                    stats::increment(Counter::LockWaits);
                    if let Err(timeout) = self.wait_for_lock(started_ms, max_wait_ms) {
                        return (Err(timeout), None);
                    }
                }
                Err(e) => {
                    let lock = match (&e, carried) {
                        // Ours before, and maybe still: what the item is now
                        // is unknown, so its release only removes the lock.
                        (_, Some(carried)) => Some(HeldLock {
                            uncertain: true,
                            ..carried
                        }),
                        // No answer: the acquire may have been applied.
                        (StoreError::Timeout { .. } | StoreError::Transport { .. }, None) => {
                            let lock = held(false, true);
                            self.remember(&lock);
                            Some(lock)
                        }
                        _ => None,
                    };
                    return (Err(e.into()), lock);
                }
            }
        }
    }

    /// Takes the lock on `key` again for a further write and checks that the
    /// session is still what this request last read or wrote (`seen`);
    /// otherwise the lock is given back and the write is refused. Returns
    /// the lock and what is stored.
    fn relock(
        &mut self,
        key: &str,
        carried: Option<HeldLock>,
        seen: &[u8],
    ) -> Result<(HeldLock, Stored), Box<Refused>> {
        let (item, lock) = self.fetch(key, carried, false);
        let item = match item {
            Ok(item) => item,
            Err(e) => return Err(Box::new((e, lock))),
        };
        let Some(lock) = lock else {
            return Err(Box::new((SessionError::ChangedByOther, None)));
        };
        if let Some(reason) = item.as_ref().and_then(|item| item.unreadable.clone()) {
            let _ = self.release(Some(lock));
            return Err(Box::new((SessionError::Unreadable(reason), None)));
        }
        let now = self.now_s();
        let current = item
            .as_ref()
            .and_then(|item| item.live_data(now))
            .unwrap_or_default();
        if current != seen {
            let _ = self.release(Some(lock));
            return Err(Box::new((SessionError::ChangedByOther, None)));
        }
        let stored = match item {
            None => Stored::Nothing,
            Some(item) => Stored::Item {
                expires: item.expires,
                marker: item.data.is_none(),
            },
        };
        Ok((lock, stored))
    }

    /// What this request last saw stored under `key`, if it read it under
    /// the lock.
    fn seen_data(&self, key: &str) -> Option<Vec<u8>> {
        self.seen
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, data)| data.clone())
    }

    /// The write itself, from what this request knows of `key` (`known`:
    /// what `read` returned) and the lock it holds on it.
    fn store_data(
        &mut self,
        key: &str,
        data: Vec<u8>,
        known: Option<(Vec<u8>, Stored)>,
        lock: Option<HeldLock>,
        created: bool,
        php: PhpSettings,
    ) -> Step {
        // An uncertain lock was never read under: it gives no right to write.
        let (lock, owner) = match lock {
            Some(lock) if lock.taken_by_this_process() && !lock.uncertain => {
                let owner = lock.owner.clone();
                (Some(lock), Some(owner))
            }
            other => (other, None),
        };
        let now_ms = self.store.now_ms();
        let guard = match (&owner, self.config.locking) {
            (Some(owner), _) => Guard::Owner(owner),
            (None, true) => Guard::Unlocked {
                now_ms,
                now_s: now_ms.div_euclid(1000),
            },
            (None, false) => Guard::None,
        };
        let (read_data, stored) = match known {
            Some((data, stored)) => (Some(data), stored),
            None => (None, Stored::Nothing),
        };
        let unchanged = read_data.as_deref() == Some(&data[..]);
        let result = match (data.is_empty(), stored) {
            (true, Stored::Nothing) if read_data.is_some() || lock.is_some() => {
                let outcome = if php.use_strict_mode && created {
                    self.mark(key, php)
                } else {
                    Ok(WriteOutcome::NothingToStore)
                };
                let stored = match outcome {
                    Ok(WriteOutcome::Marked) => Stored::Item {
                        expires: Some(self.expires(php)),
                        marker: true,
                    },
                    _ => Stored::Nothing,
                };
                // A stub of ours goes with its lock; an uncertain lock stays
                // for request end.
                let (release, keep) = match owner {
                    Some(_) => (lock, None),
                    None => (None, lock),
                };
                let (outcome, unreleased) = self.after_release(release, outcome);
                return Step {
                    outcome,
                    lock: keep.or(unreleased),
                    view: View::Read { data, stored },
                };
            }
            // Strict mode keeps an empty session's marker alive; otherwise an
            // empty session keeps no item, whoever left it.
            (
                true,
                Stored::Item {
                    marker: true,
                    expires,
                },
            ) if php.use_strict_mode => self.touch(key, expires, true, guard, php),
            (true, _) => self.delete_empty(key, guard),
            (false, Stored::Item { expires, marker }) if unchanged => {
                self.touch(key, expires, marker, guard, php)
            }
            (false, _) => self.save(key, &data, guard, php),
        };
        let view = |stored| View::Read {
            data: data.clone(),
            stored,
        };
        match result {
            Ok((outcome, stored_now)) => {
                let (release, keep) = match (owner.is_some(), outcome) {
                    // A skipped touch still owes the release.
                    (true, WriteOutcome::TouchSkipped) => (lock, None),
                    // The write carried the release.
                    (true, _) => {
                        self.forget(lock.as_ref());
                        (None, None)
                    }
                    // No lock, or an uncertain one left for request end.
                    (false, _) => (None, lock),
                };
                let (outcome, unreleased) = self.after_release(release, Ok(outcome));
                Step {
                    outcome,
                    lock: keep.or(unreleased),
                    view: view(stored_now.unwrap_or(stored)),
                }
            }
            Err(e) => {
                let lock = match (&e, lock) {
                    // Refused under our owner token: the lock is not ours
                    // (any more).
                    (SessionError::LockLost | SessionError::Destroyed, Some(lock))
                        if owner.is_some() =>
                    {
                        self.forget(Some(&lock));
                        None
                    }
                    // Failed (or never sent): still ours, or released by a
                    // write that was applied; request end releases it, and a
                    // refused release is harmless.
                    (_, lock) => lock,
                };
                Step {
                    outcome: Err(e),
                    lock,
                    view: view(stored),
                }
            }
        }
    }

    /// Releases `lock` after a write that did not carry the release; a
    /// failed release fails the write's report too, and the lock stays held
    /// (for `close` or request end to try again).
    fn after_release(
        &mut self,
        lock: Option<HeldLock>,
        outcome: Result<WriteOutcome, SessionError>,
    ) -> (Result<WriteOutcome, SessionError>, Option<HeldLock>) {
        let kept = lock.clone();
        match self.release(lock) {
            Ok(()) => (outcome, None),
            Err(e) => (outcome.and(Err(e)), kept),
        }
    }

    fn mark(&mut self, key: &str, php: PhpSettings) -> Result<WriteOutcome, SessionError> {
        let expires = self.expires(php);
        match self.store.mark(key, expires)? {
            Conditional::Applied => Ok(WriteOutcome::Marked),
            // Our first attempt was applied; the retry found it done.
            Conditional::Refused(Some(item))
                if item.data.is_none() && item.expires == Some(expires) =>
            {
                Ok(WriteOutcome::Marked)
            }
            // Someone stored something under the id meanwhile: keep it.
            Conditional::Refused(_) => Ok(WriteOutcome::NothingToStore),
        }
    }

    fn touch(
        &mut self,
        key: &str,
        stored_expires: Option<i64>,
        marker: bool,
        guard: Guard,
        php: PhpSettings,
    ) -> Result<(WriteOutcome, Option<Stored>), SessionError> {
        let expires = self.expires(php);
        if !touch_due(stored_expires, expires, self.touch_interval_s(php)) {
            stats::increment(Counter::TouchesSkipped);
            return Ok((WriteOutcome::TouchSkipped, None));
        }
        let outcome = match self.store.touch(key, expires, guard)? {
            Conditional::Applied => WriteOutcome::Touched,
            Conditional::Refused(None) => WriteOutcome::AlreadyGone,
            Conditional::Refused(Some(current)) => {
                if current.expires == Some(expires) && !locked_by(&current, guard) {
                    // Our first attempt was applied; the retry found it done.
                    WriteOutcome::Touched
                } else {
                    return Err(self.refusal(guard));
                }
            }
        };
        if outcome == WriteOutcome::AlreadyGone {
            return Ok((outcome, Some(Stored::Nothing)));
        }
        stats::increment(Counter::Touches);
        Ok((
            outcome,
            Some(Stored::Item {
                expires: Some(expires),
                marker,
            }),
        ))
    }

    fn delete_empty(
        &mut self,
        key: &str,
        guard: Guard,
    ) -> Result<(WriteOutcome, Option<Stored>), SessionError> {
        match self.store.delete(key, guard)? {
            // Missing counts as deleted: our earlier attempt, or a destroy.
            Conditional::Applied | Conditional::Refused(None) => {
                Ok((WriteOutcome::Deleted, Some(Stored::Nothing)))
            }
            Conditional::Refused(Some(_)) => Err(self.refusal(guard)),
        }
    }

    fn save(
        &mut self,
        key: &str,
        data: &[u8],
        guard: Guard,
        php: PhpSettings,
    ) -> Result<(WriteOutcome, Option<Stored>), SessionError> {
        let expires = self.expires(php);
        let layout = &self.config.table;
        // Compress, then encrypt (ciphertext does not compress); the item
        // key is the associated data.
        let compressed = layout.compression.compress(data);
        let sealed = layout
            .encryption
            .encrypt(key.as_bytes(), compressed.as_deref().unwrap_or(data))
            .map_err(SessionError::Encryption)?;
        let value = match (sealed, compressed) {
            (Some(sealed), _) => DataValue::Binary(sealed),
            (None, Some(compressed)) => DataValue::Binary(compressed),
            (None, None) => DataValue::new(layout.data_type, data.to_vec())
                .map_err(|_| SessionError::DataNotUtf8)?,
        };
        // Room for a lock, always: locking a stored session must never push
        // it over the limit (another instance may lock what this one wrote).
        let size = item_size(layout, key, value.len(), expires) + LOCK_ATTRIBUTES_BYTES;
        if size > MAX_ITEM_BYTES {
            return Err(SessionError::ItemTooLarge {
                data_bytes: data.len(),
                item_bytes: size,
                limit: MAX_ITEM_BYTES,
            });
        }
        match self.store.save(key, value, expires, guard)? {
            Conditional::Applied => {}
            Conditional::Refused(current) => {
                let applied_earlier = current.as_ref().is_some_and(|current| {
                    current.data.as_deref() == Some(data)
                        && current.expires == Some(expires)
                        && !locked_by(current, guard)
                });
                if !applied_earlier {
                    if current.is_none() && matches!(guard, Guard::Owner(_)) {
                        return Err(SessionError::Destroyed);
                    }
                    return Err(self.refusal(guard));
                }
            }
        }
        stats::increment(Counter::Writes);
        Ok((
            WriteOutcome::Saved,
            Some(Stored::Item {
                expires: Some(expires),
                marker: false,
            }),
        ))
    }

    /// Why a conditional write was refused.
    fn refusal(&self, guard: Guard) -> SessionError {
        match guard {
            Guard::Owner(_) => {
                stats::increment(Counter::LocksLost);
                SessionError::LockLost
            }
            _ => SessionError::LockedByOther,
        }
    }
}

/// A refused re-lock: why, and the lock that may still be ours.
type Refused = (SessionError, Option<HeldLock>);

/// What a write leaves behind.
struct Step {
    outcome: Result<WriteOutcome, SessionError>,
    lock: Option<HeldLock>,
    view: View,
}

/// Whether `guard`'s own lock is still on `item` (then nothing of ours was
/// applied: the write carries the release).
fn locked_by(item: &StoredItem, guard: Guard) -> bool {
    match guard {
        Guard::Owner(owner) => item
            .lock
            .as_ref()
            .is_some_and(|l| l.owner.as_deref() == Some(owner)),
        _ => false,
    }
}

impl<S: Store + Clone + Send + Sync + 'static> Drop for Session<S> {
    /// A handler dropped while holding a lock (a framework that never calls
    /// `close()`) releases it now rather than at request end.
    fn drop(&mut self) {
        self.follow_request();
        let lock = self.take_state().into_lock();
        let _ = self.release(lock);
    }
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
