--TEST--
Persistent faults fail the call within operation_timeout with a warning, never hang or crash, and overwrite nothing
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
ddb_put(['id' => ['S' => "{$name}_persistent"], 'data' => ['S' => 'n|i:1;'], 'expires' => ['N' => (string) (time() + 600)]]);
$state = fault_proxy_start();
$options = via_proxy($state, ['max_attempts' => 3, 'operation_timeout' => 1.5]);
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
    // the jittered backoff: either way a warning names GetItem.
    $named = (bool) preg_match('/read failed for session [0-9a-f]{8}: GetItem: (ThrottlingException|timed out after 1.5s|\w+)/',
        implode("\n", $warnings));
    printf("%-9s session_start %s, warning names GetItem: %s, within the bound: %s\n", $fault,
        var_export($started, true), var_export($named, true), var_export($elapsed < 1.5 + 1.0, true));
}
// A write that fails under a persistent fault changes nothing.
faults($state);
ddb_start($name, 'persistent', ['endpoint' => fault_proxy_url($state), 'operation_timeout' => 1.5]);
$_SESSION['n'] = 2;
faults($state, 'http503');
var_dump(@session_write_close(), ddb_get("{$name}_persistent")['data']['S']);
ddb_delete("{$name}_persistent");
?>
--EXPECT--
throttle  session_start false, warning names GetItem: true, within the bound: true
http500   session_start false, warning names GetItem: true, within the bound: true
reset     session_start false, warning names GetItem: true, within the bound: true
hang      session_start false, warning names GetItem: true, within the bound: true
bool(true)
string(6) "n|i:1;"
