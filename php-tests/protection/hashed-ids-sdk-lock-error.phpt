--TEST--
hash_ids with locking: a plain-id item an SDK handler holds locked is waited for (fail closed after max_lock_wait_time), never read past nor deleted
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
require __DIR__ . '/protection.inc';
$name = ddb_session_name(__FILE__);
$sdk = ['id' => ['S' => "{$name}_held"], 'data' => ['S' => 'n|i:1;'], 'expires' => ['N' => (string) (time() + 600)], 'lock' => ['N' => '1']];
ddb_put($sdk);
$options = ['hash_ids' => true, 'locking' => true, 'max_lock_wait_time' => 0.3];
$started = microtime(true);
var_dump(start($name, 'held', $options));
var_dump(microtime(true) - $started >= 0.3);
$_SESSION['n'] = 2;
var_dump(@session_write_close(), ddb_get("{$name}_held") == $sdk);
// Released by the SDK handler: read, then moved.
unset($sdk['lock']);
ddb_put($sdk);
var_dump(start($name, 'held', $options), $_SESSION);
$_SESSION['n'] = 2;
session_write_close();
var_dump(ddb_get("{$name}_held"), ddb_get(hashed_key($name, 'held'))['data']['S']);
ddb_delete(hashed_key($name, 'held'));
?>
--EXPECTF--
Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: could not lock the session within %fs (max_lock_wait_time): another request holds it in %s on line %d

Warning: session_start(): Failed to read session data: user (path: %s) in %s on line %d
bool(false)
bool(true)
bool(false)
bool(true)
bool(true)
array(1) {
  ["n"]=>
  int(1)
}
NULL
string(6) "n|i:2;"
