<?php
// Checks a soak run: for every session the stored counter equals the
// increments its client saw succeed (plus at most the writes that failed in a
// way that leaves it unknown whether they landed), and failures happened only
// around the backend restarts. Prints a summary; exits 1 on a violation.
//   php verify.php <log dir> <outages file> <endpoint>
[$_, $logDir, $outagesFile, $endpoint] = $argv;
putenv("DYNAMODB_ENDPOINT_URL=$endpoint");
require __DIR__ . '/../../php-tests/config.inc';
ob_end_flush();

$outages = array_map(fn ($line) => array_map('floatval', explode(' ', trim($line))), file($outagesFile, FILE_SKIP_EMPTY_LINES));
// A request may fail if it started up to operation_timeout (2 s) plus
// retries before an outage, or while the restarted backend warms up.
$duringOutage = function (float $t) use ($outages): bool {
    foreach ($outages as [$down, $up]) {
        if ($t >= $down - 3.0 && $t <= $up + 3.0) {
            return true;
        }
    }
    return false;
};

$requests = $ok = $failed = $outsideOutage = $violations = 0;
foreach (glob("$logDir/*.log") as $log) {
    $session = basename($log, '.log');
    $successes = 0;
    $uncertain = 0;
    $last = 0;
    foreach (file($log, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) as $line) {
        [$t, $outcome] = explode(' ', $line, 2);
        $requests++;
        if (str_starts_with($outcome, 'ok:')) {
            $ok++;
            $successes++;
            $n = (int) substr($outcome, 3);
            // Each success sees the stored counter plus one: never less than
            // what earlier successes wrote (nothing lost in between).
            if ($n < $last + 1) {
                $violations++;
                echo "$session: counter went from $last to $n\n";
            }
            $last = $n;
        } else {
            $failed++;
            $uncertain += $outcome === 'write-failed' ? 1 : 0;
            if (!$duringOutage((float) $t)) {
                $outsideOutage++;
                echo "$session: '$outcome' at $t, outside the restarts\n";
            }
        }
    }
    $stored = (int) (preg_match('/n\|i:(\d+);/', ddb_get("PHPSESSID_$session", 'soak_sessions')['data']['S'] ?? '', $m) ? $m[1] : 0);
    if ($stored < $successes || $stored > $successes + $uncertain) {
        $violations++;
        echo "$session: stored counter $stored, but $successes increments succeeded ($uncertain uncertain)\n";
    }
}
printf("soak: %d requests, %d succeeded, %d failed (all during the %d backend restarts: %s), sessions consistent: %s\n",
    $requests, $ok, $failed, count($outages), $outsideOutage === 0 ? 'yes' : 'no', $violations === 0 ? 'yes' : 'no');
exit($violations === 0 && $outsideOutage === 0 && $ok > 0 ? 0 : 1);
