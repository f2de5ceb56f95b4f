--TEST--
Encryption keys never appear in phpinfo(), var_dump/print_r/var_export/json_encode of the handler, exceptions, warnings or stats; phpinfo shows key ids; generateEncryptionKey() makes 256-bit keys
--EXTENSIONS--
dynamodb_session
--SKIPIF--
<?php require __DIR__ . '/../skipif.inc'; ?>
--ENV--
DYNAMODB_SESSION_ENCRYPTION_KEYS=52yJEZ+7meu1uL+XetLsSi5Eqg81kBaObCW3bTzBZDs=
--INI--
session.use_cookies=0
session.cache_limiter=
dynamodb_session.encryption_keys="pmqx2YplOejv7MiBRXltO02YJ7KGOoumwY9UXhamKmE=,mMReB1zTkd7G4Gabxmc38qQ7/7nTEyoROFuNwbuC1Ug="
--FILE--
<?php
require __DIR__ . '/protection.inc';
$secrets = [KEY_A, KEY_B, KEY_C];
$leaks = function (string $text) use ($secrets): int {
    $found = 0;
    foreach ($secrets as $key) {
        foreach ([$key, rtrim($key, '='), substr($key, 0, 16), bin2hex(base64_decode($key))] as $form) {
            $found += substr_count($text, $form);
        }
    }
    return $found;
};

ob_start();
phpinfo(INFO_MODULES);
$info = ob_get_clean();
echo 'phpinfo leaks: ', $leaks($info), "\n";
foreach (explode("\n", $info) as $line) {
    if (str_contains($line, 'encryption keys') || str_contains($line, 'dynamodb_session.encryption_keys')) {
        echo trim($line), "\n";
    }
}

$handler = new DynamoDbSession\SessionHandler(ddb_options(['encryption_keys' => [KEY_C, KEY_A]]));
ob_start();
var_dump($handler);
print_r($handler);
var_export($handler);
echo json_encode($handler), serialize(DynamoDbSession\SessionHandler::stats());
$dump = ob_get_clean();
echo 'handler dump leaks: ', $leaks($dump), "\n";

$messages = '';
foreach ([KEY_A . ',' . substr(KEY_B, 0, 30), [KEY_A, substr(KEY_C, 4)], KEY_A . ',' . KEY_A, [KEY_A, 7]] as $bad) {
    try {
        new DynamoDbSession\SessionHandler(ddb_options(['encryption_keys' => $bad]));
    } catch (DynamoDbSession\ConfigurationException $e) {
        echo $e->getMessage(), "\n";
        $messages .= $e->getMessage() . $e->getTraceAsString();
    }
}
set_error_handler(function (int $no, string $message) use (&$messages) {
    echo $message, "\n";
    $messages .= $message;
    return true;
});
ini_set('dynamodb_session.encryption_keys', KEY_A . ',' . substr(KEY_B, 0, 30));
restore_error_handler();
echo 'message leaks: ', $leaks($messages), "\n";

$key = DynamoDbSession\SessionHandler::generateEncryptionKey();
var_dump(strlen(base64_decode($key, true)), $key !== DynamoDbSession\SessionHandler::generateEncryptionKey());
?>
--EXPECTF--
phpinfo leaks: 0
encryption keys => key id 67e99011 (encrypts), key id 6d548454 (decrypts) (php.ini)
dynamodb_session.encryption_keys => key id 67e99011 (encrypts), key id 6d548454 (decrypts) => key id 67e99011 (encrypts), key id 6d548454 (decrypts)
handler dump leaks: 0
invalid option 'encryption_keys': key 2 is neither base64 (standard alphabet, with padding) nor 64 hex digits
invalid option 'encryption_keys': key 2 is 29 bytes after base64 decoding; a key must be 32 bytes (256 bits)
invalid option 'encryption_keys': key 2 repeats key 1 (id 67e99011)
option 'encryption_keys[1]' must be a string (base64 or hex key), int given
ini_set(): [dynamodb_session] invalid option 'dynamodb_session.encryption_keys': key 2 is neither base64 (standard alphabet, with padding) nor 64 hex digits; the directive keeps its previous value
message leaks: 0
int(32)
bool(true)
