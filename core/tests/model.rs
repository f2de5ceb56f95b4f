//! Model-based tests of the session lifecycle: generated interleavings of
//! PHP callbacks from several requests on shared ids, against the in-memory
//! store with injected faults, simulated time and SDK-handler locks, with
//! the SPEC's invariants (§4) checked after every step. A variant runs with
//! `hash_ids` on over a table seeded with plain-id items, as the AWS SDK
//! handler leaves them, so the migration's fallback keeps them too.
//!
//! `MODEL_CASES=20000 cargo test --release -p dynamodb_session_core --test model`
//! runs more cases than the default. Every counterexample found is kept as
//! a named regression test at the end of this file.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use dynamodb_session_core::config::{Config, OptionValue};
use dynamodb_session_core::error::SessionError;
use dynamodb_session_core::key::{hashed_session_key, session_key};
use dynamodb_session_core::session::{PhpSettings, Session};
use dynamodb_session_core::store::memory::{Event, Fault, MemItem, MemoryStore, Table};
use dynamodb_session_core::store::Store;
use proptest::prelude::*;

const NAME: &str = "S";
const IDS: [&str; 2] = ["a", "b"];
const WORKERS: usize = 3;
const LIFETIME_S: i64 = 3600;
/// The model's `lock_ttl`.
const LEASE_S: i64 = 5;

/// One PHP callback (or event) in the simulation.
#[derive(Debug, Clone)]
enum Op {
    /// A new request on worker `w` builds its handler and opens it
    /// (`open: false`: Laravel, which never opens).
    Start {
        w: usize,
        open: bool,
    },
    Open {
        w: usize,
    },
    ValidateId {
        w: usize,
        id: usize,
    },
    Read {
        w: usize,
        id: usize,
    },
    /// Writes what it read plus a mark of its own (`empty`: an empty session).
    Write {
        w: usize,
        id: usize,
        empty: bool,
    },
    UpdateTimestamp {
        w: usize,
        id: usize,
    },
    Destroy {
        w: usize,
        id: usize,
    },
    Close {
        w: usize,
    },
    /// `session_create_id()`: create_sid, then validateId of the new id.
    CreateId {
        w: usize,
    },
    /// `session_regenerate_id(delete_old)` of the session `id`: destroy the
    /// old id (or not), close, open, create_sid, (validateId,) read and
    /// write the new id.
    Regenerate {
        w: usize,
        id: usize,
        delete_old: bool,
    },
    /// The request ends normally: close, the handler is dropped, request
    /// shutdown runs.
    End {
        w: usize,
    },
    /// The request dies (fatal error, exit): no close, no destructor; request
    /// shutdown releases what the registry holds.
    Abort {
        w: usize,
    },
    /// A long-running worker's terminate hook (`endRequest()`), the handler
    /// object kept for the next request.
    EndRequest {
        w: usize,
    },
    /// The lease renewer's tick in `w`'s process.
    Renew {
        w: usize,
    },
    /// The next request fails, or is applied and its answer lost.
    Inject(Fault),
    /// An AWS SDK handler locks `id` (a lock without lease).
    SdkLock {
        id: usize,
    },
    /// `id`'s stored data becomes undecodable.
    Corrupt {
        id: usize,
    },
    Advance {
        ms: i64,
    },
    Gc,
    /// DynamoDB's TTL removes expired items, locked or not.
    Ttl,
}

fn op() -> impl Strategy<Value = Op> {
    let w = 0..WORKERS;
    let id = 0..IDS.len();
    prop_oneof![
        3 => (w.clone(), any::<bool>()).prop_map(|(w, open)| Op::Start { w, open }),
        1 => w.clone().prop_map(|w| Op::Open { w }),
        2 => (w.clone(), id.clone()).prop_map(|(w, id)| Op::ValidateId { w, id }),
        5 => (w.clone(), id.clone()).prop_map(|(w, id)| Op::Read { w, id }),
        5 => (w.clone(), id.clone(), prop::bool::weighted(0.2))
            .prop_map(|(w, id, empty)| Op::Write { w, id, empty }),
        2 => (w.clone(), id.clone()).prop_map(|(w, id)| Op::UpdateTimestamp { w, id }),
        1 => (w.clone(), id.clone()).prop_map(|(w, id)| Op::Destroy { w, id }),
        2 => w.clone().prop_map(|w| Op::Close { w }),
        1 => w.clone().prop_map(|w| Op::CreateId { w }),
        1 => (w.clone(), id.clone(), any::<bool>())
            .prop_map(|(w, id, delete_old)| Op::Regenerate { w, id, delete_old }),
        2 => w.clone().prop_map(|w| Op::End { w }),
        1 => w.clone().prop_map(|w| Op::Abort { w }),
        1 => w.clone().prop_map(|w| Op::EndRequest { w }),
        1 => w.clone().prop_map(|w| Op::Renew { w }),
        1 => prop_oneof![Just(Fault::Fail), Just(Fault::AnswerLost), Just(Fault::Retried)]
            .prop_map(Op::Inject),
        1 => id.clone().prop_map(|id| Op::SdkLock { id }),
        1 => id.clone().prop_map(|id| Op::Corrupt { id }),
        1 => (1i64..8000).prop_map(|ms| Op::Advance { ms }),
        1 => Just(Op::Gc),
        1 => Just(Op::Ttl),
    ]
}

