--TEST--
Transient faults (throttling, 5xx, reset or truncated connections, a slow answer) are retried and the request succeeds
--EXTENSIONS--
dynamodb_session
--SKIPIF--
<?php require __DIR__ . '/../skipif.inc'; ?>
--INI--
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/faults.inc';
$name = ddb_session_name(__FILE__);
ddb_put(['id' => ['S' => "{$name}_transient"], 'data' => ['S' => 'n|i:7;'], 'expires' => ['N' => (string) (time() + 600)]]);
$state = fault_proxy_start();
$handler = new DynamoDbSession\SessionHandler(via_proxy($state, ['max_attempts' => 3, 'operation_timeout' => 5.0]));
$handler->open('', $name);
$before = DynamoDbSession\SessionHandler::stats();
foreach (['throttle 2', 'provisioned 2', 'http503 2', 'http500 2', 'reset 2', 'close-mid 1', 'delay 300 1'] as $fault) {
    faults($state, $fault);
    $data = $handler->read('transient');
    printf("%-12s read %s after %d GetItem attempts\n", $fault, var_export($data, true), count(seen($state)));
}
faults($state, 'throttle 1');
var_dump($handler->write('transient', 'n|i:8;'), ddb_get("{$name}_transient")['data']['S']);
$after = DynamoDbSession\SessionHandler::stats();
// 11 retried reads and 1 retried write; 4 throttled reads and 1 throttled write.
foreach (['errors', 'retries', 'throttles'] as $counter) {
    printf("%s: %d\n", $counter, $after[$counter] - $before[$counter]);
}
ddb_delete("{$name}_transient");
?>
--EXPECT--
throttle 2   read 'n|i:7;' after 3 GetItem attempts
provisioned 2 read 'n|i:7;' after 3 GetItem attempts
http503 2    read 'n|i:7;' after 3 GetItem attempts
http500 2    read 'n|i:7;' after 3 GetItem attempts
reset 2      read 'n|i:7;' after 3 GetItem attempts
close-mid 1  read 'n|i:7;' after 2 GetItem attempts
delay 300 1  read 'n|i:7;' after 1 GetItem attempts
bool(true)
string(6) "n|i:8;"
errors: 0
retries: 12
throttles: 5
