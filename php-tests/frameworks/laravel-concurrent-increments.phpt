--TEST--
Laravel with locking: 4 processes x 25 concurrent requests incrementing one session through StartSession give exactly 100
--EXTENSIONS--
dynamodb_session
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; skip_without('laravel'); ?>
--FILE--
<?php
require __DIR__ . '/laravel.inc';
require __DIR__ . '/../locking/locking.inc';
$id = laravel_id(ddb_session_name(__FILE__), 'counter');
$state = state_dir();
// Laravel reads in StartSession and always writes at its end: the lock taken
// by read() is released by that write, never by close().
$workers = [];
for ($w = 0; $w < 4; $w++) {
    $workers[] = laravel_worker_start('increment', $id, $state, ['locking' => true, 'max_lock_wait_time' => 60], 25);
}
$failed = 0;
foreach ($workers as [$process, $log]) {
    if (worker_wait($process, 300) !== 0) {
        $failed++;
    }
    echo file_get_contents($log);
}
echo "failed workers: $failed\n";
var_dump(laravel_stored($id)['n']);
var_dump(ddb_shape(ddb_get($id)));
ddb_delete($id);
?>
--EXPECT--
failed workers: 0
int(100)
array(3) {
  ["data"]=>
  string(1) "S"
  ["expires"]=>
  string(1) "N"
  ["id"]=>
  string(1) "S"
}
