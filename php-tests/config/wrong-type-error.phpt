--TEST--
Wrongly typed or out-of-range options throw ConfigurationException naming the expected type
--EXTENSIONS--
dynamodb_session
--FILE--
<?php
$cases = [
    ['consistent_read' => 'yes'],
    ['session_lifetime' => '3600'],
    ['table_name' => ''],
    ['data_attribute_type' => 'blob'],
    ['operation_timeout' => 0],
    ['connect_timeout' => -1],
    ['max_attempts' => 0],
    ['endpoint' => 'localhost:8000'],
    ['credentials' => ['key' => 'AKID']],
    ['credentials' => 'AKID:SECRET'],
    ['data_attribute' => 'id'],
    ['locking' => 'yes'],
    ['lock_ttl' => 0],
    ['region' => new stdClass()],
];
foreach ($cases as $options) {
    try {
        new DynamoDbSession\SessionHandler($options);
        echo "accepted\n";
    } catch (DynamoDbSession\ConfigurationException $e) {
        echo $e->getMessage(), "\n";
    }
}
// Null means "not given"; ints are accepted for seconds.
new DynamoDbSession\SessionHandler(['endpoint' => null, 'operation_timeout' => 2, 'connect_timeout' => 0.5, 'batch_config' => []]);
echo "done\n";
?>
--EXPECT--
option 'consistent_read' must be a bool, string given
option 'session_lifetime' must be a non-negative int, string given
invalid option 'table_name': must not be empty
invalid option 'data_attribute_type': 'blob' is not one of 'string', 'binary'
invalid option 'operation_timeout': must be greater than 0
invalid option 'connect_timeout': must be a non-negative number of seconds, got -1
invalid option 'max_attempts': must be between 1 and 10, got 0
invalid option 'endpoint': 'localhost:8000' is not an http:// or https:// URL
invalid option 'credentials': needs both 'key' and 'secret'
option 'credentials' must be an array with string keys 'key', 'secret' and optionally 'token', string given
invalid option 'data_attribute': must differ from hash_key ('id')
option 'locking' must be a bool, string given
invalid option 'lock_ttl': must be greater than 0
option 'region' must be a non-empty string, object given
done
