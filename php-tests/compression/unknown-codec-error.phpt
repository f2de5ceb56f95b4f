--TEST--
Compressed data this version cannot decode fails the read and is left unchanged, with locking off and on
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
$key = "{$name}_future";
// With locking the read is the acquire: it must leave no lock behind either
// (lifecycle/undecodable-item-left-unchanged-error.phpt adds strict mode).
foreach ([false, true] as $locking) {
    echo '-- locking ', $locking ? 'on' : 'off', "\n";
    // As a newer version with another codec (byte 7) might have written it.
    $future = ['id' => ['S' => $key], 'data' => ['B' => base64_encode("\xFFDSC\x07payload")], 'expires' => ['N' => (string) (time() + 600)]];
    ddb_put($future);
    $handler = new DynamoDbSession\SessionHandler(ddb_options(['locking' => $locking]));
    session_set_save_handler($handler, true);
    session_name($name);
    session_id('future');
    var_dump(session_start());
    $_SESSION['x'] = 1;
    var_dump(@session_write_close());
    var_dump(ddb_get($key) == $future);

    // A corrupt zstd body fails the same way.
    $corrupt = ['id' => ['S' => $key], 'data' => ['B' => base64_encode("\xFFDSC\x01not zstd")], 'expires' => ['N' => (string) (time() + 600)]];
    ddb_put($corrupt);
    session_id('future');
    var_dump(session_start());
    var_dump(ddb_get($key) == $corrupt);
    ddb_delete($key);
}
?>
--EXPECTF--
-- locking off

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: the stored session cannot be read (attribute 'data': compressed with codec 7, which this version of dynamodb_session does not know); it was left unchanged in %s on line %d

Warning: session_start(): Failed to read session data: user (path: %s) in %s on line %d
bool(false)
bool(false)
bool(true)

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: the stored session cannot be read (attribute 'data': corrupt zstd data: %s); it was left unchanged in %s on line %d

Warning: session_start(): Failed to read session data: user (path: %s) in %s on line %d
bool(false)
bool(true)
-- locking on

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: the stored session cannot be read (attribute 'data': compressed with codec 7, which this version of dynamodb_session does not know); it was left unchanged in %s on line %d

Warning: session_start(): Failed to read session data: user (path: %s) in %s on line %d
bool(false)
bool(false)
bool(true)

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: the stored session cannot be read (attribute 'data': corrupt zstd data: %s); it was left unchanged in %s on line %d

Warning: session_start(): Failed to read session data: user (path: %s) in %s on line %d
bool(false)
bool(true)
