--TEST--
A lock left by the AWS SDK handler (lock without a lease) on an expired session is free: a locked request gets in at once and reads an empty session
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
$key = "{$name}_sdkexpired";
// An SDK request crashed while holding the lock; the session has expired since.
// (A live SDK-locked session is still respected: locking/sdk-lock-interop.phpt.)
ddb_put(['id' => ['S' => $key], 'data' => ['S' => 'n|i:5;'], 'expires' => ['N' => (string) (time() - 10)], 'lock' => ['N' => '1']]);

$before = DynamoDbSession\SessionHandler::stats();
ddb_start($name, 'sdkexpired', ['locking' => true, 'max_lock_wait_time' => 0.5]);
var_dump(session_status() === PHP_SESSION_ACTIVE, $_SESSION);
var_dump(stats_since($before, 'lock_waits'));
$_SESSION['n'] = 1;
var_dump(session_write_close());
$item = ddb_get($key);
var_dump($item['data']['S'] ?? null, lock_attributes($item), (int) ($item['expires']['N'] ?? 0) > time());
ddb_delete($key);
?>
--EXPECT--
bool(true)
array(0) {
}
array(1) {
  ["lock_waits"]=>
  int(0)
}
bool(true)
string(6) "n|i:1;"
array(0) {
}
bool(true)
