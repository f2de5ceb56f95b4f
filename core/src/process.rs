//! Per-process state: the tokio runtime and the DynamoDB clients, one per
//! distinct [`ClientSettings`], living for the whole worker process so that
//! connections, TLS sessions and credentials are reused across requests.
//!
//! Created lazily on first use and keyed by pid: php-fpm forks its workers
//! after module startup, and a runtime built before `fork()` hangs in the
//! child. A child that inherits the parent's state (e.g. `pcntl_fork()`)
//! abandons it without dropping it and builds its own.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use aws_config::retry::RetryConfig;
use aws_config::stalled_stream_protection::StalledStreamProtectionConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region};
use aws_credential_types::Credentials;
use aws_sdk_dynamodb::config::SharedInterceptor;
use aws_sdk_dynamodb::Client;
use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};

use crate::config::ClientSettings;
use crate::error::StoreError;
use crate::pipeline::LeanCalls;
use crate::stats::{self, Counter, StatsInterceptor};

struct ProcessState {
    pid: u32,
    runtime: tokio::runtime::Runtime,
    clients: HashMap<ClientSettings, Client>,
    /// Client builds that failed recently, and why: without a region, the
    /// SDK probes instance metadata (a second or more) on every attempt.
    failed_builds: HashMap<ClientSettings, (Instant, String)>,
}

const NO_REGION: &str = "no AWS region: set the 'region' option or AWS_REGION (php-fpm's clear_env=yes hides the environment from workers)";

/// How long a failed client build is remembered before it is tried again.
const FAILED_BUILD_MEMORY: Duration = Duration::from_secs(10);

static STATE: Mutex<Option<ProcessState>> = Mutex::new(None);

thread_local! {
    /// The mutexes the forking thread holds across `fork()`.
    static FORK_GUARDS: std::cell::RefCell<Vec<Box<dyn std::any::Any>>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

extern "C" fn before_fork() {
    let _ = std::panic::catch_unwind(|| {
        let state: Box<dyn std::any::Any> =
            Box::new(STATE.lock().unwrap_or_else(|p| p.into_inner()));
        let held = crate::store::dynamodb::registry().lock_for_fork();
        FORK_GUARDS.with(|guards| {
            let mut guards = guards.borrow_mut();
            guards.push(state);
            guards.push(held);
        });
    });
}

extern "C" fn after_fork() {
    let _ = std::panic::catch_unwind(|| {
        FORK_GUARDS.with(|guards| {
            // Unlock in reverse order of locking.
            let mut guards = guards.borrow_mut();
            while guards.pop().is_some() {}
        })
    });
}

/// Once the lease renewer thread exists, a `fork()` (`pcntl_fork()`) could
/// copy a mutex it holds into a child where no thread will ever unlock it.
/// The forking thread therefore takes the process state's and the lock
/// registry's mutexes before forking (waiting for the renewer's request, at
/// most `operation_timeout`) and releases them on both sides.
pub fn install_fork_handlers() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        // SAFETY: the handlers are plain functions that only lock and
        // unlock process-wide mutexes, and never unwind.
        unsafe {
            libc::pthread_atfork(Some(before_fork), Some(after_fork), Some(after_fork));
        }
    });
}

/// Runs `request` with the client for `settings` on this process's runtime,
/// bounded by `settings.operation_timeout`. The one entry point from
/// blocking PHP code into async Rust.
pub fn run<T, F>(
    settings: &ClientSettings,
    request: impl FnOnce(Client) -> F,
) -> Result<T, StoreError>
where
    F: Future<Output = Result<T, StoreError>>,
{
    run_with_timeout(settings, settings.operation_timeout, request)
}

