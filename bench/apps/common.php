<?php
// Shared by the benchmark's apps: the measurement around one request and the
// session contents each mode uses. Every app is one PHP request under
// php-fpm; the load generator reads the figures from the X-Bench header.
//
// Query: mode=write (default; a counter changes every request), read (the
// session is read and left unchanged), big (a 20 KB session that changes),
// big-read (a 20 KB session, read and left unchanged). The DynamoDB handlers
// also take locking=1 (session locking on) and units=1 (capacity units and
// busy lock attempts; the extension always reports them).
// The backend comes from FastCGI params: BENCH_ENDPOINT, BENCH_TABLE and,
// for TLS, BENCH_CA.

$benchCpuStart = getrusage();

const BENCH_REGION = 'us-east-1';
const BENCH_KEY = 'bench';
const BENCH_SECRET = 'bench';

function bench_mode(): string
{
    $mode = $_GET['mode'] ?? 'write';
    return in_array($mode, ['write', 'read', 'big', 'big-read'], true) ? $mode : 'write';
}

function bench_endpoint(): string
{
    return $_SERVER['BENCH_ENDPOINT'];
}

function bench_table(): string
{
    return $_SERVER['BENCH_TABLE'] ?? 'bench_sessions';
}

function bench_ca(): ?string
{
    return ($_SERVER['BENCH_CA'] ?? '') === '' ? null : $_SERVER['BENCH_CA'];
}

/** What a logged-in user's session typically holds (~400 bytes serialized). */
function bench_user(): array
{
    return [
        'id' => 48213, 'name' => 'Ada Lovelace', 'email' => 'ada@example.com',
        'roles' => ['customer', 'beta'], 'locale' => 'en_GB', 'timezone' => 'Europe/London',
        'csrf' => str_repeat('9f8e7d6c5b4a', 4), 'flash' => [], 'last_seen' => 1764000000,
        'preferences' => ['theme' => 'dark', 'currency' => 'GBP', 'newsletter' => false],
    ];
}

/** A cart that makes the session about 20 KB. */
function bench_cart(): array
{
    $cart = [];
    for ($i = 0; $i < 176; $i++) {
        $cart[] = ['sku' => sprintf('SKU-%06d', $i * 7919 % 1000003), 'qty' => $i % 5 + 1,
            'price' => round(($i * 37 % 9000) / 100, 2), 'title' => "Product $i, colour " . ($i % 9)];
    }
    return $cart;
}

/** Changes $session as the mode asks (nothing for read, once it holds a user). */
function bench_use_session(array &$session, string $mode): void
{
    $session['user'] ??= bench_user();
    if ($mode === 'big' || $mode === 'big-read') {
        $session['cart'] ??= bench_cart();
    }
    if ($mode === 'write' || $mode === 'big') {
        $session['n'] = ($session['n'] ?? 0) + 1;
    }
}

/**
 * The measured part for handlers PHP drives: session_start(), the mode's
 * change, session_write_close(). Returns the figures for bench_finish():
 * the whole cycle, session_start() alone (with locking it holds the lock
 * wait, which is what contention costs a request) and the session's counter
 * as this request left it (lost updates show as a final count below the
 * number of writing requests). A session that cannot start ends the request
 * with 503 (the load generator fails).
 */
function bench_session_cycle(string $mode): array
{
    $start = hrtime(true);
    if (!session_start()) {
        http_response_code(503);
        exit;
    }
    $started = hrtime(true);
    bench_use_session($_SESSION, $mode);
    $count = $_SESSION['n'] ?? 0;
    session_write_close();
    return ['session_us' => intdiv(hrtime(true) - $start, 1000), 'start_us' => intdiv($started - $start, 1000), 'count' => $count];
}

/**
 * Ends the request: PHP CPU since the script started (user + system) and the
 * app's $figures (session_us, and any of start_us, rcu, wcu, busy, count;
 * null: not measured) in X-Bench, as name=value pairs that
 * bench/lib/load.php passes on.
 */
function bench_finish(array $figures): void
{
    global $benchCpuStart;
    $end = getrusage();
    $cpuUs = ($end['ru_utime.tv_sec'] - $benchCpuStart['ru_utime.tv_sec']) * 1e6
        + ($end['ru_utime.tv_usec'] - $benchCpuStart['ru_utime.tv_usec'])
        + ($end['ru_stime.tv_sec'] - $benchCpuStart['ru_stime.tv_sec']) * 1e6
        + ($end['ru_stime.tv_usec'] - $benchCpuStart['ru_stime.tv_usec']);
    $pairs = [sprintf('cpu_us=%d', $cpuUs)];
    foreach ($figures as $name => $value) {
        $pairs[] = "$name=" . ($value ?? '-');
    }
    header('X-Bench: ' . implode(' ', $pairs));
    echo "ok\n";
}