/// One worker process: its store handle (and lock registry), the request's
/// handler, and what the checker remembers of the request.
struct Worker {
    store: MemoryStore,
    session: Option<Session<MemoryStore>>,
    /// Every owner token this request held.
    tokens: BTreeSet<String>,
    /// Per key: what this request read and, when it read under a lock, the
    /// key's version then.
    read_at: BTreeMap<String, (Option<u64>, Vec<u8>)>,
    /// Per key read under the lock: the session data this request last
    /// read or wrote there.
    known: BTreeMap<String, Vec<u8>>,
    /// Keys whose read failed in this request.
    unreadable: BTreeSet<String>,
    writes: u64,
    /// The handler was opened (its keys carry the session name); Laravel
    /// never opens, and its keys are the bare ids.
    named: bool,
}

struct Sim {
    table: Arc<Mutex<Table>>,
    config: Config,
    workers: Vec<Worker>,
    /// Per key: how many times its data changed (a write that landed, a
    /// delete); the lost-update check compares versions.
    versions: BTreeMap<String, u64>,
    locking: bool,
    strict: bool,
    /// `hash_ids` on, over seeded plain-id items.
    hashed: bool,
    step: usize,
}

/// The plain key of `id` (named: `open()` gave the session name), the
/// SDK's and ours without `hash_ids`.
fn plain_key(named: bool, id: usize) -> String {
    session_key(if named { NAME } else { "" }, IDS[id])
}

/// The plain keys and the hashed keys that replace them.
fn plain_and_hashed() -> Vec<(String, String)> {
    let mut keys = Vec::new();
    for name in ["", NAME] {
        for id in IDS {
            keys.push((session_key(name, id), hashed_session_key(name, id)));
        }
    }
    keys
}

impl Sim {
    fn new(locking: bool, strict: bool, hashed: bool) -> Sim {
        let options: Vec<(String, OptionValue)> = vec![
            ("hash_ids".into(), OptionValue::Bool(hashed)),
            ("locking".into(), OptionValue::Bool(locking)),
            ("max_lock_wait_time".into(), OptionValue::Int(1)),
            ("min_lock_retry_microtime".into(), OptionValue::Int(100_000)),
            ("max_lock_retry_microtime".into(), OptionValue::Int(300_000)),
            ("lock_ttl".into(), OptionValue::Int(LEASE_S)),
            ("session_lifetime".into(), OptionValue::Int(LIFETIME_S)),
        ];
        let config = Config::from_options(&options, &|_| None).expect("valid model options");
        let mut table = Table {
            now_ms: 1_700_000_000_000,
            ..Table::default()
        };
        if hashed {
            // Sessions the AWS SDK handler (or this extension without
            // hash_ids) stored before the migration.
            for (plain, _) in plain_and_hashed() {
                table.items.insert(
                    plain.clone(),
                    MemItem {
                        data: Some(format!("sdk:{plain};").into_bytes()),
                        expires: Some(table.now_ms / 1000 + LIFETIME_S),
                        ..MemItem::default()
                    },
                );
            }
        }
        let table = Arc::new(Mutex::new(table));
        let workers = (0..WORKERS)
            .map(|_| Worker {
                store: MemoryStore::new(Arc::clone(&table)),
                session: None,
                tokens: BTreeSet::new(),
                read_at: BTreeMap::new(),
                known: BTreeMap::new(),
                unreadable: BTreeSet::new(),
                writes: 0,
                named: false,
            })
            .collect();
        Sim {
            table,
            config,
            workers,
            versions: BTreeMap::new(),
            locking,
            strict,
            hashed,
            step: 0,
        }
    }

    /// The key the handler stores `id` under.
    fn stored_key(&self, named: bool, id: usize) -> String {
        if self.hashed {
            hashed_session_key(if named { NAME } else { "" }, IDS[id])
        } else {
            plain_key(named, id)
        }
    }

    fn php(&self) -> PhpSettings {
        PhpSettings {
            gc_maxlifetime_s: LIFETIME_S as u64,
            use_strict_mode: self.strict,
        }
    }

    fn items(&self) -> BTreeMap<String, MemItem> {
        self.table.lock().unwrap().items.clone()
    }

    fn now_ms(&self) -> i64 {
        self.table.lock().unwrap().now_ms
    }

