--TEST--
0-byte and NUL-containing data, and items exactly at and just over DynamoDB's 400 KB limit, with locking off and on
--EXTENSIONS--
dynamodb_session
--SKIPIF--
<?php require __DIR__ . '/../skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lifecycle/lifecycle.inc';
$name = ddb_session_name(__FILE__);
foreach ([false, true] as $locking) {
    echo '-- locking ', $locking ? 'on' : 'off', "\n";
    $handler = new DynamoDbSession\SessionHandler(ddb_options(['locking' => $locking, 'data_attribute_type' => 'binary']));
    $handler->open('', $name);
    // 0 bytes: no item.
    var_dump($handler->write('empty', ''), ddb_get("{$name}_empty"));
    // NUL bytes: stored and read back unchanged (binary and string types).
    var_dump($handler->write('nul', "a\0b\0"), $handler->read('nul') === "a\0b\0");
    $text = new DynamoDbSession\SessionHandler(ddb_options(['locking' => $locking]));
    $text->open('', $name);
    var_dump($text->write('nultext', "a\0b"), $text->read('nultext') === "a\0b");

    // Item size = "id" + key + "data" + data + "expires" + (10 digits: 6 bytes),
    // plus room for a lock (68 bytes: "lock" N "1", "lock_expires" 13 digits,
    // "lock_owner" 32 characters), so that locking it can never break it.
    $key = "{$name}_big";
    $overhead = strlen('id') + strlen($key) + strlen('data') + strlen('expires') + 6 + 68;
    $atLimit = str_repeat('z', 400 * 1024 - $overhead);
    var_dump($handler->write('big', $atLimit), strlen($handler->read('big')));
    var_dump($handler->write('big', $atLimit . 'z'));
    var_dump(strlen(base64_decode(ddb_get($key)['data']['B'])) === strlen($atLimit));
    // No lock is left behind once the handlers are closed.
    $handler->close();
    $text->close();
    var_dump(array_merge(...array_map(fn ($key) => lock_attributes(ddb_get($key)), [$key, "{$name}_nul", "{$name}_nultext"])));
    ddb_delete($key);
    ddb_delete("{$name}_nul");
    ddb_delete("{$name}_nultext");
}
?>
--EXPECTF--
-- locking off
bool(true)
NULL
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
int(%d)

Warning: DynamoDbSession\SessionHandler::write(): [dynamodb_session] write failed for session %x: session data of %d bytes makes an item of 409601 bytes, over DynamoDB's limit of 409600 bytes; the stored session was left unchanged in %s on line %d
bool(false)
bool(true)
array(0) {
}
-- locking on
bool(true)
NULL
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
int(%d)

Warning: DynamoDbSession\SessionHandler::write(): [dynamodb_session] write failed for session %x: session data of %d bytes makes an item of 409601 bytes, over DynamoDB's limit of 409600 bytes; the stored session was left unchanged in %s on line %d
bool(false)
bool(true)
array(0) {
}
