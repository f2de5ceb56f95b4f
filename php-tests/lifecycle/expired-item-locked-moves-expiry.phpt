--TEST--
A lock taken on an expired session moves its expiry forward and drops the stale data; garbageCollect() deletes only what is still expired and unlocked
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
// A table of its own: garbageCollect() scans all of it.
$table = 'dynamodb_session_lcgc_' . getmypid();
ddb_create_table($table);
$now = time();
$put = fn (string $id, int $expires, array $extra = []) => ddb_put(
    ['id' => ['S' => "{$name}_$id"], 'data' => ['S' => 'stale|i:1;'], 'expires' => ['N' => (string) $expires]] + $extra, $table);
$put('held', $now - 10);
$put('expired', $now - 10);
$put('live', $now + 600);
$put('leased', $now - 10, ['lock' => ['N' => '1'], 'lock_expires' => ['N' => (string) (($now + 60) * 1000)], 'lock_owner' => ['S' => 'someone']]);
$put('leaseover', $now - 10, ['lock' => ['N' => '1'], 'lock_expires' => ['N' => (string) (($now - 5) * 1000)], 'lock_owner' => ['S' => 'someone']]);

// A request locks the expired session: it reads it empty, and while it holds
// it the item is no longer expired (TTL and gc leave it alone) and the stale
// data is gone.
$state = state_dir();
[$holder, $log] = lifecycle_worker('hold', $name, 'held', $state, ddb_options(['locking' => true, 'table_name' => $table]));
wait_for_signal($state, 'held');
$item = ddb_get("{$name}_held", $table);
var_dump((int) $item['expires']['N'] > time(), isset($item['data']), lock_attributes($item));

$handler = new DynamoDbSession\SessionHandler(ddb_options(['table_name' => $table]));
var_dump($handler->garbageCollect());
touch("$state/release");
var_dump(worker_result($holder, $log)[0]);
// The holder read nothing stale: only its own data is stored.
$item = ddb_get("{$name}_held", $table);
var_dump($item['data']['S'] ?? null, lock_attributes($item));

$left = array_map(fn ($item) => substr($item['id']['S'], strlen($name) + 1),
    ddb_call('Scan', ['TableName' => $table, 'ConsistentRead' => true])['Items']);
sort($left);
var_dump($left);
?>
--CLEAN--
<?php
require __DIR__ . '/../config.inc';
ddb_delete_table('dynamodb_session_lcgc_' . getmypid());
foreach (ddb_call('ListTables', [])['TableNames'] as $table) {
    if (str_starts_with($table, 'dynamodb_session_lcgc_')) {
        ddb_delete_table($table);
    }
}
?>
--EXPECT--
bool(true)
bool(false)
array(3) {
  [0]=>
  string(4) "lock"
  [1]=>
  string(12) "lock_expires"
  [2]=>
  string(10) "lock_owner"
}
int(2)
int(0)
string(16) "by|s:6:"holder";"
array(0) {
}
array(3) {
  [0]=>
  string(4) "held"
  [1]=>
  string(6) "leased"
  [2]=>
  string(4) "live"
}
