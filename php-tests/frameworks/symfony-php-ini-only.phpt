--TEST--
Symfony with php.ini alone (examples/symfony/php-ini-only: session.save_handler=dynamodb, handler_id null): round trip, migrate(true), invalidate(), flash bag, strict mode, plain session_start() on the same id both ways
--EXTENSIONS--
dynamodb_session
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; skip_without('symfony', 'symfony-yaml'); ?>
--ENV--
AWS_ACCESS_KEY_ID=test
AWS_SECRET_ACCESS_KEY=test
--FILE--
<?php
require __DIR__ . '/../config.inc';
require __DIR__ . '/symfony.inc';
use Symfony\Component\HttpFoundation\Session\Session;
use Symfony\Component\HttpFoundation\Session\Storage\NativeSessionStorage;

// The example's php.ini lines, but the test table: what a server's
// conf.d/dynamodb_session.ini would set at startup.
$ini = parse_ini_file(SYMFONY_EXAMPLE . '/php-ini-only/dynamodb_session.ini');
var_dump($ini['session.save_handler'], parse_url($ini['session.save_path'], PHP_URL_SCHEME));
$plain = function () use ($ini) {
    ini_set('session.save_handler', $ini['session.save_handler']);
    ini_set('session.save_path', 'dynamodb://' . DDB_TEST_TABLE . '?region=us-east-1');
};
$plain();
$options = symfony_storage_options(SYMFONY_EXAMPLE . '/php-ini-only/config/packages/framework.yaml');
var_dump($options);
// Symfony wraps PHP's configured module: ours.
var_dump((new NativeSessionStorage($options, null))->getSaveHandler()->getSaveHandlerName());
// handler_id null: NativeSessionStorage without a handler wraps PHP's module.
$make = function () use ($options, $plain) {
    $plain();
    return new Session(new NativeSessionStorage($options, null));
};
$name = ddb_session_name(__FILE__);
require __DIR__ . '/symfony-checks.inc';
?>
--EXPECTF--
string(8) "dynamodb"
string(8) "dynamodb"
array(2) {
  ["cookie_secure"]=>
  bool(false)
  ["cookie_samesite"]=>
  string(3) "lax"
}
string(8) "dynamodb"
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
