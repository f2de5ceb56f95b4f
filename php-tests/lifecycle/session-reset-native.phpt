--TEST--
Native handler with locking: session_reset() rereads the session at once (no wait on its own lock) and leaves no lock behind
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
dynamodb_session.max_lock_wait_time=2
session.use_cookies=0
session.cache_limiter=
session.gc_maxlifetime=1440
--FILE--
<?php
require __DIR__ . '/lifecycle.inc';
$name = ddb_session_name(__FILE__);
$key = "{$name}_reset";
ddb_put(['id' => ['S' => $key], 'data' => ['S' => 'a|i:0;'], 'expires' => ['N' => (string) (time() + 600)]]);

session_name($name);
session_id('reset');
var_dump(session_start(), $_SESSION);
$_SESSION['a'] = 1;
$before = DynamoDbSession\SessionHandler::stats();
var_dump(session_reset());
var_dump(stats_since($before, 'lock_waits'), $_SESSION);
var_dump(session_write_close());
$item = ddb_get($key);
var_dump($item['data']['S'], lock_attributes($item));
ddb_delete($key);
?>
--EXPECT--
bool(true)
array(1) {
  ["a"]=>
  int(0)
}
bool(true)
array(1) {
  ["lock_waits"]=>
  int(0)
}
array(1) {
  ["a"]=>
  int(0)
}
bool(true)
string(6) "a|i:0;"
array(0) {
}
