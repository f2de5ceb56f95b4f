--TEST--
An empty session creates no item, and emptying a stored session removes its item
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

// An anonymous visitor whose session stays empty: no request after the read.
$before = DynamoDbSession\SessionHandler::stats();
ddb_start($name, 'anonymous');
session_write_close();
var_dump(ddb_requests_since($before));
var_dump(ddb_get("{$name}_anonymous"));

// A stored session that becomes empty is deleted.
ddb_start($name, 'emptied');
$_SESSION['x'] = 1;
session_write_close();
var_dump(ddb_get("{$name}_emptied") !== null);
ddb_start($name, 'emptied');
$_SESSION = [];
session_write_close();
var_dump(ddb_get("{$name}_emptied"));
?>
--EXPECT--
array(3) {
  ["get_item"]=>
  int(1)
  ["update_item"]=>
  int(0)
  ["delete_item"]=>
  int(0)
}
NULL
bool(true)
NULL
