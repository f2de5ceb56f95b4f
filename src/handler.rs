//! `DynamoDbSession\SessionHandler`: the PHP class. Each method is a thin
//! shell around [`Session`]: convert arguments, call, turn the outcome into
//! PHP's return value or one warning. Nothing panics or throws out of the
//! session callbacks: PHP calls `write()`/`close()` at shutdown, after
//! output, where an exception would be fatal.
//!
//! Warnings are raised only after the session state is released: a
//! framework's error handler (Yii2, Laravel) turns them into exceptions and
//! may call back into the handler from there.

use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};

use dynamodb_session_core::config::Config;
use dynamodb_session_core::error::{SessionError, StoreError};
use dynamodb_session_core::key::id_hash;
use dynamodb_session_core::session::{PhpSettings, Session};
use dynamodb_session_core::stats::{self, StatValue};
use dynamodb_session_core::store::dynamodb::{self, DynamoStore};
use dynamodb_session_core::{gc, table};
use ext_php_rs::binary_slice::BinarySlice;
use ext_php_rs::boxed::ZBox;
use ext_php_rs::convert::IntoZval;
use ext_php_rs::error::Result as ZvalResult;
use ext_php_rs::flags::DataType;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendHashTable, Zval};

use crate::exceptions::{configuration_exception, store_exception};
use crate::php;

/// Prefix of every warning, so operators can grep logs for it.
pub const WARNING_PREFIX: &str = "[dynamodb_session]";

/// Session handler storing PHP sessions in Amazon DynamoDB, compatible with
/// the items of `Aws\DynamoDb\SessionHandler` (AWS SDK for PHP 3.x).
///
/// ```php
/// $handler = new DynamoDbSession\SessionHandler(['table_name' => 'sessions']);
/// session_set_save_handler($handler, true);
/// ```
#[php_class]
#[php(name = "DynamoDbSession\\SessionHandler")]
pub struct SessionHandler {
    session: RefCell<Session<DynamoStore>>,
}

/// A handler's session on DynamoDB.
pub type DynamoSession = Session<DynamoStore>;

/// A session over the table and client `config` names.
pub fn new_session(config: Config) -> DynamoSession {
    let store = DynamoStore::new(config.client.clone(), config.table.clone());
    Session::new(config, store)
}

/// Warnings to raise once the session state is no longer borrowed.
pub type Warnings = Vec<String>;

/// Raises collected warnings.
pub fn emit(warnings: Warnings) {
    for warning in warnings {
        php::warning(&warning);
    }
}

/// `read()`'s result: the data, or `false` when the session could not be
/// read. Declared as `string` to ext-php-rs; registration widens the
/// declared return type to `string|false` (see `crate::registration`).
pub struct ReadResult(Option<Vec<u8>>);

impl IntoZval for ReadResult {
    const TYPE: DataType = DataType::String;
    const NULLABLE: bool = false;

    fn set_zval(self, zv: &mut Zval, _persistent: bool) -> ZvalResult<()> {
        match self.0 {
            Some(data) => zv.set_binary(data),
            None => zv.set_bool(false),
        }
        Ok(())
    }
}

#[php_impl]
impl SessionHandler {
    /// Creates a handler. Options (all optional) are those of
    /// `Aws\DynamoDb\SessionHandler` plus client options; see the README.
    ///
    /// @throws \DynamoDbSession\ConfigurationException on an unknown option or a wrong type
    pub fn __construct(options: Option<&ZendHashTable>) -> PhpResult<Self> {
        Ok(SessionHandler {
            session: RefCell::new(new_session(config_from(options)?)),
        })
    }

    /// Starts a session cycle. Performs no I/O.
    pub fn open(&self, path: BinarySlice<u8>, name: BinarySlice<u8>) -> bool {
        // The save path is unused (the table comes from the options); the
        // parameter keeps the interface's name for reflection and named args.
        let _ = path;
        let name = String::from_utf8_lossy(&name).into_owned();
        self.with("open", false, |session| {
            session.open(&name);
            (true, Vec::new())
        })
    }

    /// Ends a session cycle.
    pub fn close(&self) -> bool {
        self.with("close", false, |session| match session.close() {
            Ok(()) => (true, Vec::new()),
            Err(e) => (false, vec![format!("{WARNING_PREFIX} close failed: {e}")]),
        })
    }

    /// Returns the session data, `''` for a missing or expired session, and
    /// `false` (with a warning) when DynamoDB could not be read: then
    /// `session_start()` fails and nothing stored is overwritten.
    pub fn read(&self, id: BinarySlice<u8>) -> ReadResult {
        let id: &[u8] = &id;
        ReadResult(self.with("read", None, |session| read_session(session, id)))
    }

    /// Stores the session data.
    pub fn write(&self, id: BinarySlice<u8>, data: BinarySlice<u8>) -> bool {
        let id: &[u8] = &id;
        let data = data.to_vec();
        self.with("write", false, |session| {
            report("write", id, session.write(id, data, php_settings()))
        })
    }

