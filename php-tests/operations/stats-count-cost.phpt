--TEST--
stats() counts sessions, bytes, capacity units and connections of this process
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
require __DIR__ . '/../config.inc';
$name = ddb_session_name(__FILE__);
$delta = function (array $before): array {
    $now = DynamoDbSession\SessionHandler::stats();
    $changed = [];
    foreach ($now as $key => $value) {
        if ($value != $before[$key]) {
            $changed[$key] = $value - $before[$key];
        }
    }
    return $changed;
};

$stats = DynamoDbSession\SessionHandler::stats();
var_dump(count($stats), is_float($stats['read_capacity_units']), is_int($stats['bytes_read']));

// A new session with 100 bytes of data: a read (GetItem) and a write
// (UpdateItem); the process's first request opens its connection.
$before = DynamoDbSession\SessionHandler::stats();
ddb_start($name, 'cost');
$_SESSION['p'] = str_repeat('x', 90);
session_write_close();
var_dump($delta($before));

// The same session unchanged, expiry fresh: one GetItem, nothing written.
$before = DynamoDbSession\SessionHandler::stats();
ddb_start($name, 'cost');
session_write_close();
var_dump($delta($before));
ddb_delete("{$name}_cost");
?>
--EXPECT--
int(20)
bool(true)
bool(true)
array(9) {
  ["reads"]=>
  int(1)
  ["writes"]=>
  int(1)
  ["get_item"]=>
  int(1)
  ["update_item"]=>
  int(1)
  ["bytes_written"]=>
  int(100)
  ["connections_opened"]=>
  int(1)
  ["clients_built"]=>
  int(1)
  ["read_capacity_units"]=>
  float(1)
  ["write_capacity_units"]=>
  float(1)
}
array(5) {
  ["reads"]=>
  int(1)
  ["touches_skipped"]=>
  int(1)
  ["get_item"]=>
  int(1)
  ["bytes_read"]=>
  int(100)
  ["read_capacity_units"]=>
  float(1)
}
