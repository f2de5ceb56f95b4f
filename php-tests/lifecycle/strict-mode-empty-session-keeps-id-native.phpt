--TEST--
Native handler, strict mode and locking: a visitor whose session stays empty keeps one id across requests, with one small marker item
--EXTENSIONS--
dynamodb_session
--SKIPIF--
<?php require __DIR__ . '/../skipif.inc'; ?>
--ENV--
AWS_ACCESS_KEY_ID=test
AWS_SECRET_ACCESS_KEY=test
--INI--
session.save_handler=dynamodb
session.save_path="dynamodb://dynamodb_session_tests?region=us-east-1"
dynamodb_session.locking=1
session.use_cookies=0
session.cache_limiter=
session.gc_maxlifetime=1440
session.use_strict_mode=1
--FILE--
<?php
require __DIR__ . '/lifecycle.inc';
$name = ddb_session_name(__FILE__);
session_name($name);
$id = null;
for ($request = 1; $request <= 3; $request++) {
    $before = DynamoDbSession\SessionHandler::stats();
    // The cookie of the previous response comes back.
    if ($id !== null) {
        session_id($id);
    }
    session_start();
    $same = $id === null || session_id() === $id;
    $id = session_id();
    session_write_close();
    $item = ddb_get("{$name}_$id");
    $cost = ddb_requests_since($before);
    if ($request === 1) {
        unset($cost['get_item']);
    }
    printf("request %d: same id %s, item %s, lock %s, requests %s\n", $request, var_export($same, true),
        json_encode(ddb_shape($item)), json_encode(lock_attributes($item)), json_encode($cost));
}
ddb_delete("{$name}_$id");
?>
--EXPECT--
request 1: same id true, item {"expires":"N","id":"S"}, lock [], requests {"update_item":1,"delete_item":0}
request 2: same id true, item {"expires":"N","id":"S"}, lock [], requests {"get_item":0,"update_item":2,"delete_item":0}
request 3: same id true, item {"expires":"N","id":"S"}, lock [], requests {"get_item":0,"update_item":2,"delete_item":0}
