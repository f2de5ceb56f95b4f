--TEST--
stubs/dynamodb_session.stub.php declares exactly the classes, methods, parameters and return types of the extension
--EXTENSIONS--
dynamodb_session
--FILE--
<?php
$root = __DIR__ . '/../..';
ob_start();
require $root . '/tests/tools/describe_api.php';
$fromExtension = ob_get_clean();
$fromStub = shell_exec(escapeshellarg(PHP_BINARY) . ' -n ' . escapeshellarg($root . '/tests/tools/describe_api.php')
    . ' ' . escapeshellarg($root . '/stubs/dynamodb_session.stub.php'));
if ($fromStub === $fromExtension) {
    echo "stub matches\n";
} else {
    echo "extension:\n$fromExtension\nstub:\n$fromStub";
}
echo $fromExtension;
?>
--EXPECT--
stub matches
class DynamoDbSession\ConfigurationException extends InvalidArgumentException implements Stringable,Throwable
class DynamoDbSession\StoreException extends RuntimeException implements Stringable,Throwable
class DynamoDbSession\SessionHandler extends - implements SessionHandlerInterface,SessionIdInterface,SessionUpdateTimestampHandlerInterface
  __construct(?array $options?)
  close(): bool
  static createTable(?array $options?): bool
  create_sid(): string
  destroy(string $id): bool
  static endRequest(): int
  garbageCollect(): int
  gc(int $max_lifetime): int
  static generateEncryptionKey(): string
  open(string $path, string $name): bool
  read(string $id): string|false
  static stats(): array
  updateTimestamp(string $id, string $data): bool
  validateId(string $id): bool
  write(string $id, string $data): bool
