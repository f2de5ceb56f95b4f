<?php
// The benchmark run, inside its own network namespace (bench/run starts it):
// a DynamoDB-compatible backend on 127.0.0.1, a TLS terminator in front of it,
// php-fpm with a static pool, and virtual users (bench/lib/load.php) driving
// the apps in bench/apps/. Prints the report and writes it, with the raw
// figures, to $BENCH_OUT (latest.md, latest.json).
//
// Settings (environment): see bench/run.

const REPO = __DIR__ . '/../..';
const TABLE = 'bench_sessions';
const PLAIN_PORT = 8000;
const TLS_PORT = 8443;

require REPO . '/tests/tools/child.php';
require REPO . '/tests/tools/private_ca.php';

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
    'quick' => getenv('BENCH_QUICK') === '1',
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
$fpm = start_fpm($work, 'bench', $maxConcurrency, $settings['extension']);
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
        // clients. Steady state is what is measured.
        run_users($fpm['socket'], $app, 'mode=write', $maxConcurrency, 8 * $maxConcurrency, $params, $work);
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

// --- Worker memory over many requests --------------------------------------------
// One worker serves every request, so its growth is the growth per request.
child_stop($fpm['process']);
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
    'php' => PHP_VERSION . ' (php-fpm, opcache on, static pool of ' . $maxConcurrency . ')',
    'backend' => backend_description($settings['backend']),
    'commit' => trim((string) shell_exec('git -C ' . escapeshellarg(REPO) . ' rev-parse --short HEAD 2>/dev/null')),
    'requests' => $settings['requests'],
    'sdk' => $sdkProblem === null ? sdk_version($settings['sdk']) : "skipped: $sdkProblem",
];
$report = report($environment, $cells, $capacity, $rss, $settings['quick']);
file_put_contents($settings['out'] . '/latest.md', $report['markdown']);
file_put_contents($settings['out'] . '/latest.json', json_encode(compact('environment', 'cells', 'capacity', 'rss') + ['targets' => $report['targets']], JSON_PRETTY_PRINT) . "\n");
echo "\n", $report['markdown'];
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

/** A php-fpm master with a static pool of $workers; the apps' directory is its document root. */
function start_fpm(string $work, string $pool, int $workers, string $extension): array
{
    $socket = "$work/$pool.sock";
    file_put_contents("$work/$pool-fpm.conf", implode("\n", [
        '[global]', "error_log = $work/$pool-fpm.log", 'daemonize = no',
        "[$pool]", "listen = $socket", 'pm = static', "pm.max_children = $workers",
        // The apps take their settings from FastCGI params; AWS_* must not leak in.
        'clear_env = yes', 'catch_workers_output = yes',
    ]) . "\n");
    $fpm = trim((string) shell_exec('command -v php-fpm8.2 || command -v php-fpm')) ?: '/usr/sbin/php-fpm8.2';
    $process = child_spawn([$fpm, '-F', '-R', '-y', "$work/$pool-fpm.conf", '-d', "extension=$extension",
        '-d', 'opcache.enable=1', '-d', 'opcache.validate_timestamps=0', '-d', 'display_errors=stderr',
        '-d', 'session.gc_probability=0'], "$work/$pool-fpm.out");
    for ($i = 0; $i < 100 && !file_exists($socket); $i++) {
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

/** The markdown report and the target checks. */
function report(array $environment, array $cells, array $capacity, array $rss, bool $quick): array
{
    $find = function (string $transport, string $variant, int $users) use ($cells): ?array {
        foreach ($cells as $cell) {
            if ([$cell['transport'], $cell['variant'], $cell['users']] === [$transport, $variant, $users]) {
                return $cell;
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
    $md .= "\n### DynamoDB capacity units per request (ReturnConsumedCapacity)\n\n| handler | session | read units | write units |\n|---|---|---:|---:|\n";
    foreach ($capacity as $row) {
        $md .= sprintf("| %s | %s | %.2f | %.2f |\n", $row['variant'], $row['mode'], $row['rcu'], $row['wcu']);
    }
    $growthMb = ($rss['after_kb'] - $rss['before_kb']) / 1024;
    $per100k = $growthMb * 100000 / max($rss['requests'], 1);
    $md .= sprintf("\n### Worker memory\n\nOne php-fpm worker, extension, writing requests: %.1f MB resident after 1,000 warm-up requests, "
        . "%.1f MB after %s more (%+.2f MB, %+.2f MB per 100k requests; %d new backend connections, %.0f s).\n",
        $rss['before_kb'] / 1024, $rss['after_kb'] / 1024, number_format($rss['requests']), $growthMb, $per100k, $rss['connections'], $rss['seconds']);

    // Targets (README, "Performance").
    $targets = [];
    foreach (['http', 'https'] as $transport) {
        foreach (array_unique(array_column($cells, 'users')) as $users) {
            $ext = $find($transport, 'extension', $users);
            $floor = $find($transport, 'floor', $users);
            $sdk = $find($transport, 'sdk', $users);
            if ($ext && $floor) {
                $ratio = $ext['session_us'] / max($floor['session_us'], 1);
                $targets[] = ['target' => "session time ≤ 1.3× floor ($transport, $users users)",
                    'figure' => sprintf('%.2f×', $ratio), 'met' => $ratio <= 1.3];
            }
            if ($ext && $sdk) {
                $ratio = $ext['cpu_us'] / max($sdk['cpu_us'], 1);
                $targets[] = ['target' => "PHP CPU ≤ 1/10 of the SDK handler's ($transport, $users users)",
                    'figure' => sprintf('1/%.1f', 1 / max($ratio, 1e-9)), 'met' => $ratio <= 0.1];
            }
            if ($ext) {
                $targets[] = ['target' => "no new backend connections in steady state ($transport, $users users)",
                    'figure' => "{$ext['connections']} in {$ext['requests']} requests", 'met' => $ext['connections'] === 0];
            }
        }
    }
    $targets[] = ['target' => 'worker RSS growth < 1 MB per 100k requests', 'figure' => sprintf('%+.2f MB', $per100k), 'met' => $per100k < 1.0];
    foreach ($capacity as $row) {
        if ($row['variant'] === 'extension' && $row['mode'] === 'read-only') {
            $targets[] = ['target' => 'read-only request with a fresh expiry: no write units', 'figure' => sprintf('%.2f WCU', $row['wcu']), 'met' => $row['wcu'] == 0];
        }
    }
    $md .= "\n### Targets\n\n| target | this run | met |\n|---|---|---|\n";
    foreach ($targets as $t) {
        $md .= sprintf("| %s | %s | %s |\n", $t['target'], $t['figure'], $quick ? 'n/a (quick run)' : ($t['met'] ? 'yes' : '**no**'));
    }
    return ['markdown' => $md, 'targets' => $targets];
}