    fn session(&mut self, w: usize) -> &mut Session<MemoryStore> {
        let config = self.config.clone();
        let worker = &mut self.workers[w];
        let store = worker.store.clone();
        worker
            .session
            .get_or_insert_with(|| Session::new(config, store))
    }

    /// A new request on worker `w`: forget what the last one did.
    fn new_request(&mut self, w: usize) {
        let worker = &mut self.workers[w];
        worker.tokens.clear();
        worker.read_at.clear();
        worker.known.clear();
        worker.unreadable.clear();
    }

    /// The worker (if any) other than `w` holding a live lock on `key`.
    fn other_holder(
        &self,
        items: &BTreeMap<String, MemItem>,
        key: &str,
        w: usize,
    ) -> Option<usize> {
        let item = items.get(key)?;
        let owner = item.lock_owner.as_ref()?;
        let live = item
            .lock_expires
            .is_some_and(|lease| lease >= self.now_ms());
        if !live {
            return None;
        }
        (0..WORKERS).find(|&other| other != w && self.workers[other].tokens.contains(owner))
    }

    fn run(&mut self, op: &Op) -> Result<(), String> {
        self.step += 1;
        let before = self.items();
        let faults_before = self.table.lock().unwrap().faults.len();
        let events_before = self.table.lock().unwrap().events.len();
        let php = self.php();
        let actor = match op {
            Op::Start { w, .. }
            | Op::Open { w }
            | Op::ValidateId { w, .. }
            | Op::Read { w, .. }
            | Op::Write { w, .. }
            | Op::UpdateTimestamp { w, .. }
            | Op::Destroy { w, .. }
            | Op::Close { w }
            | Op::CreateId { w }
            | Op::Regenerate { w, .. }
            | Op::End { w }
            | Op::Abort { w }
            | Op::EndRequest { w }
            | Op::Renew { w } => Some(*w),
            _ => None,
        };
        let mut wrote_empty = false;
        let mut acknowledged: Option<(usize, String, Vec<u8>)> = None;
        match op {
            Op::Start { w, open } => {
                if self.workers[*w].session.is_none() {
                    self.new_request(*w);
                    let session = self.session(*w);
                    if *open {
                        session.open(NAME);
                    }
                    self.workers[*w].named = *open;
                }
            }
            Op::Open { w } => {
                self.session(*w).open(NAME);
                self.workers[*w].named = true;
            }
            Op::ValidateId { w, id } => {
                self.session(*w).validate_id(IDS[*id].as_bytes(), php);
            }
            Op::Read { w, id } => {
                let result = self.session(*w).read(IDS[*id].as_bytes(), php);
                let k = self.stored_key(self.workers[*w].named, *id);
                let locked = self.workers[*w]
                    .session
                    .as_ref()
                    .and_then(|s| s.lock_owner())
                    .is_some();
                let version = self.versions.get(&k).copied().unwrap_or(0);
                let worker = &mut self.workers[*w];
                // One session per handler: reading a key ends the other's cycle.
                worker.read_at.retain(|other, _| *other == k);
                match result {
                    Ok(outcome) => {
                        worker.unreadable.remove(&k);
                        if locked {
                            worker.known.insert(k.clone(), outcome.data.clone());
                        } else {
                            worker.known.remove(&k);
                        }
                        worker
                            .read_at
                            .insert(k, (locked.then_some(version), outcome.data));
                    }
                    Err(_) => {
                        worker.read_at.remove(&k);
                        worker.unreadable.insert(k);
                    }
                }
            }
            Op::UpdateTimestamp { w, id }
                if !self.workers[*w]
                    .read_at
                    .contains_key(&self.stored_key(self.workers[*w].named, *id)) =>
            {
                // PHP calls it only after reading the same data.
            }
            Op::Write { w, id, .. } | Op::UpdateTimestamp { w, id } => {
                let k = self.stored_key(self.workers[*w].named, *id);
                let base = self.workers[*w].read_at.get(&k).cloned();
                let data = match op {
                    Op::Write { empty: true, .. } => Vec::new(),
                    Op::Write { .. } => {
                        self.workers[*w].writes += 1;
                        let mut data = base.as_ref().map(|b| b.1.clone()).unwrap_or_default();
                        data.extend_from_slice(
                            format!("w{}n{}s{};", w, self.workers[*w].writes, self.step).as_bytes(),
                        );
                        data
                    }
                    _ => base.as_ref().map(|b| b.1.clone()).unwrap_or_default(),
                };
                wrote_empty = data.is_empty();
                let result = self
                    .session(*w)
                    .write(IDS[*id].as_bytes(), data.clone(), php);
                // Report only what happened: a write reported as refused did
                // not land (the data carries a mark of its own).
                if let Err(e) = &result {
                    let refused = matches!(
                        e,
                        SessionError::LockLost
                            | SessionError::LockedByOther
                            | SessionError::Destroyed
                    );
                    let stored = self.items().get(&k).and_then(|i| i.data.clone());
                    let marked = matches!(op, Op::Write { empty: false, .. });
                    if refused && marked && stored.as_deref() == Some(&data[..]) {
                        return Err(format!(
                            "worker {w}'s write to {k} was reported as {e} but landed"
                        ));
                    }
                }
                // What this request now knows is stored; a further write in
                // the cycle builds on it (Laravel saves more than once).
                match result {
                    Ok(_) => {
                        // An acknowledged write: this is what is stored now
                        // (recorded once the step is checked).
                        acknowledged = Some((*w, k.clone(), data.clone()));
                        self.workers[*w].read_at.insert(k, (None, data));
                    }
                    Err(_) => {
                        self.workers[*w].read_at.remove(&k);
                    }
                }
            }
            Op::Destroy { w, id } => {
                if self.session(*w).destroy(IDS[*id].as_bytes()).is_ok() {
                    // It knows the session is gone now.
                    let k = self.stored_key(self.workers[*w].named, *id);
                    if let Some(known) = self.workers[*w].known.get_mut(&k) {
                        known.clear();
                    }
                }
            }
            Op::Close { w } => {
                let _ = self.session(*w).close();
                // A new cycle: PHP writes only what it read in it.
                self.workers[*w].read_at.clear();
                self.workers[*w].known.clear();
            }
            Op::CreateId { w } => {
                let session = self.session(*w);
                if let Ok(id) = session.create_sid(8, 4) {
                    session.validate_id(id.as_bytes(), php);
                }
            }
            Op::Regenerate { w, id, delete_old } => {
                let strict = self.strict;
                let session = self.session(*w);
                if *delete_old {
                    let _ = session.destroy(IDS[*id].as_bytes());
                }
                let _ = session.close();
                session.open(NAME);
                if let Ok(new_id) = session.create_sid(8, 4) {
                    if strict {
                        session.validate_id(new_id.as_bytes(), php);
                    }
                    if let Ok(outcome) = session.read(new_id.as_bytes(), php) {
                        let mut data = outcome.data;
                        data.extend_from_slice(b"regenerated;");
                        let _ = session.write(new_id.as_bytes(), data, php);
                    }
                }
                let worker = &mut self.workers[*w];
                worker.named = true;
                worker.read_at.clear();
                worker.known.clear();
            }
            Op::End { w } => {
                if let Some(mut session) = self.workers[*w].session.take() {
                    let _ = session.close();
                }
                // Request shutdown (the extension's post-deactivate hook).
                self.workers[*w].store.locks().end_request();
                self.workers[*w].named = false;
            }
            Op::Abort { w } => {
                if let Some(session) = self.workers[*w].session.take() {
                    // A fatal error skips destructors; shutdown releases.
                    std::mem::forget(session);
                    self.workers[*w].store.locks().end_request();
                }
                self.workers[*w].named = false;
            }
            Op::EndRequest { w } => {
                self.workers[*w].store.locks().end_request();
                let worker = &mut self.workers[*w];
                worker.tokens.clear();
                worker.read_at.clear();
                worker.known.clear();
                worker.unreadable.clear();
            }
            Op::Renew { w } => {
                let now = self.now_ms();
                self.workers[*w].store.locks().renew_due(now);
            }
            Op::Inject(fault) => self.table.lock().unwrap().faults.push_back(*fault),
            Op::SdkLock { id } => {
                if let Some(item) = self
                    .table
                    .lock()
                    .unwrap()
                    .items
                    .get_mut(&plain_key(true, *id))
                {
                    // The SDK handler only knows plain keys.
                    if !item.lock {
                        item.lock = true;
                    }
                }
            }
            Op::Corrupt { id } => {
                let keys = [self.stored_key(true, *id), plain_key(true, *id)];
                let mut table = self.table.lock().unwrap();
                for key in keys {
                    if let Some(item) = table.items.get_mut(&key) {
                        if item.data.is_some() {
                            item.corrupt = true;
                            break;
                        }
                    }
                }
            }
            Op::Advance { ms } => self.table.lock().unwrap().now_ms += ms,
            Op::Ttl => {
                let mut table = self.table.lock().unwrap();
                let now_s = table.now_ms.div_euclid(1000);
                table
                    .items
                    .retain(|_, item| item.expires.is_none_or(|e| e > now_s));
            }
            Op::Gc => {
                let mut table = self.table.lock().unwrap();
                let (now_ms, now_s) = (table.now_ms, table.now_ms.div_euclid(1000));
                table.items.retain(|_, item| {
                    let expired = item.expires.is_some_and(|e| e <= now_s);
                    let unlocked = !item.lock || item.lock_expires.is_some_and(|l| l < now_ms);
                    !(expired && unlocked)
                });
            }
        }
        // Record the tokens the actor holds now.
        if let Some(w) = actor {
            if let Some(owner) = self.workers[w]
                .session
                .as_ref()
                .and_then(|s| s.lock_owner())
                .map(str::to_string)
            {
                self.workers[w].tokens.insert(owner);
            }
        }
        let after = self.items();
        let fault_consumed = self.table.lock().unwrap().faults.len() < faults_before;
        let checked = self.check(
            op,
            actor,
            &before,
            &after,
            events_before,
            fault_consumed,
            wrote_empty,
        );
        if let Some((w, k, data)) = acknowledged {
            if let Some(known) = self.workers[w].known.get_mut(&k) {
                *known = data;
            }
        }
        checked
    }

