--TEST--
session_create_id() inside a locked session keeps the lock: a concurrent request waits and both increments land
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
require __DIR__ . '/lifecycle.inc';
$name = ddb_session_name(__FILE__);
$key = "{$name}_createid";
ddb_put(['id' => ['S' => $key], 'data' => ['S' => 'n|i:0;'], 'expires' => ['N' => (string) (time() + 600)]]);

// Request A (this process) holds the lock and asks for a new id, as the PHP
// manual's safe-regeneration recipe does (PHP calls validateId(new id)).
ddb_start($name, 'createid', ['locking' => true]);
$new = session_create_id();
var_dump(is_string($new) && $new !== 'createid');

// Request B, through the proxy so that its attempts can be counted. Its
// second UpdateItem proves its first found the lock taken (or, without the
// lock, that it has already read and written).
$proxy = fault_proxy_start();
$state = state_dir();
[$b, $log] = lifecycle_worker('increment', $name, 'createid', $state,
    via_proxy($proxy, ['locking' => true, 'max_lock_wait_time' => 30]));
wait_until(fn () => count(seen($proxy)) >= 2, "request B's second attempt");

$_SESSION['n']++;
var_dump(session_write_close());
[$code, $waits] = worker_result($b, $log);
var_dump($code, $waits > 0);
$item = ddb_get($key);
var_dump($item['data']['S'], lock_attributes($item));
ddb_delete($key);
?>
--EXPECT--
bool(true)
bool(true)
int(0)
bool(true)
string(6) "n|i:2;"
array(0) {
}
