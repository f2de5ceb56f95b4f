//! The handler's options: one table ([`OPTIONS`]) that names every option, its
//! type, unit, default and meaning, and the parser that turns a PHP options
//! array (already converted to [`OptionValue`]s) into a validated [`Config`].
//!
//! Option names, defaults and units are those of the AWS SDK for PHP's
//! `Aws\DynamoDb\SessionHandler`, so an SDK options array works unchanged;
//! the client options (`region`, timeouts, ...) are ours. Unlike the SDK,
//! unknown keys and wrongly typed values are errors.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::compression::{Codec, Compression};
use crate::encryption::{self, Encryption, KEYS_ENV};
use crate::error::ConfigError;

/// A PHP value from the options array, reduced to what options can hold.
#[derive(Debug, Clone, PartialEq)]
pub enum OptionValue {
    /// PHP `null`: the option is treated as not given.
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    /// A PHP array, with its keys as strings (integer keys are formatted).
    Array(Vec<(String, OptionValue)>),
    /// Any other PHP type; the string is its PHP type name, for messages.
    Other(&'static str),
}

impl OptionValue {
    /// The PHP type name used in error messages.
    pub fn php_type(&self) -> &'static str {
        match self {
            OptionValue::Null => "null",
            OptionValue::Bool(_) => "bool",
            OptionValue::Int(_) => "int",
            OptionValue::Float(_) => "float",
            OptionValue::String(_) => "string",
            OptionValue::Array(_) => "array",
            OptionValue::Other(name) => name,
        }
    }
}

/// What an option accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionKind {
    /// A non-empty string.
    String,
    /// `true` or `false`.
    Bool,
    /// A non-negative integer.
    Int,
    /// A non-negative number of seconds, int or float.
    Seconds,
    /// One of a fixed set of strings.
    Choice(&'static [&'static str]),
    /// `['key' => ..., 'secret' => ..., 'token' => ...]`.
    Credentials,
    /// Any array (kept for SDK compatibility).
    Array,
    /// Encryption keys: an array of base64 strings, or one string of them
    /// separated by commas (as php.ini and the environment give them).
    Keys,
}

impl OptionKind {
    /// How the kind is written in the docs and in error messages.
    pub fn describe(self) -> String {
        match self {
            OptionKind::String => "a non-empty string".into(),
            OptionKind::Bool => "a bool".into(),
            OptionKind::Int => "a non-negative int".into(),
            OptionKind::Seconds => "a non-negative int or float (seconds)".into(),
            OptionKind::Choice(values) => format!("one of '{}'", values.join("', '")),
            OptionKind::Credentials => {
                "an array with string keys 'key', 'secret' and optionally 'token'".into()
            }
            OptionKind::Array => "an array".into(),
            OptionKind::Keys => {
                "an array of keys (base64 or hex) or a comma-separated string of them".into()
            }
        }
    }
}

/// One option of the handler.
#[derive(Debug, Clone, Copy)]
pub struct OptionSpec {
    pub name: &'static str,
    pub kind: OptionKind,
    /// The default as shown to users.
    pub default: &'static str,
    /// One line for the README, the stub docblock and messages.
    pub doc: &'static str,
}

/// Prefix of the php.ini directives: `dynamodb_session.<option>`.
pub const INI_PREFIX: &str = "dynamodb_session.";

impl OptionSpec {
    /// Whether the option has a php.ini directive. Arrays do not: secrets
    /// belong in the credential chain, not in php.ini.
    pub fn has_ini_directive(&self) -> bool {
        !matches!(self.kind, OptionKind::Credentials | OptionKind::Array)
    }

    /// The directive's name, e.g. `dynamodb_session.table_name`.
    pub fn ini_name(&self) -> String {
        format!("{INI_PREFIX}{}", self.name)
    }
}

/// Every option's directive name, in the order of [`OPTIONS`], made once
/// per process: a handler is built on every request, and formatting the
/// names there was a third of its construction.
fn ini_names() -> &'static [String] {
    static NAMES: std::sync::LazyLock<Vec<String>> =
        std::sync::LazyLock::new(|| OPTIONS.iter().map(OptionSpec::ini_name).collect());
    &NAMES
}

impl OptionSpec {
    /// The option value a directive's string stands for; `None` for an
    /// empty string (not set: the environment or the default applies).
    pub fn parse_ini(&self, raw: &str) -> Result<Option<OptionValue>, ConfigError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        let invalid = |reason: String| ConfigError::InvalidValue {
            key: self.ini_name(),
            reason,
        };
        let value = match self.kind {
            OptionKind::Bool => match raw.to_ascii_lowercase().as_str() {
                "1" | "on" | "yes" | "true" => OptionValue::Bool(true),
                "0" | "off" | "no" | "false" | "none" => OptionValue::Bool(false),
                _ => return Err(invalid(format!("'{raw}' is not a boolean (use 1 or 0)"))),
            },
            OptionKind::Int => OptionValue::Int(
                raw.parse()
                    .map_err(|_| invalid(format!("'{raw}' is not an integer")))?,
            ),
            OptionKind::Seconds => OptionValue::Float(
                raw.parse()
                    .map_err(|_| invalid(format!("'{raw}' is not a number of seconds")))?,
            ),
            OptionKind::String | OptionKind::Choice(_) | OptionKind::Keys => {
                OptionValue::String(raw.to_string())
            }
            OptionKind::Credentials | OptionKind::Array => {
                return Err(invalid("cannot be set in php.ini".into()))
            }
        };
        Ok(Some(value))
    }

    /// Checks a directive's new value on its own (ranges, choices, URLs), as
    /// PHP sets it; the error names the directive.
    pub fn validate_ini(&self, raw: &str) -> Result<(), ConfigError> {
        let Some(value) = self.parse_ini(raw)? else {
            return Ok(());
        };
        let options = [(self.name.to_string(), value)];
        // Alone: rules between directives (both capacities, min <= max
        // retry, distinct attribute names) are checked when a handler is
        // built from all of them, or setting the first of a valid pair
        // would be refused against the other's default.
        match Config::parse(&options, &|_| None, &|_| None, Combinations::Skip) {
            Ok(_) => Ok(()),
            Err(ConfigError::InvalidValue { reason, .. }) => Err(ConfigError::InvalidValue {
                key: self.ini_name(),
                reason,
            }),
            Err(other) => Err(other),
        }
    }
}

