<?php
// The benchmark run, inside its own network namespace (bench/run starts it):
// a DynamoDB-compatible backend on 127.0.0.1, a TLS terminator in front of it,
// php-fpm with a static pool, and virtual users (bench/lib/load.php) driving
// the apps in bench/apps/; then session locking on, capacity units, the
// instructions of one php-fpm worker per request (callgrind) and one worker's
// memory. Prints the report and writes it, with the raw figures, to
// $BENCH_OUT (latest.md, latest.json).
//
// Settings (environment): see bench/run.

const REPO = __DIR__ . '/../..';
const TABLE = 'bench_sessions';
const PLAIN_PORT = 8000;
const TLS_PORT = 8443;
// Locking scenarios: users that each have their own session (what the lock
// costs when nobody waits), and writers sharing one session (what waiting costs).
const LOCKING_USERS = 4;
const CONTENDED_WRITERS = 8;

require REPO . '/tests/tools/child.php';
require REPO . '/tests/tools/private_ca.php';

$quick = getenv('BENCH_QUICK') === '1';
$settings = [
    'backend' => getenv('BENCH_BACKEND') ?: 'dynoxide',
    'requests' => (int) (getenv('BENCH_REQUESTS') ?: 2000),
    'concurrency' => array_map('intval', explode(',', getenv('BENCH_CONCURRENCY') ?: '1,4,16')),
    'rss_requests' => (int) (getenv('BENCH_RSS_REQUESTS') ?: 100000),
    'capacity_requests' => (int) (getenv('BENCH_CAPACITY_REQUESTS') ?: 10),
    'extension' => getenv('BENCH_EXTENSION') ?: REPO . '/target/release/libdynamodb_session.so',
    'sdk' => getenv('BENCH_SDK_PATH') ?: '',
    'jmespath' => getenv('BENCH_JMESPATH_PATH') ?: '',
    'out' => getenv('BENCH_OUT') ?: REPO . '/bench/results',
    // Requests per handler under callgrind (each ~50x slower there), after a
    // few that warm the worker up.
    'callgrind_requests' => (int) (getenv('BENCH_CALLGRIND_REQUESTS') ?: ($quick ? 3 : 50)),
    'callgrind_warmup' => $quick ? 2 : 5,
    'quick' => $quick,
];
$work = sys_get_temp_dir() . '/dynamodb-session-bench-' . getmypid();
mkdir("$work/files", 0777, true);
@mkdir($settings['out'], 0777, true);
$children = [];
register_shutdown_function(function () use (&$children, $work) {
    foreach (array_reverse($children) as $child) {
        child_stop($child);
    }
    exec('rm -rf ' . escapeshellarg($work));
});

// --- The backend, TLS in front of it, php-fpm -------------------------------
say("backend: {$settings['backend']} on 127.0.0.1:" . PLAIN_PORT);
$children[] = start_backend($settings['backend'], $work);
$plainEndpoint = 'http://127.0.0.1:' . PLAIN_PORT;
create_table($settings['extension'], $plainEndpoint);

[$caPem, $serverPem] = private_ca($work);
file_put_contents("$work/stunnel.conf", implode("\n", [
    'foreground = yes', "pid = $work/stunnel.pid", 'debug = 3', "output = $work/stunnel.log",
    // Nagle's algorithm would add delayed-ACK stalls that no real endpoint has.
    'socket = l:TCP_NODELAY=1', 'socket = r:TCP_NODELAY=1',
    '[dynamodb]', 'accept = 127.0.0.1:' . TLS_PORT, 'connect = 127.0.0.1:' . PLAIN_PORT,
    "cert = $serverPem",
]) . "\n");
say('TLS terminator: stunnel on 127.0.0.1:' . TLS_PORT . ' with a private CA');
$children[] = child_spawn([trim(shell_exec('command -v stunnel4 || command -v stunnel')), "$work/stunnel.conf"], "$work/stunnel.out");
wait_for_port(TLS_PORT, 'stunnel');
$tlsEndpoint = 'https://127.0.0.1:' . TLS_PORT;

$maxConcurrency = max($settings['concurrency']);
$poolSize = max($maxConcurrency, CONTENDED_WRITERS);
$fpm = start_fpm($work, 'bench', $poolSize, $settings['extension']);
$children[] = $fpm['process'];

