<?php
// The application the process-model tests serve: one counter per session,
// configured from the environment as a containerised app would be.
$handler = new DynamoDbSession\SessionHandler([
    'table_name' => getenv('DYNAMODB_SESSION_TABLE_NAME') ?: 'dynamodb_session_tests',
    'region' => 'us-east-1',
    'credentials' => ['key' => 'test', 'secret' => 'test'],
]);
session_set_save_handler($handler, true);
if (!session_start()) {
    http_response_code(503);
    exit("session unavailable\n");
}
$_SESSION['n'] = ($_SESSION['n'] ?? 0) + 1;
header('Content-Type: application/json');
echo json_encode([
    'n' => $_SESSION['n'],
    'pid' => getmypid(),
    'clients_built' => DynamoDbSession\SessionHandler::stats()['clients_built'],
]);
