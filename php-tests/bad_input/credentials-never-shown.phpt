--TEST--
Static credentials never appear in var_dump/print_r/var_export of the handler, in exceptions, warnings or phpinfo()
--EXTENSIONS--
dynamodb_session
--FILE--
<?php
$secret = 'SECRETKEY-do-not-print-' . bin2hex(random_bytes(4));
$options = ['credentials' => ['key' => 'AKIDEXAMPLE', 'secret' => $secret, 'token' => 'TOKEN-' . $secret],
    'region' => 'us-east-1', 'endpoint' => 'http://127.0.0.1:1', 'operation_timeout' => 0.5, 'max_attempts' => 1];
$handler = new DynamoDbSession\SessionHandler($options);
ob_start();
var_dump($handler);
print_r($handler);
var_export($handler);
echo json_encode($handler), serialize(DynamoDbSession\SessionHandler::stats());
phpinfo();
$handler->open('', 'PHPSESSID');
$handler->read('someid');
$handler->write('someid', 'x');
// With locking the failing requests (acquire, release) warn too.
$locked = new DynamoDbSession\SessionHandler($options + ['locking' => true]);
var_dump($locked);
$locked->open('', 'PHPSESSID');
$locked->read('someid');
$locked->write('someid', 'x');
$locked->close();
try {
    new DynamoDbSession\SessionHandler($options + ['credentials_typo' => 1]);
} catch (Exception $e) {
    echo $e->getMessage(), $e->getTraceAsString();
}
try {
    serialize($handler);
} catch (Exception $e) {
    echo $e->getMessage();
}
$output = ob_get_clean();
var_dump(str_contains($output, 'SECRETKEY'), str_contains($output, 'someid'), strlen($output) > 1000);
?>
--EXPECT--
bool(false)
bool(false)
bool(true)
