--TEST--
With the native handler a failed read fails session_start() with a warning, with locking off and on, and a bad save_path option is named
--EXTENSIONS--
dynamodb_session
--SKIPIF--
<?php require __DIR__ . '/../skipif.inc'; ?>
--ENV--
AWS_ACCESS_KEY_ID=test
AWS_SECRET_ACCESS_KEY=test
--INI--
session.save_handler=dynamodb
session.save_path="dynamodb://no_such_table_native?region=us-east-1"
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
ob_start();
session_id('nativefail');
var_dump(session_start());
// With locking the read is the acquiring UpdateItem; it fails the same way.
var_dump(ini_set('dynamodb_session.locking', '1'));
session_id('nativefail');
var_dump(session_start());
ini_set('session.save_path', 'dynamodb://t?regoin=x');
var_dump(session_start());
?>
--EXPECTF--
Warning: session_start(): [dynamodb_session] read failed for session %x: GetItem: ResourceNotFoundException: %s in %s on line %d

Warning: session_start(): Failed to read session data: dynamodb (path: dynamodb://no_such_table_native?region=us-east-1) in %s on line %d
bool(false)
string(0) ""

Warning: session_start(): [dynamodb_session] read failed for session %x: UpdateItem: ResourceNotFoundException: %s in %s on line %d

Warning: session_start(): Failed to read session data: dynamodb (path: dynamodb://no_such_table_native?region=us-east-1) in %s on line %d
bool(false)

Warning: session_start(): [dynamodb_session] open failed: unknown option 'session.save_path: regoin' (did you mean 'region'?) (session.save_path, dynamodb_session.* directives) in %s on line %d

Warning: session_start(): Failed to initialize storage module: dynamodb (path: dynamodb://t?regoin=x) in %s on line %d
bool(false)
