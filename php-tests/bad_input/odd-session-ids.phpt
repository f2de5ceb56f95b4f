--TEST--
Odd session ids: 256 characters, '-' and ',', leading/trailing '_' (trimmed in the key, as the SDK does), non-UTF-8 and garbage ids, with locking off and on
--EXTENSIONS--
dynamodb_session
--SKIPIF--
<?php require __DIR__ . '/../skipif.inc'; ?>
--INI--
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/../lifecycle/lifecycle.inc';
$name = ddb_session_name(__FILE__);
foreach ([false, true] as $locking) {
    echo '-- locking ', $locking ? 'on' : 'off', "\n";
    $handler = new DynamoDbSession\SessionHandler(ddb_options(['locking' => $locking]));
    $handler->open('', $name);
    $long = str_repeat('a', 250) . '-,-,-,';
    foreach ([$long, 'with-dash,comma', '_leading', 'trailing_'] as $id) {
        var_dump($handler->write($id, 'v|s:2:"ok";'), $handler->read($id));
    }
    // The SDK's key: trim(name . '_' . id, '_').
    var_dump(ddb_get("{$name}_trailing") !== null, ddb_get("{$name}__leading") !== null);
    // No lock is left behind once the handler is closed.
    $handler->close();
    var_dump(array_merge(...array_map(fn ($key) => lock_attributes(ddb_get($key)),
        ["{$name}_$long", "{$name}_with-dash,comma", "{$name}__leading", "{$name}_trailing"])));
    // An empty session name: the key is the id alone.
    $handler->open('', '');
    var_dump($handler->write('_bare_', 'v|i:1;'), ddb_get('bare')['data']['S']);
    ddb_delete('bare');
    // Not UTF-8: cannot be part of a DynamoDB string key; a warning, false, no crash.
    $handler->open('', $name);
    var_dump($handler->read("\xff\xfe"));
    var_dump($handler->write("\xff\xfe", 'x'));
    foreach ([$long, 'with-dash,comma', '_leading', 'trailing_'] as $id) {
        $handler->destroy($id);
    }
}
?>
--EXPECTF--
-- locking off
bool(true)
string(11) "v|s:2:"ok";"
bool(true)
string(11) "v|s:2:"ok";"
bool(true)
string(11) "v|s:2:"ok";"
bool(true)
string(11) "v|s:2:"ok";"
bool(true)
bool(true)
array(0) {
}
bool(true)
string(6) "v|i:1;"

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: the session id is not valid UTF-8 in %s on line %d
bool(false)

Warning: DynamoDbSession\SessionHandler::write(): [dynamodb_session] write failed for session %x: the session id is not valid UTF-8 in %s on line %d
bool(false)
-- locking on
bool(true)
string(11) "v|s:2:"ok";"
bool(true)
string(11) "v|s:2:"ok";"
bool(true)
string(11) "v|s:2:"ok";"
bool(true)
string(11) "v|s:2:"ok";"
bool(true)
bool(true)
array(0) {
}
bool(true)
string(6) "v|i:1;"

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: the session id is not valid UTF-8 in %s on line %d
bool(false)

Warning: DynamoDbSession\SessionHandler::write(): [dynamodb_session] write failed for session %x: the session id is not valid UTF-8 in %s on line %d
bool(false)
