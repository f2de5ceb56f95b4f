--TEST--
A child forked by pcntl_fork() inherits no right to the parent's lock: it cannot write with it, its exit leaves the lock with the parent, and it builds its own runtime
--EXTENSIONS--
dynamodb_session
pcntl
--SKIPIF--
<?php require __DIR__ . '/../skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../config.inc';
$name = ddb_session_name(__FILE__);
ddb_put(['id' => ['S' => "{$name}_forked"], 'data' => ['S' => 'n|i:1;'], 'expires' => ['N' => (string) (time() + 600)]]);
$handler = new DynamoDbSession\SessionHandler(ddb_options(['locking' => true]));
$handler->open('', $name);
var_dump($handler->read('forked'));

$pid = pcntl_fork();
if ($pid === 0) {
    // Not the parent's buffered output: the parent prints it.
    while (ob_get_level()) {
        ob_end_clean();
    }
    // The child uses DynamoDB too: a runtime made before fork() would hang here.
    $child = new DynamoDbSession\SessionHandler(ddb_options());
    $child->open('', $name);
    if ($child->read('forked') !== 'n|i:1;') {
        exit(3);
    }
    // The inherited handler must not write with the parent's lock.
    $wrote = @$handler->write('forked', 'n|i:9;');
    $item = ddb_get("{$name}_forked");
    exit(!$wrote && ($item['data']['S'] ?? null) === 'n|i:1;' && isset($item['lock']) ? 0 : 4);
}
pcntl_waitpid($pid, $status);
var_dump(pcntl_wexitstatus($status));
// The child's request shutdown did not release the parent's lock.
var_dump(ddb_get("{$name}_forked")['lock']['N']);
var_dump($handler->write('forked', 'n|i:2;'));
var_dump(isset(ddb_get("{$name}_forked")['lock']), ddb_get("{$name}_forked")['data']['S']);
ddb_delete("{$name}_forked");
?>
--EXPECT--
string(6) "n|i:1;"
int(0)
string(1) "1"
bool(true)
bool(false)
string(6) "n|i:2;"
