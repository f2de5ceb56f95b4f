<?php
// Smoke test of an installed extension: it loads, its class and the save
// handler are there. Run with the PHP (and ini) it was installed into, by
// docker/install-extension.sh and by the package install test.
if (!extension_loaded('dynamodb_session')) {
    fwrite(STDERR, "dynamodb_session did not load\n");
    exit(1);
}
if (!class_exists('DynamoDbSession\SessionHandler')) {
    fwrite(STDERR, "class DynamoDbSession\\SessionHandler missing\n");
    exit(1);
}
ob_start();
phpinfo(INFO_MODULES);
if (!preg_match('/Registered save handlers => .*\bdynamodb\b/', ob_get_clean())) {
    fwrite(STDERR, "save handler dynamodb missing\n");
    exit(1);
}
echo 'dynamodb_session ', phpversion('dynamodb_session'), ' loaded in PHP ', PHP_VERSION, "\n";
