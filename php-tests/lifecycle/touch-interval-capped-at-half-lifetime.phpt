--TEST--
touch_interval at or above the session lifetime is capped at half the lifetime: an active unchanged session is touched before it expires
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
$key = "{$name}_touch";
$options = ['locking' => true, 'session_lifetime' => 100, 'touch_interval' => 200];

// Last written 60 s ago (lifetime 100): past half the lifetime, so touched.
ddb_put(['id' => ['S' => $key], 'data' => ['S' => 'n|i:1;'], 'expires' => ['N' => (string) (time() + 40)]]);
$before = DynamoDbSession\SessionHandler::stats();
ddb_start($name, 'touch', $options);
$start = time();
session_write_close();
$after = DynamoDbSession\SessionHandler::stats();
$item = ddb_get($key);
printf("touches %d, writes %d\n", $after['touches'] - $before['touches'], $after['writes'] - $before['writes']);
var_dump($item['data']['S'], (int) $item['expires']['N'] >= $start + 100, (int) $item['expires']['N'] <= time() + 100, lock_attributes($item));

// Last written 10 s ago: not due yet, the expiry stays.
$expires = time() + 90;
ddb_put(['id' => ['S' => $key], 'data' => ['S' => 'n|i:1;'], 'expires' => ['N' => (string) $expires]]);
$before = DynamoDbSession\SessionHandler::stats();
ddb_start($name, 'touch', $options);
session_write_close();
$after = DynamoDbSession\SessionHandler::stats();
printf("touches %d, writes %d\n", $after['touches'] - $before['touches'], $after['writes'] - $before['writes']);
var_dump((int) ddb_get($key)['expires']['N'] === $expires);
ddb_delete($key);
?>
--EXPECT--
touches 1, writes 0
string(6) "n|i:1;"
bool(true)
bool(true)
array(0) {
}
touches 0, writes 0
bool(true)
