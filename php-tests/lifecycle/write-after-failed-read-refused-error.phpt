--TEST--
Laravel-style calls (no open/close): after read() timed out on another request's lock, write() and destroy() are refused and the holder's session survives
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
$key = "{$name}_contended";
$state = state_dir();
[$holder, $log] = lifecycle_worker('hold', $name, 'contended', $state, ddb_options(['locking' => true]));
wait_for_signal($state, 'held');

// As Illuminate\Session\Store does: read() at start, write() at the end even
// when the read failed, never open() or close(). Without open() no session
// name is known: the key is the id itself.
$handler = new DynamoDbSession\SessionHandler(ddb_options(['locking' => true, 'max_lock_wait_time' => 1]));
var_dump($handler->read($key));
var_dump($handler->write($key, 'evil|s:1:"x";'));
var_dump($handler->destroy($key));
var_dump(lock_attributes(ddb_get($key)));

touch("$state/release");
var_dump(worker_result($holder, $log)[0]);
$item = ddb_get($key);
var_dump($item['data']['S'] ?? null, lock_attributes($item));
ddb_delete($key);
?>
--EXPECTF--
Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: could not lock the session within 1.0s (max_lock_wait_time): another request holds it in %s on line %d
bool(false)

Warning: DynamoDbSession\SessionHandler::write(): [dynamodb_session] write failed for session %x: refused: this request could not read the session, so it leaves the stored session unchanged in %s on line %d
bool(false)

Warning: DynamoDbSession\SessionHandler::destroy(): [dynamodb_session] destroy failed for session %x: refused: this request could not read the session, so it leaves the stored session unchanged in %s on line %d
bool(false)
array(3) {
  [0]=>
  string(4) "lock"
  [1]=>
  string(12) "lock_expires"
  [2]=>
  string(10) "lock_owner"
}
int(0)
string(16) "by|s:6:"holder";"
array(0) {
}