/// Like [`run`], for work made of many requests (table creation, garbage
/// collection) with its own bound; each request is still bounded by the
/// client's `operation_timeout`.
pub fn run_with_timeout<T, F>(
    settings: &ClientSettings,
    timeout: Duration,
    request: impl FnOnce(Client) -> F,
) -> Result<T, StoreError>
where
    F: Future<Output = Result<T, StoreError>>,
{
    // A poisoned lock only means an earlier call panicked mid-way (it was
    // caught at the FFI boundary); the state itself is still usable.
    let mut guard = STATE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let pid = std::process::id();
    if guard.as_ref().is_some_and(|state| state.pid != pid) {
        // Inherited from the parent: its runtime's threads do not exist here,
        // so dropping it could block forever. Leak it instead.
        std::mem::forget(guard.take());
    }
    if guard.is_none() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| StoreError::Client(format!("cannot start the tokio runtime: {e}")))?;
        *guard = Some(ProcessState {
            pid,
            runtime,
            clients: HashMap::new(),
            failed_builds: HashMap::new(),
        });
    }
    let Some(state) = guard.as_mut() else {
        return Err(StoreError::Client("no process state".into()));
    };
    let client = match state.clients.get(settings) {
        Some(client) => client.clone(),
        None => {
            if let Some((at, reason)) = state.failed_builds.get(settings) {
                if at.elapsed() < FAILED_BUILD_MEMORY {
                    stats::increment(Counter::Errors);
                    return Err(StoreError::Client(reason.clone()));
                }
            }
            // Bounded: resolving a region or credentials may probe the
            // network (instance metadata) and must not stall a worker.
            let built = state.runtime.block_on(async {
                tokio::time::timeout(settings.operation_timeout, build_client(settings)).await
            });
            let built = match built {
                Ok(result) => result,
                Err(_) if settings.region.is_none() => Err(StoreError::Client(format!(
                    "{NO_REGION} (looking it up in instance metadata did not finish within {:.1}s, operation_timeout)",
                    settings.operation_timeout.as_secs_f64()
                ))),
                Err(_) => Err(StoreError::Client(format!(
                    "no client within {:.1}s (operation_timeout): resolving the credentials did not finish",
                    settings.operation_timeout.as_secs_f64()
                ))),
            };
            match built {
                Ok(client) => {
                    state.failed_builds.remove(settings);
                    state.clients.insert(settings.clone(), client.clone());
                    stats::increment(Counter::ClientsBuilt);
                    client
                }
                Err(StoreError::Client(reason)) => {
                    stats::increment(Counter::Errors);
                    state
                        .failed_builds
                        .insert(settings.clone(), (Instant::now(), reason.clone()));
                    return Err(StoreError::Client(reason));
                }
                Err(other) => return Err(other),
            }
        }
    };
    // A little longer than the client's own operation timeout, so that its
    // error (which names the DynamoDB operation) normally wins the race.
    let backstop = timeout + Duration::from_millis(250);
    let outcome = state
        .runtime
        .block_on(async { tokio::time::timeout(backstop, request(client)).await });
    if !matches!(outcome, Ok(Ok(_))) {
        stats::increment(Counter::Errors);
    }
    match outcome {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(StoreError::Timeout { operation, .. })) => Err(StoreError::Timeout {
            operation,
            after: settings.operation_timeout,
        }),
        Ok(Err(other)) => Err(other),
        // The SDK's own operation timeout normally fires first; this bounds
        // everything else (credential providers, a stuck future).
        Err(_) => Err(StoreError::Timeout {
            operation: "request",
            after: timeout,
        }),
    }
}

async fn build_client(settings: &ClientSettings) -> Result<Client, StoreError> {
    // rustls with ring: no C toolchain beyond cc, and a smaller .so than
    // aws-lc. Certificates are verified against the system's roots.
    // Verification is never off: `ca_bundle` only adds trusted CAs.
    let mut trust = tls::TrustStore::empty().with_native_roots(true);
    if let Some(path) = &settings.ca_bundle {
        let pem = std::fs::read(path)
            .map_err(|e| StoreError::Client(format!("cannot read ca_bundle '{path}': {e}")))?;
        trust = trust.with_pem_certificate(pem);
    }
    let tls_context = tls::TlsContext::builder()
        .with_trust_store(trust)
        .build()
        .map_err(|e| StoreError::Client(format!("invalid ca_bundle: {e}")))?;
    let http_client = aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(CryptoMode::Ring))
        .tls_context(tls_context)
        .build_https();
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(settings.connect_timeout)
        .operation_timeout(settings.operation_timeout)
        .operation_attempt_timeout(attempt_timeout(settings))
        .build();
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .http_client(http_client)
        .timeout_config(timeouts)
        .retry_config(RetryConfig::standard().with_max_attempts(settings.max_attempts))
        // Session items are small and every call is bounded by the timeouts
        // above; the stall detector's per-body wrappers only cost CPU.
        .stalled_stream_protection(StalledStreamProtectionConfig::disabled());
    if let Some(region) = &settings.region {
        loader = loader.region(Region::new(region.clone()));
    }
    if let Some(endpoint) = &settings.endpoint {
        loader = loader.endpoint_url(endpoint);
    }
    if let Some(creds) = &settings.credentials {
        loader = loader.credentials_provider(Credentials::new(
            &creds.access_key_id,
            &creds.secret_access_key,
            creds.session_token.clone(),
            None,
            "dynamodb_session options",
        ));
    }
    let sdk_config = loader.load().await;
    if sdk_config.region().is_none() {
        return Err(StoreError::Client(NO_REGION.into()));
    }
    // Permanent: nothing ever disables ours, and `interceptor()` would wrap
    // each in a check of the config bag before every hook of every call.
    let mut config = aws_sdk_dynamodb::config::Builder::from(&sdk_config);
    config.push_interceptor(SharedInterceptor::permanent(StatsInterceptor));
    config.push_interceptor(SharedInterceptor::permanent(LeanCalls));
    let config = config.build();
    Ok(Client::from_conf(config))
}

