<?php
// A fault-injecting HTTP proxy on 127.0.0.1 between the extension and a
// DynamoDB-compatible backend, for the reliability tests.
//
// Usage: php fault_proxy.php <backend host:port> <state dir> [<TLS cert+key PEM>]
// With a PEM file, clients must speak TLS (the backend stays plain HTTP).
// Writes <state dir>/port once listening. Reads <state dir>/faults before
// every request: one fault per line, "<fault> [count]"; a line with a count
// applies to that many requests and is then removed, a line without one
// applies until the file changes. No line (or "pass"): forward. Faults:
//   delay <ms> [count]   wait, then forward
//   reset                close the connection without answering
//   close-mid            forward, relay half of the answer, close
//   http500 / http503    answer with that status and no AWS error body
//   throttle             400 ThrottlingException
//   provisioned          400 ProvisionedThroughputExceededException
//   hang                 never answer
//   down                 stop listening and drop every connection until the
//                        line is gone (connections are refused meanwhile)
// Appends each request's X-Amz-Target operation to <state dir>/targets.
// Runs until killed.

[$_, $backend, $state] = $argv;
$tlsPem = $argv[3] ?? null;

function listen(string $state, int $port = 0)
{
    $server = stream_socket_server("tcp://127.0.0.1:$port", $errno, $error);
    if ($server === false) {
        return false;
    }
    $port = (int) substr(strrchr(stream_socket_get_name($server, false), ':'), 1);
    file_put_contents("$state/port.tmp", (string) $port);
    rename("$state/port.tmp", "$state/port");
    return $server;
}

/** The first fault line, consuming one use of a counted line. */
function next_fault(string $state): array
{
    $file = "$state/faults";
    $lines = is_file($file) ? array_values(array_filter(array_map('trim', file($file)))) : [];
    if ($lines === []) {
        return ['pass'];
    }
    $words = preg_split('/\s+/', $lines[0]);
    $fault = $words[0];
    $argument = $fault === 'delay' ? (int) ($words[1] ?? 0) : null;
    $count = $fault === 'delay' ? ($words[2] ?? null) : ($words[1] ?? null);
    if ($count !== null) {
        $count = (int) $count - 1;
        if ($count <= 0) {
            array_shift($lines);
        } else {
            $lines[0] = $fault . ($argument !== null ? " $argument" : '') . " $count";
        }
        file_put_contents("$file.tmp", implode("\n", $lines));
        rename("$file.tmp", $file);
    }
    return [$fault, $argument];
}

function is_down(string $state): bool
{
    $file = "$state/faults";
    return is_file($file) && str_starts_with(trim((string) file_get_contents($file)), 'down');
}

/** Reads one HTTP message (headers and Content-Length or chunked body). */
function read_message($stream): ?string
{
    $head = '';
    while (!str_contains($head, "\r\n\r\n")) {
        $line = fgets($stream);
        if ($line === false || $line === '') {
            return null;
        }
        $head .= $line;
    }
    $body = '';
    if (preg_match('/^Content-Length:\s*(\d+)/mi', $head, $m)) {
        $length = (int) $m[1];
        while (strlen($body) < $length) {
            $chunk = fread($stream, $length - strlen($body));
            if ($chunk === false || $chunk === '') {
                return null;
            }
            $body .= $chunk;
        }
    } elseif (preg_match('/^Transfer-Encoding:\s*chunked/mi', $head)) {
        while (true) {
            $sizeLine = fgets($stream);
            if ($sizeLine === false) {
                return null;
            }
            $body .= $sizeLine;
            $size = hexdec(trim($sizeLine));
            $chunk = $size > 0 ? stream_get_contents($stream, $size + 2) : fgets($stream);
            $body .= $chunk;
            if ($size === 0) {
                break;
            }
        }
    }
    return $head . $body;
}

function aws_error(int $status, string $type, string $message): string
{
    $body = json_encode(['__type' => "com.amazonaws.dynamodb.v20120810#$type", 'message' => $message]);
    return "HTTP/1.1 $status Bad Request\r\nContent-Type: application/x-amz-json-1.0\r\n"
        . "x-amzn-ErrorType: $type\r\nContent-Length: " . strlen($body) . "\r\n\r\n$body";
}

function plain_status(int $status): string
{
    $body = "injected $status";
    return "HTTP/1.1 $status Injected\r\nContent-Type: text/plain\r\nContent-Length: " . strlen($body) . "\r\n\r\n$body";
}

$server = listen($state);
$clients = [];
$hanging = [];
while (true) {
    if (is_down($state)) {
        if ($server !== null) {
            $port = (int) file_get_contents("$state/port");
            fclose($server);
            $server = null;
            foreach ($clients as $client) {
                fclose($client);
            }
            $clients = $hanging = [];
        }
        usleep(20000);
        continue;
    }
    if ($server === null) {
        $server = listen($state, $port);
        if ($server === false) {
            $server = null;
            usleep(20000);
            continue;
        }
    }
    $read = array_merge([$server], array_values($clients));
    $write = $except = null;
    if (@stream_select($read, $write, $except, 0, 50000) === false) {
        continue;
    }
    foreach ($read as $stream) {
        if ($stream === $server) {
            $client = @stream_socket_accept($server, 0);
            if ($client === false) {
                continue;
            }
            if ($tlsPem !== null) {
                stream_context_set_option($client, 'ssl', 'local_cert', $tlsPem);
                stream_set_blocking($client, true);
                stream_set_timeout($client, 5);
                // A client that does not trust the certificate aborts here.
                if (@stream_socket_enable_crypto($client, true, STREAM_CRYPTO_METHOD_TLS_SERVER) !== true) {
                    fclose($client);
                    continue;
                }
            }
            $clients[(int) $client] = $client;
            continue;
        }
        $request = read_message($stream);
        if ($request === null) {
            unset($clients[(int) $stream]);
            fclose($stream);
            continue;
        }
        if (preg_match('/^X-Amz-Target:\s*DynamoDB_\d+\.(\w+)/mi', $request, $m)) {
            file_put_contents("$state/targets", $m[1] . "\n", FILE_APPEND);
        }
        [$fault, $argument] = next_fault($state) + [1 => null];
        $response = null;
        switch ($fault) {
            case 'reset':
                unset($clients[(int) $stream]);
                fclose($stream);
                continue 2;
            case 'hang':
                // Keep the connection open, never answer.
                unset($clients[(int) $stream]);
                $hanging[] = $stream;
                continue 2;
            case 'http500':
                $response = plain_status(500);
                break;
            case 'http503':
                $response = plain_status(503);
                break;
            case 'throttle':
                $response = aws_error(400, 'ThrottlingException', 'Rate of requests exceeds the allowed throughput.');
                break;
            case 'provisioned':
                $response = aws_error(400, 'ProvisionedThroughputExceededException', 'The level of configured provisioned throughput for the table was exceeded.');
                break;
            case 'delay':
                usleep(max(0, (int) $argument) * 1000);
                break;
        }
        if ($response === null) {
            $upstream = @stream_socket_client("tcp://$backend", $errno, $error, 5);
            $answer = $upstream === false ? null : (fwrite($upstream, $request) !== false ? read_message($upstream) : null);
            if ($upstream !== false) {
                fclose($upstream);
            }
            $response = $answer ?? plain_status(502);
            if ($fault === 'close-mid') {
                fwrite($stream, substr($response, 0, intdiv(strlen($response), 2)));
                unset($clients[(int) $stream]);
                fclose($stream);
                continue;
            }
        }
        fwrite($stream, $response);
    }
}
