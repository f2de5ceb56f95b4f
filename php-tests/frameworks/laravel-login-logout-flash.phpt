--TEST--
Laravel: migrate(true) at login and invalidate() at logout destroy the old item; regenerate() keeps it; flash data lives for exactly one request
--EXTENSIONS--
dynamodb_session
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; skip_without('laravel'); ?>
--FILE--
<?php
require __DIR__ . '/laravel.inc';
$prefix = ddb_session_name(__FILE__);
// Every request gets a fresh application and handler, as under php-fpm.
$request = fn (?string $id, callable $action) => laravel_request(laravel_app(), $id, $action);

$guest = laravel_id($prefix, 'guest');
$request($guest, fn ($session) => $session->put('cart', [7]));

echo "login: migrate(true)\n";
$user = $request($guest, function ($session) {
    $session->migrate(true);
    $session->put('user_id', 42);
});
var_dump($user !== $guest, ddb_get($guest));
var_dump(array_intersect_key(laravel_stored($user), ['cart' => 1, 'user_id' => 1]));

echo "regenerate() without destroy: the old id keeps its item\n";
$regenerated = $request($user, fn ($session) => $session->regenerate());
var_dump($regenerated !== $user);
var_dump(laravel_stored($user)['user_id'], laravel_stored($regenerated)['user_id']);

echo "flash: the next request sees it, the one after does not\n";
$request($regenerated, fn ($session) => $session->flash('status', 'saved'));
var_dump(laravel_stored($regenerated)['status']);
$request($regenerated, fn ($session) => var_dump($session->get('status')));
var_dump(array_key_exists('status', laravel_stored($regenerated)));
$request($regenerated, fn ($session) => var_dump($session->get('status')));
var_dump(array_key_exists('status', laravel_stored($regenerated)), laravel_stored($regenerated)['_flash']);

echo "logout: invalidate() and a new CSRF token, as Laravel's logout does\n";
$after = $request($regenerated, function ($session) {
    $session->invalidate();
    $session->regenerateToken();
});
var_dump($after !== $regenerated, ddb_get($regenerated));
// A fresh session holds only Laravel's CSRF token and flash bookkeeping.
var_dump(array_keys(laravel_stored($after)));
foreach ([$user, $after] as $id) {
    ddb_delete($id);
}
?>
--EXPECT--
login: migrate(true)
bool(true)
NULL
array(2) {
  ["cart"]=>
  array(1) {
    [0]=>
    int(7)
  }
  ["user_id"]=>
  int(42)
}
regenerate() without destroy: the old id keeps its item
bool(true)
int(42)
int(42)
flash: the next request sees it, the one after does not
string(5) "saved"
string(5) "saved"
bool(false)
NULL
bool(false)
array(2) {
  ["old"]=>
  array(0) {
  }
  ["new"]=>
  array(0) {
  }
}
logout: invalidate() and a new CSRF token, as Laravel's logout does
bool(true)
NULL
array(2) {
  [0]=>
  string(6) "_token"
  [1]=>
  string(6) "_flash"
}
