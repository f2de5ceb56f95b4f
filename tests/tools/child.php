<?php
// Child processes for the tests and the benchmark: started without a shell,
// output appended to a log, and stopped the way php-fpm needs.

/**
 * Starts $command (no shell) with stdout and stderr appended to $log.
 *
 * @return resource
 */
function child_spawn(array $command, string $log, array $env = [])
{
    $process = proc_open($command, [0 => ['file', '/dev/null', 'r'], 1 => ['file', $log, 'a'], 2 => ['file', $log, 'a']],
        $pipes, null, $env + getenv());
    if ($process === false) {
        throw new RuntimeException('cannot start ' . implode(' ', $command));
    }
    return $process;
}

/**
 * Stops a child: SIGTERM first, since php-fpm's master stops its workers on
 * it where SIGKILL would leave them running as orphans; SIGKILL after 5 s.
 * A child already stopped is left alone.
 *
 * @param resource $process
 */
function child_stop($process): void
{
    if (!is_resource($process)) {
        return;
    }
    if (proc_get_status($process)['running']) {
        proc_terminate($process, SIGTERM);
        $deadline = microtime(true) + 5;
        while (proc_get_status($process)['running'] && microtime(true) < $deadline) {
            usleep(10000);
        }
    }
    if (proc_get_status($process)['running']) {
        proc_terminate($process, SIGKILL);
    }
    proc_close($process);
}
