--TEST--
Key rotation: an old key still decrypts, the new first key encrypts, and an item under a removed key fails closed, unchanged, until it expires; locking on and off
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
require __DIR__ . '/protection.inc';
$name = ddb_session_name(__FILE__);
foreach ([false, true] as $locking) {
    echo 'locking: ', var_export($locking, true), "\n";
    [$active, $idle] = ['active' . (int) $locking, 'idle' . (int) $locking];
    // Before the rotation: A encrypts both sessions.
    foreach ([$active, $idle] as $id) {
        start($name, $id, ['encryption_keys' => [KEY_A], 'locking' => $locking]);
        $_SESSION['user'] = $id;
        session_write_close();
    }
    // Rotation step 1: B first (encrypts), A kept (decrypts).
    $rotated = ['encryption_keys' => KEY_B . ',' . KEY_A, 'locking' => $locking];
    var_dump(start($name, $active, $rotated), $_SESSION['user']);
    $_SESSION['seen'] = 1;
    session_write_close();
    var_dump(str_starts_with(raw_data(ddb_get("{$name}_$active")), encrypted_header(KEY_B)));
    // Step 3 too early: A removed while an item under A remains.
    $retired = ['encryption_keys' => [KEY_B], 'locking' => $locking];
    $before = ddb_get("{$name}_$idle")['data'];
    var_dump(start($name, $idle, $retired));
    $_SESSION['user'] = 'someone else';
    var_dump(@session_write_close(), ddb_get("{$name}_$idle")['data'] === $before);
    // Once expired, an item under a removed key is dead like any other: a
    // returning visitor gets a new, empty session, not a failure until TTL.
    $expired = ddb_get("{$name}_$idle");
    $expired['expires'] = ['N' => (string) (time() - 10)];
    ddb_put($expired);
    var_dump(start($name, $idle, $retired), $_SESSION);
    session_write_close();
    // The rewritten session reads with B alone.
    var_dump(start($name, $active, $retired), $_SESSION);
    session_destroy();
    ddb_delete("{$name}_$idle");
}
?>
--EXPECTF--
locking: false
bool(true)
string(7) "active0"
bool(true)

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: the stored session cannot be read (attribute 'data': encrypted with key 67e99011, which is not among encryption_keys); it was left unchanged in %s on line %d

Warning: session_start(): Failed to read session data: user (path: %s) in %s on line %d
bool(false)
bool(false)
bool(true)
bool(true)
array(0) {
}
bool(true)
array(2) {
  ["user"]=>
  string(7) "active0"
  ["seen"]=>
  int(1)
}
locking: true
bool(true)
string(7) "active1"
bool(true)

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: the stored session cannot be read (attribute 'data': encrypted with key 67e99011, which is not among encryption_keys); it was left unchanged in %s on line %d

Warning: session_start(): Failed to read session data: user (path: %s) in %s on line %d
bool(false)
bool(false)
bool(true)
bool(true)
array(0) {
}
bool(true)
array(2) {
  ["user"]=>
  string(7) "active1"
  ["seen"]=>
  int(1)
}