const fn spec(
    name: &'static str,
    kind: OptionKind,
    default: &'static str,
    doc: &'static str,
) -> OptionSpec {
    OptionSpec {
        name,
        kind,
        default,
        doc,
    }
}

/// Values of `data_attribute_type`.
const DATA_TYPES: &[&str] = &["string", "binary"];
const COMPRESSION_CODECS: &[&str] = &["none", "zstd"];

/// Every option the constructor accepts. The README's option table is checked
/// against this list by a test.
pub const OPTIONS: &[OptionSpec] = &[
    spec("table_name", OptionKind::String, "sessions (or $DYNAMODB_SESSION_TABLE_NAME)", "DynamoDB table holding the sessions."),
    spec("hash_key", OptionKind::String, "id", "Name of the table's partition key (type S)."),
    spec("data_attribute", OptionKind::String, "data", "Attribute holding the serialized session."),
    spec("data_attribute_type", OptionKind::Choice(DATA_TYPES), "string", "Store data as S (`string`, SDK default) or B (`binary`: any bytes, e.g. igbinary). Reads accept both."),
    spec("session_lifetime", OptionKind::Int, "session.gc_maxlifetime", "Seconds a session lives after its last write or touch."),
    spec("session_lifetime_attribute", OptionKind::String, "expires", "Attribute holding the expiry (unix seconds, type N); enable TTL on it."),
    spec("consistent_read", OptionKind::Bool, "true", "Use strongly consistent reads."),
    spec("locking", OptionKind::Bool, "false", "Pessimistic session locking: one request at a time per session (see Locking)."),
    spec("lock_ttl", OptionKind::Seconds, "30", "Lease of a session lock in wall-clock seconds, renewed while its request lives: a crashed holder's lock expires after this."),
    spec("max_lock_wait_time", OptionKind::Seconds, "10", "Longest wait for a session lock, in seconds."),
    spec("min_lock_retry_microtime", OptionKind::Int, "10000", "Shortest pause between lock attempts, in microseconds."),
    spec("max_lock_retry_microtime", OptionKind::Int, "50000", "Longest pause between lock attempts, in microseconds."),
    spec("batch_config", OptionKind::Array, "[]", "Accepted for SDK compatibility (garbage collection batching)."),
    spec("compression", OptionKind::Choice(COMPRESSION_CODECS), "none", "`zstd`: store data of at least `compression_threshold` bytes compressed (type B, self-describing header; reads detect it whatever this says). Compressed items cannot be read by the SDK's handler."),
    spec("compression_threshold", OptionKind::Int, "1024", "Smallest data, in bytes, that `compression` compresses (DynamoDB bills writes per 1 KB)."),
    spec("hash_ids", OptionKind::Bool, "false", "Store the session under a SHA-256 of its id (`<name>_h1.<hash>`), so the table holds no usable id. Reads fall back to the plain-id key until `hashed_ids_only`; the next write moves the session. Hashed items cannot be read by the SDK's handler."),
    spec("hashed_ids_only", OptionKind::Bool, "false", "With `hash_ids`: the migration is over; plain-id keys are neither read nor deleted."),
    spec("encryption_keys", OptionKind::Keys, "$DYNAMODB_SESSION_ENCRYPTION_KEYS", "256-bit keys, base64 or 64 hex digits (an array, or comma-separated): data is stored encrypted (AES-256-GCM, the item key as associated data) with the first key; every key decrypts. `SessionHandler::generateEncryptionKey()` makes one. Encrypted items cannot be read by the SDK's handler."),
    spec("encryption_required", OptionKind::Bool, "false", "Refuse to read sessions stored unencrypted (fail closed), once every item was rewritten encrypted; needs `encryption_keys`."),
    spec("touch_interval", OptionKind::Seconds, "60", "An unchanged session's expiry is rewritten only when it would move by more than this many seconds (at most half the session lifetime); 0 rewrites it on every request, as the SDK does."),
    spec("read_capacity_units", OptionKind::Int, "0 (on-demand)", "createTable(): provisioned read capacity; 0 creates an on-demand (PAY_PER_REQUEST) table."),
    spec("write_capacity_units", OptionKind::Int, "0 (on-demand)", "createTable(): provisioned write capacity; set together with read_capacity_units."),
    spec("gc_segments", OptionKind::Int, "4", "garbageCollect(): parallel Scan segments."),
    spec("gc_timeout", OptionKind::Seconds, "300", "garbageCollect(): longest run, in seconds."),
    spec("region", OptionKind::String, "$AWS_REGION, then the AWS config chain", "AWS region."),
    spec("endpoint", OptionKind::String, "$AWS_ENDPOINT_URL_DYNAMODB, $AWS_ENDPOINT_URL, $DYNAMODB_ENDPOINT_URL", "Endpoint URL, e.g. http://localhost:8000 for DynamoDB Local or LocalStack."),
    spec("ca_bundle", OptionKind::String, "the system's root certificates", "PEM file of additional CA certificates to trust (a private endpoint); certificates are always verified."),
    spec("credentials", OptionKind::Credentials, "the AWS credential chain", "Static credentials `['key' => ..., 'secret' => ..., 'token' => ...]`; otherwise env, profile, web identity, ECS and EC2 instance credentials."),
    spec("connect_timeout", OptionKind::Seconds, "1.0", "Seconds to wait for a TCP/TLS connection."),
    spec("operation_timeout", OptionKind::Seconds, "5.0", "Seconds one handler call may take, retries included."),
    spec("max_attempts", OptionKind::Int, "3", "Attempts per DynamoDB request (standard retry mode with jittered backoff)."),
];

/// How session data is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DataType {
    /// DynamoDB type S: the SDK's default; data must be valid UTF-8.
    String,
    /// DynamoDB type B: any bytes.
    Binary,
}

/// Static credentials given in the options.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct StaticCredentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
}

// Never print secrets, even in debug output.
impl std::fmt::Debug for StaticCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StaticCredentials(**redacted**)")
    }
}

