<?php
// A minimal FastCGI client (responder role, one request per connection), so
// tests can drive php-fpm without a web server.

/** Sends one request; returns [headers string, body string]. */
function fastcgi_request(string $socket, array $params, string $body = ''): array
{
    $conn = stream_socket_client($socket, $errno, $error, 5);
    if ($conn === false) {
        throw new RuntimeException("fastcgi connect $socket: $error");
    }
    stream_set_timeout($conn, 30);
    $record = fn (int $type, string $content) =>
        pack('CCnnCx', 1, $type, 1, strlen($content), 0) . $content;
    $pairs = '';
    foreach ($params as $name => $value) {
        $pairs .= fastcgi_length(strlen($name)) . fastcgi_length(strlen($value)) . $name . $value;
    }
    fwrite($conn, $record(1, pack('nCx5', 1, 0)) // BEGIN_REQUEST, responder, close after
        . $record(4, $pairs) . $record(4, '')       // PARAMS
        . ($body === '' ? '' : $record(5, $body)) . $record(5, '')); // STDIN
    $stdout = '';
    while (!feof($conn)) {
        $header = fread($conn, 8);
        if (strlen($header) < 8) {
            break;
        }
        $h = unpack('Cversion/Ctype/nid/nlength/Cpadding', $header);
        $content = $h['length'] > 0 ? stream_get_contents($conn, $h['length']) : '';
        if ($h['padding'] > 0) {
            fread($conn, $h['padding']);
        }
        if ($h['type'] === 6) {
            $stdout .= $content;
        } elseif ($h['type'] === 3) {
            break; // END_REQUEST
        }
    }
    fclose($conn);
    return array_pad(explode("\r\n\r\n", $stdout, 2), 2, '');
}

/** The params of a GET of $script (served as /<basename>) with a session cookie. */
function fastcgi_get(string $script, string $query, string $sessionId): array
{
    $uri = '/' . basename($script);
    return [
        'GATEWAY_INTERFACE' => 'CGI/1.1', 'SERVER_PROTOCOL' => 'HTTP/1.1', 'REQUEST_METHOD' => 'GET',
        'SCRIPT_FILENAME' => $script, 'SCRIPT_NAME' => $uri, 'REQUEST_URI' => $query === '' ? $uri : "$uri?$query",
        'QUERY_STRING' => $query, 'HTTP_COOKIE' => "PHPSESSID=$sessionId",
    ];
}

function fastcgi_length(int $length): string
{
    return $length < 128 ? chr($length) : pack('N', $length | 0x80000000);
}
