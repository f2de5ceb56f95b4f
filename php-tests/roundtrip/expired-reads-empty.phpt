--TEST--
An expired item (expires <= now) reads as an empty session, like the SDK
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
ddb_put(['id' => ['S' => "{$name}_old"], 'data' => ['S' => 'secret|s:1:"x";'], 'expires' => ['N' => (string) (time() - 1)]]);
ddb_put(['id' => ['S' => "{$name}_nodata"], 'expires' => ['N' => (string) (time() + 600)]]);
$handler = new DynamoDbSession\SessionHandler(ddb_options());
$handler->open('', $name);
var_dump($handler->read('old'));
var_dump($handler->read('nodata'));
var_dump($handler->read('missing'));
// Writing the emptied session removes the expired item.
var_dump($handler->write('old', ''));
var_dump(ddb_get("{$name}_old"));
ddb_delete("{$name}_nodata");
?>
--EXPECT--
string(0) ""
string(0) ""
string(0) ""
bool(true)
NULL
