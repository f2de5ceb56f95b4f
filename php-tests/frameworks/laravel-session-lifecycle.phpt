--TEST--
Laravel (StartSession, the example's `dynamodb` driver): a session written by one process is read by another; the gc lottery runs; lifetime in minutes
--EXTENSIONS--
dynamodb_session
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; skip_without('laravel'); ?>
--FILE--
<?php
require __DIR__ . '/laravel.inc';
require __DIR__ . '/../locking/locking.inc';
$state = state_dir();

// Two processes, two applications: a first visit, then the cookie's id.
function run(string $mode, string $id, string $state): string
{
    [$process, $log] = laravel_worker_start($mode, $id, $state, []);
    $exit = worker_wait($process);
    $output = file_get_contents($log);
    if ($exit !== 0) {
        throw new RuntimeException("$mode exited $exit: $output");
    }
    return trim($output);
}
$id = run('put', '-', $state);
var_dump(strlen($id), ctype_alnum($id));
// The item is the SDK's format, keyed by the bare Laravel id (open() never
// names the session), holding Laravel's serialized attributes.
$item = ddb_get($id);
var_dump(ddb_shape($item));
var_dump(laravel_stored($id)['user']);
// config/session.php: lifetime 120 minutes.
var_dump(abs((int) $item['expires']['N'] - time() - 7200) <= 5);
echo run('get', $id, $state), "\n";

// A request that always wins the gc lottery: gc() is called and costs nothing.
$before = DynamoDbSession\SessionHandler::stats();
$app = laravel_app([], ['lottery' => [1, 1]]);
laravel_request($app, $id, fn ($session) => $session->put('user', 'bob'));
var_dump(ddb_requests_since($before));
var_dump(laravel_stored($id)['user']);
ddb_delete($id);
?>
--EXPECT--
int(40)
bool(true)
array(3) {
  ["data"]=>
  string(1) "S"
  ["expires"]=>
  string(1) "N"
  ["id"]=>
  string(1) "S"
}
string(5) "alice"
bool(true)
"alice"
array(3) {
  ["get_item"]=>
  int(1)
  ["update_item"]=>
  int(1)
  ["delete_item"]=>
  int(0)
}
string(3) "bob"
