--TEST--
A lock acquire applied by DynamoDB but whose answer was lost fails the read and is released at request end (not by close(), which would slow the failing request): the next request does not wait
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
$key = "{$name}_lostacquire";
ddb_put(['id' => ['S' => $key], 'data' => ['S' => 'n|i:1;'], 'expires' => ['N' => (string) (time() + 600)]]);
$proxy = fault_proxy_start();

// One attempt per request: the acquiring UpdateItem is applied, its answer cut.
$handler = new DynamoDbSession\SessionHandler(via_proxy($proxy, ['locking' => true, 'max_attempts' => 1, 'lock_ttl' => 60]));
$handler->open('', $name);
faults($proxy, 'close-mid 1');
var_dump($handler->read('lostacquire'));
var_dump(seen($proxy));
// DynamoDB applied it: the lock is there.
var_dump(lock_attributes(ddb_get($key)));
var_dump($handler->close());
// Released at request end (after the response, so the failing request is not
// slowed further): endRequest() is that end here.
var_dump(DynamoDbSession\SessionHandler::endRequest());
var_dump(lock_attributes(ddb_get($key)));

// The next request gets in at once.
$before = DynamoDbSession\SessionHandler::stats();
$next = new DynamoDbSession\SessionHandler(ddb_options(['locking' => true, 'max_lock_wait_time' => 0.5]));
$next->open('', $name);
var_dump($next->read('lostacquire'));
var_dump(stats_since($before, 'lock_waits'));
var_dump($next->close());
$item = ddb_get($key);
var_dump($item['data']['S'], lock_attributes($item));
ddb_delete($key);
?>
--EXPECTF--
Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: UpdateItem: %s in %s on line %d
bool(false)
array(1) {
  [0]=>
  string(10) "UpdateItem"
}
array(3) {
  [0]=>
  string(4) "lock"
  [1]=>
  string(12) "lock_expires"
  [2]=>
  string(10) "lock_owner"
}
bool(true)
int(1)
array(0) {
}
string(6) "n|i:1;"
array(1) {
  ["lock_waits"]=>
  int(0)
}
bool(true)
string(6) "n|i:1;"
array(0) {
}
