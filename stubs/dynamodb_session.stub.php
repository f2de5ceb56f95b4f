<?php
// Stubs for IDEs and static analysis: the API of the dynamodb_session
// extension. php-tests/class/stub-matches-extension.phpt fails when this file
// and the loaded extension disagree.

namespace DynamoDbSession;

/**
 * Thrown by the constructor for an unknown option or a value of the wrong type.
 */
class ConfigurationException extends \InvalidArgumentException
{
}

/**
 * Thrown by createTable() and garbageCollect() when DynamoDB refuses or fails.
 * The session callbacks never throw: they warn and return false.
 */
class StoreException extends \RuntimeException
{
}

/**
 * Session handler storing PHP sessions in Amazon DynamoDB, compatible with the
 * items of Aws\DynamoDb\SessionHandler (AWS SDK for PHP 3.x).
 *
 * ```php
 * $handler = new \DynamoDbSession\SessionHandler(['table_name' => 'sessions']);
 * session_set_save_handler($handler, true);
 * ```
 */
class SessionHandler implements \SessionHandlerInterface, \SessionIdInterface, \SessionUpdateTimestampHandlerInterface
{
    /**
     * @param array<string, mixed>|null $options All optional; null values count as not given:
     *   - table_name (default: sessions (or $DYNAMODB_SESSION_TABLE_NAME)): DynamoDB table holding the sessions.
     *   - hash_key (default: id): Name of the table's partition key (type S).
     *   - data_attribute (default: data): Attribute holding the serialized session.
     *   - data_attribute_type (default: string): Store data as S (`string`, SDK default) or B (`binary`: any bytes, e.g. igbinary). Reads accept both.
     *   - session_lifetime (default: session.gc_maxlifetime): Seconds a session lives after its last write or touch.
     *   - session_lifetime_attribute (default: expires): Attribute holding the expiry (unix seconds, type N); enable TTL on it.
     *   - consistent_read (default: true): Use strongly consistent reads.
     *   - locking (default: false): Pessimistic session locking: one request at a time per session (see Locking).
     *   - lock_ttl (default: 30): Lease of a session lock in wall-clock seconds, renewed while its request lives: a crashed holder's lock expires after this.
     *   - max_lock_wait_time (default: 10): Longest wait for a session lock, in seconds.
     *   - min_lock_retry_microtime (default: 10000): Shortest pause between lock attempts, in microseconds.
     *   - max_lock_retry_microtime (default: 50000): Longest pause between lock attempts, in microseconds.
     *   - batch_config (default: []): Accepted for SDK compatibility (garbage collection batching).
     *   - compression (default: none): `zstd`: store data of at least `compression_threshold` bytes compressed (type B, self-describing header; reads detect it whatever this says). Compressed items cannot be read by the SDK's handler.
     *   - compression_threshold (default: 1024): Smallest data, in bytes, that `compression` compresses (DynamoDB bills writes per 1 KB).
     *   - hash_ids (default: false): Store the session under a SHA-256 of its id (`<name>_h1.<hash>`), so the table holds no usable id. Reads fall back to the plain-id key until `hashed_ids_only`; the next write moves the session. Hashed items cannot be read by the SDK's handler.
     *   - hashed_ids_only (default: false): With `hash_ids`: the migration is over; plain-id keys are neither read nor deleted.
     *   - encryption_keys (default: $DYNAMODB_SESSION_ENCRYPTION_KEYS): 256-bit keys, base64 or 64 hex digits (an array, or comma-separated): data is stored encrypted (AES-256-GCM, the item key as associated data) with the first key; every key decrypts. `SessionHandler::generateEncryptionKey()` makes one. Encrypted items cannot be read by the SDK's handler.
     *   - encryption_required (default: false): Refuse to read sessions stored unencrypted (fail closed), once every item was rewritten encrypted; needs `encryption_keys`.
     *   - touch_interval (default: 60): An unchanged session's expiry is rewritten only when it would move by more than this many seconds (at most half the session lifetime); 0 rewrites it on every request, as the SDK does.
     *   - read_capacity_units (default: 0 (on-demand)): createTable(): provisioned read capacity; 0 creates an on-demand (PAY_PER_REQUEST) table.
     *   - write_capacity_units (default: 0 (on-demand)): createTable(): provisioned write capacity; set together with read_capacity_units.
     *   - gc_segments (default: 4): garbageCollect(): parallel Scan segments.
     *   - gc_timeout (default: 300): garbageCollect(): longest run, in seconds.
     *   - region (default: $AWS_REGION, then the AWS config chain): AWS region.
     *   - endpoint (default: $AWS_ENDPOINT_URL_DYNAMODB, $AWS_ENDPOINT_URL, $DYNAMODB_ENDPOINT_URL): Endpoint URL, e.g. http://localhost:8000 for DynamoDB Local or LocalStack.
     *   - ca_bundle (default: the system's root certificates): PEM file of additional CA certificates to trust (a private endpoint); certificates are always verified.
     *   - credentials (default: the AWS credential chain): Static credentials `['key' => ..., 'secret' => ..., 'token' => ...]`; otherwise env, profile, web identity, ECS and EC2 instance credentials.
     *   - connect_timeout (default: 1.0): Seconds to wait for a TCP/TLS connection.
     *   - operation_timeout (default: 5.0): Seconds one handler call may take, retries included.
     *   - max_attempts (default: 3): Attempts per DynamoDB request (standard retry mode with jittered backoff).
     * @throws ConfigurationException on an unknown option or a wrong type
     */
    public function __construct(?array $options = null) {}