    /// Deletes the session; succeeds when it does not exist.
    pub fn destroy(&self, id: BinarySlice<u8>) -> bool {
        let id: &[u8] = &id;
        self.with("destroy", false, |session| {
            report("destroy", id, session.destroy(id))
        })
    }

    /// Expired sessions are removed by DynamoDB's TTL on the expiry
    /// attribute, at no cost: returns 0.
    pub fn gc(&self, max_lifetime: i64) -> i64 {
        let _ = max_lifetime;
        0
    }

    /// Creates a session id from the system CSPRNG, honouring
    /// `session.sid_length` and `session.sid_bits_per_character`.
    #[php(name = "create_sid")]
    pub fn create_sid(&self) -> PhpResult<String> {
        let (length, bits) = php::sid_settings();
        self.with("create_sid", Err("internal error".to_string()), |session| {
            (session.create_sid(length, bits), Vec::new())
        })
        .map_err(|e| PhpException::from_message(format!("{WARNING_PREFIX} create_sid failed: {e}")))
    }

    /// Whether a live session with this id exists (`session.use_strict_mode`).
    /// The item read here is reused by the following `read()`.
    pub fn validate_id(&self, id: BinarySlice<u8>) -> bool {
        let id: &[u8] = &id;
        self.with("validateId", false, |session| {
            (session.validate_id(id, php_settings()), Vec::new())
        })
    }

    /// Called instead of `write()` when the data did not change
    /// (`session.lazy_write`): refreshes the expiry only when
    /// `touch_interval` says it is due.
    pub fn update_timestamp(&self, id: BinarySlice<u8>, data: BinarySlice<u8>) -> bool {
        let id: &[u8] = &id;
        let data = data.to_vec();
        self.with("updateTimestamp", false, |session| {
            report(
                "updateTimestamp",
                id,
                session.update_timestamp(id, data, php_settings()),
            )
        })
    }

    /// Ends the request for every handler in this process: releases every
    /// session lock still held and makes handler objects forget the
    /// request's state. Request shutdown does this by itself; long-running
    /// workers (Laravel Octane, RoadRunner) call it
    /// after each request, from the framework's terminate hook. Returns how
    /// many locks were released.
    pub fn end_request() -> i64 {
        let released = catch_unwind(|| dynamodb::registry().end_request()).unwrap_or(0);
        i64::try_from(released).unwrap_or(i64::MAX)
    }

    /// Creates the sessions table if it does not exist (on-demand unless
    /// `read_capacity_units`/`write_capacity_units` are set), waits until it
    /// is ACTIVE, and enables TTL on the expiry attribute. Idempotent.
    /// Takes the constructor's options (and directives, environment).
    ///
    /// @throws \DynamoDbSession\ConfigurationException on invalid options
    /// @throws \DynamoDbSession\StoreException when the table cannot be created or has another key
    pub fn create_table(options: Option<&ZendHashTable>) -> PhpResult<bool> {
        let config = config_from(options)?;
        guard(
            "createTable",
            Err(StoreError::Client("internal error".into())),
            || table::create_table(&config),
        )
        .map(|_| true)
        .map_err(|e| store_error("createTable", &e))
    }

    /// Deletes expired, unlocked sessions with a parallel Scan and batched
    /// deletes; returns how many. For tables without TTL (TTL is free).
    ///
    /// @throws \DynamoDbSession\StoreException when the scan or deletes fail
    pub fn garbage_collect(&self) -> PhpResult<i64> {
        let config = self
            .session
            .try_borrow()
            .map(|session| session.config().clone())
            .map_err(|_| {
                PhpException::from_message(format!(
                    "{WARNING_PREFIX} garbageCollect: the handler is busy"
                ))
            })?;
        let now_ms = dynamodb_session_core::lock::unix_ms();
        guard(
            "garbageCollect",
            Err(StoreError::Client("internal error".into())),
            || gc::garbage_collect(&config, now_ms.div_euclid(1000), now_ms),
        )
        .map(|count| i64::try_from(count).unwrap_or(i64::MAX))
        .map_err(|e| store_error("garbageCollect", &e))
    }

    /// A new random 256-bit key for `encryption_keys`, base64:
    /// `php -r 'echo DynamoDbSession\SessionHandler::generateEncryptionKey(), "\n";'`
    ///
    /// @throws \RuntimeException when the system's random number generator fails
    pub fn generate_encryption_key() -> PhpResult<String> {
        guard(
            "generateEncryptionKey",
            Err("internal error".to_string()),
            dynamodb_session_core::encryption::generate_key,
        )
        .map_err(|e| {
            PhpException::from_message(format!(
                "{WARNING_PREFIX} generateEncryptionKey failed: {e}"
            ))
        })
    }

