<?php
// A TCP proxy on 127.0.0.1 that forwards to a backend and counts the
// connections it accepts: proof that workers reuse their connections.
//
// Usage: php count_proxy.php <backend host:port> <state file>
// Writes "<listen port> <accepted connections>" to the state file after
// start-up and after every accept. Runs until killed.

[$_, $backend, $stateFile] = $argv;
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $error) or exit("listen: $error\n");
$port = (int) substr(strrchr(stream_socket_get_name($server, false), ':'), 1);
$accepted = 0;
$report = function () use ($stateFile, $port, &$accepted) {
    file_put_contents("$stateFile.tmp", "$port $accepted");
    rename("$stateFile.tmp", $stateFile);
};
$report();

$peers = []; // socket id => the socket it forwards to
$sockets = [];
while (true) {
    $read = array_merge([$server], array_values($sockets));
    $write = $except = null;
    if (stream_select($read, $write, $except, null) === false) {
        exit(1);
    }
    foreach ($read as $socket) {
        if ($socket === $server) {
            $client = stream_socket_accept($server);
            $upstream = stream_socket_client("tcp://$backend", $errno, $error, 5);
            if ($client === false || $upstream === false) {
                continue;
            }
            $accepted++;
            $report();
            $sockets[(int) $client] = $client;
            $sockets[(int) $upstream] = $upstream;
            $peers[(int) $client] = $upstream;
            $peers[(int) $upstream] = $client;
            continue;
        }
        $data = fread($socket, 65536);
        $peer = $peers[(int) $socket] ?? null;
        if ($data === '' || $data === false || $peer === null) {
            foreach ([$socket, $peer] as $end) {
                if ($end !== null) {
                    unset($sockets[(int) $end], $peers[(int) $end]);
                    fclose($end);
                }
            }
            continue;
        }
        fwrite($peer, $data);
    }
}