$variants = ['extension' => 'extension.php', 'protected' => 'protected.php', 'floor' => 'floor.php', 'files' => 'files.php'];
$sdkProblem = sdk_problem($settings);
if ($sdkProblem === null) {
    $variants['sdk'] = 'sdk.php';
} else {
    say("SKIPPING the AWS SDK for PHP handler: $sdkProblem");
}
$baseParams = [
    'BENCH_TABLE' => TABLE, 'BENCH_FILES_DIR' => "$work/files",
    'BENCH_SDK_PATH' => $settings['sdk'], 'BENCH_JMESPATH_PATH' => $settings['jmespath'],
];
$transports = [
    'http' => $baseParams + ['BENCH_ENDPOINT' => $plainEndpoint, 'BENCH_CA' => ''],
    'https' => $baseParams + ['BENCH_ENDPOINT' => $tlsEndpoint, 'BENCH_CA' => $caPem],
];

// --- Latency, CPU, throughput, connections -----------------------------------
$cells = [];
foreach ($transports as $transport => $params) {
    foreach ($variants as $variant => $app) {
        if ($variant === 'files' && $transport === 'https') {
            continue; // no backend to reach
        }
        // Every worker serves a few requests first: opcache, connections,
        // clients. Steady state is what is measured. As many users as the
        // pool has workers, or a run with fewer users than workers (say
        // BENCH_CONCURRENCY=1) counts cold workers' first connections.
        run_users($fpm['socket'], $app, 'mode=write', $poolSize, 8 * $poolSize, $params, $work);
        foreach ($settings['concurrency'] as $users) {
            $opens = tcp_active_opens();
            $result = run_users($fpm['socket'], $app, 'mode=write', $users, $settings['requests'], $params, $work);
            // Over TLS every connection PHP opens makes stunnel open one more.
            $opened = intdiv(tcp_active_opens() - $opens, $transport === 'https' ? 2 : 1);
            $cell = summarize($result) + compact('transport', 'variant', 'users') + ['connections' => $opened];
            $cells[] = $cell;
            say(sprintf('%-5s %-9s c=%-2d  cpu %6.0f us  session %6.0f us  p50 %6.2f ms  p99 %6.2f ms  %6.0f req/s  %d new connections',
                $transport, $variant, $users, $cell['cpu_us'], $cell['session_us'], $cell['p50_ms'], $cell['p99_ms'],
                $cell['throughput'], $opened));
        }
    }
}

// --- Session locking on ------------------------------------------------------------
$lockingApps = array_intersect_key($variants, ['extension' => 1, 'sdk' => 1]);
$locking = measure_locking($fpm['socket'], $lockingApps, $transports, $settings['requests'], $work);

// --- Capacity units ------------------------------------------------------------
$capacity = [];
$capacityVariants = ['extension' => ['extension.php', ''], 'extension, zstd' => ['extension.php', '&compression=zstd'],
    'floor' => ['floor.php', '']];
if (isset($variants['sdk'])) {
    $capacityVariants['sdk'] = ['sdk.php', '&units=1'];
}
foreach ($capacityVariants as $name => [$app, $extra]) {
    foreach (['read' => 'read-only', 'write' => 'writing', 'big-read' => '20 KB, read-only', 'big' => '20 KB, writing'] as $mode => $label) {
        $session = session_id_for("cap-$mode");
        // First requests create the session; then the measured ones.
        run_users($fpm['socket'], $app, "mode=$mode$extra", 1, 2, $transports['http'], $work, $session);
        $result = run_users($fpm['socket'], $app, "mode=$mode$extra", 1, $settings['capacity_requests'], $transports['http'], $work, $session);
        $capacity[] = ['variant' => $name, 'mode' => $label,
            'rcu' => mean(array_column($result['requests'], 'rcu')), 'wcu' => mean(array_column($result['requests'], 'wcu'))];
        say(sprintf('capacity %-15s %-15s %5.2f RCU  %5.2f WCU per request', $name, $label, end($capacity)['rcu'], end($capacity)['wcu']));
    }
}

child_stop($fpm['process']);

// --- Instructions per request ----------------------------------------------------
$instructions = measure_instructions($work, $settings['extension'], $variants, $transports,
    $settings['callgrind_warmup'], $settings['callgrind_requests']);

// --- Worker memory over many requests --------------------------------------------
// One worker serves every request, so its growth is the growth per request.
$one = start_fpm($work, 'rss', 1, $settings['extension']);
$children[] = $one['process'];
run_users($one['socket'], 'extension.php', 'mode=write', 2, 1000, $transports['http'], $work);
$rssBefore = worker_rss_kb($one['pool']);
$opens = tcp_active_opens();
$started = microtime(true);
run_users($one['socket'], 'extension.php', 'mode=write', 2, $settings['rss_requests'], $transports['http'], $work);
$rss = ['requests' => $settings['rss_requests'], 'before_kb' => $rssBefore, 'after_kb' => worker_rss_kb($one['pool']),
    'connections' => tcp_active_opens() - $opens, 'seconds' => microtime(true) - $started];
