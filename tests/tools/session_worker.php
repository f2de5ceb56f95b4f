<?php
// A PHP request in a separate process, for the locking tests. Usage:
//   php -d extension=... session_worker.php <mode> <session name> <session id> <state dir> [count]
// Handler options come as JSON in $DDB_WORKER_OPTIONS. Modes:
//   increment  count times: start, $_SESSION['n']++, close
//   hold       start, set data 'holder', touch <state>/held, wait for <state>/release, close
//   exit       read through the handler (no session_start), touch <state>/held, exit()
//   fatal      read through the handler, touch <state>/held, call an undefined function
//   hang       read through the handler, touch <state>/held, sleep until killed
[$_, $mode, $name, $id, $state] = $argv;
$count = (int) ($argv[5] ?? 1);
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

switch ($mode) {
    case 'increment':
        for ($i = 0; $i < $count; $i++) {
            session_id($id);
            if (!session_start()) {
                exit(1);
            }
            $_SESSION['n'] = ($_SESSION['n'] ?? 0) + 1;
            session_write_close();
        }
        break;
    case 'hold':
        session_id($id);
        if (!session_start()) {
            exit(1);
        }
        $_SESSION['by'] = 'holder';
        signal($state, 'held');
        while (!file_exists("$state/release")) {
            usleep(10000);
        }
        session_write_close();
        signal($state, 'done');
        break;
    case 'exit':
    case 'fatal':
    case 'hang':
        // As Laravel does: the handler is called directly, close() never is.
        $handler->open('', $name);
        $handler->read($id);
        signal($state, 'held');
        if ($mode === 'exit') {
            exit(0);
        }
        if ($mode === 'fatal') {
            this_function_does_not_exist();
        }
        sleep(60);
}
