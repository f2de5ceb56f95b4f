<?php
// (d) The AWS SDK for PHP's pure-PHP handler, Aws\DynamoDb\SessionHandler,
// set up the way its documentation shows: a DynamoDbClient and the handler
// built in every request. The SDK comes from a checkout (BENCH_SDK_PATH),
// Guzzle and PSR-7 from Debian's php-guzzlehttp-* packages, JmesPath from a
// checkout of jmespath.php (BENCH_JMESPATH_PATH), since Composer's registry
// is not reachable here; bench/lib/sdk-autoload.php wires them up.
require __DIR__ . '/common.php';
require __DIR__ . '/../lib/sdk-autoload.php';
$mode = bench_mode();
$readUnits = $writeUnits = $busy = null;
$client = new Aws\DynamoDb\DynamoDbClient([
    'region' => BENCH_REGION,
    'version' => '2012-08-10',
    'endpoint' => bench_endpoint(),
    'credentials' => ['key' => BENCH_KEY, 'secret' => BENCH_SECRET],
    'http' => bench_ca() === null ? [] : ['verify' => bench_ca()],
]);
if (isset($_GET['units'])) {
    // Capacity runs only: ask for ReturnConsumedCapacity on every call and
    // add up what DynamoDB reports (the SDK handler cannot be asked itself).
    $readUnits = $writeUnits = 0.0;
    $busy = 0;
    $client->getHandlerList()->appendInit(Aws\Middleware::mapCommand(function (Aws\CommandInterface $command) {
        $command['ReturnConsumedCapacity'] = 'TOTAL';
        return $command;
    }), 'bench-units');
    $client->getHandlerList()->appendSign(sdk_units_middleware($readUnits, $writeUnits, $busy), 'bench-units-result');
}
$handler = Aws\DynamoDb\SessionHandler::fromClient($client, ['table_name' => bench_table(), 'locking' => isset($_GET['locking'])]);
session_set_save_handler($handler, true);
bench_finish(bench_session_cycle($mode) + ['rcu' => $readUnits, 'wcu' => $writeUnits, 'busy' => $busy]);

/**
 * Adds up the units of each call by its command: GetItem reads, everything
 * else writes (with locking the SDK reads with an UpdateItem that takes the
 * lock). A ConditionalCheckFailedException is a busy lock attempt: DynamoDB
 * bills it but reports no units for it, so it is counted on its own.
 */
function sdk_units_middleware(?float &$readUnits, ?float &$writeUnits, ?int &$busy): callable
{
    return function (callable $next) use (&$readUnits, &$writeUnits, &$busy): callable {
        return function (Aws\CommandInterface $command, $request = null) use ($next, &$readUnits, &$writeUnits, &$busy) {
            return $next($command, $request)->then(
                function (Aws\ResultInterface $result) use ($command, &$readUnits, &$writeUnits) {
                    $units = $result['ConsumedCapacity']['CapacityUnits'] ?? 0.0;
                    if ($command->getName() === 'GetItem') {
                        $readUnits += $units;
                    } else {
                        $writeUnits += $units;
                    }
                    return $result;
                },
                function ($reason) use (&$busy) {
                    if ($reason instanceof Aws\Exception\AwsException && $reason->getAwsErrorCode() === 'ConditionalCheckFailedException') {
                        $busy++;
                    }
                    return GuzzleHttp\Promise\Create::rejectionFor($reason);
                }
            );
        };
    };
}
