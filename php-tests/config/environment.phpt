--TEST--
Table name and endpoint come from the environment when the options leave them out
--EXTENSIONS--
dynamodb_session
--SKIPIF--
<?php require __DIR__ . '/../skipif.inc'; ?>
--ENV--
DYNAMODB_SESSION_TABLE_NAME=dynamodb_session_env_table
AWS_REGION=eu-west-3
AWS_ACCESS_KEY_ID=test
AWS_SECRET_ACCESS_KEY=test
--INI--
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/../config.inc';
ddb_create_table('dynamodb_session_env_table');
$name = ddb_session_name(__FILE__);
// Only the endpoint variable (set by the test harness) and the ones above.
$handler = new DynamoDbSession\SessionHandler();
session_set_save_handler($handler, true);
session_name($name);
session_id('envsession0000000000000000000001');
session_start();
$_SESSION['from'] = 'env';
session_write_close();
$item = ddb_get($name . '_envsession0000000000000000000001', 'dynamodb_session_env_table');
var_dump($item['data']['S']);
?>
--CLEAN--
<?php
require __DIR__ . '/../config.inc';
ddb_delete_table('dynamodb_session_env_table');
?>
--EXPECT--
string(15) "from|s:3:"env";"
