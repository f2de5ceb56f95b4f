--TEST--
use_strict_mode replaces an unknown (attacker-chosen) id, keeps a live one, and validateId's read is reused
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
require __DIR__ . '/../config.inc';
$name = ddb_session_name(__FILE__);

// An attacker-chosen id that was never issued: replaced by a new one.
$before = DynamoDbSession\SessionHandler::stats();
ddb_start($name, 'attackerchosen000000000000000001');
$issued = session_id();
var_dump($issued !== 'attackerchosen000000000000000001');
// PHP's configured id format (sid_length/sid_bits_per_character: create-sid-format.phpt).
var_dump((bool) preg_match('/^[0-9a-zA-Z,-]{22,256}$/', $issued));
// validateId (1 GetItem); the new id's read needs no request.
var_dump(ddb_requests_since($before));
$_SESSION['n'] = 1;
session_write_close();
var_dump(ddb_get("{$name}_attackerchosen000000000000000001"));

// The issued id is live now: kept, and read with the item validateId fetched.
$_SESSION = [];
$before = DynamoDbSession\SessionHandler::stats();
ddb_start($name, $issued);
var_dump(session_id() === $issued, $_SESSION);
var_dump(ddb_requests_since($before));
session_write_close();
ddb_delete("{$name}_$issued");
?>
--EXPECT--
bool(true)
bool(true)
array(3) {
  ["get_item"]=>
  int(1)
  ["update_item"]=>
  int(0)
  ["delete_item"]=>
  int(0)
}
NULL
bool(true)
array(1) {
  ["n"]=>
  int(1)
}
array(3) {
  ["get_item"]=>
  int(1)
  ["update_item"]=>
  int(0)
  ["delete_item"]=>
  int(0)
}
