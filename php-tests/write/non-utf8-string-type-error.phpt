--TEST--
Non-UTF-8 data with data_attribute_type string fails with an error naming the fix; the stored session is kept, with locking off and on
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
    ddb_start($name, 'latin1', ['locking' => $locking]);
    $_SESSION['name'] = 'ok';
    session_write_close();

    ddb_start($name, 'latin1', ['locking' => $locking]);
    $_SESSION['name'] = "Jos\xe9";
    var_dump(session_write_close());
    var_dump(ddb_get("{$name}_latin1")['data']['S'], lock_attributes(ddb_get("{$name}_latin1")));
    ddb_delete("{$name}_latin1");
}
?>
--EXPECTF--
-- locking off

Warning: DynamoDbSession\SessionHandler::write(): [dynamodb_session] write failed for session %x: session data is not valid UTF-8, which DynamoDB requires for data_attribute_type 'string'; set 'data_attribute_type' => 'binary' to store any bytes (igbinary, msgpack) in %s on line %d

Warning: session_write_close(): Failed to write session data using user defined save handler. (session.save_path: %s, handler: DynamoDbSession\SessionHandler::write) in %s on line %d
bool(true)
string(14) "name|s:2:"ok";"
array(0) {
}
-- locking on

Warning: DynamoDbSession\SessionHandler::write(): [dynamodb_session] write failed for session %x: session data is not valid UTF-8, which DynamoDB requires for data_attribute_type 'string'; set 'data_attribute_type' => 'binary' to store any bytes (igbinary, msgpack) in %s on line %d

Warning: session_write_close(): Failed to write session data using user defined save handler. (session.save_path: %s, handler: DynamoDbSession\SessionHandler::write) in %s on line %d
bool(true)
string(14) "name|s:2:"ok";"
array(0) {
}
