--TEST--
garbageCollect() deletes exactly the expired, unlocked sessions (1,000 expired; 100 live and 10 locked stay); gc() stays 0
--EXTENSIONS--
dynamodb_session
--SKIPIF--
<?php require __DIR__ . '/../skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../config.inc';
$table = 'dynamodb_session_gc_' . getmypid();
ddb_create_table($table);
$now = time();
$items = [];
for ($i = 0; $i < 1000; $i++) {
    $items[] = ['id' => ['S' => "PHPSESSID_expired$i"], 'data' => ['S' => 'x|i:1;'], 'expires' => ['N' => (string) ($now - 10 - $i)]];
}
for ($i = 0; $i < 100; $i++) {
    $items[] = ['id' => ['S' => "PHPSESSID_live$i"], 'data' => ['S' => 'x|i:1;'], 'expires' => ['N' => (string) ($now + 600)]];
}
for ($i = 0; $i < 5; $i++) {
    // Expired, but locked by the SDK (no lease) or by a live lease of ours.
    $items[] = ['id' => ['S' => "PHPSESSID_sdklocked$i"], 'data' => ['S' => 'x'], 'expires' => ['N' => (string) ($now - 5)], 'lock' => ['N' => '1']];
    $items[] = ['id' => ['S' => "PHPSESSID_leased$i"], 'data' => ['S' => 'x'], 'expires' => ['N' => (string) ($now - 5)],
        'lock' => ['N' => '1'], 'lock_expires' => ['N' => (string) (($now + 60) * 1000)], 'lock_owner' => ['S' => 'someone']];
}
foreach (array_chunk($items, 25) as $chunk) {
    ddb_call('BatchWriteItem', ['RequestItems' => [$table => array_map(fn ($item) => ['PutRequest' => ['Item' => $item]], $chunk)]]);
}

$handler = new DynamoDbSession\SessionHandler(ddb_options(['table_name' => $table, 'gc_segments' => 3]));
var_dump($handler->gc(1440));
var_dump($handler->garbageCollect());

$left = [];
$start = null;
do {
    $page = ddb_call('Scan', ['TableName' => $table, 'ConsistentRead' => true] + ($start ? ['ExclusiveStartKey' => $start] : []));
    foreach ($page['Items'] as $item) {
        $left[] = preg_replace('/\d+$/', '', substr($item['id']['S'], 10));
    }
    $start = $page['LastEvaluatedKey'] ?? null;
} while ($start);
$counts = array_count_values($left);
ksort($counts);
var_dump($counts);
// Nothing left to collect.
var_dump($handler->garbageCollect());

// A table that does not exist: a StoreException, not a silent 0.
$missing = new DynamoDbSession\SessionHandler(ddb_options(['table_name' => 'no_such_table_gc']));
try {
    $missing->garbageCollect();
} catch (DynamoDbSession\StoreException $e) {
    echo $e->getMessage(), "\n";
}
?>
--CLEAN--
<?php
require __DIR__ . '/../config.inc';
foreach (ddb_call('ListTables', [])['TableNames'] as $name) {
    if (str_starts_with($name, 'dynamodb_session_gc_')) {
        ddb_delete_table($name);
    }
}
?>
--EXPECTF--
int(0)
int(1000)
array(3) {
  ["leased"]=>
  int(5)
  ["live"]=>
  int(100)
  ["sdklocked"]=>
  int(5)
}
int(0)
[dynamodb_session] garbageCollect failed: garbage collection: Scan: ResourceNotFoundException: %s (after deleting 0 sessions)
