<?php
// bench/profile's php-fpm mode, run inside its private network namespace:
// dynoxide on 127.0.0.1:8000, stunnel with a private CA on :8443 (for https),
// php-fpm with a static pool of <users> workers and the extension, and
// <users> virtual users sending bench/apps/extension.php?mode=write requests
// over FastCGI, each with its own session. Per transport: a warm-up, then
// `perf record` enabled only while <requests> requests run: of the workers
// (-p), or of the whole machine when the perf options hold -a (the report
// then keeps the workers' samples). Writes <out>/perf-<transport>.data and
// <out>/<transport>.json (requests, seconds, the workers' pids, their CPU per
// request from /proc, the median X-Bench cpu_us / session_us the app
// reports; the same figures for the warm-up, without perf).
//
// Usage: php -n profile-fpm.php <extension.so> <out dir> <http,https> <users> <requests> -- <perf record options>

const REPO = __DIR__ . '/../..';
const TABLE = 'bench_sessions';
const PLAIN_PORT = 8000;
const TLS_PORT = 8443;

require REPO . '/tests/tools/child.php';
require REPO . '/tests/tools/private_ca.php';
require REPO . '/tests/tools/fastcgi.php';

$separator = array_search('--', $argv, true);
[$_, $extension, $out, $transports, $users, $requests] = array_slice($argv, 0, $separator);
$perfOptions = array_slice($argv, $separator + 1);
$transports = explode(',', $transports);
$users = max(1, (int) $users);
$requests = max($users, (int) $requests);
$app = realpath(REPO . '/bench/apps/extension.php');

$work = "$out/work";
exec('rm -rf ' . escapeshellarg($work));
mkdir($work, 0777, true);
$parent = getmypid();
$children = [];
register_shutdown_function(function () use (&$children, $parent) {
    if (getmypid() !== $parent) {
        return; // a virtual user (forked) ending
    }
    foreach (array_reverse($children) as $child) {
        child_stop($child);
    }
});

note('dynoxide on 127.0.0.1:' . PLAIN_PORT);
$children[] = child_spawn(['dynoxide', '--host', '127.0.0.1', '--port', (string) PLAIN_PORT, '--log', 'quiet'], "$work/backend.log");
wait_for_port(PLAIN_PORT, 'dynoxide');
$env = ['DYNAMODB_ENDPOINT_URL' => 'http://127.0.0.1:' . PLAIN_PORT, 'AWS_ACCESS_KEY_ID' => 'bench',
    'AWS_SECRET_ACCESS_KEY' => 'bench', 'AWS_EC2_METADATA_DISABLED' => 'true'];
$process = proc_open([PHP_BINARY, '-n', '-d', "extension=$extension", REPO . '/docker/create-table.php', 'table_name=' . TABLE,
    'region=us-east-1'], [1 => ['pipe', 'w'], 2 => ['redirect', 1]], $pipes, null, $env + getenv());
$output = stream_get_contents($pipes[1]);
if (proc_close($process) !== 0) {
    fail("createTable failed: $output");
}

$params = ['BENCH_TABLE' => TABLE, 'BENCH_FILES_DIR' => $work, 'BENCH_SDK_PATH' => '', 'BENCH_JMESPATH_PATH' => ''];
$endpoints = ['http' => $params + ['BENCH_ENDPOINT' => 'http://127.0.0.1:' . PLAIN_PORT, 'BENCH_CA' => '']];
if (in_array('https', $transports, true)) {
    [$caPem, $serverPem] = private_ca($work);
    file_put_contents("$work/stunnel.conf", implode("\n", [
        'foreground = yes', "pid = $work/stunnel.pid", 'debug = 3', "output = $work/stunnel.log",
        'socket = l:TCP_NODELAY=1', 'socket = r:TCP_NODELAY=1',
        '[dynamodb]', 'accept = 127.0.0.1:' . TLS_PORT, 'connect = 127.0.0.1:' . PLAIN_PORT, "cert = $serverPem",
    ]) . "\n");
    note('stunnel on 127.0.0.1:' . TLS_PORT . ' (private CA)');
    $children[] = child_spawn([trim((string) shell_exec('command -v stunnel4 || command -v stunnel')), "$work/stunnel.conf"], "$work/stunnel.out");
    wait_for_port(TLS_PORT, 'stunnel');
    $endpoints['https'] = $params + ['BENCH_ENDPOINT' => 'https://127.0.0.1:' . TLS_PORT, 'BENCH_CA' => $caPem];
}

