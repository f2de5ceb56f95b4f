--TEST--
8 concurrent processes x 50 increments of one session counter: exactly 400 with locking (and lost updates without)
--EXTENSIONS--
dynamodb_session
--SKIPIF--
<?php
require __DIR__ . '/../skipif.inc';
if (!getenv('DYNAMODB_SESSION_EXTENSION')) die('skip DYNAMODB_SESSION_EXTENSION (the .so path) is not set; ./scripts/phpt sets it');
?>
--INI--
session.use_cookies=0
session.cache_limiter=
session.gc_maxlifetime=1440
--FILE--
<?php
require __DIR__ . '/locking.inc';
$name = ddb_session_name(__FILE__);

function run_increments(string $name, string $id, array $options): int
{
    $workers = [];
    for ($w = 0; $w < 8; $w++) {
        $workers[] = worker_start('increment', $name, $id, state_dir(), $options, 50);
    }
    $failed = 0;
    foreach ($workers as [$process, $log]) {
        if (worker_wait($process, 300) !== 0) {
            $failed++;
            echo file_get_contents($log);
        }
    }
    $data = ddb_get("{$name}_$id")['data']['S'] ?? '';
    preg_match('/n\|i:(\d+);/', $data, $m);
    echo "failed workers: $failed\n";
    return (int) ($m[1] ?? 0);
}

$locked = run_increments($name, 'locked', ['locking' => true, 'max_lock_wait_time' => 60]);
var_dump($locked);
var_dump(ddb_shape(ddb_get("{$name}_locked")));

// Without locking, concurrent read-modify-write cycles overwrite each other:
// usually far fewer than 400 survive (not asserted exactly: it depends on timing).
$unlocked = run_increments($name, 'unlocked', []);
var_dump($unlocked >= 50 && $unlocked <= 400);
ddb_delete("{$name}_locked");
ddb_delete("{$name}_unlocked");
?>
--EXPECT--
failed workers: 0
int(400)
array(3) {
  ["data"]=>
  string(1) "S"
  ["expires"]=>
  string(1) "N"
  ["id"]=>
  string(1) "S"
}
failed workers: 0
bool(true)
