--TEST--
hash_ids and encryption_keys together: a Scan of the table shows neither session ids nor session data, and the sessions read back; locking on and off
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
$ids = [];
foreach ([false, true] as $locking) {
    $options = ['hash_ids' => true, 'encryption_keys' => [KEY_A], 'locking' => $locking];
    for ($i = 0; $i < 3; $i++) {
        $id = bin2hex(random_bytes(16));
        $ids[$id] = $options;
        start($name, $id, $options);
        $_SESSION['email'] = "user$i@example.com";
        session_write_close();
    }
}
$scan = ddb_call('Scan', [
    'TableName' => DDB_TEST_TABLE,
    'FilterExpression' => 'begins_with(id, :name)',
    'ExpressionAttributeValues' => [':name' => ['S' => "{$name}_"]],
    'ConsistentRead' => true,
]);
$dump = json_encode($scan['Items']);
echo count($scan['Items']), " items\n";
$leaks = 0;
foreach ($ids as $id => $options) {
    $leaks += substr_count($dump, $id) + substr_count($dump, base64_encode($id));
}
foreach ($scan['Items'] as $item) {
    $leaks += substr_count(raw_data($item), '@example.com');
    var_dump(str_starts_with($item['id']['S'], "{$name}_h1.") && str_starts_with(raw_data($item), encrypted_header(KEY_A)));
}
echo "$leaks leaks\n";
foreach ($ids as $id => $options) {
    start($name, $id, $options);
    echo $_SESSION['email'], "\n";
    session_destroy();
}
?>
--EXPECT--
6 items
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
0 leaks
user0@example.com
user1@example.com
user2@example.com
user0@example.com
user1@example.com
user2@example.com
