--TEST--
dynamodb_session.* directives configure the handler: constructor options > ini > environment > defaults
--EXTENSIONS--
dynamodb_session
--SKIPIF--
<?php require __DIR__ . '/../skipif.inc'; ?>
--ENV--
DYNAMODB_SESSION_TABLE_NAME=table_from_env
AWS_ACCESS_KEY_ID=test
AWS_SECRET_ACCESS_KEY=test
--INI--
dynamodb_session.table_name=dynamodb_session_tests
dynamodb_session.region=us-east-1
dynamodb_session.data_attribute_type=binary
dynamodb_session.session_lifetime=300
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/../config.inc';
$name = ddb_session_name(__FILE__);
// ini: table (over the environment), binary data, lifetime 300.
$handler = new DynamoDbSession\SessionHandler();
session_set_save_handler($handler, true);
session_name($name);
session_id('fromini');
session_start();
$_SESSION['x'] = 1;
session_write_close();
$item = ddb_get("{$name}_fromini");
var_dump(ddb_shape($item)['data'], (int) $item['expires']['N'] - time() <= 300);

// Constructor options win over ini.
ddb_start($name, 'fromoptions', ['data_attribute_type' => 'string', 'session_lifetime' => 900]);
$_SESSION['x'] = 2;
session_write_close();
$item = ddb_get("{$name}_fromoptions");
var_dump(ddb_shape($item)['data'], (int) $item['expires']['N'] - time() > 800);

// ini_set() at runtime applies to handlers created afterwards; bad values are refused.
var_dump(ini_set('dynamodb_session.max_attempts', '11'));
var_dump(ini_get('dynamodb_session.max_attempts'));
var_dump(ini_set('dynamodb_session.table_name', ''), ini_get('dynamodb_session.table_name'));
$handler = new DynamoDbSession\SessionHandler(['region' => 'us-east-1']);
$handler->open('', $name);
// Empty directive: the environment's table, which does not exist.
var_dump(@$handler->read('x'), str_contains(error_get_last()['message'], 'ResourceNotFoundException'));
ddb_delete("{$name}_fromini");
ddb_delete("{$name}_fromoptions");
?>
--EXPECTF--
string(1) "B"
bool(true)
string(1) "S"
bool(true)

Warning: ini_set(): [dynamodb_session] invalid option 'dynamodb_session.max_attempts': must be between 1 and 10, got 11; the directive keeps its previous value in %s on line %d
bool(false)
string(0) ""
string(22) "dynamodb_session_tests"
string(0) ""
bool(false)
bool(true)
