--TEST--
A long-running worker (Octane, RoadRunner, FrankenPHP) serving several requests in one process ends each with SessionHandler::endRequest(): no lock outlives its request
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
// Laravel calls read() and write() itself, never open() or close(): the key
// is the id itself.
$old = "{$name}old";
$new = "{$name}new";
ddb_put(['id' => ['S' => $old], 'data' => ['S' => 'n|i:1;'], 'expires' => ['N' => (string) (time() + 600)]]);
// The worker's container keeps the handlers of earlier requests alive.
$handlers = [];

function request(array &$handlers, callable $serve, bool $exact = true): void
{
    $handler = new DynamoDbSession\SessionHandler(ddb_options(['locking' => true, 'max_lock_wait_time' => 1]));
    $handlers[] = $handler;
    $before = DynamoDbSession\SessionHandler::stats();
    $serve($handler);
    // The framework's terminate hook.
    $released = DynamoDbSession\SessionHandler::endRequest();
    // Request 1: its write of the new id may already have released the old one.
    var_dump($exact ? $released : is_int($released) && $released >= 0 && $released <= 1);
    echo 'lock_waits ', stats_since($before, 'lock_waits')['lock_waits'], "\n";
}

function locks(string ...$keys): void
{
    foreach ($keys as $key) {
        echo substr($key, -3), ': ', json_encode(lock_attributes(ddb_get($key))), "\n";
    }
}

// Request 1: Laravel's regenerate() without destroy: the data moves to a new
// id; the old id (read, so locked) is never written.
request($handlers, function ($handler) use ($old, $new) {
    var_dump($handler->read($old));
    var_dump($handler->write($new, 'n|i:2;'));
}, false);
locks($old, $new);

// Request 2: a request still carrying the old cookie does not wait.
request($handlers, function ($handler) use ($old) {
    var_dump($handler->read($old));
    var_dump($handler->write($old, 'n|i:1;'));
});
locks($old, $new);

// Request 3: the new id.
request($handlers, function ($handler) use ($new) {
    var_dump($handler->read($new));
    var_dump($handler->write($new, 'n|i:3;'));
});
locks($old, $new);
var_dump(ddb_get($new)['data']['S']);
ddb_delete($old);
ddb_delete($new);
?>
--EXPECT--
string(6) "n|i:1;"
bool(true)
bool(true)
lock_waits 0
old: []
new: []
string(6) "n|i:1;"
bool(true)
int(0)
lock_waits 0
old: []
new: []
string(6) "n|i:2;"
bool(true)
int(0)
lock_waits 0
old: []
new: []
string(6) "n|i:3;"