/// Everything that selects a DynamoDB client. Handlers with equal settings
/// share one client (and so its connections) within a worker process.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClientSettings {
    pub region: Option<String>,
    pub endpoint: Option<String>,
    pub credentials: Option<StaticCredentials>,
    /// A PEM file of extra trusted CA certificates.
    pub ca_bundle: Option<String>,
    pub connect_timeout: Duration,
    pub operation_timeout: Duration,
    pub max_attempts: u32,
}

/// Where and how sessions are stored in the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableLayout {
    pub table_name: String,
    pub hash_key: String,
    pub data_attribute: String,
    pub data_type: DataType,
    pub expires_attribute: String,
    pub consistent_read: bool,
    /// How data is compressed before it is stored.
    pub compression: Compression,
    /// How data is encrypted (after compression) before it is stored.
    pub encryption: Encryption,
}

#[cfg(test)]
impl TableLayout {
    /// The SDK's default layout, as the option table defines it (for tests
    /// of modules that take a layout).
    pub(crate) fn sdk_default() -> TableLayout {
        Config::from_options(&[], &|_| None)
            .expect("the defaults are valid")
            .table
    }
}

/// A validated handler configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub table: TableLayout,
    /// Keys are SHA-256 hashes of the ids (`hash_ids`).
    pub hash_ids: bool,
    /// With `hash_ids`: never fall back to plain-id keys.
    pub hashed_ids_only: bool,
    /// `None`: use `session.gc_maxlifetime` at the time of each write.
    pub session_lifetime_s: Option<u64>,
    pub touch_interval_s: u64,
    pub locking: bool,
    pub max_lock_wait: Duration,
    pub min_lock_retry: Duration,
    pub max_lock_retry: Duration,
    /// `None`: `session::DEFAULT_LOCK_TTL`.
    pub lock_ttl: Option<Duration>,
    /// `createTable()`: (read, write) capacity units; `None` for on-demand.
    pub provisioned_capacity: Option<(i64, i64)>,
    /// `garbageCollect()`: parallel Scan segments and the bound of one run.
    pub gc_segments: u32,
    pub gc_timeout: Duration,
    pub client: ClientSettings,
}

/// Whether [`Config::parse`] checks the rules between options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Combinations {
    Check,
    Skip,
}

/// Attempts per request are capped: each attempt may take up to the whole
/// operation timeout's remaining time, so more than this only adds load.
const MAX_ATTEMPTS_LIMIT: i64 = 10;

impl Config {
    /// Validates `options` and fills what they leave out from `env` (a lookup
    /// of environment variables) and the built-in defaults.
    pub fn from_options(
        options: &[(String, OptionValue)],
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        Config::from_sources(options, &|_| None, env)
    }

    /// Like [`Config::from_options`], with php.ini in between: the options
    /// array wins over `ini` (a lookup of `dynamodb_session.*` directives by
    /// full name), which wins over `env`, which wins over the defaults.
    pub fn from_sources(
        options: &[(String, OptionValue)],
        ini: &dyn Fn(&str) -> Option<String>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        Config::parse(options, ini, env, Combinations::Check)
    }

