--TEST--
Laravel with locking: a request that times out waiting for the lock still saves (Laravel always does); its write is refused and the holder's session stays intact
--EXTENSIONS--
dynamodb_session
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; skip_without('laravel'); ?>
--FILE--
<?php
require __DIR__ . '/laravel.inc';
require __DIR__ . '/../locking/locking.inc';
$id = laravel_id(ddb_session_name(__FILE__), 'contended');
$state = state_dir();
laravel_request(laravel_app(), $id, fn ($session) => $session->put('by', 'first'));

[$holder] = laravel_worker_start('hold', $id, $state, ['locking' => true]);
wait_for_signal($state, 'held');

$app = laravel_app(['locking' => true, 'max_lock_wait_time' => 1]);
laravel_request($app, $id, function ($session) use ($state, $holder) {
    // The read failed: Laravel carries on with an empty session.
    var_dump($session->get('by'));
    // The holder finishes and releases its lock before this request saves:
    // nothing but the refusal keeps the empty session from replacing its data.
    touch("$state/release");
    var_dump(worker_wait($holder));
    $session->put('by', 'contender');
});
$item = ddb_get($id);
var_dump(unserialize($item['data']['S'])['by'], isset($item['lock']));
ddb_delete($id);
?>
--EXPECTF--
Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: could not lock the session within 1.0s (max_lock_wait_time): another request holds it in %s on line %d
NULL
int(0)

Warning: DynamoDbSession\SessionHandler::write(): [dynamodb_session] write failed for session %x: refused: this request could not read the session, so it leaves the stored session unchanged in %s on line %d
string(6) "holder"
bool(false)
