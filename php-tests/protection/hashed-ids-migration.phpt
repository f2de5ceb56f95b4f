--TEST--
hash_ids: sessions stored by the AWS SDK handler under plain-id keys are read, moved to the hashed key on their next write (changed or not) and the plain item deleted; strict mode, destroy and hashed_ids_only; locking on and off
--EXTENSIONS--
dynamodb_session
--SKIPIF--
<?php require __DIR__ . '/../skipif.inc'; ?>
--INI--
session.use_cookies=0
session.cache_limiter=
session.gc_maxlifetime=1440
session.use_strict_mode=1
--FILE--
<?php
require __DIR__ . '/protection.inc';
$name = ddb_session_name(__FILE__);

function sdk_item(string $name, string $id, string $data): void
{
    // Exactly what Aws\DynamoDb\SessionHandler stores.
    ddb_put(['id' => ['S' => "{$name}_$id"], 'data' => ['S' => $data], 'expires' => ['N' => (string) (time() + 600)]]);
}

foreach ([false, true] as $locking) {
    echo 'locking: ', var_export($locking, true), "\n";
    $options = ['hash_ids' => true, 'locking' => $locking];
    $l = (int) $locking;
    [$changed, $unchanged, $destroyed, $late] = ["changed$l", "unchanged$l", "destroyed$l", "late$l"];
    foreach ([$changed, $unchanged, $destroyed, $late] as $id) {
        sdk_item($name, $id, 'user|s:3:"bob";');
    }

    echo "a changed session moves\n";
    // Strict mode: validateId finds the legacy item, so the id is kept.
    var_dump(start($name, $changed, $options), session_id() === $changed, $_SESSION);
    $_SESSION['n'] = 1;
    session_write_close();
    $hashed = ddb_get(hashed_key($name, $changed));
    var_dump($hashed['data']['S'], ddb_get("{$name}_$changed"));
    var_dump(str_contains(json_encode($hashed), $changed));

    echo "an unchanged session moves too (lazy_write)\n";
    $before = DynamoDbSession\SessionHandler::stats()['ids_migrated'];
    start($name, $unchanged, $options);
    session_write_close();
    var_dump(ddb_get(hashed_key($name, $unchanged))['data']['S'], ddb_get("{$name}_$unchanged"));
    var_dump(DynamoDbSession\SessionHandler::stats()['ids_migrated'] - $before);
    // Migrated: read from the hashed key from now on.
    var_dump(start($name, $unchanged, $options), $_SESSION);
    session_write_close();

    echo "destroy deletes both keys\n";
    start($name, $destroyed, $options);
    sdk_item($name, $destroyed, 'stale|b:1;'); // as if the write had not deleted it yet
    var_dump(session_destroy(), ddb_get("{$name}_$destroyed"), ddb_get(hashed_key($name, $destroyed)));

    echo "hashed_ids_only ends the fallback\n";
    var_dump(start($name, $late, $options + ['hashed_ids_only' => true]), session_id() === $late, $_SESSION);
    session_write_close();
    var_dump(ddb_get("{$name}_$late")['data']['S']);
    ddb_delete("{$name}_$late");
    foreach ([$changed, $unchanged] as $id) {
        ddb_delete(hashed_key($name, $id));
    }
}
?>
--EXPECT--
locking: false
a changed session moves
bool(true)
bool(true)
array(1) {
  ["user"]=>
  string(3) "bob"
}
string(21) "user|s:3:"bob";n|i:1;"
NULL
bool(false)
an unchanged session moves too (lazy_write)
string(15) "user|s:3:"bob";"
NULL
int(1)
bool(true)
array(1) {
  ["user"]=>
  string(3) "bob"
}
destroy deletes both keys
bool(true)
NULL
NULL
hashed_ids_only ends the fallback
bool(true)
bool(false)
array(0) {
}
string(15) "user|s:3:"bob";"
locking: true
a changed session moves
bool(true)
bool(true)
array(1) {
  ["user"]=>
  string(3) "bob"
}
string(21) "user|s:3:"bob";n|i:1;"
NULL
bool(false)
an unchanged session moves too (lazy_write)
string(15) "user|s:3:"bob";"
NULL
int(1)
bool(true)
array(1) {
  ["user"]=>
  string(3) "bob"
}
destroy deletes both keys
bool(true)
NULL
NULL
hashed_ids_only ends the fallback
bool(true)
bool(false)
array(0) {
}
string(15) "user|s:3:"bob";"
