<?php
// (a) This extension, configured as an application would (the class).
require __DIR__ . '/common.php';
$mode = bench_mode();
$handler = new DynamoDbSession\SessionHandler([
    'table_name' => bench_table(),
    'endpoint' => bench_endpoint(),
    'region' => BENCH_REGION,
    'credentials' => ['key' => BENCH_KEY, 'secret' => BENCH_SECRET],
    'ca_bundle' => bench_ca(),
    'compression' => $_GET['compression'] ?? null,
]);
session_set_save_handler($handler, true);
$before = DynamoDbSession\SessionHandler::stats();
$start = hrtime(true);
if (!session_start()) {
    http_response_code(503);
    exit;
}
bench_use_session($_SESSION, $mode);
session_write_close();
$sessionNs = hrtime(true) - $start;
$after = DynamoDbSession\SessionHandler::stats();
bench_finish($sessionNs, $after['read_capacity_units'] - $before['read_capacity_units'],
    $after['write_capacity_units'] - $before['write_capacity_units']);
