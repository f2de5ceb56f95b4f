--TEST--
The backend goes down and comes back: requests fail fast meanwhile, and the same worker recovers on its next request without stale-connection errors, with locking off and on
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
    // A proxy (so an endpoint, so a client) of its own for each pass.
    $state = fault_proxy_start();
    $options = ['endpoint' => fault_proxy_url($state), 'operation_timeout' => 2.0, 'locking' => $locking];
    $before = DynamoDbSession\SessionHandler::stats();
    $_SESSION = [];
    ddb_start($name, 'updown', $options);
    $_SESSION['n'] = 1;
    var_dump(session_write_close());

    faults($state, 'down');
    wait_until(fn () => @fsockopen('127.0.0.1', (int) file_get_contents("$state/port")) === false, 'the proxy to go down');
    $_SESSION = [];
    $start = microtime(true);
    var_dump(@ddb_start($name, 'updown', $options) && session_status() === PHP_SESSION_ACTIVE);
    // With locking, a maybe-taken lock is released at request end, not by
    // the close() after the failed read: as fast as without.
    var_dump(microtime(true) - $start < 2.5);

    faults($state);
    wait_until(fn () => @fsockopen('127.0.0.1', (int) file_get_contents("$state/port")), 'the proxy to come back');
    // The pooled connection of the first request is dead: the worker must not show it.
    $_SESSION = [];
    ddb_start($name, 'updown', $options);
    var_dump($_SESSION);
    $_SESSION['n'] = 2;
    $item = null;
    var_dump(session_write_close(), ($item = ddb_get("{$name}_updown"))['data']['S'], lock_attributes($item));
    var_dump(stats_since($before, 'clients_built'));
    ddb_delete("{$name}_updown");
}
?>
--EXPECT--
-- locking off
bool(true)
bool(false)
bool(true)
array(1) {
  ["n"]=>
  int(1)
}
bool(true)
string(6) "n|i:2;"
array(0) {
}
array(1) {
  ["clients_built"]=>
  int(1)
}
-- locking on
bool(true)
bool(false)
bool(true)
array(1) {
  ["n"]=>
  int(1)
}
bool(true)
string(6) "n|i:2;"
array(0) {
}
array(1) {
  ["clients_built"]=>
  int(1)
}
