--TEST--
A holder that exits or dies of a fatal error without closing releases the lock at request shutdown: the next request does not wait
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
ddb_put(['id' => ['S' => "{$name}_crash"], 'data' => ['S' => 'n|i:1;'], 'expires' => ['N' => (string) (time() + 600)]]);
foreach (['exit', 'fatal'] as $mode) {
    $state = state_dir();
    [$process, $log] = worker_start($mode, $name, 'crash', $state, ['locking' => true, 'lock_ttl' => 60]);
    wait_for_signal($state, 'held');
    worker_wait($process);
    echo "$mode: ", str_contains(file_get_contents($log), 'Fatal error') ? 'fatal error' : 'clean exit', "\n";
    // The item is as it was, without lock attributes.
    var_dump(ddb_shape(ddb_get("{$name}_crash")));

    $waits = DynamoDbSession\SessionHandler::stats()['lock_waits'];
    $handler = new DynamoDbSession\SessionHandler(ddb_options(['locking' => true, 'max_lock_wait_time' => 0.2]));
    $handler->open('', $name);
    var_dump($handler->read('crash'));
    var_dump(DynamoDbSession\SessionHandler::stats()['lock_waits'] - $waits);
    $handler->close();
}
// A never-stored session locked by a crashed request leaves no item behind.
$state = state_dir();
[$process] = worker_start('fatal', $name, 'neverstored', $state, ['locking' => true]);
wait_for_signal($state, 'held');
worker_wait($process);
var_dump(ddb_get("{$name}_neverstored"));
ddb_delete("{$name}_crash");
?>
--EXPECT--
exit: clean exit
array(3) {
  ["data"]=>
  string(1) "S"
  ["expires"]=>
  string(1) "N"
  ["id"]=>
  string(1) "S"
}
string(6) "n|i:1;"
int(0)
fatal: fatal error
array(3) {
  ["data"]=>
  string(1) "S"
  ["expires"]=>
  string(1) "N"
  ["id"]=>
  string(1) "S"
}
string(6) "n|i:1;"
int(0)
NULL