    #[allow(clippy::too_many_arguments)]
    fn check(
        &mut self,
        op: &Op,
        actor: Option<usize>,
        before: &BTreeMap<String, MemItem>,
        after: &BTreeMap<String, MemItem>,
        events_before: usize,
        fault_consumed: bool,
        wrote_empty: bool,
    ) -> Result<(), String> {
        let now_s = self.now_ms().div_euclid(1000);
        let keys: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
        for k in keys {
            let (b, a) = (before.get(k), after.get(k));
            let content = |i: Option<&MemItem>| i.map(|i| (i.data.clone(), i.corrupt, i.expires));
            if content(b) == content(a) {
                continue;
            }
            let data = |i: Option<&MemItem>| i.and_then(|i| i.data.clone());
            let data_changed = data(b) != data(a);
            let version_before = self.versions.get(k).copied().unwrap_or(0);
            if data_changed {
                *self.versions.entry(k.clone()).or_default() += 1;
            }
            let Some(w) = actor else {
                continue; // gc, time, test setup
            };
            // 1. No acknowledged write is lost: with locking, a request that
            // changes a session it read (or wrote) in this cycle saw every
            // change made since.
            let destroying = matches!(
                op,
                Op::Destroy { .. }
                    | Op::Regenerate {
                        delete_old: true,
                        ..
                    }
            );
            if self.locking && data_changed && !destroying {
                let live = |i: Option<&MemItem>| {
                    i.filter(|i| i.expires.is_some_and(|e| e > now_s))
                        .and_then(|i| i.data.clone())
                        .unwrap_or_default()
                };
                // hash_ids: the first write under the hashed key moves the
                // session read from its plain key (checked on that key).
                let moving_in = self.hashed && live(b).is_empty();
                if let Some(known) = self.workers[w].known.get(k).filter(|_| !moving_in) {
                    if *known != live(b) {
                        return Err(format!(
                            "lost update: worker {w} changed {k} (version {version_before}) without having seen its data: {b:?} -> {a:?}"
                        ));
                    }
                }
            }
            if data_changed {
                // A request that read under the lock keeps track of its own
                // changes; blind writers (no locked read) are not tracked.
                if let Some(known) = self.workers[w].known.get_mut(k) {
                    *known = a.and_then(|i| i.data.clone()).unwrap_or_default();
                }
            }
            // 1. No write lands while another request holds a live lock.
            if self.locking
                && !matches!(
                    op,
                    Op::Destroy { .. }
                        | Op::Regenerate {
                            delete_old: true,
                            ..
                        }
                )
            {
                if let Some(holder) = self.other_holder(before, k, w) {
                    return Err(format!(
                        "worker {w} changed {k} while worker {holder} held its lock: {b:?} -> {a:?}"
                    ));
                }
            }
            // 3. An item this request could not read is never changed by it
            // (its own lock stub, holding no data, may go).
            // A lock stub (no data, expiring with a lease, not a strict-mode
            // marker, which lives as long as a session) of its own.
            let stub_like = |i: &MemItem| {
                i.data.is_none() && i.expires.is_some_and(|e| e - now_s <= LEASE_S + 2)
            };
            let own_stub = b.is_some_and(|i| {
                stub_like(i)
                    && i.lock_owner
                        .as_ref()
                        .is_none_or(|o| self.workers[w].tokens.contains(o))
            }) && a.is_none_or(|i| i.data.is_none());
            if self.workers[w].unreadable.contains(k) && !matches!(op, Op::Read { .. }) && !own_stub
            {
                return Err(format!(
                    "worker {w} changed {k}, which it could not read: {b:?} -> {a:?}"
                ));
            }
            // 3. Nothing with data is deleted except by destroy, gc or the
            // empty-session rule.
            let had_data = b.is_some_and(|i| i.data.is_some());
            let empty_write = wrote_empty;
            // hash_ids: a write moved the session to its hashed key.
            let migrated = self.hashed
                && matches!(op, Op::Write { .. } | Op::UpdateTimestamp { .. })
                && plain_and_hashed().iter().any(|(plain, hashed)| {
                    plain == k && after.get(hashed).is_some_and(|i| i.data.is_some())
                });
            if had_data
                && a.is_none()
                && !matches!(
                    op,
                    Op::Destroy { .. }
                        | Op::Regenerate {
                            delete_old: true,
                            ..
                        }
                )
                && !empty_write
                && !migrated
            {
                let expired = b.is_some_and(|i| i.expires.is_none_or(|e| e <= now_s));
                if !expired {
                    return Err(format!("worker {w} deleted {k} by {op:?}: {b:?}"));
                }
            }
        }
        // 2. Only the live request's leases are renewed.
        if let (Some(w), Op::Renew { .. }) = (actor, op) {
            for (k, a) in after {
                let moved = before.get(k).and_then(|b| b.lock_expires) < a.lock_expires;
                let owner = a.lock_owner.as_ref();
                if moved && !owner.is_some_and(|o| self.workers[w].tokens.contains(o)) {
                    return Err(format!(
                        "worker {w} renewed a lock of a finished request on {k}: {a:?}"
                    ));
                }
            }
        }
        // 2. A request never waits on its own lock.
        let events = self.table.lock().unwrap().events[events_before..].to_vec();
        if let Some(w) = actor {
            for event in events {
                let Event::Busy { key, holder } = event;
                if holder
                    .as_ref()
                    .is_some_and(|h| self.workers[w].tokens.contains(h))
                {
                    return Err(format!("worker {w} waited on its own lock on {key}"));
                }
            }
        }
        // 2. No finished request still holds a lock (unless a fault made its
        // release fail: then the lease ends it).
        if let (Some(w), Op::End { .. } | Op::Abort { .. } | Op::EndRequest { .. }) = (actor, op) {
            if !fault_consumed {
                for (k, item) in after {
                    if item
                        .lock_owner
                        .as_ref()
                        .is_some_and(|o| self.workers[w].tokens.contains(o))
                    {
                        return Err(format!(
                            "worker {w} ended holding the lock on {k}: {item:?}"
                        ));
                    }
                }
            }
            if !matches!(op, Op::EndRequest { .. }) {
                self.new_request(w);
            }
        }
        Ok(())
    }
}