    fn parse(
        options: &[(String, OptionValue)],
        ini: &dyn Fn(&str) -> Option<String>,
        env: &dyn Fn(&str) -> Option<String>,
        combinations: Combinations,
    ) -> Result<Config, ConfigError> {
        let check = combinations == Combinations::Check;
        let mut given: BTreeMap<&'static str, OptionValue> = BTreeMap::new();
        for (spec, ini_name) in OPTIONS.iter().zip(ini_names()) {
            if !spec.has_ini_directive() {
                continue;
            }
            if let Some(raw) = ini(ini_name) {
                if let Some(value) = spec.parse_ini(&raw)? {
                    given.insert(spec.name, value);
                }
            }
        }
        for (key, value) in options {
            let spec = find_option(key).ok_or_else(|| ConfigError::UnknownOption {
                key: key.clone(),
                suggestion: nearest_option(key),
            })?;
            if *value != OptionValue::Null {
                given.insert(spec.name, value.clone());
            }
        }
        let opts = Given(given);

        let env_nonempty = |name: &str| env(name).filter(|v| !v.is_empty());
        let table_name = match opts.string("table_name")? {
            Some(name) => name,
            None => {
                env_nonempty("DYNAMODB_SESSION_TABLE_NAME").unwrap_or_else(|| "sessions".into())
            }
        };
        let data_type = match opts.string("data_attribute_type")?.as_deref() {
            Some("binary") => DataType::Binary,
            _ => DataType::String,
        };
        let table = TableLayout {
            table_name,
            hash_key: opts.string("hash_key")?.unwrap_or_else(|| "id".into()),
            data_attribute: opts
                .string("data_attribute")?
                .unwrap_or_else(|| "data".into()),
            data_type,
            expires_attribute: opts
                .string("session_lifetime_attribute")?
                .unwrap_or_else(|| "expires".into()),
            consistent_read: opts.bool("consistent_read")?.unwrap_or(true),
            compression: Compression {
                codec: match opts.string("compression")?.as_deref() {
                    Some("zstd") => Codec::Zstd,
                    _ => Codec::None,
                },
                threshold_bytes: opts
                    .uint("compression_threshold")?
                    .map_or(1024, |bytes| usize::try_from(bytes).unwrap_or(usize::MAX)),
            },
            encryption: Encryption {
                keys: match opts.keys("encryption_keys")? {
                    Some(keys) => keys,
                    None => match env_nonempty(KEYS_ENV) {
                        Some(text) => {
                            encryption::parse_keys([text.as_str()]).map_err(|reason| {
                                ConfigError::InvalidValue {
                                    key: format!("${KEYS_ENV}"),
                                    reason,
                                }
                            })?
                        }
                        None => Vec::new(),
                    },
                },
                required: opts.bool("encryption_required")?.unwrap_or(false),
            },
        };
        if check && table.encryption.required && !table.encryption.is_on() {
            return Err(ConfigError::InvalidValue {
                key: "encryption_required".into(),
                reason: format!("needs encryption_keys (or ${KEYS_ENV})"),
            });
        }
        let hash_ids = opts.bool("hash_ids")?.unwrap_or(false);
        let hashed_ids_only = opts.bool("hashed_ids_only")?.unwrap_or(false);
        if check && hashed_ids_only && !hash_ids {
            return Err(ConfigError::InvalidValue {
                key: "hashed_ids_only".into(),
                reason: "needs hash_ids".into(),
            });
        }
        let distinct = [
            ("hash_key", &table.hash_key),
            ("data_attribute", &table.data_attribute),
            ("session_lifetime_attribute", &table.expires_attribute),
        ];
        for (i, (name_a, a)) in distinct.iter().enumerate() {
            for (name_b, b) in &distinct[i + 1..] {
                if check && a == b {
                    return Err(ConfigError::InvalidValue {
                        key: (*name_b).into(),
                        reason: format!("must differ from {name_a} ('{a}')"),
                    });
                }
            }
        }

        let locking = opts.bool("locking")?.unwrap_or(false);
        let min_lock_retry =
            Duration::from_micros(opts.uint("min_lock_retry_microtime")?.unwrap_or(10_000));
        let max_lock_retry =
            Duration::from_micros(opts.uint("max_lock_retry_microtime")?.unwrap_or(50_000));
        if check && min_lock_retry > max_lock_retry {
            return Err(ConfigError::InvalidValue {
                key: "min_lock_retry_microtime".into(),
                reason: "must not exceed max_lock_retry_microtime".into(),
            });
        }

        let endpoint = match opts.string("endpoint")? {
            Some(url) => Some(url),
            None => [
                "AWS_ENDPOINT_URL_DYNAMODB",
                "AWS_ENDPOINT_URL",
                "DYNAMODB_ENDPOINT_URL",
            ]
            .iter()
            .find_map(|name| env_nonempty(name)),
        };
        if let Some(url) = &endpoint {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return Err(ConfigError::InvalidValue {
                    key: "endpoint".into(),
                    reason: format!("'{url}' is not an http:// or https:// URL"),
                });
            }
        }
        let operation_timeout = opts
            .positive_seconds("operation_timeout")?
            .unwrap_or(Duration::from_secs(5));
        let max_attempts = match opts.int("max_attempts")? {
            Some(n) if !(1..=MAX_ATTEMPTS_LIMIT).contains(&n) => {
                return Err(ConfigError::InvalidValue {
                    key: "max_attempts".into(),
                    reason: format!("must be between 1 and {MAX_ATTEMPTS_LIMIT}, got {n}"),
                })
            }
            Some(n) => n as u32,
            None => 3,
        };
        let client = ClientSettings {
            region: opts
                .string("region")?
                .or_else(|| env_nonempty("AWS_REGION")),
            endpoint,
            credentials: opts.credentials("credentials")?,
            ca_bundle: opts.string("ca_bundle")?,
            connect_timeout: opts
                .positive_seconds("connect_timeout")?
                .unwrap_or(Duration::from_secs(1)),
            operation_timeout,
            max_attempts,
        };
        opts.array("batch_config")?;
        let provisioned_capacity = match (
            opts.uint("read_capacity_units")?.unwrap_or(0),
            opts.uint("write_capacity_units")?.unwrap_or(0),
        ) {
            (0, 0) => None,
            (read, write) if read > 0 && write > 0 => Some((read as i64, write as i64)),
            _ if !check => None,
            _ => {
                return Err(ConfigError::InvalidValue {
                    key: "read_capacity_units".into(),
                    reason: "set both read_capacity_units and write_capacity_units (or neither, for on-demand)".into(),
                })
            }
        };
        let gc_segments = match opts.uint("gc_segments")? {
            None => 4,
            Some(n @ 1..=1000) => n as u32,
            Some(n) => {
                return Err(ConfigError::InvalidValue {
                    key: "gc_segments".into(),
                    reason: format!("must be between 1 and 1000, got {n}"),
                })
            }
        };

        Ok(Config {
            table,
            hash_ids,
            hashed_ids_only,
            session_lifetime_s: opts.uint("session_lifetime")?,
            touch_interval_s: opts.seconds("touch_interval")?.map_or(60, |d| d.as_secs()),
            locking,
            max_lock_wait: opts
                .seconds("max_lock_wait_time")?
                .unwrap_or(Duration::from_secs(10)),
            min_lock_retry,
            max_lock_retry,
            lock_ttl: opts.positive_seconds("lock_ttl")?,
            provisioned_capacity,
            gc_segments,
            gc_timeout: opts
                .positive_seconds("gc_timeout")?
                .unwrap_or(Duration::from_secs(300)),
            client,
        })
    }
}

/// The sample `dynamodb_session.ini`: every directive, commented out with
/// its default, preceded by its meaning. `dynamodb_session.ini` in the
/// repository is this text (a test keeps them equal).
pub fn sample_ini() -> String {
    let mut ini = String::from(
        "; dynamodb_session: PHP sessions in Amazon DynamoDB.\n\
         ; Copy to PHP's conf.d/. Every directive is optional; an empty value means\n\
         ; \"not set\": the environment or the default applies. Options given to\n\
         ; new DynamoDbSession\\SessionHandler([...]) override these.\n\
         \n\
         extension=dynamodb_session.so\n\
         \n\
         ; With no code at all: let PHP's session module use DynamoDB.\n\
         ;session.save_handler = dynamodb\n\
         ;session.save_path = \"dynamodb://sessions?region=eu-west-1\"\n",
    );
    for spec in OPTIONS.iter().filter(|spec| spec.has_ini_directive()) {
        ini.push_str(&format!(
            "\n; {} Default: {}.\n;{} =\n",
            spec.doc,
            spec.default,
            spec.ini_name()
        ));
    }
    ini
}

