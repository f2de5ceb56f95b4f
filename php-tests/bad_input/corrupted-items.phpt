--TEST--
Corrupted items (wrong attribute types, missing attributes, non-numeric expiry) read as an empty session with a warning, and can be overwritten, with locking off and on
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
    $future = (string) (time() + 600);
    $items = [
        'numberdata' => ['data' => ['N' => '42'], 'expires' => ['N' => $future]],
        'stringexpiry' => ['data' => ['S' => 'a|i:1;'], 'expires' => ['S' => 'tomorrow']],
        'badnumber' => ['data' => ['S' => 'a|i:1;'], 'expires' => ['N' => '1e999']],
        'noexpiry' => ['data' => ['S' => 'a|i:1;']],
        'mapdata' => ['data' => ['M' => ['x' => ['S' => 'y']]], 'expires' => ['N' => $future]],
    ];
    foreach ($items as $id => $attributes) {
        try {
            ddb_put(['id' => ['S' => "{$name}_$id"]] + $attributes);
        } catch (RuntimeException $e) {
            echo "$id: the backend refused the item\n";
            continue;
        }
        $handler = new DynamoDbSession\SessionHandler(ddb_options(['locking' => $locking]));
        $handler->open('', $name);
        var_dump($handler->read($id));
        var_dump($handler->write($id, 'fixed|b:1;'), ddb_get("{$name}_$id")['data']['S']);
        // The write released the lock (with locking): none is left.
        $handler->close();
        var_dump(lock_attributes(ddb_get("{$name}_$id")));
        ddb_delete("{$name}_$id");
    }
}
?>
--EXPECTF--
-- locking off

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] session %x: the stored item is malformed and was read as an empty session: attribute 'data' has type N, expected S or B in %s on line %d
string(0) ""
bool(true)
string(10) "fixed|b:1;"
array(0) {
}

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] session %x: the stored item is malformed and was read as an empty session: attribute 'expires' has type S, expected N in %s on line %d
string(0) ""
bool(true)
string(10) "fixed|b:1;"
array(0) {
}
badnumber: the backend refused the item
string(0) ""
bool(true)
string(10) "fixed|b:1;"
array(0) {
}

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] session %x: the stored item is malformed and was read as an empty session: attribute 'data' has type M, expected S or B in %s on line %d
string(0) ""
bool(true)
string(10) "fixed|b:1;"
array(0) {
}
-- locking on

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] session %x: the stored item is malformed and was read as an empty session: attribute 'data' has type N, expected S or B in %s on line %d
string(0) ""
bool(true)
string(10) "fixed|b:1;"
array(0) {
}

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] session %x: the stored item is malformed and was read as an empty session: attribute 'expires' has type S, expected N in %s on line %d
string(0) ""
bool(true)
string(10) "fixed|b:1;"
array(0) {
}
badnumber: the backend refused the item
string(0) ""
bool(true)
string(10) "fixed|b:1;"
array(0) {
}

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] session %x: the stored item is malformed and was read as an empty session: attribute 'data' has type M, expected S or B in %s on line %d
string(0) ""
bool(true)
string(10) "fixed|b:1;"
array(0) {
}
