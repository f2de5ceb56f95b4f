--TEST--
Under php -S with PHP_CLI_SERVER_WORKERS=4, each worker builds one client and reuses its connection for every request
--EXTENSIONS--
dynamodb_session
--SKIPIF--
<?php
require __DIR__ . '/../skipif.inc';
if (!getenv('DYNAMODB_SESSION_EXTENSION')) die('skip DYNAMODB_SESSION_EXTENSION (the .so path) is not set; ./scripts/phpt sets it');
?>
--FILE--
<?php
require __DIR__ . '/process.inc';
$proxy = count_proxy_start();
[$proxyPort] = count_proxy_state($proxy);
$port = free_port();
child_start([PHP_BINARY, '-d', 'extension=' . extension_path(), '-d', 'session.use_strict_mode=0',
    '-S', "127.0.0.1:$port", '-t', REPO_ROOT . '/tests/apps'], [
    'PHP_CLI_SERVER_WORKERS' => '4',
    'DYNAMODB_ENDPOINT_URL' => "http://127.0.0.1:$proxyPort",
    'AWS_EC2_METADATA_DISABLED' => 'true',
]);
wait_until(fn () => @fsockopen('127.0.0.1', $port), 'php -S');

$name = 'PHPSESSID';
$sessions = 20;
$rounds = 10;
$pids = [];
$failures = 0;
for ($round = 1; $round <= $rounds; $round++) {
    for ($s = 0; $s < $sessions; $s++) {
        $id = sprintf('bsrv%s%04d', substr(md5(__FILE__), 0, 18), $s);
        $context = stream_context_create(['http' => ['header' => "Cookie: $name=$id\r\n", 'ignore_errors' => true]]);
        $answer = json_decode((string) file_get_contents("http://127.0.0.1:$port/counter.php", false, $context), true);
        if (($answer['n'] ?? null) !== $round || $answer['clients_built'] !== 1) {
            $failures++;
        }
        $pids[$answer['pid'] ?? 0] = true;
    }
}
[, $connections] = count_proxy_state($proxy);
echo "requests: ", $sessions * $rounds, ", failures: $failures\n";
// Four workers, and the parent process serves requests too.
var_dump(count($pids) >= 1 && count($pids) <= 5);
// One connection per worker that served requests, however many requests it served.
var_dump($connections === count($pids));
var_dump(ddb_get(sprintf('%s_bsrv%s%04d', $name, substr(md5(__FILE__), 0, 18), 7))['data']['S']);
for ($s = 0; $s < $sessions; $s++) {
    ddb_delete(sprintf('%s_bsrv%s%04d', $name, substr(md5(__FILE__), 0, 18), $s));
}
?>
--EXPECT--
requests: 200, failures: 0
bool(true)
bool(true)
string(7) "n|i:10;"
