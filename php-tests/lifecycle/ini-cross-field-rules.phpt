--TEST--
Cross-field ini rules: consistent combinations are accepted at startup, an inconsistent one is refused when the handler is built
--EXTENSIONS--
dynamodb_session
--SKIPIF--
<?php
require __DIR__ . '/../skipif.inc';
if (!getenv('DYNAMODB_SESSION_EXTENSION')) die('skip DYNAMODB_SESSION_EXTENSION (the .so path) is not set; ./scripts/phpt sets it');
?>
--FILE--
<?php
require __DIR__ . '/lifecycle.inc';

/** Runs PHP with the extension and $ini; prints its output (startup warnings included). */
function run_with(array $ini): void
{
    $command = [PHP_BINARY, '-n', '-d', 'extension=' . extension_path(), '-d', 'display_startup_errors=1',
        '-d', 'display_errors=stdout', '-d', 'error_reporting=-1'];
    foreach ($ini as $key => $value) {
        array_push($command, '-d', "dynamodb_session.$key=$value");
    }
    $code = 'foreach ($argv as $i => $key) { if ($i) echo $key, "=", var_export(ini_get("dynamodb_session.$key"), true), "\n"; }'
        . ' try { new DynamoDbSession\SessionHandler(["region" => "us-east-1", "locking" => true]); echo "handler built\n"; }'
        . ' catch (DynamoDbSession\ConfigurationException $e) { echo get_class($e), ": ",'
        . ' str_contains($e->getMessage(), "read_capacity_units") ? "names read_capacity_units" : $e->getMessage(), "\n"; }';
    $process = proc_open([...$command, '-r', $code, '--', ...array_keys($ini)], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
    echo '-- ', http_build_query($ini, '', ' '), "\n", stream_get_contents($pipes[1]), stream_get_contents($pipes[2]);
    proc_close($process);
}

run_with(['read_capacity_units' => 5, 'write_capacity_units' => 5]);
run_with(['min_lock_retry_microtime' => 60000, 'max_lock_retry_microtime' => 100000]);
run_with(['hash_key' => 'data', 'data_attribute' => 'payload']);
// Each value is valid alone; the combination is not.
run_with(['read_capacity_units' => 5]);
?>
--EXPECT--
-- read_capacity_units=5 write_capacity_units=5
read_capacity_units='5'
write_capacity_units='5'
handler built
-- min_lock_retry_microtime=60000 max_lock_retry_microtime=100000
min_lock_retry_microtime='60000'
max_lock_retry_microtime='100000'
handler built
-- hash_key=data data_attribute=payload
hash_key='data'
data_attribute='payload'
handler built
-- read_capacity_units=5
read_capacity_units='5'
DynamoDbSession\ConfigurationException: names read_capacity_units
