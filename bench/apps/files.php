<?php
// (c) PHP's own files handler: the local reference (no network at all).
require __DIR__ . '/common.php';
$mode = bench_mode();
ini_set('session.save_handler', 'files');
ini_set('session.save_path', $_SERVER['BENCH_FILES_DIR']);
$start = hrtime(true);
if (!session_start()) {
    http_response_code(503);
    exit;
}
bench_use_session($_SESSION, $mode);
session_write_close();
bench_finish(hrtime(true) - $start);
