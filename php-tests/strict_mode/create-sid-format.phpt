--TEST--
create_sid honours session.sid_length and session.sid_bits_per_character
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
require __DIR__ . '/../config.inc';
// Deprecated (not removed) in PHP 8.4: set at run time with the deprecation silenced.
@ini_set('session.sid_length', '26');
@ini_set('session.sid_bits_per_character', '6');
$handler = new DynamoDbSession\SessionHandler(ddb_options());
$ids = [];
for ($i = 0; $i < 100; $i++) {
    $ids[] = $handler->create_sid();
}
var_dump(count(array_unique($ids)));
var_dump(count(array_filter($ids, fn ($id) => preg_match('/^[0-9a-zA-Z,-]{26}$/', $id))));
@ini_set('session.sid_length', '64');
@ini_set('session.sid_bits_per_character', '4');
var_dump((bool) preg_match('/^[0-9a-f]{64}$/', $handler->create_sid()));
?>
--EXPECT--
int(100)
int(100)
bool(true)
