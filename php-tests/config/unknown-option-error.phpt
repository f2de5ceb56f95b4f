--TEST--
An unknown option throws ConfigurationException naming the key and the nearest valid key
--EXTENSIONS--
dynamodb_session
--FILE--
<?php
function attempt(array $options): void
{
    try {
        new DynamoDbSession\SessionHandler($options);
        echo "no exception\n";
    } catch (DynamoDbSession\ConfigurationException $e) {
        echo get_class($e), ': ', $e->getMessage(), ' (line ', $e->getLine(), ', ', basename($e->getFile()), ")\n";
        var_dump($e instanceof InvalidArgumentException, count($e->getTrace()) > 0);
    }
}
attempt(['tabel_name' => 'sessions']);
attempt(['lifetime' => 10]);
attempt(['x' => 1]);
?>
--EXPECT--
DynamoDbSession\ConfigurationException: unknown option 'tabel_name' (did you mean 'table_name'?) (line 5, unknown-option-error.php)
bool(true)
bool(true)
DynamoDbSession\ConfigurationException: unknown option 'lifetime' (line 5, unknown-option-error.php)
bool(true)
bool(true)
DynamoDbSession\ConfigurationException: unknown option 'x' (line 5, unknown-option-error.php)
bool(true)
bool(true)
