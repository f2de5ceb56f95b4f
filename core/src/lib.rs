//! The plain-Rust part of the `dynamodb_session` PHP extension: everything
//! below the PHP glue, testable with `cargo test` and no PHP.
//!
//! # Layout
//!
//! Dependencies point one way: `session` → `lock` → `store` → AWS SDK, with
//! `process` owning the runtime and clients.
//!
//! - [`config`]: the option table ([`config::OPTIONS`]) and the validated
//!   [`config::Config`], including environment fallbacks.
//! - [`session`]: one handler object's session lifecycle as an explicit
//!   state machine (open, validate, read, write, destroy, close, in every
//!   order PHP and the frameworks use), over any [`store::Store`].
//! - [`lock`]: lock policy (owner tokens, jittered waits), the registry of
//!   held locks that request end releases, and the lease renewer.
//! - [`item`]: the SDK item format decoded and sized, free of AWS types
//!   (unit-tested and fuzzed on its own).
//! - [`compression`]: opt-in zstd compression of the data attribute behind
//!   a self-describing header.
//! - [`encryption`]: opt-in authenticated encryption (AES-256-GCM) of the
//!   data attribute behind a self-describing header, and the key list;
//!   free of AWS types (unit-tested and fuzzed on its own).
//! - [`store`]: the [`store::Store`] trait; `store::dynamodb`, the
//!   SDK-compatible item format and the DynamoDB requests (SDK errors become
//!   [`error::StoreError`] there and nowhere else); `store::memory`, the
//!   in-memory table with injectable faults the model-based tests run on.
//! - [`pipeline`]: the SDK default interceptors a session's calls do
//!   without, turned off per call.
//! - [`process`]: the per-process tokio runtime and client cache, created
//!   lazily after fork; the single blocking entry point with a deadline.
//! - [`table`]: `createTable()`: table creation, key check and TTL.
//! - [`gc`]: `garbageCollect()`: parallel Scan and batched deletes.
//! - [`key`]: item keys (`name_id`, as the SDK, or a hash of the id with
//!   `hash_ids`) and the id hash for messages.
//! - [`sid`]: session ids from the CSPRNG in PHP's format.
//! - [`stats`]: per-process counters (requests, retries, throttles, bytes,
//!   connections, capacity units) and the SDK interceptor that feeds them.
//! - [`error`]: the domain errors.

pub mod compression;
pub mod config;
pub mod encryption;
pub mod error;
pub mod gc;
pub mod item;
pub mod key;
pub mod lock;
pub mod pipeline;
pub mod process;
pub mod session;
pub mod sid;
pub mod stats;
pub mod store;
pub mod table;

/// Versions of the libraries this build talks to AWS with, for `phpinfo()`.
pub const DEPENDENCY_VERSIONS: [(&str, &str); 4] = [
    (
        "aws-sdk-dynamodb",
        env!("DYNAMODB_SESSION_AWS_SDK_DYNAMODB_VERSION"),
    ),
    ("aws-config", env!("DYNAMODB_SESSION_AWS_CONFIG_VERSION")),
    (
        "aws-smithy-runtime",
        env!("DYNAMODB_SESSION_AWS_SMITHY_RUNTIME_VERSION"),
    ),
    ("tokio", env!("DYNAMODB_SESSION_TOKIO_VERSION")),
];