// php-fpm as bench/lib/bench.php starts it: static pool, opcache on.
$socket = "$work/fpm.sock";
file_put_contents("$work/fpm.conf", implode("\n", [
    '[global]', "error_log = $work/fpm.log", 'daemonize = no',
    '[profile]', "listen = $socket", 'pm = static', "pm.max_children = $users", 'clear_env = yes', 'catch_workers_output = yes',
]) . "\n");
$fpmBinary = trim((string) shell_exec('command -v php-fpm8.2 || command -v php-fpm')) ?: '/usr/sbin/php-fpm8.2';
$fpm = child_spawn([$fpmBinary, '-F', '-R', '-y', "$work/fpm.conf", '-d', "extension=$extension",
    '-d', 'opcache.enable=1', '-d', 'opcache.validate_timestamps=0', '-d', 'display_errors=stderr',
    '-d', 'session.gc_probability=0'], "$work/fpm.out");
$children[] = $fpm;
for ($i = 0; $i < 100 && !file_exists($socket); $i++) {
    usleep(50000);
}
file_exists($socket) || fail("php-fpm did not start:\n" . @file_get_contents("$work/fpm.out") . @file_get_contents("$work/fpm.log"));
$workers = [];
for ($i = 0; $i < 100 && count($workers) < $users; $i++) {
    usleep(20000);
    $workers = children_of(proc_get_status($fpm)['pid']);
}
count($workers) === $users || fail("expected $users php-fpm workers, found " . count($workers));
note(sprintf('php-fpm: %d worker%s (pids %s), %s', $users, $users === 1 ? '' : 's', implode(',', $workers), basename($extension)));

$sessions = [];
for ($u = 0; $u < $users; $u++) {
    $sessions[] = substr('profile' . bin2hex(random_bytes(16)), 0, 32);
}
foreach ($transports as $transport) {
    $fcgi = $endpoints[$transport] ?? fail("unknown transport $transport (http or https)");
    // Every worker connects, warms opcache and its client first: steady state
    // is what is profiled. The warm-up's median also shows perf's own cost.
    $warmCpu = cpu_ticks($workers);
    $warm = drive("unix://$socket", $app, $fcgi, $sessions, max(40 * $users, intdiv($requests, 3)), $work);
    $warmCpu = cpu_ticks($workers) - $warmCpu;

    $data = "$out/perf-$transport.data";
    @unlink("$work/ctl");
    @unlink("$work/ack");
    posix_mkfifo_or_fail("$work/ctl");
    posix_mkfifo_or_fail("$work/ack");
    @unlink($data);
    $target = in_array('-a', $perfOptions, true) ? [] : ['-p', implode(',', $workers)];
    $perf = proc_open(array_merge(['perf', 'record', '-q', '--no-buildid-cache', '-D', '-1', '--control', "fifo:$work/ctl,$work/ack",
        '-o', $data], $target, $perfOptions), [0 => ['file', '/dev/null', 'r'], 1 => ['file', "$work/perf.log", 'a'],
        2 => ['file', "$work/perf.log", 'a']], $pipes);
    $ctl = fopen("$work/ctl", 'w');
    $ack = fopen("$work/ack", 'r');
    $control = function (string $command) use ($ctl, $ack, $work) {
        fwrite($ctl, "$command\n");
        fflush($ctl);
        trim((string) fgets($ack)) === 'ack' || fail("perf did not acknowledge '$command':\n" . file_get_contents("$work/perf.log"));
    };
    $cpuBefore = cpu_ticks($workers);
    $control('enable');
    $started = microtime(true);
    $rows = drive("unix://$socket", $app, $fcgi, $sessions, $requests, $work);
    $seconds = microtime(true) - $started;
    $control('disable');
    $cpuAfter = cpu_ticks($workers);
    fclose($ctl);
    fclose($ack);
    proc_terminate($perf, SIGINT);
    while (proc_get_status($perf)['running']) {
        usleep(20000);
    }
    proc_close($perf);
    foreach (file("$work/perf.log", FILE_IGNORE_NEW_LINES) as $line) {
        if (stripos($line, 'lost') !== false) {
            note("perf: $line");
        }
    }
    $ticksPerSecond = (int) trim((string) shell_exec('getconf CLK_TCK')) ?: 100;
    $meta = [
        'worker_cpu_us_unprofiled' => $warmCpu * 1e6 / $ticksPerSecond / max(count($warm), 1),
        'transport' => $transport, 'users' => $users, 'pids' => implode(',', $workers), 'requests' => count($rows), 'seconds' => $seconds,
        'worker_cpu_us' => ($cpuAfter - $cpuBefore) * 1e6 / $ticksPerSecond / max(count($rows), 1),
        'app_cpu_us' => median(array_column($rows, 0)), 'session_us' => median(array_column($rows, 1)),
        'app_cpu_us_unprofiled' => median(array_column($warm, 0)), 'session_us_unprofiled' => median(array_column($warm, 1)),
    ];
    file_put_contents("$out/$transport.json", json_encode($meta, JSON_PRETTY_PRINT) . "\n");
    note(sprintf('%s: %d requests in %.1f s. Per request, under perf: the workers\' CPU %.0f µs (/proc), the app\'s median CPU %.0f µs, '
        . 'session %.0f µs; in the warm-up (%d requests, no perf): %.0f, %.0f and %.0f µs', $transport, $meta['requests'], $seconds,
        $meta['worker_cpu_us'], $meta['app_cpu_us'], $meta['session_us'], count($warm), $meta['worker_cpu_us_unprofiled'],
        $meta['app_cpu_us_unprofiled'], $meta['session_us_unprofiled']));
}
exit(0);

