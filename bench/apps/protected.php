<?php
// (a') This extension with protection at rest on: hash_ids and
// encryption_keys (one key), otherwise configured as extension.php.
const BENCH_PROTECTED = true;
require __DIR__ . '/extension.php';
