<?php
// A browser-like client for the demo: keeps the session cookie and sends
// its requests to the two instances in turn, as a load balancer would.
$instances = array_slice($argv, 1);
$cookie = null;
$counters = [];
$ids = [];
for ($i = 0; $i < 6; $i++) {
    $url = $instances[$i % count($instances)] . ($i === 0 ? '?name=alice' : '');
    $headers = $cookie ? "Cookie: $cookie\r\n" : '';
    $body = file_get_contents($url, false, stream_context_create(['http' => ['header' => $headers]]));
    foreach ($http_response_header as $line) {
        if (preg_match('/^Set-Cookie: ([^;]+)/i', $line, $m)) {
            $cookie = $m[1];
        }
    }
    echo "GET $url\n  -> $body";
    preg_match('/name=(\S+) counter=(\d+) session_id=(\S+)/', $body, $m);
    [$_, $name, $counter, $id] = $m;
    $counters[] = (int) $counter;
    $ids[$id] = true;
}
$survived = $name === 'alice' && $counters === range(1, 6) && count($ids) === 1;
echo $survived
    ? "\nThe session (name=alice, counter 1..6, one session id) survived every switch between the two instances.\n"
    : "\nThe session did NOT survive the switches between instances.\n";
exit($survived ? 0 : 1);
