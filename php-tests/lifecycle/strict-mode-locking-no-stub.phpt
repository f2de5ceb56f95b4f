--TEST--
Strict mode with locking: validateId of an id this handler just created costs no request; an unknown id leaves no item and needs no DeleteItem
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
require __DIR__ . '/lifecycle.inc';
$name = ddb_session_name(__FILE__);

/** Records what each validateId() call cost. */
class Probe extends DynamoDbSession\SessionHandler
{
    public array $validations = [];

    public function validateId(string $id): bool
    {
        $before = DynamoDbSession\SessionHandler::stats();
        $valid = parent::validateId($id);
        $this->validations[] = [$id, $valid, ddb_requests_since($before)];
        return $valid;
    }
}

function start(string $name, string $id): Probe
{
    $handler = new Probe(ddb_options(['locking' => true]));
    session_set_save_handler($handler, true);
    session_name($name);
    session_id($id);
    session_start();
    return $handler;
}

function show(Probe $handler, array $known): void
{
    foreach ($handler->validations as [$id, $valid, $cost]) {
        printf("validateId(%s) = %s, %d GetItem/UpdateItem, %d DeleteItem\n", $known[$id] ?? 'a new id',
            var_export($valid, true), $cost['get_item'] + $cost['update_item'], $cost['delete_item']);
    }
    $handler->validations = [];
}

ddb_put(['id' => ['S' => "{$name}_live"], 'data' => ['S' => 'n|i:1;'], 'expires' => ['N' => (string) (time() + 600)]]);
$known = ['live' => 'live', 'unknownbotid' => 'unknownbotid'];

echo "-- session_create_id()\n";
$handler = start($name, 'live');
show($handler, $known);
$new = session_create_id();
show($handler, $known);
echo "-- session_regenerate_id()\n";
session_regenerate_id();
show($handler, $known);
$regenerated = session_id();
session_write_close();
show($handler, $known);
ddb_delete("{$name}_$regenerated");

echo "-- unknown id\n";
$before = DynamoDbSession\SessionHandler::stats();
$handler = start($name, 'unknownbotid');
session_write_close();
show($handler, $known);
var_dump(session_id() !== 'unknownbotid', ddb_get("{$name}_unknownbotid"));
var_dump(stats_since($before, 'delete_item'));
ddb_delete("{$name}_live");
?>
--EXPECT--
-- session_create_id()
validateId(live) = true, 1 GetItem/UpdateItem, 0 DeleteItem
validateId(a new id) = false, 0 GetItem/UpdateItem, 0 DeleteItem
-- session_regenerate_id()
validateId(a new id) = false, 0 GetItem/UpdateItem, 0 DeleteItem
-- unknown id
validateId(unknownbotid) = false, 1 GetItem/UpdateItem, 0 DeleteItem
bool(true)
NULL
array(1) {
  ["delete_item"]=>
  int(0)
}
