--TEST--
compression=zstd stores large data as B behind the header, small data unchanged; any handler reads both
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
require __DIR__ . '/../config.inc';
$name = ddb_session_name(__FILE__);
$zstd = ['compression' => 'zstd', 'compression_threshold' => 1024];

// A 20 KB session of the usual kind (repetitive serialized arrays).
$cart = [];
for ($i = 0; $i < 300; $i++) {
    $cart[] = ['sku' => sprintf('SKU-%05d', $i), 'qty' => $i % 7, 'note' => 'gift wrap'];
}
ddb_start($name, 'large', $zstd);
$_SESSION['cart'] = $cart;
$plain = session_encode();
session_write_close();
$stored = base64_decode(ddb_get("{$name}_large")['data']['B']);
var_dump(strlen($plain) > 20000);
var_dump(bin2hex(substr($stored, 0, 5)));
var_dump(strlen($stored) < strlen($plain) / 4);

// Read back by a handler with compression off (the setting never matters for reading).
ddb_start($name, 'large');
var_dump($_SESSION['cart'] === $cart);
// Unchanged data is not rewritten: the item stays as it was.
session_write_close();
var_dump(base64_decode(ddb_get("{$name}_large")['data']['B']) === $stored);

// Below the threshold: the SDK's format, S data, unchanged.
ddb_start($name, 'small', $zstd);
$_SESSION['n'] = 1;
session_write_close();
var_dump(ddb_get("{$name}_small")['data']);

// Turning compression off rewrites a changed session in the SDK's format.
ddb_start($name, 'large');
$_SESSION['cart'][] = ['sku' => 'SKU-X', 'qty' => 1, 'note' => ''];
session_write_close();
$item = ddb_get("{$name}_large");
var_dump(array_keys($item['data']), strlen($item['data']['S']) > 20000);
ddb_delete("{$name}_large");
ddb_delete("{$name}_small");
?>
--EXPECT--
bool(true)
string(10) "ff44534301"
bool(true)
bool(true)
bool(true)
array(1) {
  ["S"]=>
  string(6) "n|i:1;"
}
array(1) {
  [0]=>
  string(1) "S"
}
bool(true)
