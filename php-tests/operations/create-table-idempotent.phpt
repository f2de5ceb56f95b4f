--TEST--
createTable() makes an on-demand table keyed by hash_key with TTL on the expiry attribute; again is a no-op; a wrong key schema is a clear exception
--EXTENSIONS--
dynamodb_session
--SKIPIF--
<?php require __DIR__ . '/../skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../config.inc';
$table = 'dynamodb_session_create_' . getmypid();
$options = ddb_options(['table_name' => $table, 'hash_key' => 'sid', 'session_lifetime_attribute' => 'ttl']);
var_dump(DynamoDbSession\SessionHandler::createTable($options));
$description = ddb_call('DescribeTable', ['TableName' => $table])['Table'];
var_dump($description['KeySchema'], $description['AttributeDefinitions'], $description['TableStatus']);
var_dump($description['BillingModeSummary']['BillingMode']);
$ttl = ddb_call('DescribeTimeToLive', ['TableName' => $table])['TimeToLiveDescription'];
var_dump($ttl['AttributeName'], in_array($ttl['TimeToLiveStatus'], ['ENABLED', 'ENABLING'], true));

// Idempotent: the table exists, TTL is on.
var_dump(DynamoDbSession\SessionHandler::createTable($options));

// The table works for sessions with those options.
$handler = new DynamoDbSession\SessionHandler($options);
$handler->open('', 'PHPSESSID');
var_dump($handler->read('abc'), $handler->write('abc', 'x|i:1;'));
var_dump(ddb_shape(ddb_get('PHPSESSID_abc', $table, 'sid')));

// The same table with another hash key: refused, naming both.
try {
    DynamoDbSession\SessionHandler::createTable(ddb_options(['table_name' => $table]));
} catch (DynamoDbSession\StoreException $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
// The command-line entry point for Docker and CI.
$command = [PHP_BINARY, '-d', 'extension=' . getenv('DYNAMODB_SESSION_EXTENSION'), __DIR__ . '/../../docker/create-table.php',
    "table_name=$table", 'hash_key=sid', 'session_lifetime_attribute=ttl', 'region=us-east-1'];
$process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null,
    ['AWS_ACCESS_KEY_ID' => 'x', 'AWS_SECRET_ACCESS_KEY' => 'x', 'DYNAMODB_ENDPOINT_URL' => ddb_endpoint()]);
echo stream_get_contents($pipes[1]), stream_get_contents($pipes[2]);
var_dump(proc_close($process));
?>
--CLEAN--
<?php
require __DIR__ . '/../config.inc';
foreach (ddb_call('ListTables', [])['TableNames'] as $name) {
    if (str_starts_with($name, 'dynamodb_session_create_')) {
        ddb_delete_table($name);
    }
}
?>
--EXPECTF--
bool(true)
array(1) {
  [0]=>
  array(2) {
    ["AttributeName"]=>
    string(3) "sid"
    ["KeyType"]=>
    string(4) "HASH"
  }
}
array(1) {
  [0]=>
  array(2) {
    ["AttributeName"]=>
    string(3) "sid"
    ["AttributeType"]=>
    string(1) "S"
  }
}
string(6) "ACTIVE"
string(15) "PAY_PER_REQUEST"
string(3) "ttl"
bool(true)
bool(true)
string(0) ""
bool(true)
array(3) {
  ["data"]=>
  string(1) "S"
  ["sid"]=>
  string(1) "S"
  ["ttl"]=>
  string(1) "N"
}
DynamoDbSession\StoreException: [dynamodb_session] createTable failed: DescribeTable: IncompatibleTable: table 'dynamodb_session_create_%d' has the key schema [sid (HASH)] (hash key type S), but sessions need exactly id (HASH) of type S (option hash_key); use another table_name or hash_key
table 'dynamodb_session_create_%d' is ready (TTL enabled)
int(0)
