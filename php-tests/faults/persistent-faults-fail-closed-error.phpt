--TEST--
Persistent faults fail the call within operation_timeout with a warning, never hang or crash, and overwrite nothing, with locking off and on
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
$key = "{$name}_persistent";
$stored = ['id' => ['S' => $key], 'data' => ['S' => 'n|i:1;'], 'expires' => ['N' => (string) (time() + 600)]];
$state = fault_proxy_start();
foreach ([false, true] as $locking) {
    echo '-- locking ', $locking ? 'on' : 'off', "\n";
    ddb_put($stored);
    $options = via_proxy($state, ['max_attempts' => 3, 'operation_timeout' => 1.5, 'locking' => $locking]);
    foreach (['throttle', 'http500', 'reset', 'hang'] as $fault) {
        faults($state, $fault);
        $_SESSION = [];
        $handler = new DynamoDbSession\SessionHandler($options);
        session_set_save_handler($handler, true);
        session_name($name);
        session_id('persistent');
        $warnings = [];
        set_error_handler(function ($type, $message) use (&$warnings) {
            $warnings[] = $message;
            return true;
        });
        $start = microtime(true);
        $started = session_start();
        $elapsed = microtime(true) - $start;
        restore_error_handler();
        // The retries run out or the operation times out first, depending on
        // the jittered backoff: either way a warning names the read's request
        // (GetItem; with locking the acquiring UpdateItem).
        $operation = $locking ? 'UpdateItem' : 'GetItem';
        $named = (bool) preg_match("/read failed for session [0-9a-f]{8}: $operation: (ThrottlingException|timed out after 1.5s|\\w+)/",
            implode("\n", $warnings));
        // With locking, an acquire whose outcome is unknown (HTTP 500, reset,
        // a timeout) is released at request end, after the response: the
        // failed session_start() stays within operation_timeout either way.
        $bound = 1.5 + 1.0;
        printf("%-9s session_start %s, warning names %s: %s, within the bound: %s, item unchanged: %s\n", $fault,
            var_export($started, true), $operation, var_export($named, true), var_export($elapsed < $bound, true),
            var_export(ddb_get($key) == $stored, true));
    }
    // A write that fails under a persistent fault changes nothing.
    faults($state);
    ddb_start($name, 'persistent', ['endpoint' => fault_proxy_url($state), 'operation_timeout' => 1.5, 'locking' => $locking]);
    $_SESSION['n'] = 2;
    faults($state, 'http503');
    var_dump(@session_write_close(), ddb_get($key)['data']['S']);
    // With locking the release failed too; once the backend answers, the end
    // of the request releases the lock (as request shutdown does).
    faults($state);
    var_dump(DynamoDbSession\SessionHandler::endRequest());
    $item = ddb_get($key);
    var_dump($item['data']['S'], lock_attributes($item));
}
ddb_delete($key);
?>
--EXPECT--
-- locking off
throttle  session_start false, warning names GetItem: true, within the bound: true, item unchanged: true
http500   session_start false, warning names GetItem: true, within the bound: true, item unchanged: true
reset     session_start false, warning names GetItem: true, within the bound: true, item unchanged: true
hang      session_start false, warning names GetItem: true, within the bound: true, item unchanged: true
bool(true)
string(6) "n|i:1;"
int(0)
string(6) "n|i:1;"
array(0) {
}
-- locking on
throttle  session_start false, warning names UpdateItem: true, within the bound: true, item unchanged: true
http500   session_start false, warning names UpdateItem: true, within the bound: true, item unchanged: true
reset     session_start false, warning names UpdateItem: true, within the bound: true, item unchanged: true
hang      session_start false, warning names UpdateItem: true, within the bound: true, item unchanged: true
bool(true)
string(6) "n|i:1;"
int(1)
string(6) "n|i:1;"
array(0) {
}
