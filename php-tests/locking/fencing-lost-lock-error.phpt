--TEST--
A holder frozen past its lease (renewals stop with it) whose lock was taken over cannot overwrite the new holder's data: its write is refused with a warning
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
ddb_put(['id' => ['S' => "{$name}_fenced"], 'data' => ['S' => 'by|s:8:"original";'], 'expires' => ['N' => (string) (time() + 600)]]);
$state = state_dir();
// A: takes the lock with a 1 s lease, then the whole process freezes (a VM
// pause, SIGSTOP): its lease renewer freezes with it, so the lease runs out.
[$slow, $log] = worker_start('hold', $name, 'fenced', $state, ['locking' => true, 'lock_ttl' => 1]);
wait_for_signal($state, 'held');
$pid = proc_get_status($slow)['pid'];
posix_kill($pid, SIGSTOP);

// B: waits for A's lease to run out, takes the lock, writes.
ddb_start($name, 'fenced', ['locking' => true, 'max_lock_wait_time' => 10]);
var_dump($_SESSION);
$_SESSION['by'] = 'newer';
session_write_close();

// A wakes up and writes: refused, B's data stays.
touch("$state/release");
posix_kill($pid, SIGCONT);
worker_wait($slow);
echo preg_replace('/session [0-9a-f]{8}/', 'session <hash>', trim(explode("\n", file_get_contents($log))[0])), "\n";
var_dump(ddb_get("{$name}_fenced")['data']['S']);
var_dump(DynamoDbSession\SessionHandler::stats()['locks_lost']);
ddb_delete("{$name}_fenced");
?>
--EXPECTF--
array(1) {
  ["by"]=>
  string(8) "original"
}
PHP Warning:  DynamoDbSession\SessionHandler::write(): [dynamodb_session] write failed for session <hash>: write refused: this request's session lock expired (lock_ttl) and another request took it; the newer session was kept in %s on line %d
string(15) "by|s:5:"newer";"
int(0)
