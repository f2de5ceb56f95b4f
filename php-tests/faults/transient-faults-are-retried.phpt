--TEST--
Transient faults (throttling, 5xx, reset or truncated connections, a slow answer) are retried and the request succeeds, with locking off and on
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
$key = "{$name}_transient";
$state = fault_proxy_start();
// With locking a read is the acquiring UpdateItem: a truncated answer means
// DynamoDB applied it and the SDK retries an acquire that already holds the lock.
foreach ([false, true] as $locking) {
    echo '-- locking ', $locking ? 'on' : 'off', "\n";
    ddb_put(['id' => ['S' => $key], 'data' => ['S' => 'n|i:7;'], 'expires' => ['N' => (string) (time() + 600)]]);
    $handler = new DynamoDbSession\SessionHandler(via_proxy($state, ['max_attempts' => 3, 'operation_timeout' => 5.0, 'locking' => $locking]));
    $before = DynamoDbSession\SessionHandler::stats();
    foreach (['throttle 2', 'provisioned 2', 'http503 2', 'http500 2', 'reset 2', 'close-mid 1', 'delay 300 1'] as $fault) {
        $handler->open('', $name);
        faults($state, $fault);
        $data = $handler->read('transient');
        $operations = implode(',', array_unique(seen($state)));
        printf("%-12s read %s after %d %s attempts\n", $fault, var_export($data, true), count(seen($state)), $operations);
        // The last read's lock (with locking) is kept for the write below.
        if ($fault !== 'delay 300 1') {
            $handler->close();
        }
    }
    var_dump(lock_attributes(ddb_get($key)) === ($locking ? ['lock', 'lock_expires', 'lock_owner'] : []));
    faults($state, 'throttle 1');
    var_dump($handler->write('transient', 'n|i:8;'), $handler->close());
    $item = ddb_get($key);
    var_dump($item['data']['S'], lock_attributes($item));
    // 11 retried reads and 1 retried write; 4 throttled reads and 1 throttled write.
    print_r(stats_since($before, 'errors', 'retries', 'throttles', 'locks_lost', 'lock_waits'));
}
ddb_delete($key);
?>
--EXPECT--
-- locking off
throttle 2   read 'n|i:7;' after 3 GetItem attempts
provisioned 2 read 'n|i:7;' after 3 GetItem attempts
http503 2    read 'n|i:7;' after 3 GetItem attempts
http500 2    read 'n|i:7;' after 3 GetItem attempts
reset 2      read 'n|i:7;' after 3 GetItem attempts
close-mid 1  read 'n|i:7;' after 2 GetItem attempts
delay 300 1  read 'n|i:7;' after 1 GetItem attempts
bool(true)
bool(true)
bool(true)
string(6) "n|i:8;"
array(0) {
}
Array
(
    [errors] => 0
    [retries] => 12
    [throttles] => 5
    [locks_lost] => 0
    [lock_waits] => 0
)
-- locking on
throttle 2   read 'n|i:7;' after 3 UpdateItem attempts
provisioned 2 read 'n|i:7;' after 3 UpdateItem attempts
http503 2    read 'n|i:7;' after 3 UpdateItem attempts
http500 2    read 'n|i:7;' after 3 UpdateItem attempts
reset 2      read 'n|i:7;' after 3 UpdateItem attempts
close-mid 1  read 'n|i:7;' after 2 UpdateItem attempts
delay 300 1  read 'n|i:7;' after 1 UpdateItem attempts
bool(true)
bool(true)
bool(true)
string(6) "n|i:8;"
array(0) {
}
Array
(
    [errors] => 0
    [retries] => 12
    [throttles] => 5
    [locks_lost] => 0
    [lock_waits] => 0
)
