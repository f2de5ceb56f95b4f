--TEST--
A flipped byte, ciphertext copied from another session's item, or a wrong key: the read fails closed naming the reason and key id, and the item is never rewritten; locking on and off
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

/** Starts $id, tries to overwrite it, and shows that its data stayed as it was. */
function attempt(string $name, string $id, array $options): void
{
    $before = ddb_get("{$name}_$id")['data'];
    var_dump(start($name, $id, $options));
    $_SESSION['admin'] = true;
    @session_write_close();
    var_dump(ddb_get("{$name}_$id")['data'] === $before);
}

foreach ([false, true] as $locking) {
    echo 'locking: ', var_export($locking, true), "\n";
    $options = ['encryption_keys' => [KEY_A], 'locking' => $locking];
    [$victim, $attacker] = ['victim' . (int) $locking, 'attacker' . (int) $locking];
    foreach ([$victim => 'admin|b:1;', $attacker => 'admin|b:0;'] as $id => $data) {
        start($name, $id, $options);
        session_decode($data);
        session_write_close();
    }
    $original = ddb_get("{$name}_$victim");

    echo "one flipped byte\n";
    $raw = raw_data($original);
    $raw[strlen($raw) - 20] = chr(ord($raw[strlen($raw) - 20]) ^ 0x01);
    ddb_put(['data' => ['B' => base64_encode($raw)]] + $original);
    attempt($name, $victim, $options);

    echo "ciphertext copied from another session's item\n";
    ddb_put(['data' => ddb_get("{$name}_$attacker")['data']] + $original);
    attempt($name, $victim, $options);

    echo "wrong key\n";
    ddb_put($original);
    attempt($name, $victim, ['encryption_keys' => [KEY_C]] + $options);
    echo "no key at all\n";
    attempt($name, $victim, ['locking' => $locking]);

    // The untouched item still reads with the right key.
    var_dump(start($name, $victim, $options), $_SESSION);
    session_destroy();
    ddb_delete("{$name}_$attacker");
}
?>
--EXPECTF--
locking: false
one flipped byte

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: the stored session cannot be read (attribute 'data': does not decrypt with key 67e99011: tampered with, or copied from another session's item); it was left unchanged in %s on line %d

Warning: session_start(): Failed to read session data: user (path: %s) in %s on line %d
bool(false)
bool(true)
ciphertext copied from another session's item

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: the stored session cannot be read (attribute 'data': does not decrypt with key 67e99011: tampered with, or copied from another session's item); it was left unchanged in %s on line %d

Warning: session_start(): Failed to read session data: user (path: %s) in %s on line %d
bool(false)
bool(true)
wrong key

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: the stored session cannot be read (attribute 'data': encrypted with key 67e99011, which is not among encryption_keys); it was left unchanged in %s on line %d

Warning: session_start(): Failed to read session data: user (path: %s) in %s on line %d
bool(false)
bool(true)
no key at all

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: the stored session cannot be read (attribute 'data': encrypted with key 67e99011, and no encryption_keys are configured); it was left unchanged in %s on line %d

Warning: session_start(): Failed to read session data: user (path: %s) in %s on line %d
bool(false)
bool(true)
bool(true)
array(1) {
  ["admin"]=>
  bool(true)
}
locking: true
one flipped byte

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: the stored session cannot be read (attribute 'data': does not decrypt with key 67e99011: tampered with, or copied from another session's item); it was left unchanged in %s on line %d

Warning: session_start(): Failed to read session data: user (path: %s) in %s on line %d
bool(false)
bool(true)
ciphertext copied from another session's item

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: the stored session cannot be read (attribute 'data': does not decrypt with key 67e99011: tampered with, or copied from another session's item); it was left unchanged in %s on line %d

Warning: session_start(): Failed to read session data: user (path: %s) in %s on line %d
bool(false)
bool(true)
wrong key

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: the stored session cannot be read (attribute 'data': encrypted with key 67e99011, which is not among encryption_keys); it was left unchanged in %s on line %d

Warning: session_start(): Failed to read session data: user (path: %s) in %s on line %d
bool(false)
bool(true)
no key at all

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: the stored session cannot be read (attribute 'data': encrypted with key 67e99011, and no encryption_keys are configured); it was left unchanged in %s on line %d

Warning: session_start(): Failed to read session data: user (path: %s) in %s on line %d
bool(false)
bool(true)
bool(true)
array(1) {
  ["admin"]=>
  bool(true)
}
