//! Lock policy for `locking => true`: owner tokens, the jittered wait
//! between attempts, and the registry of locks a process holds, which
//! request shutdown (or a long-running worker's `endRequest()`) releases
//! and the lease renewer keeps alive.
//!
//! A lock is a lease: `lock` (N, "1", what the AWS SDK for PHP checks),
//! `lock_expires` (N, unix milliseconds, wall-clock) and `lock_owner` (S, a
//! random token per request). Anyone may take a lock whose lease has
//! expired; every write, touch and release is conditional on the owner
//! token, so a request that lost its lease can never overwrite the newer
//! session.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::store::{Conditional, Store};

/// A lock this request holds (or may hold: see `uncertain`).
#[derive(Debug, Clone, PartialEq)]
pub struct HeldLock {
    pub key: String,
    pub owner: String,
    /// The acquire created the item (no session was stored): releasing it
    /// deletes the item rather than leaving a stub behind.
    pub stub: bool,
    /// The expiry a stub created by this lock's acquire got (unix seconds).
    pub stub_expires: i64,
    /// The lease's end as last written, unix milliseconds.
    pub lease_until_ms: i64,
    /// The lease's length, for renewals.
    pub ttl_ms: i64,
    /// The acquire's answer was lost (timeout, reset): the lock may or may
    /// not be ours. Its release only removes the lock attributes (never the
    /// item: it may be a stored session or a strict-mode marker), and is
    /// refused, harmlessly, if the lock is not ours.
    pub uncertain: bool,
    /// The process that took the lock. A child forked by `pcntl_fork()`
    /// inherits handler objects and the registry, but not the lock: it must
    /// neither release nor use it.
    pub pid: u32,
}

impl HeldLock {
    pub fn taken_by_this_process(&self) -> bool {
        self.pid == std::process::id()
    }
}

/// A random owner token: 128 bits, hex.
pub fn new_owner_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// The pause before the next attempt: uniform between `min` and `max`
/// (jitter spreads contenders apart), never past the wait's `remaining` time.
pub fn retry_delay(min: Duration, max: Duration, random: u64, remaining: Duration) -> Duration {
    let span = max.saturating_sub(min).as_micros() as u64;
    let jitter = if span == 0 { 0 } else { random % (span + 1) };
    (min + Duration::from_micros(jitter)).min(remaining)
}

/// A random number for [`retry_delay`]; falls back to the clock's nanoseconds
/// should the CSPRNG fail (jitter needs no secrecy).
pub fn jitter_seed() -> u64 {
    let mut bytes = [0u8; 8];
    match getrandom::fill(&mut bytes) {
        Ok(()) => u64::from_le_bytes(bytes),
        Err(_) => SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| u64::from(d.subsec_nanos())),
    }
}

/// Wall-clock time, unix milliseconds.
pub fn unix_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Releases `lock` through `store`. A stub (the acquire created the item)
/// is deleted, but only while it holds no data; if someone stored data in it
/// meanwhile (a write that found the lease over), only the lock goes.
pub fn release(
    store: &dyn Store,
    lock: &HeldLock,
) -> Result<Conditional, crate::error::StoreError> {
    if !lock.stub || lock.uncertain {
        return store.release(&lock.key, &lock.owner, false);
    }
    match store.release(&lock.key, &lock.owner, true)? {
        Conditional::Refused(Some(item))
            if item
                .lock
                .as_ref()
                .is_some_and(|l| l.owner.as_deref() == Some(lock.owner.as_str())) =>
        {
            store.release(&lock.key, &lock.owner, false)
        }
        other => Ok(other),
    }
}

struct Registered {
    lock: HeldLock,
    store: Arc<dyn Store + Send + Sync>,
    /// The request (registry generation) that holds it: only the live
    /// request's leases are renewed.
    generation: u64,
    /// When the renewer should next renew it, unix milliseconds.
    next_renewal_ms: i64,
}

/// The locks held through one store family: process-wide for DynamoDB (what
/// request shutdown releases, even after a fatal error skipped every
/// destructor), one per simulated request in the model tests.
///
/// Its generation counts request ends: a handler object that outlives its
/// request (a long-running worker) sees the change and forgets that
/// request's state instead of acting on it.
pub struct LockRegistry {
    held: Mutex<Vec<Registered>>,
    generation: AtomicU64,
}

impl Default for LockRegistry {
    fn default() -> Self {
        LockRegistry::new()
    }
}

impl LockRegistry {
    pub const fn new() -> LockRegistry {
        LockRegistry {
            held: Mutex::new(Vec::new()),
            generation: AtomicU64::new(0),
        }
    }

    fn held(&self) -> std::sync::MutexGuard<'_, Vec<Registered>> {
        self.held.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Records a lock as held (until [`LockRegistry::forget`]), replacing an
    /// older record of the same lock.
    pub fn remember(&self, lock: &HeldLock, store: Arc<dyn Store + Send + Sync>) {
        let generation = self.generation();
        let mut held = self.held();
        held.retain(|r| r.lock.owner != lock.owner || r.lock.key != lock.key);
        held.push(Registered {
            lock: lock.clone(),
            store,
            generation,
            next_renewal_ms: lock.lease_until_ms - lock.ttl_ms / 2,
        });
    }

    /// Records that a lock was released (or lost).
    pub fn forget(&self, lock: &HeldLock) {
        self.held()
            .retain(|r| r.lock.owner != lock.owner || r.lock.key != lock.key);
    }

    /// A lock this process still holds on `key` (one whose release failed):
    /// taking the key again reuses it rather than waiting on it.
    pub fn held_on(&self, key: &str) -> Option<HeldLock> {
        let pid = std::process::id();
        self.held()
            .iter()
            .find(|r| r.lock.key == key && r.lock.pid == pid)
            .map(|r| r.lock.clone())
    }

