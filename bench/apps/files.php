<?php
// (c) PHP's own files handler: the local reference (no network at all).
require __DIR__ . '/common.php';
$mode = bench_mode();
ini_set('session.save_handler', 'files');
ini_set('session.save_path', $_SERVER['BENCH_FILES_DIR']);
bench_finish(bench_session_cycle($mode));
