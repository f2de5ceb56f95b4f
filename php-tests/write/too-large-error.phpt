--TEST--
Data over DynamoDB's 400 KB item limit fails the write with a clear warning and leaves the stored session intact, with locking off and on
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
    $id = 'large';
    ddb_start($name, $id, ['locking' => $locking]);
    $_SESSION['small'] = 'kept';
    session_write_close();

    ddb_start($name, $id, ['locking' => $locking]);
    $_SESSION['big'] = str_repeat('x', 400 * 1024);
    var_dump(session_write_close());
    var_dump(ddb_get("{$name}_$id")['data']['S'], lock_attributes(ddb_get("{$name}_$id")));

    // Just under the limit is stored.
    $_SESSION = [];
    ddb_start($name, $id, ['locking' => $locking]);
    $_SESSION = ['big' => str_repeat('y', 400 * 1024 - 200)];
    var_dump(session_write_close());
    var_dump(strlen(ddb_get("{$name}_$id")['data']['S']), lock_attributes(ddb_get("{$name}_$id")));
    ddb_delete("{$name}_$id");
}
?>
--EXPECTF--
-- locking off

Warning: DynamoDbSession\SessionHandler::write(): [dynamodb_session] write failed for session %x: session data of 409633 bytes makes an item of 409739 bytes, over DynamoDB's limit of 409600 bytes; the stored session was left unchanged in %s on line %d

Warning: session_write_close(): Failed to write session data using user defined save handler. (session.save_path: %s, handler: DynamoDbSession\SessionHandler::write) in %s on line %d
bool(true)
string(17) "small|s:4:"kept";"
array(0) {
}
bool(true)
int(409416)
array(0) {
}
-- locking on

Warning: DynamoDbSession\SessionHandler::write(): [dynamodb_session] write failed for session %x: session data of 409633 bytes makes an item of 409739 bytes, over DynamoDB's limit of 409600 bytes; the stored session was left unchanged in %s on line %d

Warning: session_write_close(): Failed to write session data using user defined save handler. (session.save_path: %s, handler: DynamoDbSession\SessionHandler::write) in %s on line %d
bool(true)
string(17) "small|s:4:"kept";"
array(0) {
}
bool(true)
int(409416)
array(0) {
}
