<?php
// (b) The floor: the same two DynamoDB calls the extension makes for a
// request (a consistent GetItem, an UpdateItem of data and expiry), signed
// with SigV4 and sent over a keep-alive connection that the php-fpm worker
// keeps open across requests (a persistent stream). Nothing else: no SDK, no
// session machinery. A session store cannot do less work per request.
require __DIR__ . '/common.php';
$mode = bench_mode();
$id = $_COOKIE['PHPSESSID'] ?? bin2hex(random_bytes(16));
$key = "PHPSESSID_$id";
$start = hrtime(true);

$got = floor_call('GetItem', [
    'TableName' => bench_table(), 'Key' => ['id' => ['S' => $key]],
    'ConsistentRead' => true, 'ReturnConsumedCapacity' => 'TOTAL',
]);
$readUnits = $got['ConsumedCapacity']['CapacityUnits'] ?? 0.0;
$item = $got['Item'] ?? null;
$live = $item !== null && (int) ($item['expires']['N'] ?? 0) > time();
$session = $live ? (unserialize($item['data']['S']) ?: []) : [];
$before = $session;
bench_use_session($session, $mode);
$writeUnits = 0.0;
if ($session !== $before || !$live) {
    $put = floor_call('UpdateItem', [
        'TableName' => bench_table(), 'Key' => ['id' => ['S' => $key]],
        'UpdateExpression' => 'SET #d = :d, #e = :e',
        'ExpressionAttributeNames' => ['#d' => 'data', '#e' => 'expires'],
        'ExpressionAttributeValues' => [':d' => ['S' => serialize($session)], ':e' => ['N' => (string) (time() + 1440)]],
        'ReturnConsumedCapacity' => 'TOTAL',
    ]);
    $writeUnits = $put['ConsumedCapacity']['CapacityUnits'] ?? 0.0;
}
$sessionNs = hrtime(true) - $start;
setcookie('PHPSESSID', $id);
bench_finish(['session_us' => intdiv($sessionNs, 1000), 'rcu' => $readUnits, 'wcu' => $writeUnits]);

/** One DynamoDB JSON request on this worker's persistent connection. */
function floor_call(string $operation, array $payload): array
{
    $url = parse_url(bench_endpoint());
    $host = $url['host'];
    $hostHeader = $host . ':' . $url['port'];
    $body = json_encode($payload);
    $target = "DynamoDB_20120810.$operation";
    $amzDate = gmdate('Ymd\THis\Z');
    $day = substr($amzDate, 0, 8);
    $scope = "$day/" . BENCH_REGION . '/dynamodb/aws4_request';
    $headers = "content-type:application/x-amz-json-1.0\nhost:$hostHeader\nx-amz-date:$amzDate\nx-amz-target:$target\n";
    $signedHeaders = 'content-type;host;x-amz-date;x-amz-target';
    $canonical = "POST\n/\n\n$headers\n$signedHeaders\n" . hash('sha256', $body);
    $toSign = "AWS4-HMAC-SHA256\n$amzDate\n$scope\n" . hash('sha256', $canonical);
    $signingKey = 'AWS4' . BENCH_SECRET;
    foreach ([$day, BENCH_REGION, 'dynamodb', 'aws4_request'] as $part) {
        $signingKey = hash_hmac('sha256', $part, $signingKey, true);
    }
    $request = "POST / HTTP/1.1\r\nHost: $hostHeader\r\nContent-Type: application/x-amz-json-1.0\r\n"
        . "X-Amz-Date: $amzDate\r\nX-Amz-Target: $target\r\n"
        . 'Authorization: AWS4-HMAC-SHA256 Credential=' . BENCH_KEY . "/$scope, SignedHeaders=$signedHeaders, Signature="
        . hash_hmac('sha256', $toSign, $signingKey) . "\r\nContent-Length: " . strlen($body) . "\r\n\r\n" . $body;
    // A connection the backend closed while idle fails on first use: retry
    // once on a new one, as any keep-alive client does.
    for ($attempt = 1; ; $attempt++) {
        $conn = floor_connection($url, $attempt > 1);
        $response = fwrite($conn, $request) === strlen($request) ? floor_response($conn) : null;
        if ($response !== null) {
            return json_decode($response, true);
        }
        if ($attempt === 2) {
            throw new RuntimeException("$operation: no response");
        }
    }
}

/** @return resource The worker's persistent connection (TLS for https). */
function floor_connection(array $url, bool $fresh)
{
    $tls = $url['scheme'] === 'https';
    $address = ($tls ? 'tls' : 'tcp') . "://{$url['host']}:{$url['port']}";
    $context = stream_context_create([
        'socket' => ['tcp_nodelay' => true],
        'ssl' => ['cafile' => bench_ca(), 'verify_peer' => true, 'peer_name' => $url['host']],
    ]);
    $conn = stream_socket_client($address, $errno, $error, 5, STREAM_CLIENT_CONNECT | STREAM_CLIENT_PERSISTENT, $context);
    if ($conn === false) {
        throw new RuntimeException("connect $address: $error");
    }
    if ($fresh) {
        // The persistent stream is dead: close it for good, open another.
        fclose($conn);
        $conn = stream_socket_client($address, $errno, $error, 5, STREAM_CLIENT_CONNECT | STREAM_CLIENT_PERSISTENT, $context);
    }
    stream_set_timeout($conn, 5);
    return $conn;
}

/** The body of an HTTP/1.1 response with Content-Length, or null if the connection died. */
function floor_response($conn): ?string
{
    $length = null;
    while (($line = fgets($conn)) !== false && $line !== "\r\n") {
        if (stripos($line, 'content-length:') === 0) {
            $length = (int) trim(substr($line, 15));
        }
    }
    if ($line === false || $length === null) {
        return null;
    }
    $body = '';
    while (strlen($body) < $length && !feof($conn)) {
        $body .= fread($conn, $length - strlen($body));
    }
    return strlen($body) === $length ? $body : null;
}