say(sprintf('worker RSS: %.1f MB after warm-up, %.1f MB after %d more requests (%+.2f MB); %d new connections',
    $rss['before_kb'] / 1024, $rss['after_kb'] / 1024, $rss['requests'], ($rss['after_kb'] - $rss['before_kb']) / 1024, $rss['connections']));

// --- Report ----------------------------------------------------------------------
$environment = [
    'date' => gmdate('Y-m-d H:i') . ' UTC',
    'cpu' => cpu_model() . ', ' . trim(shell_exec('nproc')) . ' cores',
    'php' => PHP_VERSION . ' (php-fpm, opcache on, static pool of ' . $poolSize . ')',
    'backend' => backend_description($settings['backend']),
    'commit' => trim((string) shell_exec('git -C ' . escapeshellarg(REPO) . ' rev-parse --short HEAD 2>/dev/null')),
    'extension' => (getenv('BENCH_BUILD') ?: 'BENCH_EXTENSION=' . basename($settings['extension']))
        . sprintf(', %.1f MB', filesize($settings['extension']) / 1e6),
    'requests' => $settings['requests'],
    'sdk' => $sdkProblem === null ? sdk_version($settings['sdk']) : "skipped: $sdkProblem",
];
$report = report($environment, $cells, $locking, $capacity, $instructions, $rss, $settings['quick']);
file_put_contents($settings['out'] . '/latest.md', $report['markdown']);
file_put_contents($settings['out'] . '/latest.json', json_encode(compact('environment', 'cells', 'locking', 'capacity', 'instructions', 'rss')
    + ['targets' => $report['targets']], JSON_PRETTY_PRINT) . "\n");
echo "\n", $report['markdown'];
// Targets with met === null are information only (plain-HTTP rows).
$missed = array_filter($report['targets'], fn ($t) => $t['met'] === false);
exit($missed && !$settings['quick'] ? 3 : 0);

// =================================================================================

function say(string $line): void
{
    fwrite(STDERR, "    $line\n");
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
    throw new RuntimeException("$what did not listen on port $port within 60 s");
}

/** @return resource The backend's process, once it listens. */
function start_backend(string $backend, string $work)
{
    if ($backend === 'dynoxide') {
        $child = child_spawn(['dynoxide', '--host', '127.0.0.1', '--port', (string) PLAIN_PORT, '--log', 'quiet'], "$work/backend.log");
    } elseif ($backend === 'dynamodb-local') {
        $jars = getenv('DYNAMODB_LOCAL_JAR_DIR');
        $child = child_spawn(['java', "-Djava.library.path=$jars/DynamoDBLocal_lib", '-jar', "$jars/DynamoDBLocal.jar",
            '-inMemory', '-sharedDb', '-disableTelemetry', '-port', (string) PLAIN_PORT], "$work/backend.log");
    } else {
        throw new RuntimeException("unknown BENCH_BACKEND '$backend' (dynoxide or dynamodb-local)");
    }
    wait_for_port(PLAIN_PORT, $backend);
    return $child;
}

function backend_description(string $backend): string
{
    if ($backend === 'dynoxide') {
        return trim((string) shell_exec('dynoxide --version 2>/dev/null')) . ' (in memory)';
    }
    return 'DynamoDB Local (in memory, -sharedDb)';
}

function create_table(string $extension, string $endpoint): void
{
    $command = sprintf('%s -n -d extension=%s %s table_name=%s region=us-east-1 2>&1', PHP_BINARY,
        escapeshellarg($extension), escapeshellarg(REPO . '/docker/create-table.php'), TABLE);
    $env = ['DYNAMODB_ENDPOINT_URL' => $endpoint, 'AWS_ACCESS_KEY_ID' => 'bench', 'AWS_SECRET_ACCESS_KEY' => 'bench',
        'AWS_EC2_METADATA_DISABLED' => 'true'];
    $process = proc_open($command, [1 => ['pipe', 'w']], $pipes, null, $env + getenv());
    $output = stream_get_contents($pipes[1]);
    if (proc_close($process) !== 0) {
        throw new RuntimeException("createTable failed: $output");
    }
}

/**
 * A php-fpm master with a static pool of $workers; the apps' directory is its
 * document root. $wrapper runs it under another program (valgrind).
 */