    /// Holds the registry's mutex across a `fork()` (see
    /// `process::install_fork_handlers`), so that a child never inherits it
    /// locked by the renewer thread, which does not exist in the child.
    pub fn lock_for_fork(&'static self) -> Box<dyn std::any::Any> {
        Box::new(self.held())
    }

    /// Which request we are in; changes when a request ends.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Ends the request: releases every lock still held (silent: a lock that
    /// cannot be released now is kept for the next try, and expires with its
    /// lease at the latest) and
    /// moves the generation on, so handler objects forget the request.
    /// Returns how many locks were released.
    pub fn end_request(&self) -> usize {
        let leftovers: Vec<Registered> = std::mem::take(&mut *self.held());
        self.generation.fetch_add(1, Ordering::AcqRel);
        let mut released = 0;
        for entry in leftovers {
            if !entry.lock.taken_by_this_process() {
                continue;
            }
            match release(entry.store.as_ref(), &entry.lock) {
                Ok(Conditional::Applied) => released += 1,
                Ok(Conditional::Refused(_)) => {}
                // Kept, of a request that has ended: never renewed, tried
                // again at the next request end (or by a request taking the
                // same key); its lease ends it at the latest.
                Err(_) => self.held().push(entry),
            }
        }
        released
    }

    /// Renews the leases of the live request that are at least half spent
    /// at `now_ms` (a stub's expiry moves with its lease, so TTL cannot
    /// remove it mid-request). A renewal that fails (lost, or the store
    /// failed) is tried again soon, while the lease still runs. Returns when
    /// the next renewal is due.
    pub fn renew_due(&self, now_ms: i64) -> Option<i64> {
        let pid = std::process::id();
        let generation = self.generation();
        let live = |r: &Registered| r.lock.pid == pid && r.generation == generation;
        let due: Vec<(HeldLock, Arc<dyn Store + Send + Sync>)> = self
            .held()
            .iter()
            .filter(|r| live(r) && now_ms >= r.next_renewal_ms)
            .map(|r| (r.lock.clone(), Arc::clone(&r.store)))
            .collect();
        for (lock, store) in due {
            let lease_until_ms = now_ms.saturating_add(lock.ttl_ms);
            let stub_expires =
                (lock.stub && !lock.uncertain).then(|| lease_until_ms.div_euclid(1000) + 1);
            let renewed = match store.renew(&lock.key, &lock.owner, lease_until_ms, stub_expires) {
                Ok(Conditional::Applied) => true,
                // No stub any more (someone stored a session in it): the
                // lease alone, if it is still ours.
                Ok(Conditional::Refused(Some(_))) if stub_expires.is_some() => matches!(
                    store.renew(&lock.key, &lock.owner, lease_until_ms, None),
                    Ok(Conditional::Applied)
                ),
                _ => false,
            };
            let mut held = self.held();
            if let Some(entry) = held
                .iter_mut()
                .find(|r| r.lock.owner == lock.owner && r.lock.key == lock.key)
            {
                if renewed {
                    entry.lock.lease_until_ms = lease_until_ms;
                    if let Some(expires) = stub_expires {
                        entry.lock.stub_expires = expires;
                    }
                    entry.next_renewal_ms = lease_until_ms - lock.ttl_ms / 2;
                } else {
                    entry.next_renewal_ms = now_ms + (lock.ttl_ms / 10).clamp(50, 1000);
                }
            }
        }
        self.held()
            .iter()
            .filter(|r| live(r))
            .map(|r| r.next_renewal_ms)
            .min()
    }
}

static RENEWER_PID: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// Starts, once per process, the thread that renews the leases of
/// `registry` while their request lives: a lease is wall-clock, and a
/// request may wait on I/O far longer than one lease without calling the
/// handler. It sleeps while nothing is held and dies with the process, so a
/// crashed or killed worker's leases still run out.
pub fn start_renewer(registry: &'static LockRegistry) {
    let pid = std::process::id();
    if RENEWER_PID.swap(pid, Ordering::AcqRel) == pid {
        return;
    }
    let spawned = std::thread::Builder::new()
        .name("dynamodb_session lease renewer".into())
        .spawn(move || loop {
            let now = unix_ms();
            let next = std::panic::catch_unwind(|| registry.renew_due(now))
                .ok()
                .flatten();
            let wait_ms = next.map_or(1000, |due| (due - now).clamp(50, 1000));
            std::thread::sleep(Duration::from_millis(wait_ms as u64));
        });
    if spawned.is_err() {
        // Leases then only last their length: documented, and still safe.
        RENEWER_PID.store(0, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delay_is_between_min_and_max_and_within_the_remaining_wait() {
        let min = Duration::from_micros(10_000);
        let max = Duration::from_micros(50_000);
        let long = Duration::from_secs(10);
        assert_eq!(retry_delay(min, max, 0, long), min);
        assert_eq!(retry_delay(min, max, 40_000, long), max);
        assert_eq!(retry_delay(min, max, 40_001, long), min);
        for seed in [1u64, 7, 12345, u64::MAX] {
            let d = retry_delay(min, max, seed, long);
            assert!(d >= min && d <= max, "{d:?}");
        }
        assert_eq!(
            retry_delay(min, max, 39_999, Duration::from_millis(3)),
            Duration::from_millis(3)
        );
        assert_eq!(retry_delay(min, min, 999, long), min);
    }

    #[test]
    fn owner_tokens_are_random_hex() {
        let a = new_owner_token().unwrap();
        assert_eq!(a.len(), crate::item::OWNER_TOKEN_LEN);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, new_owner_token().unwrap());
    }
}
