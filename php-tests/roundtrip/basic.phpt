--TEST--
Session data written by one request is read by the next
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
$id = 'roundtrip00000000000000000000001';

ddb_start($name, $id);
var_dump($_SESSION);
$_SESSION['user'] = 'alice';
$_SESSION['cart'] = [1, 2, 3];
session_write_close();

$_SESSION = [];
ddb_start($name, $id);
var_dump($_SESSION);
session_write_close();
?>
--CLEAN--
<?php
require __DIR__ . '/../config.inc';
ddb_delete(ddb_session_name(__DIR__ . '/basic.php') . '_roundtrip00000000000000000000001');
?>
--EXPECT--
array(0) {
}
array(2) {
  ["user"]=>
  string(5) "alice"
  ["cart"]=>
  array(3) {
    [0]=>
    int(1)
    [1]=>
    int(2)
    [2]=>
    int(3)
  }
}