/// Options from `session.save_path` for `session.save_handler = dynamodb`:
/// `dynamodb://<table>?<option>=<value>&...` (values URL-encoded, any option
/// that has a php.ini directive), or a bare table name. Anything else, such
/// as the `files` handler's directory left in php.ini, is ignored.
pub fn options_from_save_path(path: &str) -> Result<Vec<(String, OptionValue)>, ConfigError> {
    let path = path.trim();
    let Some(rest) = path.strip_prefix("dynamodb://") else {
        let is_table_name = !path.is_empty()
            && path
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b));
        return Ok(if is_table_name {
            vec![("table_name".into(), OptionValue::String(path.into()))]
        } else {
            Vec::new()
        });
    };
    let (table, query) = rest.split_once('?').unwrap_or((rest, ""));
    let mut options = Vec::new();
    if !table.is_empty() {
        options.push((
            "table_name".to_string(),
            OptionValue::String(percent_decode(table)),
        ));
    }
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (key, raw) = pair.split_once('=').unwrap_or((pair, ""));
        let key = percent_decode(key);
        let spec = find_option(&key)
            .filter(|spec| spec.has_ini_directive())
            .ok_or_else(|| ConfigError::UnknownOption {
                suggestion: nearest_option(&key),
                key: format!("session.save_path: {key}"),
            })?;
        if let Some(value) = spec.parse_ini(&percent_decode(raw))? {
            options.push((spec.name.to_string(), value));
        }
    }
    Ok(options)
}

/// Decodes `%XX` escapes (and `+` as a space, as in query strings).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
            {
                Some(byte) => {
                    out.push(byte);
                    i += 3;
                    continue;
                }
                None => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The spec of a known option.
pub fn find_option(name: &str) -> Option<&'static OptionSpec> {
    OPTIONS.iter().find(|spec| spec.name == name)
}

/// The known option closest to a mistyped `key`, when one is close enough
/// to be a plausible typo.
pub fn nearest_option(key: &str) -> Option<&'static str> {
    let key = key.to_ascii_lowercase();
    OPTIONS
        .iter()
        .map(|spec| (edit_distance(&key, spec.name), spec.name))
        .filter(|(distance, name)| *distance <= (name.len() / 3).max(2))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, name)| name)
}

/// Levenshtein distance, for "did you mean" suggestions.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