function start_fpm(string $work, string $pool, int $workers, string $extension, array $wrapper = []): array
{
    $socket = "$work/$pool.sock";
    file_put_contents("$work/$pool-fpm.conf", implode("\n", [
        '[global]', "error_log = $work/$pool-fpm.log", 'daemonize = no',
        "[$pool]", "listen = $socket", 'pm = static', "pm.max_children = $workers",
        // The apps take their settings from FastCGI params; AWS_* must not leak in.
        'clear_env = yes', 'catch_workers_output = yes',
    ]) . "\n");
    $fpm = trim((string) shell_exec('command -v php-fpm8.2 || command -v php-fpm')) ?: '/usr/sbin/php-fpm8.2';
    $process = child_spawn([...$wrapper, $fpm, '-F', '-R', '-y', "$work/$pool-fpm.conf", '-d', "extension=$extension",
        '-d', 'opcache.enable=1', '-d', 'opcache.validate_timestamps=0', '-d', 'display_errors=stderr',
        '-d', 'session.gc_probability=0'], "$work/$pool-fpm.out");
    for ($i = 0; $i < 600 && !file_exists($socket); $i++) {
        usleep(50000);
    }
    if (!file_exists($socket)) {
        throw new RuntimeException("php-fpm did not start:\n" . @file_get_contents("$work/$pool-fpm.out") . @file_get_contents("$work/$pool-fpm.log"));
    }
    return ['process' => $process, 'socket' => "unix://$socket", 'pool' => $pool];
}

/** A session id only this run uses (PHP's default alphabet and length). */
function session_id_for(string $tag): string
{
    return substr(preg_replace('/[^a-z0-9]/', '', $tag) . bin2hex(random_bytes(16)), 0, 32);
}

/**
 * $users virtual users in parallel, $requests in all, each with its own
 * session (or all with $session). Returns every request's figures (name =>
 * value, as bench/lib/load.php writes them) and the wall time from the first
 * request sent to the last answer.
 */
function run_users(string $socket, string $app, string $query, int $users, int $requests, array $params, string $work, ?string $session = null): array
{
    $paramsFile = "$work/params.json";
    file_put_contents($paramsFile, json_encode($params));
    file_put_contents("$work/load-errors.log", '');
    $processes = [];
    for ($u = 0; $u < $users; $u++) {
        $share = intdiv($requests, $users) + ($u < $requests % $users ? 1 : 0);
        $out = "$work/user-$u.out";
        @unlink($out);
        $processes[] = [proc_open([PHP_BINARY, '-n', __DIR__ . '/load.php', $socket, realpath(__DIR__ . '/../apps/' . $app),
            $query, $session ?? session_id_for("u$u"), (string) $share, $out, $paramsFile],
            [2 => ['file', "$work/load-errors.log", 'a']], $pipes), $out];
    }
    $lines = [];
    $start = INF;
    $end = 0.0;
    foreach ($processes as [$process, $out]) {
        if (proc_close($process) !== 0) {
            throw new RuntimeException("a virtual user of $app?$query failed:\n" . file_get_contents("$work/load-errors.log"));
        }
        $rows = file($out, FILE_IGNORE_NEW_LINES);
        [$first, $last] = explode(' ', array_shift($rows));
        $start = min($start, (float) $first);
        $end = max($end, (float) $last);
        foreach ($rows as $row) {
            $figures = [];
            foreach (explode(' ', $row) as $pair) {
                [$name, $value] = explode('=', $pair, 2);
                $figures[$name] = $value;
            }
            $lines[] = $figures;
        }
    }
    return ['requests' => $lines, 'seconds' => $end - $start];
}

function summarize(array $result): array
{
    $latencies = array_map('intval', array_column($result['requests'], 'latency_us'));
    sort($latencies);
    return [
        'requests' => count($latencies),
        'cpu_us' => median(array_column($result['requests'], 'cpu_us')),
        'session_us' => median(array_column($result['requests'], 'session_us')),
        'p50_ms' => percentile($latencies, 50) / 1000,
        'p99_ms' => percentile($latencies, 99) / 1000,
        'throughput' => count($latencies) / max($result['seconds'], 1e-6),
    ];
}

function median(array $values): float
{
    $values = array_map('floatval', $values);
    sort($values);
    return percentile($values, 50);
}

/** Nearest-rank percentile of sorted values. */
function percentile(array $sorted, float $p): float
{
    if (!$sorted) {
        return 0.0;
    }
    return (float) $sorted[max(0, (int) ceil($p / 100 * count($sorted)) - 1)];
}

