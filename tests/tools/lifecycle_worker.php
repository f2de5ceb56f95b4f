<?php
// A PHP request in a separate process, for php-tests/lifecycle. Usage:
//   php -d extension=... [-d ini=value ...] lifecycle_worker.php <mode> <session name> <session id> <state dir>
// Handler options come as JSON in $DDB_WORKER_OPTIONS (complete: endpoint,
// region, credentials included). Prints "lock_waits N" (this process's stats)
// before it exits. Modes:
//   increment  start, $_SESSION['n']++, close; touch <state>/done
//   hold       start, $_SESSION['by'] = 'holder', touch <state>/held, wait for
//              <state>/release (polling, no CPU time spent), close, touch <state>/done
[$_, $mode, $name, $id, $state] = $argv;
$options = json_decode(getenv('DDB_WORKER_OPTIONS') ?: '{}', true);
$handler = new DynamoDbSession\SessionHandler($options);
ini_set('session.use_cookies', '0');
ini_set('session.cache_limiter', '');
session_set_save_handler($handler, true);
session_name($name);

function signal(string $state, string $what): void
{
    touch("$state/$what");
}

function report(): void
{
    echo 'lock_waits ', DynamoDbSession\SessionHandler::stats()['lock_waits'], "\n";
}

session_id($id);
if (!session_start()) {
    report();
    exit(1);
}
switch ($mode) {
    case 'increment':
        $_SESSION['n'] = ($_SESSION['n'] ?? 0) + 1;
        break;
    case 'hold':
        $_SESSION['by'] = 'holder';
        signal($state, 'held');
        while (!file_exists("$state/release")) {
            usleep(10000);
        }
        break;
    default:
        fwrite(STDERR, "unknown mode $mode\n");
        exit(2);
}
$written = session_write_close();
report();
signal($state, 'done');
exit($written ? 0 : 1);
