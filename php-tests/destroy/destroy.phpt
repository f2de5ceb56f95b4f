--TEST--
session_destroy() deletes the item; destroying a missing session succeeds; gc() returns 0
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
ddb_start($name, 'tobedestroyed');
$_SESSION['x'] = 1;
session_write_close();
var_dump(ddb_get("{$name}_tobedestroyed") !== null);

ddb_start($name, 'tobedestroyed');
var_dump(session_destroy());
var_dump(ddb_get("{$name}_tobedestroyed"));

$handler = new DynamoDbSession\SessionHandler(ddb_options());
$handler->open('', $name);
var_dump($handler->destroy('neverexisted'));
var_dump($handler->gc(1440));
?>
--EXPECT--
bool(true)
bool(true)
NULL
bool(true)
int(0)