function mean(array $values): float
{
    $values = array_filter($values, fn ($v) => $v !== '-');
    return $values ? array_sum(array_map('floatval', $values)) / count($values) : 0.0;
}

function tcp_active_opens(): int
{
    $lines = array_values(array_filter(file('/proc/net/snmp'), fn ($l) => str_starts_with($l, 'Tcp:')));
    $names = preg_split('/\s+/', trim($lines[0]));
    $values = preg_split('/\s+/', trim($lines[1]));
    return (int) $values[array_search('ActiveOpens', $names, true)];
}

/** Resident memory of the pool's worker processes (kB, summed). */
function worker_rss_kb(string $pool): int
{
    $total = 0;
    foreach (glob('/proc/[0-9]*/cmdline') as $cmdline) {
        if (str_contains((string) @file_get_contents($cmdline), "php-fpm: pool $pool")) {
            $status = (string) @file_get_contents(dirname($cmdline) . '/status');
            $total += preg_match('/^VmRSS:\s+(\d+)/m', $status, $m) ? (int) $m[1] : 0;
        }
    }
    return $total;
}

function cpu_model(): string
{
    return preg_match('/^model name\s*:\s*(.+)$/m', (string) file_get_contents('/proc/cpuinfo'), $m) ? trim($m[1]) : 'unknown CPU';
}

/** Why the SDK handler cannot run, or null when it can. */
function sdk_problem(array $settings): ?string
{
    if ($settings['sdk'] === '') {
        return 'set BENCH_SDK_PATH to a checkout of aws/aws-sdk-php to include it';
    }
    if (!is_file($settings['sdk'] . '/src/DynamoDb/SessionHandler.php')) {
        return "BENCH_SDK_PATH={$settings['sdk']} holds no src/DynamoDb/SessionHandler.php";
    }
    if (!is_file('/usr/share/php/GuzzleHttp/autoload.php') || !is_file('/usr/share/php/GuzzleHttp/Psr7/autoload.php')
        || !is_file('/usr/share/php/GuzzleHttp/Promise/autoload.php')) {
        return 'install php-guzzlehttp-guzzle, php-guzzlehttp-psr7 and php-guzzlehttp-promises';
    }
    if (!is_file($settings['jmespath'] . '/src/JmesPath.php')) {
        return 'set BENCH_JMESPATH_PATH to a checkout of jmespath/jmespath.php';
    }
    if (!extension_loaded('mbstring')) {
        return 'jmespath.php needs the mbstring extension (php8.2-mbstring)';
    }
    return null;
}

function sdk_version(string $path): string
{
    $sdk = (string) @file_get_contents("$path/src/Sdk.php");
    $version = preg_match("/const VERSION = '([^']+)'/", $sdk, $m) ? $m[1] : 'unknown version';
    return "aws-sdk-php $version, Guzzle " . (preg_match("/MAJOR_VERSION = (\d+)/", (string) @file_get_contents('/usr/share/php/GuzzleHttp/ClientInterface.php'), $g) ? $g[1] : '?') . ' (Debian)';
}

/**
 * Session locking on (`locking => true`) for the extension and the SDK
 * handler, over each transport: LOCKING_USERS users with a session each (the
 * lock's own cost: a conditional UpdateItem instead of a GetItem), then
 * CONTENDED_WRITERS writers on one session (what waiting for the lock costs;
 * session_start() holds the wait). After the contended run one more request
 * reads the session's counter back: every writing request added one, so with
 * a sound lock the counter equals the number of requests.
 */
function measure_locking(string $socket, array $apps, array $transports, int $requests, string $work): array
{
    $rows = [];
    $query = 'mode=write&locking=1&units=1';
    foreach ($transports as $transport => $params) {
        foreach ($apps as $variant => $app) {
            // The workers are warm from the cells above; this warms their locking path.
            run_users($socket, $app, $query, CONTENDED_WRITERS, 2 * CONTENDED_WRITERS, $params, $work);
            foreach (['own sessions' => null, 'one session' => session_id_for("lock-$variant-$transport")] as $scenario => $session) {
                $users = $session === null ? LOCKING_USERS : CONTENDED_WRITERS;
                $result = run_users($socket, $app, $query, $users, $requests, $params, $work, $session);
                $starts = array_map('intval', array_column($result['requests'], 'start_us'));
                sort($starts);
                $row = compact('transport', 'variant', 'scenario', 'users') + summarize($result) + [
                    'start_p50_us' => percentile($starts, 50), 'start_p99_us' => percentile($starts, 99),
                    'rcu' => mean(array_column($result['requests'], 'rcu')), 'wcu' => mean(array_column($result['requests'], 'wcu')),
                    'busy' => mean(array_column($result['requests'], 'busy')), 'lost_updates' => null,
                ];
                if ($session !== null) {
                    $final = run_users($socket, $app, 'mode=read&locking=1', 1, 1, $params, $work, $session);
                    $row['final_count'] = (int) $final['requests'][0]['count'];
                    $row['lost_updates'] = $requests - $row['final_count'];
                }
                $rows[] = $row;
                say(sprintf('locking %-5s %-9s %-12s c=%d  %6.0f req/s  session_start p50 %6.0f us p99 %7.0f us  cpu %5.0f us  %.2f RCU %.2f WCU  %.2f busy%s',
                    $transport, $variant, $scenario, $users, $row['throughput'], $row['start_p50_us'], $row['start_p99_us'],
                    $row['cpu_us'], $row['rcu'], $row['wcu'], $row['busy'],
                    $session === null ? '' : sprintf('  final count %d of %d', $row['final_count'], $requests)));
            }
        }
    }
    return $rows;
}

