--TEST--
Unchanged data never rewrites the data attribute; the expiry is refreshed only when touch_interval says it is due
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
$key = "{$name}_lazy";
$lifetime = 1440;

// Stored expiry fresh (10 s old): nothing is written at all.
ddb_put(['id' => ['S' => $key], 'data' => ['S' => 'n|i:1;'], 'expires' => ['N' => (string) (time() + $lifetime - 10)]]);
$stored = ddb_get($key);
$before = DynamoDbSession\SessionHandler::stats();
ddb_start($name, 'lazy');
session_write_close();
var_dump(ddb_requests_since($before));
var_dump(ddb_get($key) === $stored);

// Stored expiry 120 s old, touch_interval 60: one UpdateItem of the expiry only.
// The data is changed behind the handler's back to prove it is not rewritten.
ddb_put(['id' => ['S' => $key], 'data' => ['S' => 'n|i:1;'], 'expires' => ['N' => (string) (time() + $lifetime - 120)]]);
$before = DynamoDbSession\SessionHandler::stats();
ddb_start($name, 'lazy');
ddb_put(['id' => ['S' => $key], 'data' => ['S' => 'n|i:2;'], 'expires' => ['N' => (string) (time() + $lifetime - 120)]]);
$start = time();
session_write_close();
var_dump(ddb_requests_since($before));
$after = DynamoDbSession\SessionHandler::stats();
printf("touches %d, writes %d, bytes written %d\n", $after['touches'] - $before['touches'],
    $after['writes'] - $before['writes'], $after['bytes_written'] - $before['bytes_written']);
$item = ddb_get($key);
var_dump($item['data']['S']);
var_dump((int) $item['expires']['N'] >= $start + $lifetime);

// touch_interval 0 refreshes the expiry on every request, as the SDK does.
ddb_put(['id' => ['S' => $key], 'data' => ['S' => 'n|i:1;'], 'expires' => ['N' => (string) (time() + $lifetime - 1)]]);
$before = DynamoDbSession\SessionHandler::stats();
ddb_start($name, 'lazy', ['touch_interval' => 0]);
session_write_close();
var_dump(ddb_requests_since($before)['update_item']);

// With lazy_write off PHP calls write() with unchanged data: same savings.
ini_set('session.lazy_write', '0');
ddb_put(['id' => ['S' => $key], 'data' => ['S' => 'n|i:1;'], 'expires' => ['N' => (string) (time() + $lifetime - 10)]]);
$before = DynamoDbSession\SessionHandler::stats();
ddb_start($name, 'lazy');
session_write_close();
var_dump(ddb_requests_since($before)['update_item']);
ddb_delete($key);
?>
--EXPECT--
array(3) {
  ["get_item"]=>
  int(1)
  ["update_item"]=>
  int(0)
  ["delete_item"]=>
  int(0)
}
bool(true)
array(3) {
  ["get_item"]=>
  int(1)
  ["update_item"]=>
  int(1)
  ["delete_item"]=>
  int(0)
}
touches 1, writes 0, bytes written 0
string(6) "n|i:2;"
bool(true)
int(1)
int(0)