// =============================================================================

function note(string $line): void
{
    fwrite(STDERR, "    $line\n");
}

function fail(string $message): never
{
    fwrite(STDERR, "error: $message\n");
    exit(1);
}

function wait_for_port(int $port, string $what): void
{
    for ($i = 0; $i < 600; $i++) {
        $conn = @stream_socket_client("tcp://127.0.0.1:$port", $errno, $error, 1);
        if ($conn !== false) {
            fclose($conn);
            return;
        }
        usleep(100000);
    }
    fail("$what did not listen on port $port within 60 s");
}

function posix_mkfifo_or_fail(string $path): void
{
    exec('mkfifo ' . escapeshellarg($path), $output, $status);
    $status === 0 || fail("mkfifo $path failed");
}

/** @return int[] the pids whose parent is $pid */
function children_of(int $pid): array
{
    $found = [];
    foreach (glob('/proc/[0-9]*/stat') as $stat) {
        $text = (string) @file_get_contents($stat);
        $fields = explode(' ', substr($text, (int) strrpos($text, ')') + 2));
        if ((int) ($fields[1] ?? 0) === $pid) {
            $found[] = (int) basename(dirname($stat));
        }
    }
    sort($found);
    return $found;
}

/** User + system CPU of the processes, all their threads, in clock ticks. */
function cpu_ticks(array $pids): int
{
    $ticks = 0;
    foreach ($pids as $pid) {
        $stat = (string) file_get_contents("/proc/$pid/stat");
        $fields = explode(' ', substr($stat, strrpos($stat, ')') + 2));
        $ticks += (int) $fields[11] + (int) $fields[12]; // utime, stime
    }
    return $ticks;
}

/**
 * One forked virtual user per session, $requests in all, each user's one
 * after the other. Returns [cpu_us, session_us] of every request, from the
 * app's X-Bench header.
 */
function drive(string $socket, string $app, array $fcgi, array $sessions, int $requests, string $work): array
{
    $pids = [];
    foreach ($sessions as $u => $session) {
        $share = intdiv($requests, count($sessions)) + ($u < $requests % count($sessions) ? 1 : 0);
        $pid = pcntl_fork();
        if ($pid === 0) {
            $params = $fcgi + fastcgi_get($app, 'mode=write', $session);
            $lines = '';
            for ($i = 0; $i < $share; $i++) {
                [$headers, $body] = fastcgi_request($socket, $params);
                if (!preg_match('/^X-Bench: cpu_us=(\d+) session_us=(\d+)/mi', $headers, $m)) {
                    fwrite(STDERR, "request failed:\n$headers\n\n" . substr($body, 0, 2000) . "\n");
                    exit(1);
                }
                $lines .= "$m[1] $m[2]\n";
            }
            file_put_contents("$work/user-$u.out", $lines);
            exit(0);
        }
        $pids[$u] = $pid;
    }
    $rows = [];
    foreach ($pids as $u => $pid) {
        pcntl_waitpid($pid, $status);
        if (!pcntl_wifexited($status) || pcntl_wexitstatus($status) !== 0) {
            fail("virtual user $u failed (php-fpm log: $work/fpm.log)");
        }
        foreach (file("$work/user-$u.out", FILE_IGNORE_NEW_LINES) as $line) {
            $rows[] = array_map('intval', explode(' ', $line));
        }
    }
    return $rows;
}

function median(array $values): float
{
    sort($values);
    return $values ? (float) $values[intdiv(count($values) - 1, 2)] : 0.0;
}
