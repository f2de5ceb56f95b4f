--TEST--
An uncontended locked request costs 1 acquire-read + 1 write-release (UpdateItem each); strict mode and regenerate work with locking

--EXTENSIONS--
dynamodb_session
--SKIPIF--
<?php require __DIR__ . '/../skipif.inc'; ?>
--INI--
session.use_cookies=0
session.cache_limiter=
session.gc_maxlifetime=1440
session.use_strict_mode=1
--FILE--
<?php
require __DIR__ . '/../config.inc';
$name = ddb_session_name(__FILE__);
$locking = ['locking' => true];
ddb_put(['id' => ['S' => "{$name}_cost"], 'data' => ['S' => 'n|i:1;'], 'expires' => ['N' => (string) (time() + 1440 - 5)]]);

// Changed data: acquire (validateId, reused by read) + write that releases.
$before = DynamoDbSession\SessionHandler::stats();
ddb_start($name, 'cost', $locking);
$_SESSION['n']++;
session_write_close();
var_dump(ddb_requests_since($before));
var_dump(ddb_shape(ddb_get("{$name}_cost")));

// Unchanged data, fresh expiry: acquire + release, nothing else.
$before = DynamoDbSession\SessionHandler::stats();
ddb_start($name, 'cost', $locking);
session_write_close();
var_dump(ddb_requests_since($before));
var_dump(isset(ddb_get("{$name}_cost")['lock']));

// An unknown id under strict mode: replaced, and no item is left for it.
ddb_start($name, 'unknownid', $locking);
var_dump(session_id() !== 'unknownid', ddb_get("{$name}_unknownid"));
session_write_close();

// Regenerate with locking: the old id's item (and lock) is gone, the new one is written.
ddb_start($name, 'cost', $locking);
session_regenerate_id(true);
$new = session_id();
session_write_close();
var_dump(ddb_get("{$name}_cost"), ddb_get("{$name}_$new")['data']['S']);
ddb_delete("{$name}_$new");
?>
--EXPECT--
array(3) {
  ["get_item"]=>
  int(0)
  ["update_item"]=>
  int(2)
  ["delete_item"]=>
  int(0)
}
array(3) {
  ["data"]=>
  string(1) "S"
  ["expires"]=>
  string(1) "N"
  ["id"]=>
  string(1) "S"
}
array(3) {
  ["get_item"]=>
  int(0)
  ["update_item"]=>
  int(2)
  ["delete_item"]=>
  int(0)
}
bool(false)
bool(true)
NULL
NULL
string(6) "n|i:2;"
