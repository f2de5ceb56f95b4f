--TEST--
A failed read fails session_start() with a warning (AWS error code, no session id) and the stored session is never overwritten, with locking off and on
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
require __DIR__ . '/../lifecycle/lifecycle.inc';
$name = ddb_session_name(__FILE__);
foreach ([false, true] as $locking) {
    echo '-- locking ', $locking ? 'on' : 'off', "\n";
    $_SESSION = [];
    ddb_start($name, 'precious', ['locking' => $locking]);
    $_SESSION['balance'] = 100;
    session_write_close();
    $stored = ddb_get("{$name}_precious");

    // A table that does not exist: DynamoDB answers ResourceNotFoundException
    // (to the GetItem; with locking, to the acquiring UpdateItem).
    $_SESSION = [];
    $handler = new DynamoDbSession\SessionHandler(ddb_options(['table_name' => 'no_such_table_' . $name, 'locking' => $locking]));
    session_set_save_handler($handler, true);
    session_id('precious');
    var_dump(session_start());
    var_dump($_SESSION, session_status() === PHP_SESSION_NONE);
    // Nothing can be written for a session that did not start.
    $_SESSION['balance'] = 0;
    var_dump(@session_write_close());
    $item = ddb_get("{$name}_precious");
    var_dump($item['data']['S'], $item == $stored, lock_attributes($item));
    ddb_delete("{$name}_precious");
}
?>
--EXPECTF--
-- locking off

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: GetItem: ResourceNotFoundException: %s in %s on line %d

Warning: session_start(): Failed to read session data: user (path: %s) in %s on line %d
bool(false)
array(0) {
}
bool(true)
bool(false)
string(14) "balance|i:100;"
bool(true)
array(0) {
}
-- locking on

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: UpdateItem: ResourceNotFoundException: %s in %s on line %d

Warning: session_start(): Failed to read session data: user (path: %s) in %s on line %d
bool(false)
array(0) {
}
bool(true)
bool(false)
string(14) "balance|i:100;"
bool(true)
array(0) {
}
