--TEST--
Strict mode: session_reset() of a session started in this request with a new id keeps that id (class and native handler, locking on)
--EXTENSIONS--
dynamodb_session
--SKIPIF--
<?php require __DIR__ . '/../skipif.inc'; ?>
--ENV--
AWS_ACCESS_KEY_ID=test
AWS_SECRET_ACCESS_KEY=test
--INI--
session.use_cookies=0
session.cache_limiter=
session.gc_maxlifetime=1440
session.use_strict_mode=1
--FILE--
<?php
require __DIR__ . '/lifecycle.inc';
$name = ddb_session_name(__FILE__);

// The class handler.
$handler = new DynamoDbSession\SessionHandler(ddb_options(['locking' => true]));
session_set_save_handler($handler, true);
session_name($name);
var_dump(session_start());
$id = session_id();
$_SESSION['a'] = 1;
var_dump(session_reset());
var_dump(session_id() === $id, $_SESSION);
$_SESSION['b'] = 2;
session_write_close();
var_dump(ddb_get("{$name}_$id")['data']['S']);
ddb_delete("{$name}_$id");

// The native handler.
ini_set('session.save_handler', 'dynamodb');
ini_set('session.save_path', 'dynamodb://' . DDB_TEST_TABLE . '?region=us-east-1&locking=1');
var_dump(session_start());
$id = session_id();
var_dump(session_reset());
var_dump(session_id() === $id);
$_SESSION['c'] = 3;
session_write_close();
var_dump(ddb_get("{$name}_$id")['data']['S']);
ddb_delete("{$name}_$id");
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
array(0) {
}
string(6) "b|i:2;"
bool(true)
bool(true)
bool(true)
string(6) "c|i:3;"
