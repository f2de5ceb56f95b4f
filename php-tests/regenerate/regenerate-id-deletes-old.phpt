--TEST--
session_regenerate_id(true) moves the data to a new id and deletes the old item
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
ddb_start($name, 'beforelogin');
$_SESSION['cart'] = 'apples';
session_write_close();

ddb_start($name, 'beforelogin');
var_dump(session_regenerate_id(true));
$new = session_id();
var_dump($new !== 'beforelogin');
$_SESSION['user'] = 'alice';
session_write_close();

var_dump(ddb_get("{$name}_beforelogin"));
var_dump(ddb_get("{$name}_$new")['data']['S']);

// regenerate without deleting keeps the old session as it was.
ddb_start($name, $new);
var_dump(session_regenerate_id(false));
$newer = session_id();
session_write_close();
var_dump(ddb_get("{$name}_$new")['data']['S'] === ddb_get("{$name}_$newer")['data']['S']);
ddb_delete("{$name}_$new");
ddb_delete("{$name}_$newer");
?>
--EXPECT--
bool(true)
bool(true)
NULL
string(35) "cart|s:6:"apples";user|s:5:"alice";"
bool(true)
bool(true)
