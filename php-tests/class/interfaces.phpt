--TEST--
SessionHandler implements the three session interfaces with their signatures, without deprecations
--EXTENSIONS--
dynamodb_session
--INI--
error_reporting=E_ALL
display_startup_errors=1
--FILE--
<?php
$class = new ReflectionClass(DynamoDbSession\SessionHandler::class);
var_dump($class->implementsInterface(SessionHandlerInterface::class));
var_dump($class->implementsInterface(SessionIdInterface::class));
var_dump($class->implementsInterface(SessionUpdateTimestampHandlerInterface::class));
foreach (['open', 'close', 'read', 'write', 'destroy', 'gc', 'create_sid', 'validateId', 'updateTimestamp'] as $name) {
    $method = $class->getMethod($name);
    $params = array_map(fn ($p) => $p->getType() . ' $' . $p->getName(), $method->getParameters());
    echo $name, '(', implode(', ', $params), '): ', $method->getReturnType(), "\n";
}
$handler = new DynamoDbSession\SessionHandler();
var_dump($handler instanceof SessionHandlerInterface);
// Nothing about the configuration (credentials, endpoint) is exposed.
var_dump($handler);
$exception = new ReflectionClass(DynamoDbSession\ConfigurationException::class);
var_dump($exception->getParentClass()->getName());
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
open(string $path, string $name): bool
close(): bool
read(string $id): string|false
write(string $id, string $data): bool
destroy(string $id): bool
gc(int $max_lifetime): int
create_sid(): string
validateId(string $id): bool
updateTimestamp(string $id, string $data): bool
bool(true)
object(DynamoDbSession\SessionHandler)#2 (0) {
}
string(24) "InvalidArgumentException"
