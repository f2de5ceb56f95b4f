--TEST--
IAM: the whole session path (strict mode, read, write, touch, destroy, regenerate, locking) uses only GetItem, UpdateItem and DeleteItem
--EXTENSIONS--
dynamodb_session
--SKIPIF--
<?php require __DIR__ . '/../skipif.inc'; ?>
--INI--
session.use_cookies=0
session.cache_limiter=
session.use_strict_mode=1
--FILE--
<?php
require __DIR__ . '/faults.inc';
$name = ddb_session_name(__FILE__);
$state = fault_proxy_start();
faults($state);
foreach ([[], ['locking' => true], ['touch_interval' => 0]] as $extra) {
    $options = $extra + ['endpoint' => fault_proxy_url($state)];
    $_SESSION = [];
    ddb_start($name, null, $options);
    $id = session_id();
    $_SESSION['x'] = 1;
    session_write_close();
    ddb_start($name, $id, $options);
    session_write_close();
    ddb_start($name, $id, $options);
    session_regenerate_id(true);
    session_write_close();
    ddb_start($name, session_id(), $options);
    session_destroy();
}
$operations = array_unique(seen($state));
sort($operations);
var_dump($operations);
?>
--EXPECT--
array(3) {
  [0]=>
  string(10) "DeleteItem"
  [1]=>
  string(7) "GetItem"
  [2]=>
  string(10) "UpdateItem"
}
