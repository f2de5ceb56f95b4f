--TEST--
A contender fails session_start() after max_lock_wait_time with a warning, never proceeds unlocked; the holder's write lands
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
$state = state_dir();
[$holder] = worker_start('hold', $name, 'contended', $state, ['locking' => true]);
wait_for_signal($state, 'held');
// SDK handlers check the same attribute: they see our lock too.
var_dump(ddb_get("{$name}_contended")['lock']);

$handler = new DynamoDbSession\SessionHandler(ddb_options(['locking' => true, 'max_lock_wait_time' => 1]));
session_set_save_handler($handler, true);
session_name($name);
session_id('contended');
$start = microtime(true);
var_dump(session_start());
var_dump(microtime(true) - $start >= 1.0);
var_dump(DynamoDbSession\SessionHandler::stats()['lock_waits'] > 0);

touch("$state/release");
var_dump(worker_wait($holder));
$item = ddb_get("{$name}_contended");
var_dump($item['data']['S'], isset($item['lock']));
ddb_delete("{$name}_contended");
?>
--EXPECTF--
array(1) {
  ["N"]=>
  string(1) "1"
}

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: could not lock the session within 1.0s (max_lock_wait_time): another request holds it in %s on line %d

Warning: session_start(): Failed to read session data: user (path: %s) in %s on line %d
bool(false)
bool(true)
bool(true)
int(0)
string(16) "by|s:6:"holder";"
bool(false)