/// The options that were given (non-null), with typed accessors that report
/// the expected type in the error.
struct Given(BTreeMap<&'static str, OptionValue>);

impl Given {
    fn wrong_type(&self, key: &'static str, value: &OptionValue) -> ConfigError {
        let expected = find_option(key).map_or_else(String::new, |spec| spec.kind.describe());
        ConfigError::WrongType {
            key: key.into(),
            expected,
            given: value.php_type().into(),
        }
    }

    fn string(&self, key: &'static str) -> Result<Option<String>, ConfigError> {
        let Some(value) = self.0.get(key) else {
            return Ok(None);
        };
        let OptionValue::String(s) = value else {
            return Err(self.wrong_type(key, value));
        };
        if s.is_empty() {
            return Err(ConfigError::InvalidValue {
                key: key.into(),
                reason: "must not be empty".into(),
            });
        }
        if let Some(OptionSpec {
            kind: OptionKind::Choice(choices),
            ..
        }) = find_option(key)
        {
            if !choices.contains(&s.as_str()) {
                return Err(ConfigError::InvalidValue {
                    key: key.into(),
                    reason: format!("'{s}' is not {}", OptionKind::Choice(choices).describe()),
                });
            }
        }
        Ok(Some(s.clone()))
    }

    fn bool(&self, key: &'static str) -> Result<Option<bool>, ConfigError> {
        match self.0.get(key) {
            None => Ok(None),
            Some(OptionValue::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(self.wrong_type(key, other)),
        }
    }

    fn int(&self, key: &'static str) -> Result<Option<i64>, ConfigError> {
        match self.0.get(key) {
            None => Ok(None),
            Some(OptionValue::Int(n)) => Ok(Some(*n)),
            Some(other) => Err(self.wrong_type(key, other)),
        }
    }

    fn uint(&self, key: &'static str) -> Result<Option<u64>, ConfigError> {
        match self.int(key)? {
            None => Ok(None),
            Some(n) => u64::try_from(n)
                .map(Some)
                .map_err(|_| ConfigError::InvalidValue {
                    key: key.into(),
                    reason: format!("must not be negative, got {n}"),
                }),
        }
    }

    fn seconds(&self, key: &'static str) -> Result<Option<Duration>, ConfigError> {
        let seconds = match self.0.get(key) {
            None => return Ok(None),
            Some(OptionValue::Int(n)) => *n as f64,
            Some(OptionValue::Float(f)) => *f,
            Some(other) => return Err(self.wrong_type(key, other)),
        };
        // An hour bounds every wait we have; larger values are typos.
        if !(0.0..=3600.0 * 24.0 * 365.0).contains(&seconds) {
            return Err(ConfigError::InvalidValue {
                key: key.into(),
                reason: format!("must be a non-negative number of seconds, got {seconds}"),
            });
        }
        Ok(Some(Duration::from_secs_f64(seconds)))
    }

    /// Like [`Given::seconds`], for timeouts: zero would mean "fail at once".
    fn positive_seconds(&self, key: &'static str) -> Result<Option<Duration>, ConfigError> {
        match self.seconds(key)? {
            Some(d) if d.is_zero() => Err(ConfigError::InvalidValue {
                key: key.into(),
                reason: "must be greater than 0".into(),
            }),
            other => Ok(other),
        }
    }

    fn keys(&self, key: &'static str) -> Result<Option<Vec<encryption::DataKey>>, ConfigError> {
        let invalid = |reason| ConfigError::InvalidValue {
            key: key.into(),
            reason,
        };
        match self.0.get(key) {
            None => Ok(None),
            Some(OptionValue::String(text)) => encryption::parse_keys([text.as_str()])
                .map(Some)
                .map_err(invalid),
            Some(OptionValue::Array(entries)) => {
                let mut texts = Vec::with_capacity(entries.len());
                for (index, (_, value)) in entries.iter().enumerate() {
                    match value {
                        OptionValue::String(text) => texts.push(text.as_str()),
                        other => {
                            return Err(ConfigError::WrongType {
                                key: format!("{key}[{index}]"),
                                expected: "a string (base64 or hex key)".into(),
                                given: other.php_type().into(),
                            })
                        }
                    }
                }
                encryption::parse_keys(texts).map(Some).map_err(invalid)
            }
            Some(other) => Err(self.wrong_type(key, other)),
        }
    }

    fn array(&self, key: &'static str) -> Result<Option<&[(String, OptionValue)]>, ConfigError> {
        match self.0.get(key) {
            None => Ok(None),
            Some(OptionValue::Array(entries)) => Ok(Some(entries)),
            Some(other) => Err(self.wrong_type(key, other)),
        }
    }

    fn credentials(&self, key: &'static str) -> Result<Option<StaticCredentials>, ConfigError> {
        let Some(entries) = self.array(key)? else {
            return Ok(None);
        };
        let mut access_key_id = None;
        let mut secret_access_key = None;
        let mut session_token = None;
        for (name, value) in entries {
            let slot = match name.as_str() {
                "key" => &mut access_key_id,
                "secret" => &mut secret_access_key,
                "token" => &mut session_token,
                other => {
                    return Err(ConfigError::InvalidValue {
                        key: key.into(),
                        reason: format!(
                            "unknown key '{other}' (expected 'key', 'secret', 'token')"
                        ),
                    })
                }
            };
            match value {
                OptionValue::String(s) => *slot = Some(s.clone()),
                OptionValue::Null if name == "token" => {}
                other => {
                    return Err(ConfigError::WrongType {
                        key: format!("{key}.{name}"),
                        expected: "a string".into(),
                        given: other.php_type().into(),
                    })
                }
            }
        }
        match (access_key_id, secret_access_key) {
            (Some(access_key_id), Some(secret_access_key)) => Ok(Some(StaticCredentials {
                access_key_id,
                secret_access_key,
                session_token,
            })),
            _ => Err(ConfigError::InvalidValue {
                key: key.into(),
                reason: "needs both 'key' and 'secret'".into(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    fn parse(options: Vec<(&str, OptionValue)>) -> Result<Config, ConfigError> {
        let options: Vec<(String, OptionValue)> = options
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        Config::from_options(&options, &no_env)
    }

    fn s(value: &str) -> OptionValue {
        OptionValue::String(value.into())
    }

    #[test]
    fn defaults_are_the_sdks() {
        let config = parse(vec![]).unwrap();
        assert_eq!(config.table.table_name, "sessions");
        assert_eq!(config.table.hash_key, "id");
        assert_eq!(config.table.data_attribute, "data");
        assert_eq!(config.table.data_type, DataType::String);
        assert_eq!(config.table.expires_attribute, "expires");
        assert!(config.table.consistent_read);
        assert_eq!(config.session_lifetime_s, None);
        assert_eq!(config.touch_interval_s, 60);
        assert!(!config.locking);
        assert_eq!(config.max_lock_wait, Duration::from_secs(10));
        assert_eq!(config.min_lock_retry, Duration::from_micros(10_000));
        assert_eq!(config.max_lock_retry, Duration::from_micros(50_000));
        assert_eq!(config.client.connect_timeout, Duration::from_secs(1));
        assert_eq!(config.client.operation_timeout, Duration::from_secs(5));
        assert_eq!(config.client.max_attempts, 3);
        assert_eq!(config.client.region, None);
        assert_eq!(config.client.endpoint, None);
    }

    #[test]
    fn unknown_option_names_the_nearest_known_one() {
        let err = parse(vec![("tabel_name", s("x"))]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown option 'tabel_name' (did you mean 'table_name'?)"
        );
        let err = parse(vec![("completely_unrelated", s("x"))]).unwrap_err();
        assert_eq!(err.to_string(), "unknown option 'completely_unrelated'");
    }

    #[test]
    fn wrong_type_names_the_expected_type() {
        let err = parse(vec![("consistent_read", s("yes"))]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "option 'consistent_read' must be a bool, string given"
        );
        let err = parse(vec![("session_lifetime", OptionValue::Float(1.5))]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "option 'session_lifetime' must be a non-negative int, float given"
        );
    }

    #[test]
    fn null_means_not_given() {
        let config = parse(vec![
            ("endpoint", OptionValue::Null),
            ("region", OptionValue::Null),
        ])
        .unwrap();
        assert_eq!(config.client.endpoint, None);
    }

    #[test]
    fn seconds_accept_ints_and_floats() {
        let config = parse(vec![
            ("connect_timeout", OptionValue::Float(0.25)),
            ("operation_timeout", OptionValue::Int(2)),
            ("touch_interval", OptionValue::Int(0)),
        ])
        .unwrap();
        assert_eq!(config.client.connect_timeout, Duration::from_millis(250));
        assert_eq!(config.client.operation_timeout, Duration::from_secs(2));
        assert_eq!(config.touch_interval_s, 0);
        let err = parse(vec![("operation_timeout", OptionValue::Int(0))]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid option 'operation_timeout': must be greater than 0"
        );
        let err = parse(vec![("connect_timeout", OptionValue::Float(-1.0))]).unwrap_err();
        assert!(err
            .to_string()
            .starts_with("invalid option 'connect_timeout'"));
    }

    #[test]
    fn data_attribute_type_is_a_choice() {
        let config = parse(vec![("data_attribute_type", s("binary"))]).unwrap();
        assert_eq!(config.table.data_type, DataType::Binary);
        let err = parse(vec![("data_attribute_type", s("blob"))]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid option 'data_attribute_type': 'blob' is not one of 'string', 'binary'"
        );
    }

    #[test]
    fn environment_fills_table_region_and_endpoint() {
        let env = |name: &str| match name {
            "DYNAMODB_SESSION_TABLE_NAME" => Some("FromEnv".to_string()),
            "AWS_REGION" => Some("eu-west-1".to_string()),
            "AWS_ENDPOINT_URL" => Some("http://generic:1".to_string()),
            "DYNAMODB_ENDPOINT_URL" => Some("http://legacy:2".to_string()),
            _ => None,
        };
        let config = Config::from_options(&[], &env).unwrap();
        assert_eq!(config.table.table_name, "FromEnv");
        assert_eq!(config.client.region.as_deref(), Some("eu-west-1"));
        // The service-specific AWS variable wins, then the generic one.
        assert_eq!(config.client.endpoint.as_deref(), Some("http://generic:1"));
        let options = vec![("table_name".to_string(), s("Explicit"))];
        let config = Config::from_options(&options, &env).unwrap();
        assert_eq!(config.table.table_name, "Explicit");
    }

    #[test]
    fn credentials_need_key_and_secret() {
        let creds = OptionValue::Array(vec![
            ("key".into(), s("AKID")),
            ("secret".into(), s("SECRET")),
        ]);
        let config = parse(vec![("credentials", creds)]).unwrap();
        let c = config.client.credentials.unwrap();
        assert_eq!(c.access_key_id, "AKID");
        assert_eq!(c.session_token, None);
        assert_eq!(format!("{c:?}"), "StaticCredentials(**redacted**)");
        let err = parse(vec![(
            "credentials",
            OptionValue::Array(vec![("key".into(), s("AKID"))]),
        )])
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid option 'credentials': needs both 'key' and 'secret'"
        );
    }

    #[test]
    fn attribute_names_must_differ() {
        let err = parse(vec![("data_attribute", s("id"))]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid option 'data_attribute': must differ from hash_key ('id')"
        );
    }

    #[test]
    fn bad_endpoint_and_attempts_are_rejected() {
        assert!(parse(vec![("endpoint", s("localhost:8000"))]).is_err());
        assert!(parse(vec![("max_attempts", OptionValue::Int(0))]).is_err());
        assert_eq!(
            parse(vec![("max_attempts", OptionValue::Int(1))])
                .unwrap()
                .client
                .max_attempts,
            1
        );
    }

    #[test]
    fn min_retry_may_not_exceed_max_retry() {
        let err = parse(vec![("min_lock_retry_microtime", OptionValue::Int(60_000))]).unwrap_err();
        assert!(err
            .to_string()
            .contains("must not exceed max_lock_retry_microtime"));
    }

    fn ini(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn ini_directives_sit_between_options_and_environment() {
        let env = |name: &str| match name {
            "DYNAMODB_SESSION_TABLE_NAME" => Some("from_env".to_string()),
            "AWS_REGION" => Some("eu-west-1".to_string()),
            _ => None,
        };
        let directives = ini(&[
            ("dynamodb_session.table_name", "from_ini"),
            ("dynamodb_session.locking", "1"),
            ("dynamodb_session.operation_timeout", "2.5"),
            ("dynamodb_session.session_lifetime", "600"),
            ("dynamodb_session.region", ""),
        ]);
        let config = Config::from_sources(&[], &directives, &env).unwrap();
        assert_eq!(config.table.table_name, "from_ini");
        assert!(config.locking);
        assert_eq!(config.client.operation_timeout, Duration::from_millis(2500));
        assert_eq!(config.session_lifetime_s, Some(600));
        // An empty directive is "not set": the environment applies.
        assert_eq!(config.client.region.as_deref(), Some("eu-west-1"));
        let options = vec![("table_name".to_string(), s("from_options"))];
        let config = Config::from_sources(&options, &directives, &env).unwrap();
        assert_eq!(config.table.table_name, "from_options");
    }

    #[test]
    fn ini_values_are_validated_naming_the_directive() {
        let spec = |name| find_option(name).unwrap();
        assert_eq!(
            spec("locking")
                .validate_ini("maybe")
                .unwrap_err()
                .to_string(),
            "invalid option 'dynamodb_session.locking': 'maybe' is not a boolean (use 1 or 0)"
        );
        assert_eq!(
            spec("max_attempts")
                .validate_ini("0")
                .unwrap_err()
                .to_string(),
            "invalid option 'dynamodb_session.max_attempts': must be between 1 and 10, got 0"
        );
        assert_eq!(
            spec("data_attribute_type").validate_ini("blob").unwrap_err().to_string(),
            "invalid option 'dynamodb_session.data_attribute_type': 'blob' is not one of 'string', 'binary'"
        );
        assert!(spec("connect_timeout").validate_ini("soon").is_err());
        assert!(spec("endpoint")
            .validate_ini("http://localhost:8000")
            .is_ok());
        assert!(spec("endpoint").validate_ini("").is_ok());
        assert!(!spec("credentials").has_ini_directive());
    }

    #[test]
    fn directives_that_only_make_sense_together_are_each_accepted_alone() {
        let spec = |name| find_option(name).unwrap();
        // Each half of a valid pair, set first, must not be judged against
        // the other's default.
        assert!(spec("read_capacity_units").validate_ini("5").is_ok());
        assert!(spec("min_lock_retry_microtime")
            .validate_ini("60000")
            .is_ok());
        assert!(spec("hash_key").validate_ini("data").is_ok());
        // The combination is checked when the handler is built from all.
        let both = ini(&[
            ("dynamodb_session.min_lock_retry_microtime", "60000"),
            ("dynamodb_session.max_lock_retry_microtime", "100000"),
            ("dynamodb_session.hash_key", "data"),
            ("dynamodb_session.data_attribute", "payload"),
            ("dynamodb_session.read_capacity_units", "5"),
            ("dynamodb_session.write_capacity_units", "5"),
        ]);
        let config = Config::from_sources(&[], &both, &no_env).unwrap();
        assert_eq!(config.provisioned_capacity, Some((5, 5)));
        assert_eq!(config.table.hash_key, "data");
        let alone = ini(&[("dynamodb_session.read_capacity_units", "5")]);
        assert_eq!(
            Config::from_sources(&[], &alone, &no_env).unwrap_err().to_string(),
            "invalid option 'read_capacity_units': set both read_capacity_units and write_capacity_units (or neither, for on-demand)"
        );
    }

    #[test]
    fn save_path_carries_the_table_and_options() {
        let options = options_from_save_path(
            "dynamodb://Sessions?region=ap-southeast-1&endpoint=http%3A%2F%2F127.0.0.1%3A8000&locking=1",
        )
        .unwrap();
        assert_eq!(
            options,
            vec![
                ("table_name".to_string(), s("Sessions")),
                ("region".to_string(), s("ap-southeast-1")),
                ("endpoint".to_string(), s("http://127.0.0.1:8000")),
                ("locking".to_string(), OptionValue::Bool(true)),
            ]
        );
        assert_eq!(
            options_from_save_path("Sessions").unwrap(),
            vec![("table_name".to_string(), s("Sessions"))]
        );
        // The files handler's directory left in php.ini is not a table.
        assert_eq!(
            options_from_save_path("/var/lib/php/sessions").unwrap(),
            vec![]
        );
        assert_eq!(options_from_save_path("").unwrap(), vec![]);
        assert_eq!(options_from_save_path("dynamodb://").unwrap(), vec![]);
        let err = options_from_save_path("dynamodb://t?regoin=x").unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown option 'session.save_path: regoin' (did you mean 'region'?)"
        );
        assert!(options_from_save_path("dynamodb://t?credentials=x").is_err());
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%zz"), "%zz");
        assert_eq!(percent_decode("%aé"), "%aé");
    }

    #[test]
    fn encryption_keys_from_options_directive_or_environment() {
        let k1 = encryption::generate_key().unwrap();
        let k2 = encryption::generate_key().unwrap();
        let id = |text: &str| encryption::DataKey::from_text(text).unwrap().id();
        let array = OptionValue::Array(vec![("0".into(), s(&k1)), ("1".into(), s(&k2))]);
        let config = parse(vec![("encryption_keys", array)]).unwrap();
        assert_eq!(config.table.encryption.key_ids(), vec![id(&k1), id(&k2)]);
        let debug = format!("{config:?}");
        assert!(
            !debug.contains(&k1) && !debug.contains(&k2[..10]),
            "{debug}"
        );
        let config = parse(vec![("encryption_keys", s(&format!("{k2}, {k1}")))]).unwrap();
        assert_eq!(config.table.encryption.key_ids(), vec![id(&k2), id(&k1)]);
        let env_keys = format!("{k1},{k2}");
        let env = |name: &str| (name == KEYS_ENV).then(|| env_keys.clone());
        let config = Config::from_options(&[], &env).unwrap();
        assert_eq!(config.table.encryption.keys.len(), 2);
        let ini_keys = k2.clone();
        let directives =
            |name: &str| (name == "dynamodb_session.encryption_keys").then(|| ini_keys.clone());
        let config = Config::from_sources(&[], &directives, &env).unwrap();
        assert_eq!(config.table.encryption.key_ids(), vec![id(&k2)]);
        // Errors name the key's position, never its text.
        let err = parse(vec![("encryption_keys", s(&format!("{k1},not*base64!")))]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid option 'encryption_keys': key 2 is neither base64 (standard alphabet, with padding) nor 64 hex digits"
        );
        let bad_env = |name: &str| (name == KEYS_ENV).then(|| "c2hvcnQ=".to_string());
        assert_eq!(
            Config::from_options(&[], &bad_env).unwrap_err().to_string(),
            "invalid option '$DYNAMODB_SESSION_ENCRYPTION_KEYS': key 1 is 5 bytes after base64 decoding; a key must be 32 bytes (256 bits)"
        );
        let err = parse(vec![(
            "encryption_keys",
            OptionValue::Array(vec![("0".into(), OptionValue::Int(1))]),
        )])
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "option 'encryption_keys[0]' must be a string (base64 or hex key), int given"
        );
        let err = find_option("encryption_keys")
            .unwrap()
            .validate_ini("c2hvcnQ=")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("invalid option 'dynamodb_session.encryption_keys': key 1 is 5 bytes")
        );
    }

    #[test]
    fn required_and_only_options_need_their_feature() {
        assert_eq!(
            parse(vec![("encryption_required", OptionValue::Bool(true))])
                .unwrap_err()
                .to_string(),
            "invalid option 'encryption_required': needs encryption_keys (or $DYNAMODB_SESSION_ENCRYPTION_KEYS)"
        );
        assert_eq!(
            parse(vec![("hashed_ids_only", OptionValue::Bool(true))])
                .unwrap_err()
                .to_string(),
            "invalid option 'hashed_ids_only': needs hash_ids"
        );
        let config = parse(vec![
            ("hash_ids", OptionValue::Bool(true)),
            ("hashed_ids_only", OptionValue::Bool(true)),
        ])
        .unwrap();
        assert!(config.hash_ids && config.hashed_ids_only);
        let defaults = parse(vec![]).unwrap();
        assert!(!defaults.hash_ids && !defaults.table.encryption.is_on());
    }

    #[test]
    fn every_option_has_a_doc_and_default() {
        for spec in OPTIONS {
            assert!(!spec.doc.is_empty(), "{}", spec.name);
            assert!(!spec.default.is_empty(), "{}", spec.name);
        }
    }
}

#[cfg(test)]
mod readme_tests {
    use super::OPTIONS;

    /// The README's option table is the user's reference: it must list every
    /// option with its directive, the default and meaning the code has.
    #[test]
    fn readme_lists_every_option_as_the_code_defines_it() {
        let readme = include_str!("../../README.md");
        for spec in OPTIONS {
            let directive = if spec.has_ini_directive() {
                format!("`{}`", spec.ini_name())
            } else {
                "-".to_string()
            };
            let row = format!(
                "| `{}` | {} | {} | {} |",
                spec.name, directive, spec.default, spec.doc
            );
            assert!(
                readme.lines().any(|line| line == row),
                "README.md lacks the row:\n{row}"
            );
        }
        // ...and nothing else: no row for an option the code no longer has.
        let table_rows = readme
            .lines()
            .skip_while(|line| *line != "| option | php.ini directive | default | meaning |")
            .skip(2)
            .take_while(|line| line.starts_with('|'))
            .count();
        assert_eq!(table_rows, OPTIONS.len());
    }

    /// The stub's constructor docblock is what IDEs show: same list.
    #[test]
    fn stub_documents_every_option() {
        let stub = include_str!("../../stubs/dynamodb_session.stub.php");
        for spec in OPTIONS {
            let line = format!(
                "     *   - {} (default: {}): {}",
                spec.name, spec.default, spec.doc
            );
            assert!(stub.lines().any(|l| l == line), "stub lacks:\n{line}");
        }
        let documented = stub
            .lines()
            .filter(|l| l.starts_with("     *   - "))
            .count();
        assert_eq!(documented, OPTIONS.len());
    }

    /// The sample php.ini in the repository is generated from the table.
    #[test]
    fn sample_ini_file_is_current() {
        let file = include_str!("../../dynamodb_session.ini");
        assert!(
            file == super::sample_ini(),
            "dynamodb_session.ini is stale: regenerate it with\n  cargo test --release -p dynamodb_session_core -- --ignored write_sample_ini"
        );
    }

    /// Writes `dynamodb_session.ini` from the table (run on purpose).
    #[test]
    #[ignore]
    fn write_sample_ini() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../dynamodb_session.ini");
        std::fs::write(path, super::sample_ini()).unwrap();
    }
}
