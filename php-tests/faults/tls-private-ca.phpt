--TEST--
TLS: certificates are verified; an endpoint signed by a private CA fails until ca_bundle names that CA
--EXTENSIONS--
dynamodb_session
openssl
--SKIPIF--
<?php require __DIR__ . '/../skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/faults.inc';
$name = ddb_session_name(__FILE__);
$dir = sys_get_temp_dir() . '/ddb-tls-' . getmypid();
@mkdir($dir);
[$caPem, $serverPem] = private_ca($dir);
$state = fault_proxy_start($serverPem);
$https = fault_proxy_url($state, 'https');

// Not trusted: the handshake is refused, the read fails with a warning.
$handler = new DynamoDbSession\SessionHandler(ddb_options(['endpoint' => $https, 'operation_timeout' => 2.0, 'max_attempts' => 1]));
$handler->open('', $name);
var_dump(@$handler->read('tls'));
// ...and no request got through to DynamoDB.
var_dump(str_contains(error_get_last()['message'], 'read failed for session'), seen($state));

// Trusted through ca_bundle: a full round trip over TLS.
$handler = new DynamoDbSession\SessionHandler(ddb_options(['endpoint' => $https, 'ca_bundle' => $caPem]));
$handler->open('', $name);
var_dump($handler->read('tls'), $handler->write('tls', 'secure|b:1;'), ddb_get("{$name}_tls")['data']['S']);
var_dump(seen($state));

// A ca_bundle that cannot be read is named in the warning.
$handler = new DynamoDbSession\SessionHandler(ddb_options(['endpoint' => $https, 'ca_bundle' => "$dir/missing.pem"]));
$handler->open('', $name);
var_dump($handler->read('tls'));
ddb_delete("{$name}_tls");
array_map('unlink', glob("$dir/*"));
rmdir($dir);
?>
--EXPECTF--
bool(false)
bool(true)
array(0) {
}
string(0) ""
bool(true)
string(11) "secure|b:1;"
array(2) {
  [0]=>
  string(7) "GetItem"
  [1]=>
  string(10) "UpdateItem"
}

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: cannot create the DynamoDB client: cannot read ca_bundle '%s/missing.pem': No such file or directory (os error 2) in %s on line %d
bool(false)
