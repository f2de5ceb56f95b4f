--TEST--
session.save_handler=dynamodb with save_path and directives only: plain session_start() stores SDK-format items in DynamoDB
--EXTENSIONS--
dynamodb_session
--SKIPIF--
<?php require __DIR__ . '/../skipif.inc'; ?>
--ENV--
AWS_ACCESS_KEY_ID=test
AWS_SECRET_ACCESS_KEY=test
--INI--
session.save_handler=dynamodb
session.save_path="dynamodb://dynamodb_session_tests?region=us-east-1&touch_interval=0"
session.use_cookies=0
session.cache_limiter=
session.use_strict_mode=1
session.gc_maxlifetime=600
--FILE--
<?php
// No handler code: what an application that knows nothing of the extension does.
ob_start();
require __DIR__ . '/../config.inc';
session_name(ddb_session_name(__FILE__));
var_dump(session_start());
var_dump(session_module_name());
$id = session_id();
$_SESSION['user'] = 'carol';
session_write_close();

$item = ddb_get(session_name() . '_' . $id);
var_dump(ddb_shape($item), $item['data']['S']);
var_dump((int) $item['expires']['N'] - time() > 590);

// The next request reads it; strict mode keeps the live id.
$_SESSION = [];
session_id($id);
session_start();
var_dump(session_id() === $id, $_SESSION);
// Unchanged data with touch_interval=0 (from save_path): expiry refreshed only.
$before = DynamoDbSession\SessionHandler::stats();
session_write_close();
var_dump(ddb_requests_since($before));

// An unknown id is replaced (strict mode works with the native handler too).
session_id('notissuedbyus');
session_start();
var_dump(session_id() !== 'notissuedbyus');
session_destroy();
session_id($id);
session_start();
var_dump(session_destroy(), ddb_get(session_name() . '_' . $id));
?>
--EXPECT--
bool(true)
string(8) "dynamodb"
array(3) {
  ["data"]=>
  string(1) "S"
  ["expires"]=>
  string(1) "N"
  ["id"]=>
  string(1) "S"
}
string(17) "user|s:5:"carol";"
bool(true)
bool(true)
array(1) {
  ["user"]=>
  string(5) "carol"
}
array(3) {
  ["get_item"]=>
  int(0)
  ["update_item"]=>
  int(1)
  ["delete_item"]=>
  int(0)
}
bool(true)
bool(true)
NULL
