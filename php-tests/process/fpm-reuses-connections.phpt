--TEST--
Under php-fpm (static pool of 4), workers create their runtime after fork and reuse one connection each across requests
--EXTENSIONS--
dynamodb_session
--SKIPIF--
<?php
require __DIR__ . '/../skipif.inc';
if (!getenv('DYNAMODB_SESSION_EXTENSION')) die('skip DYNAMODB_SESSION_EXTENSION (the .so path) is not set; ./scripts/phpt sets it');
if (!is_executable('/usr/sbin/php-fpm' . PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION)) die('skip php-fpm is not installed');
?>
--FILE--
<?php
require __DIR__ . '/process.inc';
require REPO_ROOT . '/tests/tools/fastcgi.php';
$proxy = count_proxy_start();
[$proxyPort] = count_proxy_state($proxy);

$dir = sys_get_temp_dir() . '/fpm-' . getmypid();
@mkdir($dir);
$socket = "$dir/fpm.sock";
file_put_contents("$dir/fpm.conf", <<<CONF
[global]
error_log = $dir/fpm.log
daemonize = no
[app]
listen = $socket
pm = static
pm.max_children = 4
; the default clear_env = yes would hide the endpoint variable, see README
clear_env = no
CONF);
child_start(['/usr/sbin/php-fpm' . PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION, '-F', '-R', '-y', "$dir/fpm.conf",
    '-d', 'extension=' . extension_path(), '-d', 'session.use_strict_mode=0'], [
    'DYNAMODB_ENDPOINT_URL' => "http://127.0.0.1:$proxyPort",
    'AWS_EC2_METADATA_DISABLED' => 'true',
]);
wait_until(fn () => file_exists($socket), 'php-fpm');

$script = realpath(REPO_ROOT . '/tests/apps/counter.php');
$prefix = 'fpm' . substr(md5(__FILE__), 0, 18);
$pids = [];
$failures = 0;
for ($round = 1; $round <= 10; $round++) {
    for ($s = 0; $s < 20; $s++) {
        [$headers, $body] = fastcgi_request("unix://$socket", fastcgi_get($script, '', sprintf('%s%04d', $prefix, $s)));
        $answer = json_decode($body, true);
        if (($answer['n'] ?? null) !== $round || $answer['clients_built'] !== 1) {
            $failures++;
            echo $headers, $body, "\n";
        }
        $pids[$answer['pid'] ?? 0] = true;
    }
}
[, $connections] = count_proxy_state($proxy);
echo "requests: 200, failures: $failures\n";
var_dump(count($pids) >= 1 && count($pids) <= 4);
var_dump($connections === count($pids));
var_dump(ddb_get(sprintf('PHPSESSID_%s%04d', $prefix, 3))['data']['S']);
for ($s = 0; $s < 20; $s++) {
    ddb_delete(sprintf('PHPSESSID_%s%04d', $prefix, $s));
}
?>
--EXPECT--
requests: 200, failures: 0
bool(true)
bool(true)
string(7) "n|i:10;"
