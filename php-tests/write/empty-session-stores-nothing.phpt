--TEST--
An empty session creates no item, and emptying a stored session removes its item, with locking off and on
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
require __DIR__ . '/../lifecycle/lifecycle.inc';
$name = ddb_session_name(__FILE__);
foreach ([false, true] as $locking) {
    echo '-- locking ', $locking ? 'on' : 'off', "\n";

    // An anonymous visitor whose session stays empty: no request after the read
    // (1 GetItem). With locking the read is the acquire (1 UpdateItem, which
    // creates a lock stub) and the release deletes the stub (1 DeleteItem).
    $before = DynamoDbSession\SessionHandler::stats();
    ddb_start($name, 'anonymous', ['locking' => $locking]);
    session_write_close();
    var_dump(ddb_requests_since($before));
    var_dump(ddb_get("{$name}_anonymous"));

    // A stored session that becomes empty is deleted.
    ddb_start($name, 'emptied', ['locking' => $locking]);
    $_SESSION['x'] = 1;
    session_write_close();
    var_dump(ddb_get("{$name}_emptied") !== null);
    ddb_start($name, 'emptied', ['locking' => $locking]);
    $_SESSION = [];
    session_write_close();
    var_dump(ddb_get("{$name}_emptied"));
    ddb_delete("{$name}_anonymous");
}
?>
--EXPECT--
-- locking off
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
-- locking on
array(3) {
  ["get_item"]=>
  int(0)
  ["update_item"]=>
  int(1)
  ["delete_item"]=>
  int(1)
}
NULL
bool(true)
NULL
