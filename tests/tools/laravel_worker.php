<?php
// Laravel requests in a separate process, for php-tests/frameworks/. Usage:
//   php -d extension=... laravel_worker.php <mode> <session id> <state dir> [count]
// Options for the `dynamodb` driver come as JSON in $DDB_WORKER_OPTIONS.
// Every request builds a fresh application, as under php-fpm. Modes:
//   put        one request: put('user', 'alice'); prints the session id
//   get        one request: prints the session's `user` as JSON
//   increment  count requests: put('n', get('n') + 1)
//   hold       one request: put('by', 'holder'), touch <state>/held, wait for
//              <state>/release, then let StartSession save; touch <state>/done
require __DIR__ . '/../../php-tests/frameworks/laravel.inc';

[$_, $mode, $id, $state] = $argv;
$count = (int) ($argv[4] ?? 1);
$options = json_decode(getenv('DDB_WORKER_OPTIONS') ?: '{}', true);
$id = $id === '-' ? null : $id;

switch ($mode) {
    case 'put':
        echo laravel_request(laravel_app($options), $id, fn ($session) => $session->put('user', 'alice')), "\n";
        break;
    case 'get':
        laravel_request(laravel_app($options), $id, function ($session) {
            echo json_encode($session->get('user')), "\n";
        });
        break;
    case 'increment':
        for ($i = 0; $i < $count; $i++) {
            laravel_request(laravel_app($options), $id, fn ($session) => $session->put('n', $session->get('n', 0) + 1));
        }
        break;
    case 'hold':
        laravel_request(laravel_app($options), $id, function ($session) use ($state) {
            $session->put('by', 'holder');
            touch("$state/held");
            while (!file_exists("$state/release")) {
                usleep(10000);
            }
        });
        touch("$state/done");
        break;
    default:
        fwrite(STDERR, "unknown mode $mode\n");
        exit(2);
}
