--TEST--
Native handler with locking: a session that cannot be decoded fails session_start() and is left byte-for-byte unchanged; strict mode issues no new id
--EXTENSIONS--
dynamodb_session
--SKIPIF--
<?php require __DIR__ . '/../skipif.inc'; ?>
--ENV--
AWS_ACCESS_KEY_ID=test
AWS_SECRET_ACCESS_KEY=test
--INI--
session.save_handler=dynamodb
session.save_path="dynamodb://dynamodb_session_tests?region=us-east-1"
dynamodb_session.locking=1
session.use_cookies=0
session.cache_limiter=
session.gc_maxlifetime=1440
--FILE--
<?php
require __DIR__ . '/lifecycle.inc';
$name = ddb_session_name(__FILE__);
$key = "{$name}_future";
// As a newer version with another codec (byte 7) might have written it.
$future = ['id' => ['S' => $key], 'data' => ['B' => base64_encode("\xFFDSC\x07payload")], 'expires' => ['N' => (string) (time() + 600)]];
ddb_put($future);
session_name($name);
session_id('future');
var_dump(session_start());
$_SESSION['x'] = 1;
var_dump(@session_write_close());
var_dump(ddb_get($key) == $future);

ini_set('session.use_strict_mode', '1');
session_id('future');
var_dump(session_start());
var_dump(session_id() === '' || session_id() === 'future' ? 'no new id' : 'new id issued');
var_dump(ddb_get($key) == $future);
ddb_delete($key);
?>
--EXPECTF--
Warning: session_start(): [dynamodb_session] read failed for session %x: the stored session cannot be read (attribute 'data': compressed with codec 7, which this version of dynamodb_session does not know); it was left unchanged in %s on line %d

Warning: session_start(): Failed to read session data: dynamodb (path: %s) in %s on line %d
bool(false)
bool(false)
bool(true)

Warning: session_start(): [dynamodb_session] read failed for session %x: the stored session cannot be read (attribute 'data': compressed with codec 7, which this version of dynamodb_session does not know); it was left unchanged in %s on line %d

Warning: session_start(): Failed to read session data: dynamodb (path: %s) in %s on line %d
bool(false)
string(9) "no new id"
bool(true)
