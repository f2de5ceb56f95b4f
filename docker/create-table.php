<?php
// Creates the sessions table (on-demand, TTL on the expiry attribute) and
// exits 0 when it is ready; safe to run on every deploy (idempotent).
//
//   php -d extension=dynamodb_session.so docker/create-table.php [option=value ...]
//
// Configuration as for the handler: dynamodb_session.* directives, then
// AWS_REGION, DYNAMODB_SESSION_TABLE_NAME, AWS_ENDPOINT_URL_DYNAMODB /
// AWS_ENDPOINT_URL / DYNAMODB_ENDPOINT_URL; arguments such as
// table_name=Sessions or read_capacity_units=5 override them.

if (!extension_loaded('dynamodb_session')) {
    fwrite(STDERR, "the dynamodb_session extension is not loaded (php -d extension=dynamodb_session.so ...)\n");
    exit(2);
}
$options = [];
foreach (array_slice($argv, 1) as $argument) {
    [$name, $value] = array_pad(explode('=', $argument, 2), 2, '');
    $options[$name] = is_numeric($value) ? $value + 0 : $value;
}
try {
    DynamoDbSession\SessionHandler::createTable($options);
} catch (DynamoDbSession\ConfigurationException | DynamoDbSession\StoreException $e) {
    fwrite(STDERR, $e->getMessage() . "\n");
    exit(1);
}
$table = $options['table_name'] ?? (ini_get('dynamodb_session.table_name') ?: (getenv('DYNAMODB_SESSION_TABLE_NAME') ?: 'sessions'));
echo "table '$table' is ready (TTL enabled)\n";