    /** Starts a session cycle. Performs no I/O. */
    public function open(string $path, string $name): bool {}

    /** Ends a session cycle. */
    public function close(): bool {}

    /**
     * The session data, '' for a missing or expired session, false (with a warning)
     * when DynamoDB could not be read: session_start() then fails and nothing is overwritten.
     */
    public function read(string $id): string|false {}

    /** Stores the session data; false with a warning on failure. */
    public function write(string $id, string $data): bool {}

    /** Deletes the session; succeeds when it does not exist. */
    public function destroy(string $id): bool {}

    /** Expired sessions are removed by DynamoDB TTL: always 0. */
    public function gc(int $max_lifetime): int {}

    /** A new session id from the system CSPRNG in PHP's configured format. */
    public function create_sid(): string {}

    /** Whether a live session with this id exists (session.use_strict_mode); the read is reused. */
    public function validateId(string $id): bool {}

    /** Unchanged data: refreshes the expiry when touch_interval says it is due. */
    public function updateTimestamp(string $id, string $data): bool {}

    /**
     * Creates the sessions table if it does not exist (on-demand unless read_capacity_units and
     * write_capacity_units are set), waits until it is ACTIVE and enables TTL on the expiry
     * attribute. Idempotent. Takes the constructor's options.
     *
     * @param array<string, mixed>|null $options
     * @throws ConfigurationException on invalid options
     * @throws StoreException when the table cannot be created or has another key schema
     */
    public static function createTable(?array $options = null): bool {}

    /**
     * Deletes expired, unlocked sessions (parallel Scan, then a DeleteItem per item that is
     * still expired and unlocked) and returns how many. For tables without TTL; TTL deletes
     * expired items for free.
     *
     * @throws StoreException when the scan or the deletes fail
     */
    public function garbageCollect(): int {}

    /**
     * A new random 256-bit key for the encryption_keys option, base64:
     * php -r 'echo DynamoDbSession\SessionHandler::generateEncryptionKey(), "\n";'
     *
     * @throws \RuntimeException when the system's random number generator fails
     */
    public static function generateEncryptionKey(): string {}

    /**
     * Counters of this worker process, for cost and health.
     *
     * @return array<string, int|float> reads, writes, touches, touches_skipped, get_item,
     *                                  update_item, delete_item, reads_without_request,
     *                                  ids_migrated, lock_waits, locks_lost, retries, throttles, errors,
     *                                  bytes_read, bytes_written, connections_opened,
     *                                  clients_built, read_capacity_units (float),
     *                                  write_capacity_units (float)
     */
    public static function stats(): array {}

    /**
     * Ends the request for every handler in this process: releases every session lock still
     * held and makes handler objects forget the request. Request shutdown does this by
     * itself; long-running workers (Laravel Octane, RoadRunner)
     * call it after each request, from the framework's terminate hook.
     *
     * @return int how many locks were released
     */
    public static function endRequest(): int {}
}