/**
 * Instructions per request, a figure that does not move with the machine's
 * load, so small changes show: one php-fpm worker (a pool of one, same ini)
 * under callgrind, which dumps its counts at the end of every request
 * (--dump-after=php_request_shutdown). Each request is one dump file, in the
 * order the requests were sent, so the warm-up ones (opcache, connections,
 * clients) are left out by position. A dump counts every thread of the
 * worker, the extension's runtime included; user space only, the kernel's
 * share is not counted. Writing requests, one user, each handler its own
 * session over all its requests.
 */
function measure_instructions(string $work, string $extension, array $variants, array $transports, int $warmup, int $measured): array
{
    $valgrind = trim((string) shell_exec('command -v valgrind'));
    if ($valgrind === '') {
        say('SKIPPING instructions per request: valgrind is not installed');
        return ['warmup' => $warmup, 'measured' => $measured, 'problem' => 'valgrind is not installed', 'rows' => []];
    }
    $dir = "$work/callgrind";
    mkdir($dir);
    $fpm = start_fpm($work, 'callgrind', 1, $extension, [$valgrind, '--tool=callgrind', "--callgrind-out-file=$dir/callgrind.%p",
        '--dump-after=php_request_shutdown', '--dump-line=no']);
    $plan = [];
    $sent = 0;
    try {
        foreach ($transports as $transport => $params) {
            foreach ($variants as $variant => $app) {
                if ($variant === 'files' && $transport === 'https') {
                    continue;
                }
                $session = session_id_for("cg-$variant-$transport");
                run_users($fpm['socket'], $app, 'mode=write', 1, $warmup, $params, $work, $session);
                run_users($fpm['socket'], $app, 'mode=write', 1, $measured, $params, $work, $session);
                $plan[] = [$transport, $variant, $sent + $warmup + 1];
                $sent += $warmup + $measured;
                $last = [$app, $params, $session];
            }
        }
        // The answer to a request can arrive before its dump is on disk; the
        // worker takes the next request only after writing it. So one more.
        [$app, $params, $session] = $last;
        run_users($fpm['socket'], $app, 'mode=write', 1, 1, $params, $work, $session);
    } finally {
        child_stop($fpm['process']);
    }
    // Dumps are <file>.<n>, n counting from 1; the master serves no request,
    // so the worker is the one process that has them.
    $dumps = [];
    foreach (glob("$dir/callgrind.*.*") as $file) {
        if (preg_match('/\.(\d+)\.(\d+)$/', $file, $m)) {
            $dumps[$m[1]][(int) $m[2]] = $file;
        }
    }
    if (count($dumps) !== 1 || count(array_intersect_key(reset($dumps), array_flip(range(1, $sent)))) !== $sent) {
        throw new RuntimeException(sprintf('callgrind: expected one worker with dumps 1 to %d, found %s', $sent,
            json_encode(array_map('count', $dumps))));
    }
    $dumps = reset($dumps);
    $rows = [];
    foreach ($plan as [$transport, $variant, $first]) {
        $counts = array_map(fn ($n) => callgrind_total($dumps[$n]), range($first, $first + $measured - 1));
        $rows[] = compact('transport', 'variant') + ['requests' => $measured, 'mean' => array_sum($counts) / $measured,
            'min' => min($counts), 'max' => max($counts)];
        say(sprintf('instructions %-5s %-9s %10s per request (mean of %d; min %s, max %s)', $transport, $variant,
            number_format(end($rows)['mean']), $measured, number_format(min($counts)), number_format(max($counts))));
    }
    return ['warmup' => $warmup, 'measured' => $measured, 'problem' => null, 'rows' => $rows];
}

