--TEST--
The stored item has exactly the SDK's attributes and types: id S (name_id), data S, expires N = time() + lifetime
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
$id = 'sdkformat0000000000000000000001';
$before = time();
ddb_start($name, $id);
$_SESSION['n'] = 1;
session_write_close();
$after = time();

$item = ddb_get("{$name}_$id");
var_dump(ddb_shape($item));
var_dump($item['id']['S'] === "{$name}_$id");
var_dump($item['data']['S']);
$expires = (int) $item['expires']['N'];
var_dump($expires >= $before + 1440 && $expires <= $after + 1440);
var_dump($item['expires']['N'] === (string) $expires);

// session_lifetime overrides session.gc_maxlifetime, as in the SDK.
ddb_start($name, $id, ['session_lifetime' => 60]);
$_SESSION['n'] = 2;
session_write_close();
$expires = (int) ddb_get("{$name}_$id")['expires']['N'];
var_dump($expires >= $before + 60 && $expires <= time() + 60);
ddb_delete("{$name}_$id");
?>
--EXPECT--
array(3) {
  ["data"]=>
  string(1) "S"
  ["expires"]=>
  string(1) "N"
  ["id"]=>
  string(1) "S"
}
bool(true)
string(6) "n|i:1;"
bool(true)
bool(true)
bool(true)
