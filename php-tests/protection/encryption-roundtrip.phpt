--TEST--
encryption_keys: data is stored encrypted (header, key id, no plaintext), compressed first, and read back; locking on and off
--EXTENSIONS--
dynamodb_session
--SKIPIF--
<?php require __DIR__ . '/../skipif.inc'; ?>
--INI--
session.use_cookies=0
session.cache_limiter=
session.gc_maxlifetime=1440
--FILE--
<?php
require __DIR__ . '/protection.inc';
$name = ddb_session_name(__FILE__);
foreach ([false, true] as $locking) {
    echo 'locking: ', var_export($locking, true), "\n";
    $options = ['encryption_keys' => [KEY_A], 'locking' => $locking];
    $id = 'roundtrip' . (int) $locking;
    var_dump(start($name, $id, $options));
    $_SESSION['card'] = 'secret-card-number';
    session_write_close();
    $item = ddb_get("{$name}_$id");
    $raw = raw_data($item);
    var_dump(ddb_shape($item), str_starts_with($raw, encrypted_header(KEY_A)));
    var_dump(str_contains($raw, 'secret-card-number'), strlen($raw) - strlen('card|s:18:"secret-card-number";'));
    var_dump(start($name, $id, $options), $_SESSION);
    session_write_close();

    // Large data: compressed, then encrypted (one header, smaller than the data).
    $big = 'big' . (int) $locking;
    start($name, $big, $options + ['compression' => 'zstd', 'compression_threshold' => 0]);
    $_SESSION['rows'] = str_repeat('row of a report;', 2000);
    session_write_close();
    $raw = raw_data(ddb_get("{$name}_$big"));
    var_dump(str_starts_with($raw, encrypted_header(KEY_A)), strlen($raw) < 2000);
    // Reading never depends on the compression setting.
    start($name, $big, $options);
    var_dump(strlen($_SESSION['rows']));
    session_destroy();
    ddb_delete("{$name}_$id");
}
?>
--EXPECT--
locking: false
bool(true)
array(3) {
  ["data"]=>
  string(1) "B"
  ["expires"]=>
  string(1) "N"
  ["id"]=>
  string(1) "S"
}
bool(true)
bool(false)
int(53)
bool(true)
array(1) {
  ["card"]=>
  string(18) "secret-card-number"
}
bool(true)
bool(true)
int(32000)
locking: true
bool(true)
array(3) {
  ["data"]=>
  string(1) "B"
  ["expires"]=>
  string(1) "N"
  ["id"]=>
  string(1) "S"
}
bool(true)
bool(false)
int(53)
bool(true)
array(1) {
  ["card"]=>
  string(18) "secret-card-number"
}
bool(true)
bool(true)
int(32000)
