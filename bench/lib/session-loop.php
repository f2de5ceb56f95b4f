<?php
// The hot path in a loop, for profiling (bench/profile): N session cycles as N
// requests make them (a new handler, session_start, a change, write), in one
// CLI process so that perf sees nothing else. Prints the CPU per cycle.
//
// Usage: php -d extension=... session-loop.php <endpoint> <cycles>
[$_, $endpoint, $cycles] = $argv + [1 => 'http://127.0.0.1:8000', 2 => '3000'];
ini_set('session.use_cookies', '0');
ini_set('session.cache_limiter', '');
$cpu = function (): float {
    $usage = getrusage();
    return $usage['ru_utime.tv_sec'] * 1e6 + $usage['ru_utime.tv_usec'] + $usage['ru_stime.tv_sec'] * 1e6 + $usage['ru_stime.tv_usec'];
};
$cpuStart = $cpu();
$wallStart = hrtime(true);
for ($i = 0; $i < (int) $cycles; $i++) {
    $handler = new DynamoDbSession\SessionHandler([
        'table_name' => 'bench_sessions', 'endpoint' => $endpoint, 'region' => 'us-east-1',
        'credentials' => ['key' => 'bench', 'secret' => 'bench'],
    ]);
    session_set_save_handler($handler, true);
    session_id('profileloop0000000000000000000001');
    session_start();
    $_SESSION['n'] = ($_SESSION['n'] ?? 0) + 1;
    $_SESSION['user'] ??= str_repeat('u', 400);
    session_write_close();
}
printf("%d cycles (GetItem + UpdateItem each): %.0f us CPU and %.0f us wall per cycle\n", $cycles,
    ($cpu() - $cpuStart) / $cycles, (hrtime(true) - $wallStart) / 1e3 / $cycles);
