//! Lock policy for `locking => true`: owner tokens, the jittered wait
//! between attempts, and the registry of locks this process holds so that
//! request shutdown can release what a request left behind (fatal error,
//! `exit()`, a framework that never calls `close()`).
//!
//! A lock is a lease: `lock` (N, "1", what the AWS SDK for PHP checks),
//! `lock_expires` (N, unix milliseconds) and `lock_owner` (S, a random token
//! per acquisition). Anyone may take a lock whose lease has expired; every
//! write, touch and release is conditional on the owner token, so a request
//! that lost its lease can never overwrite the newer session.

use std::sync::Mutex;
use std::time::Duration;

use crate::config::{ClientSettings, TableLayout};
use crate::process;
use crate::store::Store;

/// A lock this process holds.
#[derive(Debug, Clone, PartialEq)]
pub struct HeldLock {
    pub key: String,
    pub owner: String,
    /// The acquire created the item (no session was stored): releasing it
    /// deletes the item rather than leaving a stub behind.
    pub stub: bool,
    /// The process that took the lock. A child forked by `pcntl_fork()`
    /// inherits handler objects and this registry, but not the lock: it must
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
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| u64::from(d.subsec_nanos())),
    }
}

/// What request shutdown needs to release a lock.
#[derive(Debug, Clone)]
struct Registered {
    client: ClientSettings,
    layout: TableLayout,
    lock: HeldLock,
}

static HELD: Mutex<Vec<Registered>> = Mutex::new(Vec::new());

/// Records a lock as held by this process (until [`forget`]).
pub fn remember(client: &ClientSettings, layout: &TableLayout, lock: &HeldLock) {
    let mut held = HELD.lock().unwrap_or_else(|p| p.into_inner());
    held.push(Registered {
        client: client.clone(),
        layout: layout.clone(),
        lock: lock.clone(),
    });
}

/// Records that a lock was released (or lost).
pub fn forget(lock: &HeldLock) {
    let mut held = HELD.lock().unwrap_or_else(|p| p.into_inner());
    held.retain(|r| r.lock.owner != lock.owner || r.lock.key != lock.key);
}

/// How many locks this process holds now.
pub fn held_count() -> usize {
    HELD.lock().map_or(0, |held| held.len())
}

/// Releases every lock still held, at request shutdown. Best effort and
/// silent: PHP can no longer report anything, and a lock that cannot be
/// released expires with its lease. Returns how many were released.
pub fn release_all_held() -> usize {
    let leftovers: Vec<Registered> = {
        let mut held = HELD.lock().unwrap_or_else(|p| p.into_inner());
        std::mem::take(&mut *held)
    };
    let mut released = 0;
    for Registered {
        client,
        layout,
        lock,
    } in leftovers
    {
        if !lock.taken_by_this_process() {
            continue;
        }
        let outcome = process::run(&client, |aws| async move {
            Store::new(aws, layout)
                .release(&lock.key, &lock.owner, lock.stub)
                .await
        });
        if matches!(outcome, Ok(true)) {
            released += 1;
        }
    }
    released
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
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, new_owner_token().unwrap());
    }
}
