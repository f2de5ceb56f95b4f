--TEST--
A write that fails at request shutdown warns (hash, not id; AWS error code) and never throws or crashes
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
$table = 'dynamodb_session_shutdown_' . getmypid();
ddb_create_table($table);
ddb_start(ddb_session_name(__FILE__), 'shutdownwrite', ['table_name' => $table]);
// The table disappears while the request runs; PHP writes the session at shutdown.
ddb_delete_table($table);
$_SESSION['lost'] = true;
register_shutdown_function(fn () => print("shutdown function ran\n"));
echo "end of script\n";
?>
--EXPECTF--
end of script
shutdown function ran

Warning: DynamoDbSession\SessionHandler::write(): [dynamodb_session] write failed for session %x: UpdateItem: ResourceNotFoundException: %s in Unknown on line 0

Warning: session_write_close(): Failed to write session data using user defined save handler. (session.save_path: %s, handler: DynamoDbSession\SessionHandler::write) in Unknown on line 0
