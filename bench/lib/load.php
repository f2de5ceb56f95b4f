<?php
// One virtual user: sends `requests` requests to php-fpm over FastCGI, each
// with this user's session cookie, one after the other, and writes one line
// per request: latency_us=N followed by the app's X-Bench figures as it sent
// them (name=value pairs: cpu_us, session_us and what else the app measures,
// e.g. start_us rcu wcu busy count; '-' when not measured). The first line is
// "<start> <end>" in unix seconds, for throughput. A failed request ends the
// run with exit 1.
//
// Usage: php load.php <fpm socket> <script> <query> <session id> <requests> <out> <params json>
[$_, $socket, $script, $query, $sessionId, $requests, $out, $paramsFile] = $argv;
require __DIR__ . '/../../tests/tools/fastcgi.php';
$params = json_decode(file_get_contents($paramsFile), true) + fastcgi_get($script, $query, $sessionId);
$lines = [];
$start = microtime(true);
for ($i = 0; $i < (int) $requests; $i++) {
    $sent = hrtime(true);
    [$headers, $body] = fastcgi_request($socket, $params);
    $latencyUs = intdiv(hrtime(true) - $sent, 1000);
    if (!preg_match('/^X-Bench: (cpu_us=\d+ session_us=\d+(?: \w+=\S+)*)\s*$/mi', $headers, $m)) {
        fwrite(STDERR, "request $i to $script?$query failed:\n$headers\n\n" . substr($body, 0, 2000) . "\n");
        exit(1);
    }
    $lines[] = "latency_us=$latencyUs $m[1]";
}
$end = microtime(true);
file_put_contents($out, sprintf("%.6f %.6f\n", $start, $end) . implode("\n", $lines) . "\n");
