--TEST--
Items written by the SDK handler (S data, with or without its lock attribute) and B data are read
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
$expires = (string) (time() + 600);
// Exactly what Aws\DynamoDb\SessionHandler stores.
ddb_put(['id' => ['S' => "{$name}_sdk1"], 'data' => ['S' => 'user|s:3:"bob";'], 'expires' => ['N' => $expires]]);
ddb_put(['id' => ['S' => "{$name}_sdk2"], 'data' => ['S' => 'n|i:7;'], 'expires' => ['N' => $expires], 'lock' => ['N' => '1']]);
// B data is read even with the default data_attribute_type 'string'.
ddb_put(['id' => ['S' => "{$name}_sdk3"], 'data' => ['B' => base64_encode('b|s:2:"hi";')], 'expires' => ['N' => $expires]]);

foreach (['sdk1', 'sdk2', 'sdk3'] as $id) {
    $_SESSION = [];
    ddb_start($name, $id);
    var_dump($_SESSION);
    session_write_close();
}
// Our unchanged session kept the SDK item as it was (no rewrite of data).
var_dump(ddb_get("{$name}_sdk1")['data']['S']);
foreach (['sdk1', 'sdk2', 'sdk3'] as $id) {
    ddb_delete("{$name}_$id");
}
?>
--EXPECT--
array(1) {
  ["user"]=>
  string(3) "bob"
}
array(1) {
  ["n"]=>
  int(7)
}
array(1) {
  ["b"]=>
  string(2) "hi"
}
string(15) "user|s:3:"bob";"