fn run_model(locking: bool, strict: bool, ops: &[Op]) -> Result<(), String> {
    run_variant(locking, strict, false, ops)
}

fn run_variant(locking: bool, strict: bool, hashed: bool, ops: &[Op]) -> Result<(), String> {
    let mut sim = Sim::new(locking, strict, hashed);
    for (i, op) in ops.iter().enumerate() {
        sim.run(op).map_err(|e| format!("step {i} {op:?}: {e}"))?;
    }
    for w in 0..WORKERS {
        sim.run(&Op::End { w })
            .map_err(|e| format!("final end of worker {w}: {e}"))?;
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("MODEL_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn locking_keeps_the_invariants(ops in prop::collection::vec(op(), 1..60), strict in any::<bool>()) {
        if let Err(e) = run_model(true, strict, &ops) {
            prop_assert!(false, "{}", e);
        }
    }

    /// `hash_ids` during the migration: plain-id items read, moved on write,
    /// deleted by destroy, with every locking invariant kept.
    #[test]
    fn hash_ids_migration_keeps_the_invariants(ops in prop::collection::vec(op(), 1..60), strict in any::<bool>(), locking in any::<bool>()) {
        if let Err(e) = run_variant(locking, strict, true, &ops) {
            prop_assert!(false, "{}", e);
        }
    }

    /// Without locking only the rules that do not depend on locks hold:
    /// nothing unread is changed, nothing is deleted but by the rules.
    #[test]
    fn without_locking_nothing_unread_is_changed(ops in prop::collection::vec(op(), 1..40), strict in any::<bool>()) {
        if let Err(e) = run_model(false, strict, &ops) {
            prop_assert!(false, "{}", e);
        }
    }
}

// Counterexamples the generator found, kept as named regressions.

use Op::*;

#[test]
fn a_failed_release_does_not_make_the_request_wait_on_its_own_lock() {
    let ops = [
        Read { w: 2, id: 1 },
        Inject(Fault::Fail),
        // Reading another key releases b's lock: that release fails.
        Read { w: 2, id: 0 },
        // b is still locked by this request: it must take it, not wait.
        Read { w: 2, id: 1 },
    ];
    run_model(true, false, &ops).unwrap();
}

#[test]
fn a_release_that_failed_at_request_end_is_tried_again() {
    let ops = [
        Inject(Fault::AnswerLost),
        Inject(Fault::Fail),
        Inject(Fault::Fail),
        Read { w: 1, id: 0 },
        Write {
            w: 2,
            id: 0,
            empty: false,
        },
        EndRequest { w: 1 },
        Start { w: 0, open: false },
    ];
    run_model(true, false, &ops).unwrap();
}

#[test]
fn a_stub_someone_wrote_into_after_its_lease_loses_only_its_lock() {
    let ops = [
        Read { w: 1, id: 1 },
        Abort { w: 2 },
        Advance { ms: 5001 },
        Read { w: 2, id: 0 },
        Write {
            w: 0,
            id: 1,
            empty: false,
        },
        Write {
            w: 0,
            id: 0,
            empty: false,
        },
    ];
    run_model(true, false, &ops).unwrap();
}

#[test]
fn a_holder_whose_lease_ran_out_cannot_overwrite_a_later_write() {
    let ops = [
        Read { w: 2, id: 1 },
        Advance { ms: 5001 },
        Write {
            w: 0,
            id: 1,
            empty: false,
        },
        Write {
            w: 2,
            id: 1,
            empty: false,
        },
    ];
    run_model(true, false, &ops).unwrap();
}

#[test]
fn a_retried_write_that_was_applied_is_reported_as_saved() {
    let ops = [
        Start { w: 0, open: true },
        Read { w: 0, id: 0 },
        Inject(Fault::Retried),
        Write {
            w: 0,
            id: 0,
            empty: false,
        },
    ];
    run_model(true, false, &ops).unwrap();
}

/// Runs `ops` and hands back the simulation, for tests that look at the
/// table afterwards.
fn run_sim(locking: bool, strict: bool, ops: &[Op]) -> Sim {
    run_sim_variant(locking, strict, false, ops)
}

// Found by review and by the stronger lost-update check, kept as named
// regressions.

#[test]
fn laravel_saving_twice_does_not_overwrite_a_write_made_in_between() {
    let ops = [
        Start { w: 0, open: false },
        Read { w: 0, id: 0 },
        Write {
            w: 0,
            id: 0,
            empty: false,
        },
        Start { w: 1, open: false },
        Read { w: 1, id: 0 },
        Write {
            w: 1,
            id: 0,
            empty: false,
        },
        Write {
            w: 0,
            id: 0,
            empty: false,
        },
    ];
    run_model(true, false, &ops).unwrap();
}

#[test]
fn a_lock_whose_release_failed_at_request_end_is_not_renewed() {
    let ops = [
        Start { w: 0, open: true },
        Read { w: 0, id: 0 },
        Inject(Fault::Fail),
        Inject(Fault::Fail),
        End { w: 0 },
        Advance { ms: 3000 },
        Renew { w: 0 },
        Advance { ms: 3000 },
        Renew { w: 0 },
        Start { w: 1, open: true },
        Read { w: 1, id: 0 },
    ];
    let sim = run_sim(true, false, &ops);
    // More than a lease after the request ended, the next one got in.
    assert!(sim.workers[1]
        .session
        .as_ref()
        .unwrap()
        .lock_owner()
        .is_some());
}

#[test]
fn a_renewed_stub_is_not_removed_by_ttl_mid_request() {
    let ops = [
        Start { w: 0, open: true },
        Read { w: 0, id: 0 },
        Advance { ms: 3000 },
        Renew { w: 0 },
        Advance { ms: 3000 },
        Ttl,
        Write {
            w: 0,
            id: 0,
            empty: false,
        },
    ];
    let sim = run_sim(true, false, &ops);
    let item = sim
        .items()
        .get("S_a")
        .cloned()
        .expect("the session was stored");
    assert!(item.data.is_some());
}

#[test]
fn a_retried_acquire_recognises_its_own_stub() {
    let ops = [
        Start { w: 0, open: true },
        Inject(Fault::AnswerLost),
        Read { w: 0, id: 0 },
        Read { w: 0, id: 0 },
        Write {
            w: 0,
            id: 0,
            empty: true,
        },
        End { w: 0 },
    ];
    let sim = run_sim(true, false, &ops);
    // An empty session leaves no item behind, not even a lock stub.
    assert_eq!(sim.items().get("S_a"), None);
}

#[test]
fn a_stub_taken_over_and_touched_by_another_request_is_not_deleted_by_its_first_owner() {
    let ops = [
        Read { w: 1, id: 1 },
        Advance { ms: 4001 },
        Read { w: 0, id: 1 },
        UpdateTimestamp { w: 0, id: 1 },
        Inject(Fault::AnswerLost),
        Read { w: 1, id: 1 },
    ];
    run_model(true, false, &ops).unwrap();
}

#[test]
fn a_relock_whose_answer_was_lost_leaves_the_session_unwritable() {
    let ops = [
        Open { w: 1 },
        Regenerate {
            w: 0,
            id: 0,
            delete_old: false,
        },
        Read { w: 0, id: 0 },
        Destroy { w: 1, id: 0 },
        Write {
            w: 1,
            id: 0,
            empty: false,
        },
        Open { w: 0 },
        Renew { w: 0 },
        Inject(Fault::AnswerLost),
        Write {
            w: 0,
            id: 0,
            empty: false,
        },
        Write {
            w: 0,
            id: 0,
            empty: false,
        },
    ];
    run_model(true, false, &ops).unwrap();
}

#[test]
fn a_strict_mode_marker_survives_a_refused_oversized_write() {
    let table = Arc::new(Mutex::new(Table {
        now_ms: 1_700_000_000_000,
        ..Table::default()
    }));
    let sim = Sim::new(true, true, false);
    let php = sim.php();
    let mut first = Session::new(sim.config.clone(), MemoryStore::new(Arc::clone(&table)));
    first.open(NAME);
    let id = first.create_sid(32, 4).unwrap();
    first.read(id.as_bytes(), php).unwrap();
    first.write(id.as_bytes(), Vec::new(), php).unwrap();
    first.close().unwrap();
    drop(first);
    let key = format!("{NAME}_{id}");
    assert!(
        table.lock().unwrap().items.contains_key(&key),
        "marker written"
    );

    let mut second = Session::new(sim.config.clone(), MemoryStore::new(Arc::clone(&table)));
    second.open(NAME);
    assert!(second.validate_id(id.as_bytes(), php));
    second.read(id.as_bytes(), php).unwrap();
    let huge = vec![b'x'; 410 * 1024];
    assert!(matches!(
        second.write(id.as_bytes(), huge, php),
        Err(SessionError::ItemTooLarge { .. })
    ));
    second.close().unwrap();
    let items = table.lock().unwrap().items.clone();
    let marker = items.get(&key).expect("the marker is kept");
    assert!(marker.data.is_none() && !marker.lock);
}

// Found by the review of protection at rest.

#[test]
fn hash_ids_a_stub_left_under_the_hashed_key_does_not_hide_the_plain_session() {
    let ops = [
        Start { w: 0, open: true },
        Read { w: 0, id: 0 },
        // Its stub stays: the release fails at close and at request end.
        Inject(Fault::Fail),
        Inject(Fault::Fail),
        End { w: 0 },
        Advance { ms: 7000 },
        Start { w: 1, open: true },
    ];
    let mut sim = run_sim_variant(true, false, true, &ops);
    let php = sim.php();
    let data = sim.session(1).read(b"a", php).unwrap().data;
    assert_eq!(data, format!("sdk:{NAME}_a;").into_bytes());
}

#[test]
fn hash_ids_an_emptied_session_does_not_come_back_from_its_plain_key() {
    let moved = [
        Start { w: 0, open: true },
        Read { w: 0, id: 0 },
        // The move's delete of the plain key is refused (an SDK lock).
        SdkLock { id: 0 },
        Write {
            w: 0,
            id: 0,
            empty: false,
        },
        End { w: 0 },
    ];
    let mut sim = run_sim_variant(false, false, true, &moved);
    // The SDK handler's lock on the plain item ends.
    for item in sim.table.lock().unwrap().items.values_mut() {
        item.lock = false;
    }
    let emptied = [
        Start { w: 1, open: true },
        Read { w: 1, id: 0 },
        Write {
            w: 1,
            id: 0,
            empty: true,
        },
        End { w: 1 },
        Start { w: 2, open: true },
    ];
    for op in &emptied {
        sim.run(op).unwrap();
    }
    let php = sim.php();
    let data = sim.session(2).read(b"a", php).unwrap().data;
    assert_eq!(data, b"");
}

/// Like [`run_sim`], with `hash_ids` on or off.
fn run_sim_variant(locking: bool, strict: bool, hashed: bool, ops: &[Op]) -> Sim {
    let mut sim = Sim::new(locking, strict, hashed);
    for (i, op) in ops.iter().enumerate() {
        if let Err(e) = sim.run(op) {
            panic!("step {i} {op:?}: {e}");
        }
    }
    sim
}

#[test]
fn hash_ids_emptying_a_session_whose_plain_copy_is_locked_is_refused() {
    // The move leaves the plain copy behind (an SDK lock), and the lock is
    // still on it when the session is emptied: deleting only the hashed item
    // would bring the pre-move session back on the next read.
    let moved = [
        Start { w: 0, open: true },
        Read { w: 0, id: 0 },
        SdkLock { id: 0 },
        Write {
            w: 0,
            id: 0,
            empty: false,
        },
        End { w: 0 },
        Start { w: 1, open: true },
        Read { w: 1, id: 0 },
        Write {
            w: 1,
            id: 0,
            empty: true,
        },
        End { w: 1 },
    ];
    let mut sim = run_sim_variant(false, false, true, &moved);
    for item in sim.table.lock().unwrap().items.values_mut() {
        item.lock = false;
    }
    sim.run(&Start { w: 2, open: true }).unwrap();
    let php = sim.php();
    let data = sim.session(2).read(b"a", php).unwrap().data;
    let before_move = format!("sdk:{NAME}_a;").into_bytes();
    // The emptying was refused: the moved session stays, the old one does
    // not come back.
    assert!(
        data.starts_with(&before_move) && data != before_move,
        "{data:?}"
    );
}
