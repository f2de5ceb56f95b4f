--TEST--
A locked write applied by DynamoDB whose answer was lost, then retried by the SDK, succeeds without a warning and stores the new data
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
require __DIR__ . '/lifecycle.inc';
$name = ddb_session_name(__FILE__);
$key = "{$name}_retried";
ddb_put(['id' => ['S' => $key], 'data' => ['S' => 'n|i:1;'], 'expires' => ['N' => (string) (time() + 600)]]);
$proxy = fault_proxy_start();

$handler = new DynamoDbSession\SessionHandler(via_proxy($proxy, ['locking' => true, 'max_attempts' => 3]));
$handler->open('', $name);
var_dump($handler->read('retried'));
$before = DynamoDbSession\SessionHandler::stats();
// The first attempt of the write (which releases the lock) is applied, its
// answer cut; the SDK retries it.
faults($proxy, 'close-mid 1');
var_dump($handler->write('retried', 'n|i:2;'));
var_dump(seen($proxy));
var_dump(stats_since($before, 'locks_lost'));
var_dump($handler->close());
$item = ddb_get($key);
var_dump($item['data']['S'], lock_attributes($item));

// The same for a plain release (data unchanged, expiry fresh).
$handler->open('', $name);
var_dump($handler->read('retried'));
$before = DynamoDbSession\SessionHandler::stats();
faults($proxy, 'close-mid 1');
var_dump($handler->updateTimestamp('retried', 'n|i:2;'), $handler->close());
var_dump(count(seen($proxy)), stats_since($before, 'locks_lost'));
$item = ddb_get($key);
var_dump($item['data']['S'], lock_attributes($item));
ddb_delete($key);
?>
--EXPECT--
string(6) "n|i:1;"
bool(true)
array(2) {
  [0]=>
  string(10) "UpdateItem"
  [1]=>
  string(10) "UpdateItem"
}
array(1) {
  ["locks_lost"]=>
  int(0)
}
bool(true)
string(6) "n|i:2;"
array(0) {
}
string(6) "n|i:2;"
bool(true)
bool(true)
int(2)
array(1) {
  ["locks_lost"]=>
  int(0)
}
string(6) "n|i:2;"
array(0) {
}
