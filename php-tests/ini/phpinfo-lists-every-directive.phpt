--TEST--
phpinfo() shows the version, the AWS library versions and exactly the directives of the sample dynamodb_session.ini
--EXTENSIONS--
dynamodb_session
--FILE--
<?php
ob_start();
phpinfo(INFO_MODULES);
$info = ob_get_clean();
$section = substr($info, strpos($info, "\ndynamodb_session\n"));
preg_match_all('/^(dynamodb_session\.\w+) => /m', $section, $shown);
preg_match_all('/^;(dynamodb_session\.\w+) =$/m', file_get_contents(__DIR__ . '/../../dynamodb_session.ini'), $sample);
$shown = $shown[1];
$sample = $sample[1];
sort($shown);
sort($sample);
var_dump($shown === $sample, count($shown));
// The same directives are registered with the engine.
$registered = array_keys(ini_get_all('dynamodb_session'));
sort($registered);
var_dump($registered === $sample);
foreach (['version', 'aws-sdk-dynamodb', 'aws-config', 'stats: get_item'] as $row) {
    var_dump((bool) preg_match('/^' . preg_quote($row, '/') . ' => \S+/m', $section));
}
// Every counter of stats(), capacity as a decimal.
preg_match_all('/^stats: (\w+) => /m', $section, $counters);
var_dump($counters[1] === array_keys(DynamoDbSession\SessionHandler::stats()));
var_dump((bool) preg_match('/^stats: write_capacity_units => \d+\.\d$/m', $section));
?>
--EXPECT--
bool(true)
int(29)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
