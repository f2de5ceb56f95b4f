--TEST--
With locking, a write that fails at request shutdown warns (hash, not id; AWS error code) and never throws or crashes
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
// write-failure-at-shutdown-error.phpt with locking: a request has one
// shutdown, so each mode needs its own file.
require __DIR__ . '/../config.inc';
$table = 'dynamodb_session_shutdown_locked_' . getmypid();
ddb_create_table($table);
ddb_start(ddb_session_name(__FILE__), 'shutdownwrite', ['table_name' => $table, 'locking' => true]);
// The table disappears while the request runs (and with it the lock); PHP
// writes the session at shutdown, conditional on holding the lock; close()
// then fails to release the lock stub the read created (a DeleteItem) and says so.
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

Warning: DynamoDbSession\SessionHandler::close(): [dynamodb_session] close failed: DeleteItem: ResourceNotFoundException: %s in Unknown on line 0