/** The instructions (Ir) a callgrind dump counted: its `summary:` line, near the top. */
function callgrind_total(string $file): int
{
    $handle = fopen($file, 'r');
    try {
        while (($line = fgets($handle)) !== false) {
            if (str_starts_with($line, 'summary:')) {
                return (int) substr($line, 8);
            }
        }
    } finally {
        fclose($handle);
    }
    throw new RuntimeException("$file has no summary line");
}

/** The markdown report and the target checks. */
function report(array $environment, array $cells, array $locking, array $capacity, array $instructions, array $rss, bool $quick): array
{
    $find = function (array $rows, string $transport, string $variant, ?int $users = null): ?array {
        foreach ($rows as $row) {
            if ($row['transport'] === $transport && $row['variant'] === $variant && ($users === null || $row['users'] === $users)) {
                return $row;
            }
        }
        return null;
    };
    $md = "### Environment\n\n";
    foreach ($environment as $key => $value) {
        $md .= "- $key: $value\n";
    }
    $md .= "\n### Per request (medians; p50/p99 end to end through FastCGI)\n\n"
        . "| endpoint | handler | users | PHP CPU (µs) | session time (µs) | p50 (ms) | p99 (ms) | req/s | new backend connections |\n"
        . "|---|---|---:|---:|---:|---:|---:|---:|---:|\n";
    foreach ($cells as $c) {
        $md .= sprintf("| %s | %s | %d | %.0f | %.0f | %.2f | %.2f | %.0f | %d in %d requests |\n", $c['transport'], $c['variant'],
            $c['users'], $c['cpu_us'], $c['session_us'], $c['p50_ms'], $c['p99_ms'], $c['throughput'], $c['connections'], $c['requests']);
    }

    $md .= "\n### Instructions per request (callgrind, user space, one php-fpm worker)\n\n";
    if ($instructions['problem'] !== null) {
        $md .= "Not measured: {$instructions['problem']}.\n";
    } else {
        $md .= sprintf("Writing requests from one user, %d measured after %d warm-up requests per handler; every thread of the worker, "
            . "the kernel not counted.\n\n", $instructions['measured'], $instructions['warmup'])
            . "| endpoint | handler | instructions per request (mean) | min | max | × floor |\n|---|---|---:|---:|---:|---:|\n";
        foreach ($instructions['rows'] as $row) {
            $floor = $find($instructions['rows'], $row['transport'], 'floor');
            $md .= sprintf("| %s | %s | %s | %s | %s | %s |\n", $row['transport'], $row['variant'], number_format($row['mean']),
                number_format($row['min']), number_format($row['max']), $floor ? sprintf('%.2f', $row['mean'] / $floor['mean']) : '–');
        }
    }

    if ($locking) {
        $md .= sprintf("\n### Session locking on (`locking => true`)\n\n"
            . "%d users with a session each, and %d writers sharing one session; every request writes. session_start() holds the wait "
            . "for the lock. Units: what DynamoDB reported (a refused lock attempt is billed but not reported: see busy attempts). "
            . "Lost updates: writing requests minus the session's counter read back afterwards.\n\n", LOCKING_USERS, CONTENDED_WRITERS)
            . "| endpoint | handler | session | users | req/s | session_start p50 (µs) | session_start p99 (µs) | PHP CPU (µs) "
            . "| read units | write units | busy lock attempts | lost updates |\n|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n";
        foreach ($locking as $row) {
            $md .= sprintf("| %s | %s | %s | %d | %.0f | %.0f | %.0f | %.0f | %.2f | %.2f | %.2f | %s |\n", $row['transport'], $row['variant'],
                $row['scenario'], $row['users'], $row['throughput'], $row['start_p50_us'], $row['start_p99_us'], $row['cpu_us'],
                $row['rcu'], $row['wcu'], $row['busy'],
                $row['lost_updates'] === null ? '–' : "{$row['lost_updates']} (counter {$row['final_count']} after {$row['requests']} requests)");
        }
    }

    $md .= "\n### DynamoDB capacity units per request (ReturnConsumedCapacity)\n\n| handler | session | read units | write units |\n|---|---|---:|---:|\n";
    foreach ($capacity as $row) {
        $md .= sprintf("| %s | %s | %.2f | %.2f |\n", $row['variant'], $row['mode'], $row['rcu'], $row['wcu']);
    }
    $growthMb = ($rss['after_kb'] - $rss['before_kb']) / 1024;
    $per100k = $growthMb * 100000 / max($rss['requests'], 1);
    $md .= sprintf("\n### Worker memory\n\nOne php-fpm worker, extension, writing requests: %.1f MB resident after 1,000 warm-up requests, "
        . "%.1f MB after %s more (%+.2f MB, %+.2f MB per 100k requests; %d new backend connections, %.0f s).\n",
        $rss['before_kb'] / 1024, $rss['after_kb'] / 1024, number_format($rss['requests']), $growthMb, $per100k, $rss['connections'], $rss['seconds']);

    $targets = targets($cells, $locking, $capacity, $instructions, $per100k, $find);
    $md .= "\n### Targets\n\nCPU and session-time ratios over TLS, what DynamoDB speaks; over plain HTTP they are information (`info`), not judged.\n\n"
        . "| target | this run | met |\n|---|---|---|\n";
    foreach ($targets as $t) {
        $met = $t['met'] === null ? 'info' : ($quick ? 'n/a (quick run)' : ($t['met'] ? 'yes' : '**no**'));
        $md .= sprintf("| %s | %s | %s |\n", $t['target'], $t['figure'], $met);
    }
    return ['markdown' => $md, 'targets' => $targets];
}

