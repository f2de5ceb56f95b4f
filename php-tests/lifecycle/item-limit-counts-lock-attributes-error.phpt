--TEST--
With locking, the 400 KB item limit counts the lock attributes: data that fits only without them is refused, accepted data stays readable
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
require __DIR__ . '/lifecycle.inc';
$name = ddb_session_name(__FILE__);
$id = 'large';
$key = "{$name}_$id";
$locking = ['locking' => true, 'max_lock_wait_time' => 1];
// Item size: attribute names + values. Without the lock: "id" + the key (19),
// "data" + the data, "expires" + a 10-digit N (6 bytes) = 38 + data bytes.
// The lock adds "lock" + N "1" (2), "lock_expires" + 13 digits (8) and
// "lock_owner" + 32 hex characters: 68 bytes.
$overhead = 2 + strlen($key) + 4 + 7 + 6;
$lock = 4 + 2 + 12 + 8 + 10 + 32;
// 'big|s:N:"...";' is N + 16 bytes for a 6-digit N.
$fitsOnlyUnlocked = 409600 - $overhead - 30 - 16;
$fitsLocked = 409600 - $overhead - $lock - 16;

ddb_start($name, $id, $locking);
$_SESSION['small'] = 'kept';
session_write_close();

// Would fit without the lock attributes, not with them: refused.
ddb_start($name, $id, $locking);
$_SESSION = ['big' => str_repeat('x', $fitsOnlyUnlocked)];
session_write_close();
$item = ddb_get($key);
var_dump(strlen($item['data']['S']) < 100 ? $item['data']['S'] : strlen($item['data']['S']), lock_attributes($item));
// Whatever was accepted, a locked request can read it again.
$_SESSION = [];
ddb_start($name, $id, $locking);
var_dump(array_keys($_SESSION));
session_write_close();

// Fits with them (the locked item is exactly 409600 bytes): stored, and a locked request reads it back.
ddb_put(['id' => ['S' => $key], 'data' => ['S' => 'small|s:4:"kept";'], 'expires' => ['N' => (string) (time() + 600)]]);
$_SESSION = [];
ddb_start($name, $id, $locking);
$_SESSION = ['big' => str_repeat('y', $fitsLocked)];
var_dump(session_write_close());
var_dump(strlen(ddb_get($key)['data']['S']) === $fitsLocked + 16);
$_SESSION = [];
var_dump(ddb_start($name, $id, $locking) instanceof DynamoDbSession\SessionHandler, strlen($_SESSION['big'] ?? ''));
session_write_close();
var_dump(lock_attributes(ddb_get($key)));
ddb_delete($key);
?>
--EXPECTF--
Warning: DynamoDbSession\SessionHandler::write(): [dynamodb_session] write failed for session %x: session data of %d bytes makes an item of %d bytes, over DynamoDB's limit of 409600 bytes; the stored session was left unchanged in %s on line %d

Warning: session_write_close(): Failed to write session data using user defined save handler. (session.save_path: %s, handler: DynamoDbSession\SessionHandler::write) in %s on line %d
string(17) "small|s:4:"kept";"
array(0) {
}
array(1) {
  [0]=>
  string(5) "small"
}
bool(true)
bool(true)
bool(true)
int(409478)
array(0) {
}
