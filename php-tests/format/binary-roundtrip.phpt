--TEST--
With data_attribute_type binary every byte value 0-255 round-trips and is stored as B, with locking off and on
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
require __DIR__ . '/../lifecycle/lifecycle.inc';
$name = ddb_session_name(__FILE__);
foreach ([false, true] as $locking) {
    echo '-- locking ', $locking ? 'on' : 'off', "\n";
    $id = 'binary00000000000000000000000001';
    $bytes = '';
    for ($i = 0; $i < 256; $i++) {
        $bytes .= chr($i);
    }
    ddb_start($name, $id, ['data_attribute_type' => 'binary', 'locking' => $locking]);
    $_SESSION['bytes'] = $bytes;
    session_write_close();

    $item = ddb_get("{$name}_$id");
    var_dump(ddb_shape($item)['data'], lock_attributes($item));
    var_dump(base64_decode($item['data']['B']) === 'bytes|s:256:"' . $bytes . '";');

    $_SESSION = [];
    ddb_start($name, $id, ['data_attribute_type' => 'binary', 'locking' => $locking]);
    var_dump($_SESSION['bytes'] === $bytes);
    session_write_close();

    // A raw session string that is not UTF-8 (as igbinary or msgpack produce).
    $handler = new DynamoDbSession\SessionHandler(ddb_options(['locking' => $locking, 'data_attribute_type' => 'binary']));
    $handler->open('', $name);
    var_dump($handler->write($id, "\x00\xff\xfe raw"));
    $handler->close();
    $handler->open('', $name);
    var_dump($handler->read($id) === "\x00\xff\xfe raw");
    $handler->close();
    ddb_delete("{$name}_$id");
}
?>
--EXPECT--
-- locking off
string(1) "B"
array(0) {
}
bool(true)
bool(true)
bool(true)
bool(true)
-- locking on
string(1) "B"
array(0) {
}
bool(true)
bool(true)
bool(true)
bool(true)
