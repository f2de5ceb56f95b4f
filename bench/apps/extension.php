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
    'locking' => isset($_GET['locking']) ?: null,
    // protected.php: keys hashed, data encrypted (a fixed benchmark key).
    'hash_ids' => defined('BENCH_PROTECTED') ?: null,
    'encryption_keys' => defined('BENCH_PROTECTED') ? 'YmVuY2htYXJrIGtleSwgbmV2ZXIgdXNlIGl0ISEhISE=' : null,
]);
session_set_save_handler($handler, true);
$before = DynamoDbSession\SessionHandler::stats();
$figures = bench_session_cycle($mode);
$after = DynamoDbSession\SessionHandler::stats();
bench_finish($figures + [
    'rcu' => $after['read_capacity_units'] - $before['read_capacity_units'],
    'wcu' => $after['write_capacity_units'] - $before['write_capacity_units'],
    'busy' => $after['lock_waits'] - $before['lock_waits'],
]);