/// One attempt may use an equal share of the operation budget, but never
/// less than a second: a slow attempt should leave time for a retry, and a
/// very short attempt timeout would cut off large writes.
fn attempt_timeout(settings: &ClientSettings) -> Duration {
    let share = settings.operation_timeout / settings.max_attempts.max(1);
    share
        .max(Duration::from_secs(1))
        .min(settings.operation_timeout)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(operation_timeout: Duration, max_attempts: u32) -> ClientSettings {
        ClientSettings {
            region: Some("us-east-1".into()),
            endpoint: Some("http://127.0.0.1:9".into()),
            credentials: None,
            ca_bundle: None,
            connect_timeout: Duration::from_secs(1),
            operation_timeout,
            max_attempts,
        }
    }

    #[test]
    fn attempt_timeout_shares_the_budget() {
        assert_eq!(
            attempt_timeout(&settings(Duration::from_secs(6), 3)),
            Duration::from_secs(2)
        );
        assert_eq!(
            attempt_timeout(&settings(Duration::from_secs(2), 3)),
            Duration::from_secs(1)
        );
        assert_eq!(
            attempt_timeout(&settings(Duration::from_millis(500), 3)),
            Duration::from_millis(500)
        );
    }

    /// Tests that build clients run one at a time so counts are exact.
    static SERIAL: Mutex<()> = Mutex::new(());

    #[test]
    fn clients_are_reused_per_settings() {
        let _serial = SERIAL.lock().unwrap_or_else(|p| p.into_inner());
        let a = settings(Duration::from_secs(1), 1);
        let before = stats::get(Counter::ClientsBuilt);
        for _ in 0..3 {
            run(&a, |_client| async { Ok(()) }).unwrap();
        }
        assert_eq!(stats::get(Counter::ClientsBuilt), before + 1);
        let b = settings(Duration::from_secs(2), 1);
        run(&b, |_client| async { Ok(()) }).unwrap();
        assert_eq!(stats::get(Counter::ClientsBuilt), before + 2);
    }

    /// The headers of the one request a GetItem sends to a loopback
    /// listener that answers `{}`.
    fn headers_on_the_wire() -> String {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut request = Vec::new();
            let mut buf = [0u8; 4096];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                let n = stream.read(&mut buf).unwrap();
                assert!(n > 0, "the client closed before sending its headers");
                request.extend_from_slice(&buf[..n]);
            }
            stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/x-amz-json-1.0\r\ncontent-length: 2\r\n\r\n{}")
                .unwrap();
            let end = request.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
            String::from_utf8_lossy(&request[..end]).to_ascii_lowercase()
        });
        let mut s = settings(Duration::from_secs(5), 1);
        s.endpoint = Some(format!("http://127.0.0.1:{port}"));
        s.credentials = Some(crate::config::StaticCredentials {
            access_key_id: "wire".into(),
            secret_access_key: "wire".into(),
            session_token: None,
        });
        run(&s, |client| async move {
            client
                .get_item()
                .table_name("sessions")
                .key(
                    "id",
                    aws_sdk_dynamodb::types::AttributeValue::S("PHPSESSID_x".into()),
                )
                .send()
                .await
                .map_err(|e| StoreError::Client(format!("{e:?}")))
        })
        .unwrap();
        server.join().unwrap()
    }

    /// The default interceptors sessions do without are really off: the
    /// disable is matched by type, so an `aws-runtime` other than the SDK's
    /// would silently leave them on.
    #[test]
    fn requests_carry_no_user_agent_or_invocation_headers() {
        let _serial = SERIAL.lock().unwrap_or_else(|p| p.into_inner());
        let headers = headers_on_the_wire();
        let names: Vec<&str> = headers
            .lines()
            .skip(1)
            .filter_map(|line| line.split(':').next())
            .collect();
        // Still a signed DynamoDB request.
        for expected in ["authorization", "x-amz-date", "x-amz-target"] {
            assert!(names.contains(&expected), "{expected} missing: {headers}");
        }
        for removed in [
            "user-agent",
            "x-amz-user-agent",
            "amz-sdk-request",
            "amz-sdk-invocation-id",
        ] {
            assert!(!names.contains(&removed), "{removed} sent: {headers}");
        }
    }

    #[test]
    fn the_whole_call_is_bounded() {
        let _serial = SERIAL.lock().unwrap_or_else(|p| p.into_inner());
        let s = settings(Duration::from_millis(100), 1);
        let err = run(&s, |_client| async {
            tokio::time::sleep(Duration::from_secs(5)).await;
            Ok(())
        })
        .unwrap_err();
        assert!(
            matches!(err, StoreError::Timeout { after, .. } if after == Duration::from_millis(100))
        );
    }
}
