--TEST--
session.save_handler=dynamodb with directives only: hash_ids and encryption_keys from php.ini store hashed, encrypted items and read them back
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
session.use_cookies=0
session.cache_limiter=
session.use_strict_mode=1
session.gc_maxlifetime=600
dynamodb_session.hash_ids=1
dynamodb_session.encryption_keys="mMReB1zTkd7G4Gabxmc38qQ7/7nTEyoROFuNwbuC1Ug=,pmqx2YplOejv7MiBRXltO02YJ7KGOoumwY9UXhamKmE="
--FILE--
<?php
ob_start();
require __DIR__ . '/protection.inc';
session_name(ddb_session_name(__FILE__));
var_dump(session_start());
$id = session_id();
$_SESSION['user'] = 'carol';
session_write_close();

$item = ddb_get(hashed_key(session_name(), $id));
var_dump(ddb_shape($item), str_starts_with(raw_data($item), encrypted_header(KEY_B)));
var_dump(ddb_get(session_name() . '_' . $id));

$_SESSION = [];
session_id($id);
session_start();
var_dump(session_id() === $id, $_SESSION);
var_dump(session_destroy(), ddb_get(hashed_key(session_name(), $id)));
?>
--EXPECT--
bool(true)
array(3) {
  ["data"]=>
  string(1) "B"
  ["expires"]=>
  string(1) "N"
  ["id"]=>
  string(1) "S"
}
bool(true)
NULL
bool(true)
array(1) {
  ["user"]=>
  string(5) "carol"
}
bool(true)
NULL
