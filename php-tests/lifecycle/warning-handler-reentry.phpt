--TEST--
A warning turned into an exception by an error handler that calls back into the handler (as Yii2 and Laravel do) neither crashes nor corrupts the handler
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
$bad = "{$name}_undecodable";
$good = "{$name}_good";
$undecodable = ['id' => ['S' => $bad], 'data' => ['B' => base64_encode("\xFFDSC\x07payload")], 'expires' => ['N' => (string) (time() + 600)]];
ddb_put($undecodable);
ddb_put(['id' => ['S' => $good], 'data' => ['S' => 'n|i:1;'], 'expires' => ['N' => (string) (time() + 600)]]);

$handler = new DynamoDbSession\SessionHandler(ddb_options(['locking' => true]));
// The error handler re-enters the session handler while the warning is raised.
set_error_handler(function (int $severity, string $message) use ($handler) {
    echo "error handler: close() = ", var_export($handler->close(), true), ", read() = ", var_export($handler->read('good'), true), "\n";
    throw new ErrorException($message, 0, $severity);
});
$handler->open('', $name);
try {
    var_dump($handler->read('undecodable'));
} catch (ErrorException $e) {
    echo get_class($e), ': ', preg_replace('/[0-9a-f]{8}/', '<id>', $e->getMessage()), "\n";
}
var_dump($handler->close());

// The same from inside a locked write (data over the item limit).
$handler->open('', $name);
var_dump($handler->read('good'));
try {
    var_dump($handler->write('good', str_repeat('x', 410000)));
} catch (ErrorException $e) {
    echo get_class($e), ': ', preg_replace('/[0-9a-f]{8}/', '<id>', $e->getMessage()), "\n";
}
restore_error_handler();
var_dump($handler->close());

// The handler still works, and nothing was left locked or changed.
$handler->open('', $name);
var_dump($handler->read('good'), $handler->write('good', 'n|i:2;'), $handler->close());
var_dump(ddb_get($bad) == $undecodable, ddb_get($good)['data']['S'], lock_attributes(ddb_get($good)));
ddb_delete($bad);
ddb_delete($good);
?>
--EXPECTF--
error handler: close() = true, read() = 'n|i:1;'
ErrorException: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session <id>: the stored session cannot be read (attribute 'data': compressed with codec 7, which this version of dynamodb_session does not know); it was left unchanged
bool(true)
string(6) "n|i:1;"
error handler: close() = true, read() = 'n|i:1;'
ErrorException: DynamoDbSession\SessionHandler::write(): [dynamodb_session] write failed for session <id>: session data of 410000 bytes makes an item of %d bytes, over DynamoDB's limit of 409600 bytes; the stored session was left unchanged
bool(true)
string(6) "n|i:1;"
bool(true)
bool(true)
bool(true)
string(6) "n|i:2;"
array(0) {
}
