<?php
// The soak test's application: one counter per session. Answers 200 "n=<n>"
// only when the session was read and the new value written; 503 otherwise,
// so that the client knows exactly which increments it may count.
$handler = new DynamoDbSession\SessionHandler([
    'table_name' => 'soak_sessions',
    'region' => 'us-east-1',
    'credentials' => ['key' => 'soak', 'secret' => 'soak'],
    'operation_timeout' => 2.0,
]);
session_set_save_handler($handler, true);
header('Content-Type: text/plain');
if (!@session_start()) {
    http_response_code(503);
    exit("read-failed\n");
}
$_SESSION['n'] = ($_SESSION['n'] ?? 0) + 1;
$n = $_SESSION['n'];
$errors = DynamoDbSession\SessionHandler::stats()['errors'];
@session_write_close();
if (DynamoDbSession\SessionHandler::stats()['errors'] !== $errors) {
    // The write failed; it may or may not have reached the table.
    http_response_code(503);
    exit("write-failed\n");
}
echo "n=$n\n";
