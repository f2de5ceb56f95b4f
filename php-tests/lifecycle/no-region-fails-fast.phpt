--TEST--
Without a region, every read fails fast with the clear warning, and instance metadata is probed at most once, not on every request
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
require __DIR__ . '/lifecycle.inc';
$name = ddb_session_name(__FILE__);

// A metadata endpoint that accepts connections and never answers.
$metadata = stream_socket_server('tcp://127.0.0.1:0');
$port = (int) substr(strrchr(stream_socket_get_name($metadata, false), ':'), 1);
$accepted = 0;
function probes($metadata, int &$accepted): int
{
    while (($connection = @stream_socket_accept($metadata, 0.2)) !== false) {
        $accepted++;
        // Kept open (never answered) until the test ends.
        $GLOBALS['connections'][] = $connection;
    }
    return $accepted;
}
// The test runner disables instance metadata; this test wants it reachable.
putenv('AWS_EC2_METADATA_DISABLED');
putenv("AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:$port");
putenv('AWS_REGION');
putenv('AWS_DEFAULT_REGION');
putenv('AWS_PROFILE');
putenv('AWS_CONFIG_FILE=/nonexistent/aws-config');
putenv('AWS_SHARED_CREDENTIALS_FILE=/nonexistent/aws-credentials');

$options = ddb_options(['locking' => true, 'operation_timeout' => 1.0]);
unset($options['region']);
$counts = [];
$times = [];
for ($request = 1; $request <= 3; $request++) {
    $handler = new DynamoDbSession\SessionHandler($options);
    $handler->open('', $name);
    $start = microtime(true);
    var_dump($handler->read("noregion"));
    $times[] = microtime(true) - $start;
    $handler->close();
    $counts[] = probes($metadata, $accepted);
}
// At most one probe burst: no new connection after the first request.
var_dump($counts[1] === $counts[0], $counts[2] === $counts[0]);
// Each request bounded by operation_timeout.
var_dump(max($times) < 1.5);
var_dump(ddb_get("{$name}_noregion"));
?>
--EXPECTF--
Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: %sno AWS region: set the 'region' option or AWS_REGION%s in %s on line %d
bool(false)

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: %sno AWS region: set the 'region' option or AWS_REGION%s in %s on line %d
bool(false)

Warning: DynamoDbSession\SessionHandler::read(): [dynamodb_session] read failed for session %x: %sno AWS region: set the 'region' option or AWS_REGION%s in %s on line %d
bool(false)
bool(true)
bool(true)
bool(true)
NULL
