--TEST--
An item locked by the SDK handler (lock = 1, no lease) is respected: we wait, fail closed, and get it once the SDK releases it
--EXTENSIONS--
dynamodb_session
--SKIPIF--
<?php
require __DIR__ . '/../skipif.inc';
if (!getenv('DYNAMODB_SESSION_EXTENSION')) die('skip DYNAMODB_SESSION_EXTENSION (the .so path) is not set; ./scripts/phpt sets it');
?>
--INI--
session.use_cookies=0
session.cache_limiter=
session.gc_maxlifetime=1440
--FILE--
<?php
require __DIR__ . '/locking.inc';
$name = ddb_session_name(__FILE__);
ddb_put(['id' => ['S' => "{$name}_sdklocked"], 'data' => ['S' => 'n|i:5;'], 'expires' => ['N' => (string) (time() + 600)], 'lock' => ['N' => '1']]);

$handler = new DynamoDbSession\SessionHandler(ddb_options(['locking' => true, 'max_lock_wait_time' => 0.3]));
$handler->open('', $name);
var_dump($handler->read('sdklocked'));
$handler->close();

// The SDK handler's write removes its lock.
ddb_call('UpdateItem', ['TableName' => DDB_TEST_TABLE, 'Key' => ['id' => ['S' => "{$name}_sdklocked"]],
    'UpdateExpression' => 'REMOVE #l', 'ExpressionAttributeNames' => ['#l' => 'lock']]);
$handler->open('', $name);
var_dump($handler->read('sdklocked'));
var_dump($handler->write('sdklocked', 'n|i:6;'));
var_dump(ddb_shape(ddb_get("{$name}_sdklocked")));
ddb_delete("{$name}_sdklocked");
?>
--EXPECTF--
Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: could not lock the session within 0.%ds (max_lock_wait_time): another request holds it in %s on line %d
bool(false)
string(6) "n|i:5;"
bool(true)
array(3) {
  ["data"]=>
  string(1) "S"
  ["expires"]=>
  string(1) "N"
  ["id"]=>
  string(1) "S"
}
