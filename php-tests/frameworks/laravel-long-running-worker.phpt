--TEST--
Laravel in a long-running worker (Octane, RoadRunner, FrankenPHP): one process, one application serving requests in a loop; endRequest() in the terminate step leaves no lock and no session state behind
--EXTENSIONS--
dynamodb_session
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; skip_without('laravel'); ?>
--FILE--
<?php
require __DIR__ . '/laravel.inc';
require __DIR__ . '/../locking/locking.inc';
$prefix = ddb_session_name(__FILE__);
$state = state_dir();

// One application for the whole worker, as Octane boots it once: the same
// session manager, store and handler serve every request.
$app = laravel_app(['locking' => true, 'max_lock_wait_time' => 1]);
function serve(?string $id, callable $action): ?string
{
    global $app;
    try {
        $id = laravel_request($app, $id, $action);
    } catch (RuntimeException $e) {
        echo 'request failed: ', $e->getMessage(), "\n";
        $id = null;
    }
    // The HTTP kernel's terminate step after the response is sent; the
    // example's service provider releases the session there.
    $app->terminate();
    // Between requests the worker clears the store's attributes (Octane
    // flushes the session), so only the handler could carry state over.
    $app['session']->driver()->flush();
    return $id;
}
function locked(string $id): bool
{
    return isset(ddb_get($id)['lock']);
}

$alice = laravel_id($prefix, 'alice');
serve($alice, fn ($session) => $session->put('user', 'alice'));
var_dump(laravel_stored($alice)['user'], locked($alice));

echo "a controller throws: StartSession never saves, the lock read() took is released at terminate\n";
serve($alice, function ($session) {
    $session->put('user', 'mallory');
    throw new RuntimeException('controller failed');
});
var_dump(locked($alice), laravel_stored($alice)['user']);
var_dump(DynamoDbSession\SessionHandler::endRequest());

echo "regenerate(): the write goes to the new id, the old id's lock is released at terminate\n";
$moved = serve($alice, fn ($session) => $session->regenerate());
var_dump($moved !== $alice, locked($alice), locked($moved), laravel_stored($moved)['user']);

echo "the next visitor sees nothing of the previous requests\n";
$bob = serve(null, function ($session) {
    var_dump(array_keys($session->all()));
    $session->put('user', 'bob');
});
var_dump(laravel_stored($bob)['user'], laravel_stored($moved)['user']);

echo "a request that could not lock its session is refused its write; the next request for it works\n";
$carol = laravel_id($prefix, 'carol');
[$holder] = laravel_worker_start('hold', $carol, $state, ['locking' => true]);
wait_for_signal($state, 'held');
serve($carol, function ($session) use ($state, $holder) {
    touch("$state/release");
    var_dump(worker_wait($holder));
    $session->put('by', 'contender');
});
var_dump(laravel_stored($carol)['by']);
serve($carol, fn ($session) => $session->put('by', $session->get('by') . '+worker'));
var_dump(laravel_stored($carol)['by'], locked($carol));

// Another process gets every session at once: nothing is still locked.
[$other, $log] = laravel_worker_start('increment', $moved, $state, ['locking' => true, 'max_lock_wait_time' => 1]);
var_dump(worker_wait($other));
echo file_get_contents($log);
var_dump(DynamoDbSession\SessionHandler::endRequest());
foreach ([$alice, $moved, $bob, $carol] as $id) {
    ddb_delete($id);
}
?>
--EXPECTF--
string(5) "alice"
bool(false)
a controller throws: StartSession never saves, the lock read() took is released at terminate
request failed: controller failed
bool(false)
string(5) "alice"
int(0)
regenerate(): the write goes to the new id, the old id's lock is released at terminate
bool(true)
bool(false)
bool(false)
string(5) "alice"
the next visitor sees nothing of the previous requests
array(1) {
  [0]=>
  string(6) "_token"
}
string(3) "bob"
string(5) "alice"
a request that could not lock its session is refused its write; the next request for it works

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: could not lock the session within 1.0s (max_lock_wait_time): another request holds it in %s on line %d
int(0)

Warning: DynamoDbSession\SessionHandler::write(): [dynamodb_session] write failed for session %x: refused: this request could not read the session, so it leaves the stored session unchanged in %s on line %d
string(6) "holder"
string(13) "holder+worker"
bool(false)
int(0)
int(0)
