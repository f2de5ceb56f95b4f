--TEST--
A lock lease is wall-clock (its default does not come from max_execution_time) and is renewed while its request lives: a waiting holder keeps its lock
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

/** A holder in another process; this process contends for $wait seconds. */
function contend(string $name, string $id, array $holderOptions, array $holderIni, float $wait): void
{
    $state = state_dir();
    [$holder, $log] = lifecycle_worker('hold', $name, $id, $state, ddb_options($holderOptions), $holderIni);
    wait_for_signal($state, 'held');
    // The holder now waits for 'release' (wall-clock time, almost no CPU time).
    $handler = new DynamoDbSession\SessionHandler(ddb_options(['locking' => true, 'max_lock_wait_time' => $wait]));
    $handler->open('', $name);
    var_dump($handler->read($id));
    $handler->close();
    touch("$state/release");
    var_dump(worker_result($holder, $log)[0]);
    $item = ddb_get("{$name}_$id");
    var_dump($item['data']['S'] ?? null, lock_attributes($item));
    ddb_delete("{$name}_$id");
}

// max_execution_time=1 counts CPU time on Linux: it says nothing about how
// long a request may wait on I/O, so it must not shorten the lease.
contend($name, 'cputime', ['locking' => true], ['max_execution_time' => 1], 3);
// A 2 s lease, held for more than twice that: renewed while the holder lives.
contend($name, 'renewed', ['locking' => true, 'lock_ttl' => 2], [], 5);
?>
--EXPECTF--
Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: could not lock the session within 3.0s (max_lock_wait_time): another request holds it in %s on line %d
bool(false)
int(0)
string(16) "by|s:6:"holder";"
array(0) {
}

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: could not lock the session within 5.0s (max_lock_wait_time): another request holds it in %s on line %d
bool(false)
int(0)
string(16) "by|s:6:"holder";"
array(0) {
}
