--TEST--
Rollout: plaintext items (SDK format) stay readable and are encrypted on their next write; encryption_required then refuses plaintext, failing closed; locking on and off
--EXTENSIONS--
dynamodb_session
--SKIPIF--
<?php require __DIR__ . '/../skipif.inc'; ?>
--INI--
session.use_cookies=0
session.cache_limiter=
session.gc_maxlifetime=1440
--FILE--
<?php
require __DIR__ . '/protection.inc';
$name = ddb_session_name(__FILE__);
foreach ([false, true] as $locking) {
    echo 'locking: ', var_export($locking, true), "\n";
    [$old, $straggler] = ['old' . (int) $locking, 'straggler' . (int) $locking];
    foreach ([$old, $straggler] as $id) {
        // Exactly what Aws\DynamoDb\SessionHandler stores.
        ddb_put(['id' => ['S' => "{$name}_$id"], 'data' => ['S' => 'user|s:3:"bob";'], 'expires' => ['N' => (string) (time() + 600)]]);
    }
    $options = ['encryption_keys' => [KEY_A], 'locking' => $locking];
    var_dump(start($name, $old, $options), $_SESSION);
    $_SESSION['n'] = 1;
    session_write_close();
    $item = ddb_get("{$name}_$old");
    var_dump(isset($item['data']['S']), str_starts_with(raw_data($item), encrypted_header(KEY_A)));

    // The rollout is declared over while one plaintext item remains.
    $required = $options + ['encryption_required' => true];
    $before = ddb_get("{$name}_$straggler")['data'];
    var_dump(start($name, $straggler, $required));
    $_SESSION['n'] = 2;
    var_dump(@session_write_close(), ddb_get("{$name}_$straggler")['data'] === $before);
    var_dump(start($name, $old, $required), $_SESSION['n']);
    session_destroy();
    ddb_delete("{$name}_$straggler");
}
try {
    new DynamoDbSession\SessionHandler(ddb_options(['encryption_required' => true]));
} catch (DynamoDbSession\ConfigurationException $e) {
    echo $e->getMessage(), "\n";
}
?>
--EXPECTF--
locking: false
bool(true)
array(1) {
  ["user"]=>
  string(3) "bob"
}
bool(false)
bool(true)

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: the stored session cannot be read (attribute 'data': stored unencrypted, which encryption_required refuses); it was left unchanged in %s on line %d

Warning: session_start(): Failed to read session data: user (path: %s) in %s on line %d
bool(false)
bool(false)
bool(true)
bool(true)
int(1)
locking: true
bool(true)
array(1) {
  ["user"]=>
  string(3) "bob"
}
bool(false)
bool(true)

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: the stored session cannot be read (attribute 'data': stored unencrypted, which encryption_required refuses); it was left unchanged in %s on line %d

Warning: session_start(): Failed to read session data: user (path: %s) in %s on line %d
bool(false)
bool(false)
bool(true)
bool(true)
int(1)
invalid option 'encryption_required': needs encryption_keys (or $DYNAMODB_SESSION_ENCRYPTION_KEYS)
