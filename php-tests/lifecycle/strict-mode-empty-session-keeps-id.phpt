--TEST--
Strict mode: a visitor whose session stays empty keeps one id across requests, with one small marker item and no write per request
--EXTENSIONS--
dynamodb_session
--SKIPIF--
<?php require __DIR__ . '/../skipif.inc'; ?>
--INI--
session.use_cookies=0
session.cache_limiter=
session.gc_maxlifetime=1440
session.use_strict_mode=1
--FILE--
<?php
require __DIR__ . '/lifecycle.inc';
$name = ddb_session_name(__FILE__);

foreach ([['locking' => true], ['locking' => false]] as $options) {
    echo 'locking: ', var_export($options['locking'], true), "\n";
    $id = null;
    for ($request = 1; $request <= 3; $request++) {
        $before = DynamoDbSession\SessionHandler::stats();
        // The cookie of the previous response comes back.
        ddb_start($name, $id, $options);
        $same = $id === null || session_id() === $id;
        $id = session_id();
        session_write_close();
        $item = ddb_get("{$name}_$id");
        $cost = ddb_requests_since($before);
        if ($request === 1) {
            // A new id: how it is read is not the point, what it writes is.
            unset($cost['get_item']);
        }
        printf("request %d: same id %s, item %s, requests %s\n", $request, var_export($same, true),
            json_encode(ddb_shape($item)), json_encode($cost));
    }
    ddb_delete("{$name}_$id");
}
?>
--EXPECT--
locking: true
request 1: same id true, item {"expires":"N","id":"S"}, requests {"update_item":1,"delete_item":0}
request 2: same id true, item {"expires":"N","id":"S"}, requests {"get_item":0,"update_item":2,"delete_item":0}
request 3: same id true, item {"expires":"N","id":"S"}, requests {"get_item":0,"update_item":2,"delete_item":0}
locking: false
request 1: same id true, item {"expires":"N","id":"S"}, requests {"update_item":1,"delete_item":0}
request 2: same id true, item {"expires":"N","id":"S"}, requests {"get_item":1,"update_item":0,"delete_item":0}
request 3: same id true, item {"expires":"N","id":"S"}, requests {"get_item":1,"update_item":0,"delete_item":0}
