<?php
// One virtual user of the soak test: sends requests with its own session
// cookie to php-fpm until the deadline and logs "<unix time> <outcome>" per
// request (ok:<n>, read-failed, write-failed, or error).
[$_, $socket, $sessionId, $deadline, $log] = $argv;
require __DIR__ . '/../tools/fastcgi.php';
$script = realpath(__DIR__ . '/../apps/soak.php');
$out = fopen($log, 'w');
while (microtime(true) < (float) $deadline) {
    $start = microtime(true);
    try {
        [$headers, $body] = fastcgi_request($socket, fastcgi_get($script, '', $sessionId));
        $outcome = preg_match('/^n=(\d+)/m', $body, $m) ? "ok:$m[1]" : (trim($body) ?: 'error');
    } catch (Throwable $e) {
        $outcome = 'error';
    }
    fwrite($out, sprintf("%.3f %s\n", $start, $outcome));
}
fclose($out);
