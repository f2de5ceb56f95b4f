--TEST--
An unreachable or silent backend fails session_start() within operation_timeout, with a warning, and nothing is written, with locking off and on
--EXTENSIONS--
dynamodb_session
--SKIPIF--
<?php require __DIR__ . '/../skipif.inc'; ?>
--INI--
session.use_cookies=0
session.cache_limiter=
session.gc_maxlifetime=1440
--FILE--
<?php
require __DIR__ . '/../config.inc';
$name = ddb_session_name(__FILE__);
// With locking the read is the acquiring UpdateItem; it fails the same way.
foreach ([false, true] as $locking) {
    echo '-- locking ', $locking ? 'on' : 'off', "\n";
    // Connection refused: a port nobody listens on.
    $probe = stream_socket_server('tcp://127.0.0.1:0');
    $closedPort = (int) substr(strrchr(stream_socket_get_name($probe, false), ':'), 1);
    fclose($probe);
    $handler = new DynamoDbSession\SessionHandler(ddb_options([
        'endpoint' => "http://127.0.0.1:$closedPort", 'operation_timeout' => 2.0, 'max_attempts' => 2, 'locking' => $locking,
    ]));
    session_set_save_handler($handler, true);
    session_name($name);
    session_id('unreachable');
    $start = microtime(true);
    var_dump(session_start());
    $elapsed = microtime(true) - $start;
    var_dump($elapsed < 2.5);

    // A server that accepts connections and never answers: bounded by operation_timeout.
    $silent = stream_socket_server('tcp://127.0.0.1:0');
    $silentPort = (int) substr(strrchr(stream_socket_get_name($silent, false), ':'), 1);
    $handler = new DynamoDbSession\SessionHandler(ddb_options([
        'endpoint' => "http://127.0.0.1:$silentPort", 'operation_timeout' => 1.5, 'locking' => $locking,
    ]));
    session_set_save_handler($handler, true);
    session_id('unreachable');
    $start = microtime(true);
    var_dump(session_start());
    $elapsed = microtime(true) - $start;
    // With locking, the maybe-taken lock is released at request end (after
    // the response), not by the close() after the failed read.
    var_dump($elapsed >= 1.0 && $elapsed < 3.0);
    var_dump(ddb_get("{$name}_unreachable"));
}
?>
--EXPECTF--
-- locking off

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: GetItem: dispatch failure: %s in %s on line %d

Warning: session_start(): Failed to read session data: user (path: %s) in %s on line %d
bool(false)
bool(true)

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: GetItem: timed out after 1.5s (operation_timeout) in %s on line %d

Warning: session_start(): Failed to read session data: user (path: %s) in %s on line %d
bool(false)
bool(true)
NULL
-- locking on

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: UpdateItem: dispatch failure: %s in %s on line %d

Warning: session_start(): Failed to read session data: user (path: %s) in %s on line %d
bool(false)
bool(true)

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: UpdateItem: timed out after 1.5s (operation_timeout) in %s on line %d

Warning: session_start(): Failed to read session data: user (path: %s) in %s on line %d
bool(false)
bool(true)
NULL
