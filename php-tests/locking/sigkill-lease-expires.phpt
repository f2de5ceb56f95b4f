--TEST--
A holder killed with SIGKILL (no shutdown at all) delays the next request by its lease (lock_ttl), not forever
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
ddb_put(['id' => ['S' => "{$name}_killed"], 'data' => ['S' => 'n|i:1;'], 'expires' => ['N' => (string) (time() + 600)]]);
$state = state_dir();
[$process] = worker_start('hang', $name, 'killed', $state, ['locking' => true, 'lock_ttl' => 2]);
wait_for_signal($state, 'held');
$killedAt = microtime(true);
proc_terminate($process, SIGKILL);
worker_wait($process);

$handler = new DynamoDbSession\SessionHandler(ddb_options(['locking' => true, 'max_lock_wait_time' => 10]));
$handler->open('', $name);
var_dump($handler->read('killed'));
$waited = microtime(true) - $killedAt;
// Lease of 2 s (taken before the kill) plus at most one retry pause.
var_dump($waited > 0.5 && $waited < 2.0 + 0.05 + 0.5);
var_dump(DynamoDbSession\SessionHandler::stats()['lock_waits'] > 0);
var_dump($handler->write('killed', 'n|i:2;'));
var_dump(ddb_shape(ddb_get("{$name}_killed")), ddb_get("{$name}_killed")['data']['S']);
ddb_delete("{$name}_killed");
?>
--EXPECT--
string(6) "n|i:1;"
bool(true)
bool(true)
bool(true)
array(3) {
  ["data"]=>
  string(1) "S"
  ["expires"]=>
  string(1) "N"
  ["id"]=>
  string(1) "S"
}
string(6) "n|i:2;"
