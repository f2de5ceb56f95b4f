--TEST--
yii\web\Session's sequence: handler registered without shutdown hook, explicit close, regenerateID(true) at login, destroy() as close/open/unset/destroy
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
$handler = new DynamoDbSession\SessionHandler(ddb_options());
// Yii: session_set_save_handler($this->handler, false) in Session::open().
session_set_save_handler($handler, false);
session_name($name);
session_id('yiiguest');
session_start();
$_SESSION['__flash'] = ['notice' => 1];
session_write_close(); // Session::close()

// Login: Session::regenerateID(true) while the session is active.
session_start();
session_regenerate_id(true);
$userSession = session_id();
$_SESSION['__id'] = 42;
session_write_close();
var_dump(ddb_get("{$name}_yiiguest"));
var_dump(ddb_get("{$name}_$userSession")['data']['S']);

// Logout: Session::destroy() = close(), setId(), open(), session_unset(), session_destroy().
session_start();
$id = session_id();
session_write_close();
session_id($id);
session_start();
session_unset();
var_dump(session_destroy());
var_dump(ddb_get("{$name}_$userSession"));
?>
--EXPECT--
NULL
string(41) "__flash|a:1:{s:6:"notice";i:1;}__id|i:42;"
bool(true)
NULL
