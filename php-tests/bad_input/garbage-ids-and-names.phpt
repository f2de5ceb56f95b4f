--TEST--
session_id() set to garbage: strict mode replaces it, without strict mode it is used as given; a changed session name is a different key, with locking off and on
--EXTENSIONS--
dynamodb_session
--SKIPIF--
<?php require __DIR__ . '/../skipif.inc'; ?>
--INI--
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/../lifecycle/lifecycle.inc';
$name = ddb_session_name(__FILE__);
foreach ([false, true] as $locking) {
    echo '-- locking ', $locking ? 'on' : 'off', "\n";
    $garbage = 'x<script>alert(1)</script>';
    ini_set('session.use_strict_mode', '1');
    ddb_start($name, $garbage, ['locking' => $locking]);
    var_dump(session_id() !== $garbage);
    session_write_close();

    ini_set('session.use_strict_mode', '0');
    $_SESSION = [];
    ddb_start($name, 'given-id,ok', ['locking' => $locking]);
    $_SESSION['a'] = 1;
    session_write_close();
    var_dump(ddb_get("{$name}_given-id,ok")['data']['S'], lock_attributes(ddb_get("{$name}_given-id,ok")));

    // Same id under another session name: another session.
    $_SESSION = [];
    ddb_start($name . 'B', 'given-id,ok', ['locking' => $locking]);
    var_dump($_SESSION);
    session_write_close();
    ddb_delete("{$name}_given-id,ok");
}
?>
--EXPECT--
-- locking off
bool(true)
string(6) "a|i:1;"
array(0) {
}
array(0) {
}
-- locking on
bool(true)
string(6) "a|i:1;"
array(0) {
}
array(0) {
}
