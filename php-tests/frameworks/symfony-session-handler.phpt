--TEST--
Symfony: Session on NativeSessionStorage with the handler service of examples/symfony (services.yaml, framework.yaml): round trip, migrate(true), invalidate(), flash bag, strict mode, plain session_start() on the same id both ways
--EXTENSIONS--
dynamodb_session
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; skip_without('symfony', 'symfony-yaml', 'symfony-di', 'symfony-config'); ?>
--ENV--
AWS_ACCESS_KEY_ID=test
AWS_SECRET_ACCESS_KEY=test
--FILE--
<?php
require __DIR__ . '/../config.inc';
require __DIR__ . '/symfony.inc';
use Symfony\Component\HttpFoundation\Session\Session;
use Symfony\Component\HttpFoundation\Session\Storage\NativeSessionStorage;

$name = ddb_session_name(__FILE__);
[$handler, $options] = symfony_container_wiring();
var_dump(get_class($handler), $options);
$make = fn () => new Session(new NativeSessionStorage($options, $handler));
// Legacy code beside Symfony registers the same handler itself.
$plain = fn () => session_set_save_handler(new DynamoDbSession\SessionHandler(ddb_options()), true);
require __DIR__ . '/symfony-checks.inc';
?>
--EXPECTF--
string(30) "DynamoDbSession\SessionHandler"
array(3) {
  ["cookie_secure"]=>
  bool(false)
  ["cookie_samesite"]=>
  string(3) "lax"
  ["gc_maxlifetime"]=>
  int(1440)
}
round trip
string(%d) "_sf2_attributes|a:1:{s:4:"user";s:5:"alice";}_sf2_meta|a:3:{s:1:"u";i:%d;s:1:"c";i:%d;s:1:"l";i:0;}"
string(5) "alice"
strict mode: an id nobody issued is replaced, nothing is stored under it
bool(true)
NULL
bool(true)
login: migrate(true)
bool(true)
NULL
bool(true)
flash bag: shown once
array(1) {
  [0]=>
  string(5) "saved"
}
bool(false)
array(0) {
}
plain session_start() writes, Symfony keeps it and adds
bool(true)
string(5) "alice"
string(%d) "_sf2_attributes|a:2:{s:4:"user";s:5:"alice";s:4:"cart";i:3;}_sf2_meta|a:3:{s:1:"u";i:%d;s:1:"c";i:%d;s:1:"l";i:0;}legacy|i:1;"
Symfony writes, plain session_start() reads
bool(true)
int(1)
int(3)
logout: invalidate()
bool(true)
NULL
NULL