    /// Counters for this worker process, for cost and health: sessions
    /// (`reads`, `writes`, `touches`, `touches_skipped`,
    /// `reads_without_request`, `ids_migrated`), DynamoDB requests (`get_item`,
    /// `update_item`, `delete_item`), locking (`lock_waits`, `locks_lost`),
    /// failures (`retries`, `throttles`, `errors`), traffic (`bytes_read`,
    /// `bytes_written`, `connections_opened`, `clients_built`) and the
    /// capacity DynamoDB reported (`read_capacity_units`,
    /// `write_capacity_units`, floats).
    ///
    /// @return array<string, int|float>
    pub fn stats() -> PhpResult<ZBox<ZendHashTable>> {
        let mut table = ZendHashTable::new();
        for (name, value) in stats::snapshot() {
            match value {
                StatValue::Count(count) => {
                    table.insert(name, i64::try_from(count).unwrap_or(i64::MAX))?
                }
                StatValue::Units(units) => table.insert(name, units)?,
            }
        }
        Ok(table)
    }
}

/// The configuration from an options array, the directives and the
/// environment; invalid options become a `ConfigurationException`.
fn config_from(options: Option<&ZendHashTable>) -> PhpResult<Config> {
    let options = options.map(php::options_from_array).unwrap_or_default();
    let parsed = guard("__construct", None, || {
        Some(Config::from_sources(
            &options,
            &crate::ini::value,
            &|name| std::env::var(name).ok(),
        ))
    });
    match parsed {
        Some(Ok(config)) => Ok(config),
        Some(Err(e)) => Err(PhpException::new(
            e.to_string(),
            0,
            configuration_exception(),
        )),
        None => Err(PhpException::new(
            format!("{WARNING_PREFIX} internal error while reading the options"),
            0,
            configuration_exception(),
        )),
    }
}

fn store_error(operation: &str, error: &StoreError) -> PhpException {
    PhpException::new(
        format!("{WARNING_PREFIX} {operation} failed: {error}"),
        0,
        store_exception(),
    )
}

impl SessionHandler {
    /// Runs a callback on the session, then raises its warnings once the
    /// session is no longer borrowed. A call made from inside another (an
    /// error handler calling back while a warning is raised cannot reach
    /// here, as warnings come after; but a destructor might) gets
    /// `fallback` and a warning instead of a second mutable borrow.
    fn with<T>(
        &self,
        operation: &str,
        fallback: T,
        body: impl FnOnce(&mut DynamoSession) -> (T, Warnings),
    ) -> T {
        let outcome = match self.session.try_borrow_mut() {
            Ok(mut session) => guard(operation, None, || Some(body(&mut session))),
            Err(_) => {
                php::warning(&format!("{WARNING_PREFIX} {operation} failed: called while the handler was busy with another call"));
                return fallback;
            }
        };
        match outcome {
            Some((value, warnings)) => {
                emit(warnings);
                value
            }
            None => fallback,
        }
    }
}

/// The PHP settings for one callback.
pub fn php_settings() -> PhpSettings {
    PhpSettings {
        gc_maxlifetime_s: php::ini_seconds("session.gc_maxlifetime"),
        use_strict_mode: php::ini_seconds("session.use_strict_mode") > 0,
    }
}

/// `read()` for the class and the native save handler alike: the data, or
/// `None` after a warning (the read failed: PHP must not start the session).
/// A malformed item reads as an empty session, with a warning.
pub fn read_session(session: &mut DynamoSession, id: &[u8]) -> (Option<Vec<u8>>, Warnings) {
    match session.read(id, php_settings()) {
        Ok(outcome) => {
            let mut warnings = Vec::new();
            if !outcome.problems.is_empty() {
                warnings.push(format!(
                    "{WARNING_PREFIX} session {}: the stored item is malformed and was read as an empty session: {}",
                    id_hash(id),
                    outcome.problems.join("; ")
                ));
            }
            (Some(outcome.data), warnings)
        }
        Err(e) => (None, vec![warning_text("read", id, &e.to_string())]),
    }
}

/// Runs a callback body, turning a panic into a warning and `fallback`:
/// a panic must never unwind into PHP.
fn guard<T>(operation: &str, fallback: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|_| {
        php::warning(&format!("{WARNING_PREFIX} {operation} failed: internal error (a bug in dynamodb_session; please report it)"));
        fallback
    })
}

/// A callback's boolean result and its warning, if it failed.
pub fn report<T>(operation: &str, id: &[u8], result: Result<T, SessionError>) -> (bool, Warnings) {
    match result {
        Ok(_) => (true, Vec::new()),
        Err(e) => (false, vec![warning_text(operation, id, &e.to_string())]),
    }
}

/// One warning: prefix, operation, the session's id hash (never the id), and
/// what went wrong (for DynamoDB errors: the request and the AWS error code).
pub fn warning_text(operation: &str, id: &[u8], message: &str) -> String {
    format!(
        "{WARNING_PREFIX} {operation} failed for session {}: {message}",
        id_hash(id)
    )
}