/**
 * The targets (issue 16 and README, "Performance"): each with this run's
 * figure and met (true, false, or null for rows reported as information:
 * plain HTTP, which only local emulators speak).
 */
function targets(array $cells, array $locking, array $capacity, array $instructions, float $rssPer100k, callable $find): array
{
    $targets = [];
    foreach (['https', 'http'] as $transport) {
        $judged = $transport === 'https';
        foreach (array_unique(array_column($cells, 'users')) as $users) {
            $ext = $find($cells, $transport, 'extension', $users);
            $floor = $find($cells, $transport, 'floor', $users);
            $sdk = $find($cells, $transport, 'sdk', $users);
            if ($ext && $sdk) {
                $ratio = $ext['cpu_us'] / max($sdk['cpu_us'], 1);
                $targets[] = ['target' => "PHP CPU ≤ 1/10 of the SDK handler's ($transport, $users users)",
                    'figure' => sprintf('1/%.1f', 1 / max($ratio, 1e-9)), 'met' => $judged ? $ratio <= 0.1 : null];
            }
            if ($ext && $floor && $users <= 4) {
                $ratio = $ext['session_us'] / max($floor['session_us'], 1);
                $targets[] = ['target' => "session time ≤ 1.5× floor ($transport, $users users)",
                    'figure' => sprintf('%.2f×', $ratio), 'met' => $judged ? $ratio <= 1.5 : null];
            }
        }
    }
    $handlers = [];
    foreach ($cells as $cell) {
        $handlers["{$cell['variant']} ({$cell['transport']})"] = $find($instructions['rows'], $cell['transport'], $cell['variant']) !== null;
    }
    $missing = array_keys(array_filter($handlers, fn ($measured) => !$measured));
    $targets[] = ['target' => 'instructions per session request reported for every handler',
        'figure' => $missing ? 'missing: ' . implode(', ', $missing) : count($handlers) . ' of ' . count($handlers) . ' handler and endpoint pairs',
        'met' => !$missing];
    foreach ($locking as $row) {
        if ($row['variant'] === 'extension' && $row['lost_updates'] !== null) {
            $targets[] = ['target' => "locking: no lost update with " . CONTENDED_WRITERS . " writers on one session ({$row['transport']})",
                'figure' => "{$row['lost_updates']} lost in {$row['requests']} requests", 'met' => $row['lost_updates'] === 0];
        }
    }
    foreach (['http', 'https'] as $transport) {
        foreach (array_unique(array_column($cells, 'users')) as $users) {
            if ($ext = $find($cells, $transport, 'extension', $users)) {
                $targets[] = ['target' => "no new backend connections in steady state ($transport, $users users)",
                    'figure' => "{$ext['connections']} in {$ext['requests']} requests", 'met' => $ext['connections'] === 0];
            }
        }
    }
    $targets[] = ['target' => 'worker RSS growth < 1 MB per 100k requests', 'figure' => sprintf('%+.2f MB', $rssPer100k), 'met' => $rssPer100k < 1.0];
    foreach ($capacity as $row) {
        if ($row['variant'] === 'extension' && $row['mode'] === 'read-only') {
            $targets[] = ['target' => 'read-only request with a fresh expiry: no write units', 'figure' => sprintf('%.2f WCU', $row['wcu']), 'met' => $row['wcu'] == 0];
        }
    }
    return $targets;
}
